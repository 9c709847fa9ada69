// Helpers shared by the dialects' catalog readers: collect rows of a few bulk catalog queries into Tables.
import type { Table } from './types';

export type Row = Record<string, unknown>;

/** Tables keyed by schema + name, kept in first-seen order (the queries sort them). */
export class TableSet {
  private readonly byKey = new Map<string, Table>();

  static key(schema: string | null, name: string): string {
    return `${schema ?? ''}\u0000${name}`;
  }

  get(schema: string | null, name: string): Table | undefined {
    return this.byKey.get(TableSet.key(schema, name));
  }

  ensure(schema: string | null, name: string, init: () => Omit<Table, 'name' | 'schema' | 'columns' | 'foreignKeys' | 'uniques'>): Table {
    const k = TableSet.key(schema, name);
    let t = this.byKey.get(k);
    if (!t) {
      t = { name, schema, ...init(), columns: [], foreignKeys: [], uniques: [] };
      this.byKey.set(k, t);
    }
    return t;
  }

  list(): Table[] {
    return [...this.byKey.values()];
  }
}

export function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}

export function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't' || v === 'YES' || v === 1n;
}

/** Groups rows by a key, keeping row order inside each group (used for multi-column constraints). */
export function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = out.get(k);
    if (g) g.push(r);
    else out.set(k, [r]);
  }
  return out;
}
