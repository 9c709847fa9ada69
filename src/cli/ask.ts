// `tabletalk ask`: a question on a trained dataset becomes guarded, read-only SQL (and rows with --run).
// Exit codes: 0 answered (or context shown when no LLM is configured), 3 refused by the guard or no SQL in the
// model's answer, 1 error (the query failed also after the correction round, or a setup problem).
import { TableTalkError } from '../core/errors';
import { resolve } from 'node:path';
import { ask, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_MS, type AskResult } from '../core/ask/ask';
import { parseStrategy } from '../core/ask/strategy';
import { connect, parseDatasourceUrl, type Driver } from '../core/datasource/index';
import { RunStateStore } from '../core/dataset/run-state';
import { DatasetStore, datasetsDir } from '../core/dataset/store';
import { applySshFlags, sshHelp } from './ssh-flags';
import { renderExplanation } from '../core/ask/explanation';
import { intFlag, stringFlag, type ParsedArgs } from './args';
import { render } from './l10n';
import { l10n } from '../core/messages';
import { embedderForId, envHelp, makeLlm, openVectorStore } from './model-env';

const help = `Usage: tabletalk ask --name <dataset> --question "..." [--dir <folder>] [--run] [--strategy baseline|full]
                     [--url <url>] [--k 8] [--max-rows ${DEFAULT_MAX_ROWS}] [--timeout-ms ${DEFAULT_TIMEOUT_MS}] [--llm openai|none]
                     [--chroma-url <url>] [--json]

  --name        a dataset trained with "tabletalk train" in --dir
  --question    the question (any language)
  --dir         folder holding the dataset files and the embedded Chroma data; default: .
  --run         run the generated SQL read-only and print the rows
  --strategy    retrieval: full (default: vector + BM25 + business terms + join paths) or baseline (DDL top-k)
  --url         datasource URL when the dataset's datasource is not one (datasets made in VS Code)
${sshHelp}
  --k           tables retrieved for the prompt; default 8 (the prompt's token budget may send fewer)
  --max-rows    row limit; the output says when the result was cut (truncated: true)
  --timeout-ms  statement timeout
  --llm         none: only show the retrieved context; openai (default when TABLETALK_LLM_MODEL is set)
  --chroma-url  the Chroma server the dataset was trained into, when not the embedded one
  --json        print {"sql","tables","rows","columns","truncated","refused","error","explanation",...}

Exit codes: 0 answered, 3 refused (the guard's reason is printed), 1 error.

${envHelp}`;

// A Message: nested in the no-LLM explanation, it is rendered in the --lang language with the sentence around it.
const configureHint = l10n.t('To generate SQL, set TABLETALK_OPENAI_BASE_URL and TABLETALK_LLM_MODEL (and TABLETALK_OPENAI_API_KEY if the endpoint needs one).');

/** JSON that survives what drivers return: 64-bit integers as strings (or numbers when safe), bytes as hex. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return `0x${Buffer.from((value as { data: number[] }).data).toString('hex')}`;
  }
  return value;
}

function printText(r: AskResult): void {
  if (r.context) {
    console.log(renderExplanation(r.explanationParts, render));
    console.log(`\nTables: ${r.tables.join(', ')}`);
    for (const p of r.joinPaths) console.log(`Join: ${p.tables.join(' -> ')}`);
    for (const e of r.context.examples) console.log(`\nQ: ${e.question}\n${e.sql}`);
    return;
  }
  if (r.sql) console.log(`${r.sql}\n`);
  console.log(renderExplanation(r.explanationParts, render));
  if (!r.ran) return;
  const shown = r.rows.slice(0, 50);
  console.log(`\n${r.columns.join('\t')}`);
  for (const row of shown) console.log(r.columns.map((c) => String(jsonReplacer(c, row[c]) ?? 'NULL')).join('\t'));
  if (r.rows.length > shown.length) console.log(`... ${r.rows.length - shown.length} more rows (use --json for all)`);
}

export async function run(args: ParsedArgs): Promise<number> {
  if (args.flags.help) {
    console.log(help);
    return 0;
  }
  const name = stringFlag(args, 'name', true) as string;
  const question = stringFlag(args, 'question', true) as string;
  const dir = resolve(stringFlag(args, 'dir') ?? '.');
  const strategy = parseStrategy(stringFlag(args, 'strategy'));
  const k = intFlag(args, 'k', 8, 1, 100);
  const maxRows = intFlag(args, 'max-rows', DEFAULT_MAX_ROWS, 1, 1_000_000);
  const timeoutMs = intFlag(args, 'timeout-ms', DEFAULT_TIMEOUT_MS, 1, 3_600_000);
  const runIt = args.flags.run === true;
  const llm = makeLlm(stringFlag(args, 'llm'));

  const dataset = await new DatasetStore(datasetsDir(dir)).require(name);
  const state = await RunStateStore.forDirectory(dir).get(dataset);
  const url = stringFlag(args, 'url') ?? dataset.datasource;
  if (!/^(sqlite|postgres|postgresql|mysql|mariadb):/i.test(url)) {
    throw new TableTalkError('config', `Dataset "${name}" points at datasource "${url}", which is not a URL`, { hint: 'Pass the datasource with --url.' });
  }
  const connection = applySshFlags(parseDatasourceUrl(url), args);
  const embedder = embedderForId(state.embedder?.id ?? 'builtin-hash-v1-1024');
  const vector = openVectorStore(args, dir);
  let driver: Driver | undefined;
  try {
    if (runIt) {
      driver = await connect(connection);
      // Connecting (for SQLite, starting its helper process) overlaps retrieval and the model's answer; a failure
      // is reported by the query itself.
      driver.test().catch(() => {});
    }
    const r = await ask(dataset, state, question, { store: vector.store, embedder, llm, driver, dialect: connection.dialect, run: runIt, strategy, k, maxRows, timeoutMs, configureHint });
    if (args.flags.json) console.log(JSON.stringify(r, jsonReplacer));
    else printText(r);
    if (r.refused) {
      if (!args.flags.json) console.error(`tabletalk: refused: ${renderExplanation(r.refused.text, render)}`);
      return 3;
    }
    return r.error ? 1 : 0;
  } finally {
    await driver?.close().catch(() => {});
    await vector.close();
  }
}
