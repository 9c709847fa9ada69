// Evidence from the data, with bounded queries only: a sample of distinct source values taken from at most
// `scanRows` rows, then one bound-parameter lookup of those values in the target key.
import type { Column, Driver, Table } from '../datasource/types';

export interface ColumnSample {
  /** Distinct non-null value tuples, at most sampleSize. */
  values: unknown[][];
  /** Some value occurs more than once among the rows read. */
  repeats: boolean;
  /** Every non-null row of the column was read (the table is smaller than the scan bound). */
  complete: boolean;
  rows: number;
}

/** A refused or failed query: `refused` when the database denied the rights; `error` is the database's own words. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; refused: boolean; error: string };

const DENIED = /permission denied|access denied|command denied|not authori[sz]ed|insufficient privilege|42501|ER_TABLEACCESS_DENIED|ER_COLUMNACCESS_DENIED/i;

export class Sampler {
  /** Set once the database refused a sampling query for lack of rights: no more are sent. */
  denied: string | null = null;
  private readonly scanRows: number;
  private readonly cache = new Map<string, Promise<Outcome<ColumnSample>>>();

  constructor(
    private readonly driver: Driver,
    private readonly sampleSize: number,
    private readonly timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {
    this.scanRows = Math.max(1000, sampleSize * 20);
  }

  private q(c: Column): string {
    return this.driver.quoteIdent(c.name);
  }

  private param(i: number): string {
    return this.driver.dialect === 'postgres' ? `$${i}` : '?';
  }

  private async run(sql: string, params: unknown[], maxRows: number): Promise<Outcome<Record<string, unknown>[]>> {
    if (this.denied) return { ok: false, refused: true, error: this.denied };
    this.signal?.throwIfAborted();
    try {
      const r = await this.driver.queryReadOnly(sql, params, { maxRows, timeoutMs: this.timeoutMs, signal: this.signal });
      return { ok: true, value: r.rows };
    } catch (err) {
      this.signal?.throwIfAborted();
      const e = err as { message?: string; code?: string };
      const reason = `${e.message ?? String(err)}${e.code && !String(e.message).includes(e.code) ? ` (${e.code})` : ''}`;
      if (DENIED.test(reason)) this.denied = reason;
      return { ok: false, refused: !!this.denied, error: this.denied ?? reason };
    }
  }

  /** Distinct values of `columns` (optionally where `filter.column = filter.value`), read from a bounded scan. */
  sample(table: Table, columns: Column[], filter?: { column: Column; value: unknown }): Promise<Outcome<ColumnSample>> {
    const key = `${table.schema}.${table.name}|${columns.map((c) => c.name).join(',')}|${filter ? `${filter.column.name}=${String(filter.value)}` : ''}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.readSample(table, columns, filter);
      this.cache.set(key, p);
    }
    return p;
  }

  private async readSample(table: Table, columns: Column[], filter?: { column: Column; value: unknown }): Promise<Outcome<ColumnSample>> {
    const cols = columns.map((c) => this.q(c));
    const aliases = columns.map((_, i) => `v${i}`);
    const where = cols.map((c) => `${c} IS NOT NULL`);
    const params: unknown[] = [];
    if (filter) {
      params.push(filter.value);
      where.push(`${this.q(filter.column)} = ${this.param(1)}`);
    }
    // The inner LIMIT bounds the rows read; the outer one the values returned. Both are our own integers.
    const sql =
      `SELECT ${aliases.join(', ')}, COUNT(*) AS n FROM ` +
      `(SELECT ${cols.map((c, i) => `${c} AS ${aliases[i]}`).join(', ')} FROM ${this.driver.qualify(table)} WHERE ${where.join(' AND ')} LIMIT ${this.scanRows}) s ` +
      `GROUP BY ${aliases.join(', ')} LIMIT ${this.sampleSize}`;
    const r = await this.run(sql, params, this.sampleSize);
    if (!r.ok) return r;
    let rows = 0;
    let repeats = false;
    const values = r.value.map((row) => {
      const n = Number(row.n);
      rows += n;
      if (n > 1) repeats = true;
      return aliases.map((a) => row[a]);
    });
    const complete = values.length < this.sampleSize && rows < this.scanRows;
    return { ok: true, value: { values, repeats, complete, rows } };
  }

  /** How many of the sampled tuples exist in `target.columns`: one query, every value a bound parameter. */
  async contained(target: Table, columns: Column[], values: unknown[][]): Promise<Outcome<number>> {
    if (!values.length) return { ok: true, value: 0 };
    const cols = columns.map((c) => this.q(c));
    const params: unknown[] = [];
    let where: string;
    if (cols.length === 1) {
      where = `${cols[0]} IN (${values.map((v) => (params.push(v[0]), this.param(params.length))).join(', ')})`;
    } else {
      where = values.map((v) => `(${cols.map((c, i) => (params.push(v[i]), `${c} = ${this.param(params.length)}`)).join(' AND ')})`).join(' OR ');
    }
    const sql = `SELECT DISTINCT ${cols.map((c, i) => `${c} AS v${i}`).join(', ')} FROM ${this.driver.qualify(target)} WHERE ${where}`;
    const r = await this.run(sql, params, values.length);
    return r.ok ? { ok: true, value: Math.min(r.value.length, values.length) } : r;
  }

  /** Distinct values of a polymorphic type column (a handful of table names). */
  async typeValues(table: Table, column: Column): Promise<Outcome<string[]>> {
    const r = await this.sample(table, [column]);
    if (!r.ok) return r;
    return { ok: true, value: r.value.values.map((v) => String(v[0])).slice(0, 50) };
  }
}
