// `tabletalk`: the headless face of src/core. Each command lives in src/cli/<command>.ts and exports `run(args)`.
// Errors go to stderr as one readable line with a non-zero exit code.
import { parseArgs, type ParsedArgs } from './cli/args';
import { cliLanguage, takeLangFlag } from './cli/l10n';
import { describe } from './core/errors';

type Command = (args: ParsedArgs) => Promise<number>;

const commands: Record<string, () => Promise<{ run: Command }>> = {
  introspect: () => import('./cli/introspect.js'),
  relations: () => import('./cli/relations.js'),
  train: () => import('./cli/train.js'),
  retrieve: () => import('./cli/retrieve.js'),
  ask: () => import('./cli/ask.js'),
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
    console.error(`tabletalk: ${message}${hint ? ` (${hint})` : ''}`);
    process.exitCode = 1;
  },
);
