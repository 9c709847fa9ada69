// Example question/SQL pairs: from the LLM when one is given, else from deterministic templates (counts,
// top-N, group-bys on low-cardinality and foreign-key columns, joins along relationships), plus the user's
// own. Every pair's SQL is executed read-only with a small row limit and dropped if it fails.
import { TableTalkError } from '../errors';
import { quoteIdent } from '../datasource/quote';
import { DatasourceError, type Column, type Dialect, type Driver, type Table } from '../datasource/types';
import type { BusinessTerm, ExampleQuery } from '../dataset/types';
import type { ChatMessage, LlmProvider } from '../llm/provider';
import { tableRef } from './ddl';
import { makeItem, sha, tablesTag, type TrainingItem } from './items';
import type { JoinEdge } from './relationships';
import { humanize, plural, tablesMentioned } from './words';

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
  error: string;
}

/** The datasource stopped answering while examples were checked: the run must fail, not drop everything. */
export class DatasourceLostError extends TableTalkError {
  declare readonly hint: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super('datasource-lost', message, { hint: 'Check that the database is running and reachable, then train again. The previous model is unchanged.', cause: options?.cause });
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

/** Deterministic pairs from the schema and its relationships. */
export function templateExamples(tables: Table[], edges: JoinEdge[], dialect: Dialect): ExampleCandidate[] {
  const q = (n: string) => quoteIdent(dialect, n);
  const ref = (t: Table) => tableRef(dialect, t.name, t.schema);
  const out: ExampleCandidate[] = [];
  for (const t of tables) {
    const noun = humanize(t.name);
    out.push({ question: `How many ${plural(noun)} are there?`, sql: `SELECT COUNT(*) AS ${q(`${alias(noun)}_count`)} FROM ${ref(t)}`, source: 'template', tables: [t.name] });
    const label = labelColumn(t);
    const measure = t.columns.find((c) => NUMERIC.test(c.type) && !isKey(t, c));
    if (measure) {
      const cols = [label && label.name !== measure.name ? q(label.name) : null, q(measure.name)].filter(Boolean).join(', ');
      out.push({
        question: `Which 10 ${plural(noun)} have the highest ${humanize(measure.name)}?`,
        sql: `SELECT ${cols} FROM ${ref(t)} ORDER BY ${q(measure.name)} DESC LIMIT 10`,
        source: 'template',
        tables: [t.name],
      });
    }
    const groupable = t.columns.filter((c) => TEXT.test(c.type) && !isKey(t, c) && c.name !== label?.name && !LABEL.test(c.name)).slice(0, 2);
    for (const c of groupable) {
      const countAlias = `${alias(noun)}_count`;
      out.push({
        question: `How many ${plural(noun)} are there per ${humanize(c.name)}?`,
        sql: `SELECT ${q(c.name)}, COUNT(*) AS ${q(countAlias)} FROM ${ref(t)} GROUP BY ${q(c.name)} ORDER BY ${q(countAlias)} DESC`,
        source: 'template',
        tables: [t.name],
        maxGroups: 30,
      });
    }
  }
  for (const e of edges) {
    if (e.child === e.parent) continue;
    const cNoun = humanize(e.child.name);
    const pNoun = humanize(e.parent.name);
    const on = e.childColumns.map((col, i) => `c.${q(col)} = p.${q(e.parentColumns[i])}`).join(' AND ');
    const from = `${ref(e.child)} c JOIN ${ref(e.parent)} p ON ${on}`;
    const pLabel = labelColumn(e.parent)?.name ?? e.parentColumns[0];
    const groupCols = [...new Set([...e.parentColumns, pLabel])].map((c) => `p.${q(c)}`).join(', ');
    const countAlias = `${alias(cNoun)}_count`;
    out.push({
      question: `Which ${plural(pNoun)} have the most ${plural(cNoun)}?`,
      sql: `SELECT p.${q(pLabel)}, COUNT(*) AS ${q(countAlias)} FROM ${from} GROUP BY ${groupCols} ORDER BY ${q(countAlias)} DESC LIMIT 10`,
      source: 'template',
      tables: [e.child.name, e.parent.name],
    });
    const cLabel = labelColumn(e.child)?.name ?? e.childColumns[0];
    out.push({
      question: `List ${plural(cNoun)} with their ${pNoun} ${humanize(pLabel)}`,
      sql: `SELECT c.${q(cLabel)}, p.${q(pLabel)} FROM ${from} LIMIT 20`,
      source: 'template',
      tables: [e.child.name, e.parent.name],
    });
  }
  return out;
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

/** True when the SQL holds more than one statement (a `;` outside quotes and comments before the end). */
export function hasSeveralStatements(sql: string): boolean {
  const s = sql.trim().replace(/;\s*$/, '');
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '-' && s[i + 1] === '-') {
      const nl = s.indexOf('\n', i);
      if (nl < 0) return false;
      i = nl;
    } else if (ch === ';') return true;
  }
  return false;
}

const CONNECTION_CODES = new Set(['unreachable', 'closed', 'auth', 'connect-timeout', 'not-found', 'not-a-database', 'ssl']);

/**
 * Executes a candidate read-only with a small row limit. Returns the reason it is dropped, or null when it
 * passes. Throws DatasourceLostError when the database itself is gone (then the run fails instead).
 */
export async function checkExample(driver: Driver, c: ExampleCandidate, signal?: AbortSignal): Promise<string | null> {
  if (hasSeveralStatements(c.sql)) return 'holds several statements';
  if (!/^\s*(select|with)\b/i.test(c.sql.replace(/^\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*/g, ''))) return 'is not a SELECT statement';
  const maxRows = c.maxGroups ? c.maxGroups + 1 : 5;
  try {
    const r = await driver.queryReadOnly(c.sql.trim().replace(/;\s*$/, ''), [], { maxRows, timeoutMs: 10_000, signal });
    if (c.maxGroups && (r.truncated || r.rows.length < 2)) return `returns ${r.truncated ? 'too many' : 'too few'} groups`;
    return null;
  } catch (e) {
    if (signal?.aborted) throw e;
    const code = e instanceof DatasourceError ? e.code : undefined;
    const message = (e as Error).message ?? String(e);
    if (code && CONNECTION_CODES.has(code)) throw new DatasourceLostError(`The datasource stopped answering while examples were checked: ${message}`, { cause: e });
    {
      // A dropped connection can look like a query error: only a database that answers a trivial round trip
      // proves the SQL itself was at fault.
      try {
        await driver.test();
      } catch (t) {
        if (signal?.aborted) throw t;
        throw new DatasourceLostError(`The datasource stopped answering while examples were checked: ${(t as Error).message}`, { cause: t });
      }
    }
    return message.split('\n')[0];
  }
}

export function exampleItem(c: ExampleCandidate): TrainingItem {
  const document = JSON.stringify({ question: c.question, sql: c.sql });
  return makeItem('sql', document, c.question, { source: c.source, question: c.question, tables: tablesTag(c.tables), ...(c.genKey ? { genKey: c.genKey } : {}) });
}
