// Example question/SQL pairs: from the LLM when one is given, else from deterministic templates (counts,
// top-N, group-bys on low-cardinality and foreign-key columns, joins along relationships), plus the user's
// own. Every pair's SQL goes through the SQL guard and the guarded read-only runner with a small row limit, and
// is dropped (and counted) if the guard refuses it or it fails.
import { errorTextOf, TableTalkError } from '../errors';
import { l10n } from '../messages';
import { english, type Text } from '../messages';
import type { ExplanationPart } from '../ask/explanation';
import { quoteIdent } from '../datasource/quote';
import { DatasourceError, type Column, type Dialect, type Driver, type Table } from '../datasource/types';
import type { BusinessTerm, ExampleQuery } from '../dataset/types';
import type { ChatMessage, LlmProvider } from '../llm/provider';
import { tableRef } from './ddl';
import { makeItem, sha, tablesTag, type TrainingItem } from './items';
import type { JoinEdge } from './relationships';
import { humanize, plural, singular, tablesMentioned } from './words';
import { guardSql, type GuardRefusalCode } from '../ask/guard';
import { runGuarded } from '../ask/runner';

export interface ExampleCandidate {
  question: string;
  sql: string;
  source: 'template' | 'llm' | 'user';
  tables: string[];
  /** LLM pairs: hash of the prompt's inputs, so an unchanged batch is not sent to the LLM again. */
  genKey?: string;
  /** Template group-bys are kept only when they return few groups (a low-cardinality column). */
  maxGroups?: number;
}

export interface DroppedExample {
  question: string;
  sql: string;
  source: ExampleCandidate['source'];
  /** Why, in English (logs); the database's own words when it failed the SQL. */
  error: string;
  /** The same as data, rendered in the reader's language (absent for the database's own words). */
  errorText?: ExplanationPart[];
  /** Set when the SQL guard refused the SQL (it never reached the database). */
  refused?: GuardRefusalCode;
}

/** The datasource stopped answering while examples were checked: the run must fail, not drop everything. */
export class DatasourceLostError extends TableTalkError {
  declare readonly hint: string;
  constructor(message: Text, options?: { cause?: unknown }) {
    super('datasource-lost', message, { hint: l10n.t('Check that the database is running and reachable, then train again. The previous model is unchanged.'), cause: options?.cause });
  }
}

const NUMERIC = /\b(int|integer|bigint|smallint|tinyint|mediumint|numeric|decimal|real|double|float|money|number)\b/i;
const TEXT = /(char|text|string|clob|enum)/i;
const LABEL = /^(name|title|full_?name|display_?name|label|description|email|username|first_?name|last_?name|code)$/i;

function isKey(table: Table, col: Column): boolean {
  return col.primaryKey || table.foreignKeys.some((fk) => fk.columns.includes(col.name)) || /(^id$|_id$|Id$|ID$)/.test(col.name);
}

/** The column that names a row best: Name/Title/..., else the first text column, else the key. */
export function labelColumn(table: Table): Column | undefined {
  return (
    table.columns.find((c) => LABEL.test(c.name) || /(Name|Title|_name|_title)$/.test(c.name)) ??
    table.columns.find((c) => TEXT.test(c.type) && !isKey(table, c)) ??
    table.columns.find((c) => c.primaryKey) ??
    table.columns[0]
  );
}

function alias(words: string): string {
  return words.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'value';
}

// Numeric columns that are flags, codes or years rather than amounts: ranking by them reads as nonsense.
const NOT_A_MEASURE = /^(is|has|can|should|was|allow|enable|use)[_A-Z]|(_|^)(flag|active|enabled|deleted|visible|default|status|type|kind|code|no|num|number|year|month|day|zip|postal|phone|version|order|sort|position|rank|level)$|(Flag|Code|No|Number|Year|Version|Order|Position|Rank|Level)$/;
const BOOLEAN = /\b(bool|boolean|bit)\b|tinyint\s*\(\s*1\s*\)/i;
// Names of amounts people rank by, most telling first.
const MEASURE_WORDS = /(total|amount|revenue|sales|price|cost|salary|balance|quantity|qty|count|milliseconds|duration|bytes|size|weight|score|rating|points|budget|fee|tax|discount|profit|value)/i;
const SENSITIVE = /(email|mail|phone|fax|password|token|secret|address|postal|zip|ssn|card)/i;

/** The numeric, non-key, non-flag column that best measures a row, or undefined. */
export function measureColumn(table: Table): Column | undefined {
  const candidates = table.columns.filter((c) => NUMERIC.test(c.type) && !BOOLEAN.test(c.type) && !isKey(table, c) && !NOT_A_MEASURE.test(c.name));
  return candidates.find((c) => MEASURE_WORDS.test(c.name)) ?? candidates[0];
}

/** A text column worth grouping by (categories such as Country or Format), not the label, a key or contact data. */
export function groupingColumn(table: Table, label: Column | undefined): Column | undefined {
  // A label that only stands in for a missing name (the first text column) may still be a category.
  const namesRows = !!label && (LABEL.test(label.name) || /(Name|Title|_name|_title)$/.test(label.name));
  return table.columns.find((c) => TEXT.test(c.type) && !isKey(table, c) && !(namesRows && c.name === label?.name) && !LABEL.test(c.name) && !/(Name|Title|_name|_title)$/.test(c.name) && !SENSITIVE.test(c.name));
}

/**
 * Deterministic pairs from the schema and its relationships, in English and in Chinese (the Chinese questions keep
 * the schema's words, as people who work in Chinese over English schemas write them). Per table: a count, a top 10
 * by its measure, a count per category; per relationship: the parents with the most children. Fewer and readable:
 * never a ranking by a flag or a key, never a grouping by a label or contact data.
 */
export function templateExamples(tables: Table[], edges: JoinEdge[], dialect: Dialect): ExampleCandidate[] {
  const q = (n: string) => quoteIdent(dialect, n);
  const ref = (t: Table) => tableRef(dialect, t.name, t.schema);
  const out: ExampleCandidate[] = [];
  const both = (en: string, zh: string, rest: Omit<ExampleCandidate, 'question'>) => {
    out.push({ question: en, ...rest });
    out.push({ question: zh, ...rest });
  };
  for (const t of tables) {
    const noun = singular(humanize(t.name));
    const nouns = plural(noun);
    const countAlias = q(`${alias(noun)}_count`);
    both(`How many ${nouns} are there?`, `一共有多少个 ${noun}？`, { sql: `SELECT COUNT(*) AS ${countAlias} FROM ${ref(t)}`, source: 'template', tables: [t.name] });
    const label = labelColumn(t);
    const measure = measureColumn(t);
    if (measure) {
      const m = humanize(measure.name);
      const cols = [label && label.name !== measure.name && !isKey(t, label) ? q(label.name) : null, q(measure.name)].filter(Boolean).join(', ');
      both(`Which 10 ${nouns} have the highest ${m}?`, `${m} 最高的 10 个 ${noun} 是哪些？`, {
        sql: `SELECT ${cols} FROM ${ref(t)} ORDER BY ${q(measure.name)} DESC LIMIT 10`,
        source: 'template',
        tables: [t.name],
      });
    }
    const group = groupingColumn(t, label);
    if (group) {
      const g = humanize(group.name);
      both(`How many ${nouns} are there per ${g}?`, `每个 ${g} 有多少个 ${noun}？`, {
        sql: `SELECT ${q(group.name)}, COUNT(*) AS ${countAlias} FROM ${ref(t)} GROUP BY ${q(group.name)} ORDER BY ${countAlias} DESC`,
        source: 'template',
        tables: [t.name],
        maxGroups: 30,
      });
    }
  }
  for (const e of edges) {
    if (e.child === e.parent) continue;
    const cNoun = singular(humanize(e.child.name));
    const pNoun = singular(humanize(e.parent.name));
    const on = e.childColumns.map((col, i) => `c.${q(col)} = p.${q(e.parentColumns[i])}`).join(' AND ');
    const from = `${ref(e.child)} c JOIN ${ref(e.parent)} p ON ${on}`;
    const pLabel = labelColumn(e.parent)?.name ?? e.parentColumns[0];
    const groupCols = [...new Set([...e.parentColumns, pLabel])].map((c) => `p.${q(c)}`).join(', ');
    const countAlias = q(`${alias(cNoun)}_count`);
    // Through a link table (PlaylistTrack) the question is about the table on its other side.
    const other = linkedOther(e.child, e.parent);
    const oNoun = other ? singular(humanize(other)) : '';
    const [en, zh] = other
      ? [`Which ${plural(pNoun)} are in the most ${plural(oNoun)}?`, `哪些 ${pNoun} 出现在最多的 ${oNoun} 中？`]
      : [`Which ${plural(pNoun)} have the most ${plural(cNoun)}?`, `哪些 ${pNoun} 的 ${cNoun} 最多？`];
    both(en, zh, {
      sql: `SELECT p.${q(pLabel)}, COUNT(*) AS ${countAlias} FROM ${from} GROUP BY ${groupCols} ORDER BY ${countAlias} DESC LIMIT 10`,
      source: 'template',
      tables: [e.child.name, e.parent.name],
    });
  }
  return out;
}

/** For a link table (nothing but the keys of two tables), the table on the other side of `parent`. */
function linkedOther(child: Table, parent: Table): string | null {
  if (child.foreignKeys.length !== 2) return null;
  const keyCols = new Set(child.foreignKeys.flatMap((f) => f.columns));
  if (!child.columns.every((c) => keyCols.has(c.name) || c.primaryKey)) return null;
  const other = child.foreignKeys.find((f) => f.refTable.toLowerCase() !== parent.name.toLowerCase());
  return other ? other.refTable : null;
}

export function userExamples(examples: ExampleQuery[], tableNames: string[]): ExampleCandidate[] {
  return examples.map((e) => ({ question: e.question, sql: e.sql, source: 'user', tables: tablesMentioned(e.sql, tableNames) }));
}

/** The pairs in an LLM answer: a JSON array of {question, sql}, possibly inside a code fence or prose. */
export function parseExamplePairs(text: string): ExampleQuery[] {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1] ?? text;
  const start = fenced.indexOf('[');
  const end = fenced.lastIndexOf(']');
  if (start < 0 || end <= start) return [];
  let value: unknown;
  try {
    value = JSON.parse(fenced.slice(start, end + 1));
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is { question: string; sql: string } => !!v && typeof v === 'object' && typeof (v as { question?: unknown }).question === 'string' && typeof (v as { sql?: unknown }).sql === 'string')
    .map((v) => ({ question: v.question.trim(), sql: v.sql.trim().replace(/;\s*$/, '') }))
    .filter((v) => v.question && v.sql);
}

const dialectName: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL', mysql: 'MySQL/MariaDB' };

export interface LlmBatch {
  tables: Table[];
  ddl: string[];
  joins: string[];
  terms: BusinessTerm[];
}

export function llmMessages(batch: LlmBatch, dialect: Dialect, count: number): ChatMessage[] {
  const parts = [`DDL:\n${batch.ddl.join('\n\n')}`];
  if (batch.joins.length) parts.push(`Relationships:\n${batch.joins.join('\n')}`);
  if (batch.terms.length) parts.push(`Business terms:\n${batch.terms.map((t) => `- ${t.term}: ${t.definition}`).join('\n')}`);
  parts.push(`Write ${count} varied questions a business user would ask about these tables (counts, rankings, filters, joins along the relationships), each with its SQL.`);
  return [
    {
      role: 'system',
      content: `You write example questions and SQL that teach a text-to-SQL model about a ${dialectName[dialect]} database. Answer with a JSON array only, no prose: [{"question": "...", "sql": "..."}]. Each sql is one read-only SELECT statement in ${dialectName[dialect]} syntax that uses only the tables given, with identifiers quoted as in the DDL.`,
    },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

export function genKeyOf(llmId: string, dialect: Dialect, batch: LlmBatch): string {
  return sha(JSON.stringify([llmId, dialect, batch.ddl, batch.joins, batch.terms]), 24);
}

export async function llmExamples(llm: LlmProvider, batch: LlmBatch, dialect: Dialect, genKey: string, signal?: AbortSignal): Promise<ExampleCandidate[]> {
  const answer = await llm.complete(llmMessages(batch, dialect, Math.min(8, 2 + batch.tables.length)), { signal, temperature: 0.2 });
  const names = batch.tables.map((t) => t.name);
  return parseExamplePairs(answer).map((p) => ({ ...p, source: 'llm', tables: tablesMentioned(p.sql, names), genKey }));
}

const CONNECTION_CODES = new Set(['unreachable', 'closed', 'auth', 'connect-timeout', 'not-found', 'not-a-database', 'ssl']);

/** Why a candidate is dropped: `refused` when the SQL guard refused it (then nothing reached the database). */
export interface ExampleVerdict {
  error: string;
  text?: ExplanationPart[];
  refused?: GuardRefusalCode;
}

/** The SQL guard's verdict alone, with no database round trip: for pairs the active model already holds. */
export function guardExample(c: ExampleCandidate, dialect: Dialect): ExampleVerdict | null {
  const g = guardSql(c.sql, dialect);
  return g.ok ? null : { error: g.reason, text: g.text, refused: g.code };
}

/**
 * Runs a candidate through the one guarded read-only runner with a small row limit. Returns why it is dropped,
 * or null when it passes. Throws DatasourceLostError when the database itself is gone (then the run fails instead).
 */
export async function checkExample(driver: Driver, c: ExampleCandidate, signal?: AbortSignal): Promise<ExampleVerdict | null> {
  const maxRows = c.maxGroups ? c.maxGroups + 1 : 5;
  try {
    const run = await runGuarded(driver, c.sql, { maxRows, timeoutMs: 10_000, signal });
    if (!run.ok) return { error: run.reason, text: run.text, refused: run.code };
    const r = run.result;
    if (c.maxGroups && (r.truncated || r.rows.length < 2)) {
      const why = r.truncated ? l10n.t('returns too many groups') : l10n.t('returns too few groups');
      return { error: english(why), text: [why] };
    }
    return null;
  } catch (e) {
    if (signal?.aborted) throw e;
    const code = e instanceof DatasourceError ? e.code : undefined;
    const message = (e as Error).message ?? String(e);
    if (code && CONNECTION_CODES.has(code)) throw new DatasourceLostError(l10n.t('The datasource stopped answering while examples were checked: {0}', errorTextOf(e)), { cause: e });
    {
      // A dropped connection can look like a query error: only a database that answers a trivial round trip
      // proves the SQL itself was at fault.
      try {
        await driver.test();
      } catch (t) {
        if (signal?.aborted) throw t;
        throw new DatasourceLostError(l10n.t('The datasource stopped answering while examples were checked: {0}', errorTextOf(t)), { cause: t });
      }
    }
    return { error: message.split('\n')[0] };
  }
}

export function exampleItem(c: ExampleCandidate): TrainingItem {
  const document = JSON.stringify({ question: c.question, sql: c.sql });
  return makeItem('sql', document, c.question, { source: c.source, question: c.question, tables: tablesTag(c.tables), ...(c.genKey ? { genKey: c.genKey } : {}) });
}
