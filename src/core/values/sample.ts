/**
 * Samples the distinct values of text columns that look categorical (few distinct values: Genre.Name, Country)
 * or name-like (Artist.Name, Album.Title), bounded per column and in total, through the driver's read-only
 * query path with quoted identifiers. Sensitive columns (by name or by the shape of their values) are never
 * read into the index; a column the database refuses to read (permission) is skipped and reported.
 */
import { DatasourceError, type Column, type Driver, type Table } from '../datasource/types';
import { isSensitiveColumnName, looksSensitiveValue } from './sensitive';

export interface SampleLimits {
  /** Distinct values kept from a name-like column; default 300. */
  perNameColumn?: number;
  /** A non-name text column is categorical when it has at most this many distinct values; default 60. */
  categoricalMax?: number;
  /** Values kept over the whole dataset; default 30,000. */
  total?: number;
  /** Values longer than this are prose, not names; default 80 characters. */
  maxLength?: number;
  /** Per-column statement timeout; default 5 s. */
  timeoutMs?: number;
}

export interface SampledColumn {
  table: string;
  schema: string | null;
  column: string;
  values: string[];
  /** True when the column had more distinct values than were kept. */
  partial: boolean;
}

/** Kinds, not sentences: the caller renders them (CLI, log, VS Code). */
export type SkipReason = 'sensitive-name' | 'sensitive-values' | 'not-categorical' | 'unreadable' | 'timeout' | 'total-limit';

export interface SkippedColumn {
  table: string;
  column: string;
  reason: SkipReason;
  /** The database's message for `unreadable` / `timeout`. */
  detail?: string;
}

export interface TableSample {
  table: string;
  schema: string | null;
  columns: SampledColumn[];
  skipped: SkippedColumn[];
}

const TEXT = /(char|text|string|clob|enum|citext|name)/i;
const NAME_LIKE = /(^|_|[a-z])(name|title|label|city|country|state|region|province|genre|category|type|kind|status|brand|mingcheng|mc)$|^(name|title|label|city|country|state|region|province|genre|category|type|kind|status|brand)$|名称|名字|姓名|类别|类型|地区|城市|国家|省|状态/i;
const KEYISH = /(^id$|_id$|Id$|ID$|_key$|_code$|uuid|guid|hash|url|uri|path|file)/;

function isKey(table: Table, col: Column): boolean {
  return col.primaryKey || table.foreignKeys.some((fk) => fk.columns.includes(col.name)) || KEYISH.test(col.name);
}

/** Whether a column is worth reading at all, and why not. */
export function columnCandidate(table: Table, col: Column): 'name' | 'categorical' | SkipReason | null {
  if (!TEXT.test(col.type)) return null;
  if (isSensitiveColumnName(col.name) || (col.comment && isSensitiveColumnName(col.comment))) return 'sensitive-name';
  if (isKey(table, col)) return null;
  return NAME_LIKE.test(col.name) ? 'name' : 'categorical';
}

export async function sampleTable(driver: Driver, table: Table, budget: { left: number }, limits: SampleLimits = {}, signal?: AbortSignal): Promise<TableSample> {
  const perName = limits.perNameColumn ?? 300;
  const catMax = limits.categoricalMax ?? 60;
  const maxLength = limits.maxLength ?? 80;
  const out: TableSample = { table: table.name, schema: table.schema, columns: [], skipped: [] };
  for (const col of table.columns) {
    const kind = columnCandidate(table, col);
    if (kind === null) continue;
    if (kind !== 'name' && kind !== 'categorical') {
      out.skipped.push({ table: table.name, column: col.name, reason: kind });
      continue;
    }
    if (budget.left <= 0) {
      out.skipped.push({ table: table.name, column: col.name, reason: 'total-limit' });
      continue;
    }
    const limit = Math.min(kind === 'name' ? perName : catMax, budget.left);
    const c = driver.quoteIdent(col.name);
    // Most frequent first, so a bounded sample of a name column keeps the values people ask about.
    const sql = `SELECT ${c} AS v, COUNT(*) AS n FROM ${driver.qualify(table)} WHERE ${c} IS NOT NULL GROUP BY ${c} ORDER BY n DESC, ${c} LIMIT ${limit + 1}`;
    let rows: Record<string, unknown>[];
    let truncated: boolean;
    try {
      const r = await driver.queryReadOnly(sql, [], { maxRows: limit, timeoutMs: limits.timeoutMs ?? 5000, signal });
      rows = r.rows;
      truncated = r.truncated;
    } catch (e) {
      if (signal?.aborted) throw e;
      const code = e instanceof DatasourceError ? e.code : undefined;
      if (code && ['unreachable', 'closed', 'auth', 'connect-timeout'].includes(code)) throw e;
      out.skipped.push({ table: table.name, column: col.name, reason: code === 'timeout' ? 'timeout' : 'unreadable', detail: ((e as Error).message ?? String(e)).split('\n')[0] });
      continue;
    }
    if (kind === 'categorical' && truncated) {
      out.skipped.push({ table: table.name, column: col.name, reason: 'not-categorical' });
      continue;
    }
    const values = rows.map((r) => (typeof r.v === 'string' ? r.v : r.v == null ? '' : String(r.v))).map((v) => v.trim()).filter((v) => v && v.length <= maxLength);
    const sensitive = values.filter(looksSensitiveValue).length;
    if (values.length && sensitive / values.length > 0.1) {
      out.skipped.push({ table: table.name, column: col.name, reason: 'sensitive-values' });
      continue;
    }
    const kept = [...new Set(values.filter((v) => !looksSensitiveValue(v)))];
    if (!kept.length) continue;
    budget.left -= kept.length;
    out.columns.push({ table: table.name, schema: table.schema, column: col.name, values: kept, partial: truncated });
  }
  return out;
}
