// MySQL/MariaDB introspection as data: four information_schema queries, each filtered by the bound schema name
// (which lets the server read only that database's tables), whatever the table count. Tables are sorted here.
import { TableSet, groupBy, num, str, type Row } from './catalog';
import type { Table } from './types';

export const mysqlCatalog = {
  // TABLE_ROWS is the engine's live estimate. (mysql.innodb_table_stats is cheaper to read but lags: it still
  // said 0 rows for tables loaded seconds before.)
  tables: `
    SELECT TABLE_NAME AS name, TABLE_TYPE AS type, TABLE_ROWS AS row_estimate, TABLE_COMMENT AS comment
    FROM information_schema.TABLES
    WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')`,
  columns: `
    SELECT TABLE_NAME AS tbl, COLUMN_NAME AS col, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,
      COLUMN_DEFAULT AS dflt, COLUMN_KEY AS col_key, COLUMN_COMMENT AS comment, EXTRA AS extra
    FROM information_schema.COLUMNS
    WHERE TABLE_SCHEMA = ?
    ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  // Unique indexes on whole columns (a prefix index, SUB_PART, does not make the column unique).
  uniques: `
    SELECT TABLE_NAME AS tbl, INDEX_NAME AS idx, COLUMN_NAME AS col, SUB_PART AS sub_part
    FROM information_schema.STATISTICS
    WHERE TABLE_SCHEMA = ? AND NON_UNIQUE = 0
    ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  foreignKeys: `
    SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, COLUMN_NAME AS col,
      REFERENCED_TABLE_SCHEMA AS ref_schema, REFERENCED_TABLE_NAME AS ref_table, REFERENCED_COLUMN_NAME AS ref_col
    FROM information_schema.KEY_COLUMN_USAGE
    WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL
    ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
};

/** MariaDB quotes literal defaults ('abc') and reports "no default" on nullable columns as the text NULL. */
function normaliseDefault(v: unknown, mariadb: boolean): string | null {
  const s = str(v);
  if (s === null) return null;
  if (mariadb && s === 'NULL') return null;
  return s;
}

export function assembleMysql(schema: string, mariadb: boolean, tableRows: Row[], columnRows: Row[], uniqueRows: Row[], fkRows: Row[]): Table[] {
  const tables = new TableSet();
  const byText = (a: unknown, b: unknown) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
  for (const r of [...tableRows].sort((a, b) => byText(a.name, b.name))) {
    const comment = str(r.comment);
    // Views' comment is the literal "VIEW"; it says nothing.
    const useful = comment && !(r.type === 'VIEW' && comment === 'VIEW') ? comment : null;
    tables.ensure(schema, String(r.name), () => ({ kind: r.type === 'VIEW' ? 'view' : 'table', rowEstimate: r.type === 'VIEW' ? null : num(r.row_estimate), ...(useful ? { comment: useful } : {}) }));
  }
  // Rows come sorted by table: look a table up once per table, not once per column (24,000 columns here).
  let t: Table | undefined;
  let current: unknown;
  for (const r of columnRows) {
    if (r.tbl !== current) {
      current = r.tbl;
      t = tables.get(schema, String(r.tbl));
    }
    if (!t) continue; // e.g. a sequence
    const extra = str(r.extra) ?? '';
    let dflt = normaliseDefault(r.dflt, mariadb);
    if (dflt === null && /auto_increment/i.test(extra)) dflt = 'auto_increment';
    t.columns.push({
      name: String(r.col),
      type: String(r.type),
      nullable: r.nullable === 'YES',
      default: dflt,
      primaryKey: r.col_key === 'PRI',
      comment: str(r.comment) || null,
    });
  }
  for (const [, rows] of groupBy(uniqueRows, (r) => `${r.tbl}\u0000${r.idx}`)) {
    const t = tables.get(schema, String(rows[0].tbl));
    if (!t || rows[0].idx === 'PRIMARY' || rows.some((r) => r.col === null || r.sub_part !== null)) continue;
    t.uniques.push({ name: String(rows[0].idx), columns: rows.map((r) => String(r.col)) });
  }
  for (const [, rows] of groupBy(fkRows, (r) => `${r.tbl}\u0000${r.name}`)) {
    const t = tables.get(schema, String(rows[0].tbl));
    if (!t) continue;
    const refSchema = String(rows[0].ref_schema);
    t.foreignKeys.push({
      columns: rows.map((r) => String(r.col)),
      refTable: String(rows[0].ref_table),
      ...(refSchema !== schema ? { refSchema } : {}),
      refColumns: rows.map((r) => String(r.ref_col)),
    });
  }
  return tables.list();
}
