import type { Dialect } from './types';

/** Quotes one identifier for the dialect, doubling any embedded quote character (never strips or rejects names). */
export function quoteIdent(dialect: Dialect, name: string): string {
  if (dialect === 'mysql') return '`' + name.replace(/`/g, '``') + '`';
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Schema-qualified, quoted table reference; schema null means the connection's default. */
export function qualify(dialect: Dialect, table: { name: string; schema: string | null }): string {
  const t = quoteIdent(dialect, table.name);
  return table.schema ? `${quoteIdent(dialect, table.schema)}.${t}` : t;
}
