// `tabletalk`: the headless face of src/core. Each command lives in src/cli/<command>.ts and exports `run(args)`.
// Errors go to stderr as one readable line with a non-zero exit code.
import { parseArgs, type ParsedArgs } from './cli/args';
import { redactText, redactUrl } from './core/redact';

/** Passwords inside the arguments that look like URLs (raw and %-decoded), to scrub from error output. */
function urlPasswords(argv: string[]): string[] {
  const out: string[] = [];
  for (const whole of argv) {
    const arg = whole.replace(/^--[\w-]+=/, '');
    const masked = redactUrl(arg);
    if (masked === arg) continue;
    // The password is what redactUrl replaced: the text between the masked prefix's end and the last "@".
    const start = masked.indexOf('***');
    const raw = arg.slice(start, arg.lastIndexOf('@'));
    out.push(raw);
    try {
      out.push(decodeURIComponent(raw));
    } catch {
      // not %-encoded
    }
  }
  return out;
}
import { cliLanguage, takeLangFlag } from './cli/l10n';
import { describe } from './core/errors';

type Command = (args: ParsedArgs) => Promise<number>;

const commands: Record<string, () => Promise<{ run: Command }>> = {
  introspect: () => import('./cli/introspect.js'),
  relations: () => import('./cli/relations.js'),
  train: () => import('./cli/train.js'),
  retrieve: () => import('./cli/retrieve.js'),
  ask: () => import('./cli/ask.js'),
  eval: () => import('./cli/eval.js'),
  mcp: () => import('./cli/mcp.js'),
  daemon: () => import('./cli/daemon.js'),
};

const usage = `Usage: tabletalk <command> [options]

Commands:
${Object.keys(commands).map((c) => `  ${c}`).join('\n')}

Run "tabletalk <command> --help" for a command's options.
Messages are in English, or in the language of --lang <tag> (e.g. zh-cn) or of the environment (LANG).`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) throw new Error(`unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}`);
  return (await load()).run(parseArgs(rest));
}

const { argv, lang } = takeLangFlag(process.argv.slice(2));
const language = cliLanguage(lang);
if (language.warning) console.error(language.warning);

main(argv).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    const { message, hint } = describe(err, language.render);
    // The --url given (well-formed or not) and the secrets in the environment never reach the terminal.
    const secrets = [process.env.TABLETALK_PASSWORD, process.env.TABLETALK_SSH_PASSWORD, process.env.TABLETALK_SSH_PASSPHRASE, process.env.TABLETALK_OPENAI_API_KEY, process.env.TABLETALK_CHROMA_TOKEN, ...urlPasswords(process.argv)];
    console.error(redactText(`tabletalk: ${message}${hint ? ` (${hint})` : ''}`, secrets));
    process.exitCode = 1;
  },
);
