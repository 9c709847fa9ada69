// Dialect-correct CREATE TABLE text for the model to read: columns, types, NOT NULL, defaults, primary and
// unique keys, comments, declared foreign keys and the dataset's modeled relationships as FOREIGN KEY lines.
import { quoteIdent } from '../datasource/quote';
import type { Dialect, Table } from '../datasource/types';
import type { Relationship } from '../dataset/types';

/** A foreign-key line to print: from columns of `table` to columns of `refTable`. */
export interface FkLine {
  columns: string[];
  refTable: string;
  refSchema: string | null;
  refColumns: string[];
}

function stringLiteral(dialect: Dialect, text: string): string {
  const s = text.replace(/'/g, "''");
  return `'${dialect === 'mysql' ? s.replace(/\\/g, '\\\\') : s}'`;
}

/** The schema is printed only when it is not the connection's default, so DDL and examples stay short. */
export function tableRef(dialect: Dialect, name: string, schema: string | null): string {
  const t = quoteIdent(dialect, name);
  if (!schema || (dialect === 'postgres' && schema === 'public')) return t;
  return `${quoteIdent(dialect, schema)}.${t}`;
}

function sameCols(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i].toLowerCase());
}

/** Which relationships put a FOREIGN KEY line into which table. "one-to-many" is stored from the "one" side, so its key lives in the target. */
export function relationshipFk(rel: Relationship): { table: string; fk: Omit<FkLine, 'refSchema'> } {
  if (rel.type === 'one-to-many') return { table: rel.target, fk: { columns: rel.targetColumns, refTable: rel.source, refColumns: rel.sourceColumns } };
  return { table: rel.source, fk: { columns: rel.sourceColumns, refTable: rel.target, refColumns: rel.targetColumns } };
}

/** Declared foreign keys plus modeled relationships of this table, without duplicates. */
export function foreignKeyLines(table: Table, relationships: Relationship[], tables: Table[]): FkLine[] {
  const lines: FkLine[] = table.foreignKeys.map((fk) => ({ columns: fk.columns, refTable: fk.refTable, refSchema: fk.refSchema ?? table.schema, refColumns: fk.refColumns }));
  for (const rel of relationships) {
    const { table: owner, fk } = relationshipFk(rel);
    if (!matchesTable(owner, table)) continue;
    const target = tables.find((t) => matchesTable(fk.refTable, t));
    const line: FkLine = { ...fk, refTable: target?.name ?? fk.refTable, refSchema: target?.schema ?? table.schema };
    if (!lines.some((l) => l.refTable.toLowerCase() === line.refTable.toLowerCase() && sameCols(l.columns, line.columns) && sameCols(l.refColumns, line.refColumns))) lines.push(line);
  }
  return lines;
}

/** A relationship names a table as "Name" or "schema.Name". */
export function matchesTable(ref: string, table: Pick<Table, 'name' | 'schema'>): boolean {
  return ref === table.name || (table.schema !== null && ref === `${table.schema}.${table.name}`);
}

export function createTableDdl(table: Table, dialect: Dialect, relationships: Relationship[] = [], tables: Table[] = [table]): string {
  const q = (n: string) => quoteIdent(dialect, n);
  const lines: string[] = [];
  for (const c of table.columns) {
    let line = `${q(c.name)} ${c.type || 'TEXT'}`;
    if (!c.nullable) line += ' NOT NULL';
    if (c.default !== null && c.default !== undefined && c.default !== '') line += ` DEFAULT ${c.default}`;
    if (c.comment && dialect === 'mysql') line += ` COMMENT ${stringLiteral(dialect, c.comment)}`;
    lines.push(line);
  }
  const pk = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
  if (pk.length) lines.push(`PRIMARY KEY (${pk.map(q).join(', ')})`);
  for (const u of table.uniques) {
    if (sameCols(u.columns, pk)) continue;
    lines.push(`${u.name && dialect !== 'sqlite' ? `CONSTRAINT ${q(u.name)} ` : ''}UNIQUE (${u.columns.map(q).join(', ')})`);
  }
  for (const fk of foreignKeyLines(table, relationships, tables)) {
    lines.push(`FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${tableRef(dialect, fk.refTable, fk.refSchema)} (${fk.refColumns.map(q).join(', ')})`);
  }
  const name = tableRef(dialect, table.name, table.schema);
  const kindWord = table.kind === 'view' ? '-- a view\n' : '';
  const out: string[] = [];
  // SQLite has no comment syntax in DDL: SQL comments carry them.
  if (dialect === 'sqlite') {
    if (table.comment) out.push(`-- ${table.comment.replace(/\n/g, ' ')}`);
    const withComments = lines.map((l, i) => {
      const col = table.columns[i];
      const sep = i < lines.length - 1 ? ',' : '';
      return col?.comment ? `  ${l}${sep} -- ${col.comment.replace(/\n/g, ' ')}` : `  ${l}${sep}`;
    });
    out.push(`${kindWord}CREATE TABLE ${name} (\n${withComments.join('\n')}\n);`);
    return out.join('\n');
  }
  let ddl = `${kindWord}CREATE TABLE ${name} (\n${lines.map((l) => `  ${l}`).join(',\n')}\n)`;
  if (dialect === 'mysql' && table.comment) ddl += ` COMMENT=${stringLiteral(dialect, table.comment)}`;
  ddl += ';';
  if (dialect === 'postgres') {
    const notes: string[] = [];
    if (table.comment) notes.push(`COMMENT ON TABLE ${name} IS ${stringLiteral(dialect, table.comment)};`);
    for (const c of table.columns) if (c.comment) notes.push(`COMMENT ON COLUMN ${name}.${q(c.name)} IS ${stringLiteral(dialect, c.comment)};`);
    if (notes.length) ddl += `\n${notes.join('\n')}`;
  }
  return ddl;
}
