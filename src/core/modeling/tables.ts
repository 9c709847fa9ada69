// Small questions about introspected tables that inference, validation and the canvas all ask.
import type { Column, Table } from '../datasource/types';

/** The name relationships use for a table: "schema.table" when it has a schema, else the bare name. */
export function tableKey(t: { name: string; schema: string | null }): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

export function primaryKey(t: Table): Column[] {
  return t.columns.filter((c) => c.primaryKey);
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Whether these columns, as a set, are the primary key or a unique constraint of the table. */
export function isUniqueKey(t: Table, columns: string[]): 'primary key' | 'unique' | null {
  const pk = primaryKey(t).map((c) => c.name);
  if (pk.length && sameSet(pk, columns)) return 'primary key';
  if (t.uniques.some((u) => sameSet(u.columns, columns))) return 'unique';
  return null;
}

export function columnOf(t: Table, name: string): Column | undefined {
  return t.columns.find((c) => c.name === name);
}
