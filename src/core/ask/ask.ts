/**
 * Ask: a question becomes guarded, read-only SQL and, when asked to, rows.
 *
 * retrieval (strategy.ts) -> one-budget prompt (prompt.ts) -> LLM -> extract SQL -> guard (guard.ts) ->
 * Driver.queryReadOnly with a row limit and a statement timeout. One correction round: when the database rejects
 * the SQL, or the guard cannot parse it for the dialect, the error goes back to the LLM once. Every outcome is a
 * result with a human explanation; only a broken setup (untrained dataset, unreachable model or database) throws.
 * Without an LLM, the result carries the retrieved context and the closest examples instead of SQL.
 */
import { DatasourceError, type Dialect, type Driver } from '../datasource/types';
import type { DatasetDefinition, DatasetRunState, ExampleQuery } from '../dataset/types';
import type { LlmProvider } from '../llm/provider';
import { extractSql } from './extractSql';
import { renderExplanation, type ExplanationPart } from './explanation';
import { l10n } from '../messages';
import { english, type Message, type Text } from '../messages';
import { TableTalkError } from '../errors';
import { dialectNames, guardSql, type GuardRefusalCode } from './guard';
import type { JoinPath } from './joinPaths';
import { buildPrompt, type BuiltPrompt } from './prompt';
import { runGuarded } from './runner';
import { emptyQuestion } from './retrieve';
import { retrieveTables, type RetrievalDeps, type RetrievalStrategy, type TableReason } from './strategy';
import type { ValueMatch } from '../values/valueIndex';

export const DEFAULT_MAX_ROWS = 1000;
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface AskOptions extends RetrievalDeps {
  /** Without it, ask() returns the retrieved context and how to configure a model. */
  llm?: LlmProvider;
  /** Needed to run the SQL (`run: true`); its dialect is used when `dialect` is not given. */
  driver?: Driver;
  dialect?: Dialect;
  /** Execute the guarded SQL; default false (generate only). */
  run?: boolean;
  strategy?: RetrievalStrategy;
  /** Tables retrieved for the prompt (the token budget may send fewer); default 8. */
  k?: number;
  /** Row limit; the result says when rows were cut. Default 1,000. */
  maxRows?: number;
  /** Statement timeout; default 30 s. */
  timeoutMs?: number;
  /** Tokens reserved for the model's answer; default: see buildPrompt. */
  reservedOutputTokens?: number;
  /** How to configure an LLM where this runs (CLI: environment variables; VS Code: settings), for the no-LLM answer. */
  configureHint?: Text;
  signal?: AbortSignal;
}

export type AskRefusalCode = GuardRefusalCode | 'no-sql';

/** One generated query and what became of it, in order: the first answer, then the correction if there was one. */
export interface AskAttempt {
  /** The SQL as extracted from the model's answer; null when it held none. */
  sql: string | null;
  outcome: 'ok' | 'refused' | 'error' | 'not-run';
  /** The refusal reason or the database error. */
  message?: string;
  /** The same as data (a refusal's sentences, or the error's text). */
  text?: Array<Text | ExplanationPart>;
}

export interface AskResult {
  question: string;
  dialect: Dialect;
  strategy: RetrievalStrategy;
  /** The SQL that passed the guard (and ran, when `run`); null when none did. */
  sql: string | null;
  /** Retrieved tables, most relevant first (what the model was shown). */
  tables: string[];
  /** Why each retrieved table was chosen (words, term, value, comment, bridge), in the order of `tables`. */
  reasons?: TableReason[];
  /** Values of the question found in the value index (sent to the model as `Table.Column = 'value'`). */
  values?: ValueMatch[];
  /** Tables the final SQL reads, from its parse. */
  usedTables: string[];
  joinPaths: JoinPath[];
  ran: boolean;
  columns: string[];
  rows: Record<string, unknown>[];
  /** True when the result had more rows than `rowLimit` and only the first ones are returned. */
  truncated: boolean;
  rowLimit: number;
  /** Database time of the successful run. */
  ms: number | null;
  /** Why no SQL is offered: the guard's reason, or that the answer held no SQL. */
  refused: null | { code: AskRefusalCode; reason: string; text: ExplanationPart[] };
  /** The database's error when the SQL (also after the correction round) failed. */
  error: null | { message: string; hint?: string };
  /** What happened, in one or two sentences for the user, in English (the CLI's output and the agent tools). */
  explanation: string;
  /** The same as data, for renderers in the user's language (renderExplanation). */
  explanationParts: ExplanationPart[];
  /** The model's words around the SQL, if any. */
  modelNote: string | null;
  attempts: AskAttempt[];
  /** Without an LLM: what retrieval found, and how to configure a model. */
  context: null | { ddl: { table: string; text: string }[]; documentation: string[]; examples: ExampleQuery[]; terms: string[]; configureHint: string };
  /** Token accounting of the last prompt sent. */
  promptBudget: BuiltPrompt['budget'] | null;
}

const defaultConfigureHint = l10n.t('Configure an OpenAI-compatible model (base URL, model, API key) to generate SQL.');


export async function ask(dataset: DatasetDefinition, state: DatasetRunState | null | undefined, question: string, options: AskOptions): Promise<AskResult> {
  const q = question.trim();
  if (!q) throw emptyQuestion();
  const dialect = options.dialect ?? options.driver?.dialect;
  if (!dialect) throw new Error('ask() needs the datasource dialect (pass `dialect` or a `driver`)');
  if (options.run && !options.driver) throw new Error('ask() with run: true needs a driver');
  const strategy = options.strategy ?? 'full';
  const maxRows = Math.max(1, options.maxRows ?? DEFAULT_MAX_ROWS);
  const timeoutMs = Math.max(1, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const { signal, llm } = options;

  const retrieval = await retrieveTables(dataset, state, q, options, { strategy, k: options.k ?? 8, signal });
  const result: AskResult = {
    question: q,
    dialect,
    strategy,
    sql: null,
    tables: retrieval.tables,
    reasons: retrieval.reasons,
    values: retrieval.values,
    usedTables: [],
    joinPaths: retrieval.joinPaths,
    ran: false,
    columns: [],
    rows: [],
    truncated: false,
    rowLimit: maxRows,
    ms: null,
    refused: null,
    error: null,
    explanation: '',
    explanationParts: [],
    modelNote: null,
    attempts: [],
    context: null,
    promptBudget: null,
  };

  if (!llm) {
    const hint = options.configureHint ?? defaultConfigureHint;
    result.context = { ddl: retrieval.ddl, documentation: retrieval.documentation, examples: retrieval.examples, terms: retrieval.terms, configureHint: typeof hint === 'string' ? hint : english(hint) };
    result.explanationParts = [retrieval.tables.length
      ? l10n.t('No language model is configured, so no SQL was generated. The question most likely needs {0}; the closest trained examples are shown below. {1}', retrieval.tables.join(', '), hint)
      : l10n.t('No language model is configured, so no SQL was generated. The question most likely needs no trained table; the closest trained examples are shown below. {0}', hint)];
    result.explanation = renderExplanation(result.explanationParts);
    return result;
  }

  const promptFor = (correction?: { sql: string; error: string }) =>
    buildPrompt({
      dialect,
      question: q,
      ddl: retrieval.ddl,
      documentation: retrieval.documentation,
      joinPaths: retrieval.joinPaths,
      examples: retrieval.examples,
      values: retrieval.values,
      contextWindow: llm.contextWindow,
      reservedOutputTokens: options.reservedOutputTokens,
      correction,
    });

  let correction: { sql: string; error: string } | undefined;
  let errorText: Text[] = [];
  for (let round = 0; round < 2; round++) {
    const prompt = promptFor(correction);
    result.promptBudget = prompt.budget;
    const answer = await llm.complete(prompt.messages, { signal, maxTokens: prompt.budget.reservedOutput, temperature: 0 });
    const extracted = extractSql(answer, dialect);
    if (extracted.sql === null) {
      result.attempts.push({ sql: null, outcome: 'refused', message: extracted.reason, text: extracted.text });
      result.refused = { code: 'no-sql', reason: extracted.reason, text: extracted.text };
      break;
    }
    result.modelNote = extracted.prose || null;
    const guarded = guardSql(extracted.sql, dialect);
    if (!guarded.ok) {
      result.attempts.push({ sql: extracted.sql, outcome: 'refused', message: guarded.reason, text: guarded.text });
      // A query the parser cannot read for this dialect is worth one correction; a write or a lock is not.
      if (round === 0 && (guarded.code === 'unparsable' || guarded.code === 'wrong-dialect')) {
        correction = { sql: extracted.sql, error: guarded.reason };
        continue;
      }
      result.refused = { code: guarded.code, reason: guarded.reason, text: guarded.text };
      break;
    }
    result.refused = null;
    result.sql = guarded.sql;
    result.usedTables = guarded.tables;
    if (!options.run || !options.driver) {
      result.attempts.push({ sql: guarded.sql, outcome: 'not-run' });
      break;
    }
    try {
      const run = await runGuarded(options.driver, guarded.sql, { maxRows, timeoutMs, signal });
      if (!run.ok) throw new Error(`unreachable: the guard accepted then refused the same SQL (${run.reason})`);
      const r = run.result;
      Object.assign(result, { ran: true, columns: r.columns, rows: r.rows, truncated: r.truncated, ms: r.ms, error: null });
      result.attempts.push({ sql: guarded.sql, outcome: 'ok' });
      break;
    } catch (e) {
      if (signal?.aborted) throw e;
      const err = e as { message?: string; hint?: string; code?: string };
      result.attempts.push({ sql: guarded.sql, outcome: 'error', message: err.message, text: [errorTexts(e)[0]] });
      result.error = { message: err.message ?? String(e), ...(err.hint ? { hint: err.hint } : {}) };
      errorText = errorTexts(e);
      // Only an error in the SQL itself can be corrected; a timeout, a lost connection or a refused write cannot.
      const correctable = e instanceof DatasourceError ? e.code === 'query' : false;
      if (round === 0 && correctable) {
        correction = { sql: guarded.sql, error: err.message ?? String(e) };
        continue;
      }
      break;
    }
  }
  result.explanationParts = explain(result, errorText);
  result.explanation = renderExplanation(result.explanationParts);
  return result;
}

export interface RunSqlOptions {
  driver: Driver;
  maxRows?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type RunSqlResult = Pick<AskResult, 'sql' | 'usedTables' | 'ran' | 'columns' | 'rows' | 'truncated' | 'rowLimit' | 'ms' | 'refused' | 'error' | 'explanation' | 'explanationParts'>;

/**
 * Runs SQL the user wrote or edited ("edit the SQL and run it again"): the same guard, read-only execution, row
 * limit and timeout as ask(), no model involved. Refusals and database errors come back in the result.
 */
export async function runSql(sql: string, options: RunSqlOptions): Promise<RunSqlResult> {
  const { driver, signal } = options;
  const maxRows = Math.max(1, options.maxRows ?? DEFAULT_MAX_ROWS);
  const timeoutMs = Math.max(1, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const base = { question: '', dialect: driver.dialect, strategy: 'full' as const, tables: [], joinPaths: [], modelNote: null, attempts: [], context: null, promptBudget: null };
  const r: AskResult = { ...base, sql: null, usedTables: [], ran: false, columns: [], rows: [], truncated: false, rowLimit: maxRows, ms: null, refused: null, error: null, explanation: '', explanationParts: [] };
  const guarded = guardSql(sql, driver.dialect);
  let errorText: Text[] = [];
  if (!guarded.ok) {
    r.refused = { code: guarded.code, reason: guarded.reason, text: guarded.text };
  } else {
    r.sql = guarded.sql;
    r.usedTables = guarded.tables;
    try {
      const run = await runGuarded(driver, guarded.sql, { maxRows, timeoutMs, signal });
      if (!run.ok) throw new Error(`unreachable: the guard accepted then refused the same SQL (${run.reason})`);
      const q = run.result;
      Object.assign(r, { ran: true, columns: q.columns, rows: q.rows, truncated: q.truncated, ms: q.ms });
    } catch (e) {
      if (signal?.aborted) throw e;
      const err = e as { message?: string; hint?: string };
      r.error = { message: err.message ?? String(e), ...(err.hint ? { hint: err.hint } : {}) };
      errorText = errorTexts(e);
    }
  }
  r.explanationParts = explain(r, errorText);
  r.explanation = renderExplanation(r.explanationParts);
  const { sql: s, usedTables, ran, columns, rows, truncated, rowLimit, ms, refused, error, explanation, explanationParts } = r;
  return { sql: s, usedTables, ran, columns, rows, truncated, rowLimit, ms, refused, error, explanation, explanationParts };
}

/** An error's text and hint as data: a TableTalkError's Messages, anything else's English as it came. */
function errorTexts(e: unknown): [Text, ...Text[]] {
  if (e instanceof TableTalkError) return e.hintText !== undefined ? [e.text, ' ', e.hintText] : [e.text];
  const err = e as { message?: string; hint?: string };
  const message = err?.message ?? String(e);
  return err?.hint ? [message, ` ${err.hint}`] : [message];
}

/** What happened, as parts; `errorText` is the database error of the last run (when it failed). */
function explain(r: AskResult, errorText: Text[]): ExplanationPart[] {
  const name = dialectNames[r.dialect];
  const first = r.attempts[0];
  const corrected: ExplanationPart[] = r.attempts.length > 1
    ? [first.outcome === 'error'
      ? { ...l10n.t(' The first query failed ({0}), so the model was asked once to correct it.'), args: [first.text ?? [first.message ?? '']] }
      : { ...l10n.t(' The first query was refused ({0}), so the model was asked once to correct it.'), args: [first.text ?? [first.message ?? '']] }]
    : [];
  if (r.refused) return [...r.refused.text, ...corrected];
  if (r.error) return [{ ...l10n.t('The query failed on {0}: {1}'), args: [name, errorText.length ? errorText : [r.error.message]] }, ...corrected];
  const reads = r.usedTables.join(', ');
  if (!r.ran) return [reads ? l10n.t('Generated a read-only {0} query reading {1}; it was not run.', name, reads) : l10n.t('Generated a read-only {0} query; it was not run.', name), ...corrected];
  const ms = r.ms ?? 0;
  const count = r.rows.length.toLocaleString('en-US');
  const limit = r.rowLimit.toLocaleString('en-US');
  let ran: Message;
  if (r.truncated && r.rowLimit === 1) {
    ran = reads
      ? l10n.t('Ran a read-only {0} query reading {1} in {2} ms; it returned more than {3} row: only the first {4} are shown (the row limit). Add a filter or LIMIT to see specific rows.', name, reads, ms, limit, limit)
      : l10n.t('Ran a read-only {0} query in {1} ms; it returned more than {2} row: only the first {3} are shown (the row limit). Add a filter or LIMIT to see specific rows.', name, ms, limit, limit);
  } else if (r.truncated) {
    ran = reads
      ? l10n.t('Ran a read-only {0} query reading {1} in {2} ms; it returned more than {3} rows: only the first {4} are shown (the row limit). Add a filter or LIMIT to see specific rows.', name, reads, ms, limit, limit)
      : l10n.t('Ran a read-only {0} query in {1} ms; it returned more than {2} rows: only the first {3} are shown (the row limit). Add a filter or LIMIT to see specific rows.', name, ms, limit, limit);
  } else if (r.rows.length === 1) {
    ran = reads ? l10n.t('Ran a read-only {0} query reading {1} in {2} ms; it returned {3} row.', name, reads, ms, count) : l10n.t('Ran a read-only {0} query in {1} ms; it returned {2} row.', name, ms, count);
  } else {
    ran = reads ? l10n.t('Ran a read-only {0} query reading {1} in {2} ms; it returned {3} rows.', name, reads, ms, count) : l10n.t('Ran a read-only {0} query in {1} ms; it returned {2} rows.', name, ms, count);
  }
  return [ran, ...corrected];
}
