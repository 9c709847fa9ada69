// `tabletalk train`: creates or updates a dataset file under --dir and trains it into Chroma, printing
// "[ 42%] <step>: <message>" lines; with --json the last stdout line is the result object.
import { describe, TableTalkError } from '../core/errors';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { connect, parseDatasourceUrl, type Table } from '../core/datasource/index';
import { DatasetStore, datasetsDir } from '../core/dataset/store';
import { RunStateStore, runErrorText } from '../core/dataset/run-state';
import { l10n } from '../core/messages';
import type { BusinessTerm, ExampleQuery, TableRef } from '../core/dataset/types';
import { withExamples, withTables, withTerms } from '../core/dataset/edit';
import { train } from '../core/training/pipeline';
import { TrainingError, TrainingInProgressError } from '../core/training/errors';
import { formatProgress } from '../core/training/progress';
import { applySshFlags, sshHelp } from './ssh-flags';
import { render } from './l10n';
import { listFlag, stringFlag, type ParsedArgs } from './args';
import { envHelp, makeEmbedder, makeLlm, openVectorStore } from './model-env';

const help = `Usage: tabletalk train --url <url> --name <dataset> [--dir <folder>] [--tables A,B] [--terms terms.json]
                       [--examples examples.json] [--embedder builtin|openai] [--llm openai|none] [--chroma-url <url>]
                       [--full] [--no-sample-values] [--json]

  --url         datasource URL (see "tabletalk introspect --help"); the password is never written to the dataset file
${sshHelp}
  --name        dataset name; its file is <dir>/.tabletalk/datasets/<name>.json (created on first use)
  --dir         folder holding the dataset files, the run state and (without --chroma-url) the Chroma data; default: .
  --tables      tables to train (default on create: every table); "schema.table" where names repeat across schemas
  --terms       JSON file [{"term","definition","tables"?,"columns"?}] merged into the dataset's business terms
  --examples    JSON file [{"question","sql"}] merged into the dataset's examples
  --embedder    builtin (offline, default) or openai (an OpenAI-compatible /v1/embeddings endpoint)
  --llm         openai: generate example questions with TABLETALK_LLM_MODEL (the default when it is set); none: templates
  --chroma-url  use this Chroma server instead of the embedded one (e.g. a team server)
  --full        re-embed everything, even what did not change
  --no-sample-values  do not read column values for the value index (sensitive-looking columns are never read)
  --json        end with {"status","collections","counts","ms",...} on the last stdout line

${envHelp}`;

function fail(message: string, hint?: string): never {
  throw new TableTalkError('config', message, { hint });
}

async function readJsonArray(path: string, what: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    fail(`Cannot read ${what} file ${path}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail(`${what} file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(value)) fail(`${what} file ${path} must hold a JSON array`);
  return value;
}

export async function readTerms(path: string): Promise<BusinessTerm[]> {
  const list = await readJsonArray(path, 'Terms');
  return list.map((v, i) => {
    const t = v as Partial<BusinessTerm>;
    if (!t || typeof t.term !== 'string' || !t.term.trim() || typeof t.definition !== 'string') fail(`Terms file ${path}: item ${i} needs "term" and "definition" strings`);
    const out: BusinessTerm = { term: t.term.trim(), definition: t.definition };
    if (Array.isArray(t.tables)) out.tables = t.tables.map(String);
    if (Array.isArray(t.columns)) out.columns = t.columns.map(String);
    return out;
  });
}

export async function readExamples(path: string): Promise<ExampleQuery[]> {
  const list = await readJsonArray(path, 'Examples');
  return list.map((v, i) => {
    const e = v as Partial<ExampleQuery>;
    if (!e || typeof e.question !== 'string' || !e.question.trim() || typeof e.sql !== 'string' || !e.sql.trim()) fail(`Examples file ${path}: item ${i} needs "question" and "sql" strings`);
    return { question: e.question.trim(), sql: e.sql.trim() };
  });
}

/** The URL as stored in the dataset file: without password. */
function urlWithoutPassword(url: string): string {
  if (/^sqlite:/i.test(url)) return url;
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

function pickTables(names: string[], tables: Table[]): TableRef[] {
  return names.map((n) => {
    const dot = n.indexOf('.');
    const exact = tables.filter((t) => t.name === n);
    const qualified = dot > 0 ? tables.filter((t) => t.schema === n.slice(0, dot) && t.name === n.slice(dot + 1)) : [];
    const hit = qualified[0] ?? exact[0] ?? tables.find((t) => t.name.toLowerCase() === n.toLowerCase());
    if (!hit) fail(`Table "${n}" is not in the datasource`, `Available: ${tables.slice(0, 30).map((t) => t.name).join(', ')}${tables.length > 30 ? ', ...' : ''}`);
    return { name: hit.name, schema: hit.schema };
  });
}

export async function run(args: ParsedArgs): Promise<number> {
  if (args.flags.help) {
    console.log(help);
    return 0;
  }
  const url = stringFlag(args, 'url', true) as string;
  const name = stringFlag(args, 'name', true) as string;
  const dir = resolve(stringFlag(args, 'dir') ?? '.');
  const json = args.flags.json === true;
  const termsFile = stringFlag(args, 'terms');
  const examplesFile = stringFlag(args, 'examples');
  const terms = termsFile ? await readTerms(termsFile) : [];
  const examples = examplesFile ? await readExamples(examplesFile) : [];
  const embedder = makeEmbedder(stringFlag(args, 'embedder'));
  const llm = makeLlm(stringFlag(args, 'llm'));

  const datasets = new DatasetStore(datasetsDir(dir));
  const runState = RunStateStore.forDirectory(dir);
  // Read (and validate) the dataset file before touching anything else: a broken file stops here, untouched.
  let dataset = await datasets.get(name);
  if (dataset) {
    const state = await runState.get(dataset);
    if (state.damaged) console.error(`tabletalk: warning: ${runErrorText(state, render)}`);
    if (state.status === 'training') throw new TrainingInProgressError(name, state.run ? l10n.t('process {0} on {1} since {2}', state.run.pid, state.run.hostname, state.run.startedAt) : l10n.t('another process'));
  }

  const options = applySshFlags(parseDatasourceUrl(url), args);
  options.log = (line) => console.error(line);
  const driver = await connect(options);
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('cancelled by signal'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const vector = openVectorStore(args, dir);
  try {
    const tableNames = listFlag(args, 'tables');
    const needSchema = !dataset || tableNames;
    const schemaTables = needSchema ? (await driver.introspect({ signal: controller.signal })).tables : [];
    if (!dataset) {
      const tables = tableNames ? pickTables(tableNames, schemaTables) : schemaTables.filter((t) => t.kind === 'table').map((t) => ({ name: t.name, schema: t.schema }));
      try {
        dataset = await datasets.create({ name, datasource: urlWithoutPassword(url), tables, terms, examples });
        if (!json) console.log(render(l10n.t('Created dataset "{0}" ({1} tables) in {2}', name, tables.length, datasets.pathOf(name))));
      } catch (e) {
        // Another train created it a moment ago: train that one (its lock decides which run goes ahead).
        const created = await datasets.get(name);
        if (!created) throw e;
        dataset = created;
      }
    } else if (tableNames || terms.length || examples.length) {
      let updated = withExamples(withTerms(dataset, terms), examples);
      if (tableNames) updated = withTables(updated, pickTables(tableNames, schemaTables));
      if (JSON.stringify(updated) !== JSON.stringify(dataset)) {
        await datasets.save(updated);
        dataset = updated;
      }
    }
    let last = '';
    const result = await train(dataset, { driver, store: vector.store, embedder, llm, runState, valuesDir: join(dir, '.tabletalk', 'values'), lock: { root: dir, tool: 'tabletalk CLI' }, log: process.env.TABLETALK_DEBUG ? (l) => console.error(l) : undefined }, {
      signal: controller.signal,
      full: args.flags.full === true,
      sampleValues: args.flags['no-sample-values'] !== true,
      onProgress: (p) => {
        const line = formatProgress(p, render);
        if (line !== last) console.log(line);
        last = line;
      },
    });
    if (json) {
      console.log(JSON.stringify({
        status: result.status,
        collections: result.collections,
        counts: result.counts,
        ms: result.ms,
        embedded: result.embedded,
        copied: result.copied,
        embeddingCalls: result.embeddingCalls,
        llmCalls: result.llmCalls,
        unchanged: result.unchanged,
        dropped: result.dropped.length,
        values: result.values ? { sampled: result.values.sampled, values: result.values.values, columns: result.values.columns, skipped: result.values.skipped } : null,
        refused: result.dropped.filter((d) => d.refused).length,
      }));
    } else {
      if (result.values) {
        const v = result.values;
        console.log(render(v.sampled ? l10n.t('Value index: {0} values of {1} columns.', v.values, v.columns) : l10n.t('Value index: sampling is off (--no-sample-values).')));
        for (const s of v.skipped) if (s.reason === 'unreadable' || s.reason === 'timeout') console.log(`  ${render(s.reason === 'timeout' ? l10n.t('{0} skipped: reading its values timed out', `${s.table}.${s.column}`) : l10n.t('{0} skipped: its values cannot be read', `${s.table}.${s.column}`))}${s.detail ? ` (${s.detail})` : ''}`);
      }
      const refused = result.dropped.filter((d) => d.refused).length;
      console.log(render(l10n.t('Trained "{0}": {1} DDL, {2} documentation, {3} examples ({4} generated examples dropped) in {5} ms; {6} embedding calls.', name, result.counts.ddl, result.counts.documentation, result.counts.sql, result.dropped.length, result.ms, result.embeddingCalls)));
      if (refused) console.log(render(l10n.t('{0} of the dropped examples were refused by the SQL guard and never ran: {1}.', refused, result.dropped.filter((d) => d.refused).map((d) => `"${d.question}"`).join(', '))));
    }
    return 0;
  } catch (e) {
    if (!(e instanceof TrainingError)) throw e;
    if (json) console.log(JSON.stringify({ status: e.status, error: e.message, hint: e.hint ?? null }));
    const said = describe(e, render);
    console.error(`tabletalk: ${said.message}${said.hint ? ` (${said.hint})` : ''}`);
    return e.status === 'cancelled' ? 130 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await driver.close().catch(() => {});
    await vector.close();
  }
}
