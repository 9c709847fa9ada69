// SQLite introspection as data: three pragma table-valued-function joins over sqlite_master, then one
// row-count query over all tables. Four statements whatever the table count.
import { TableSet, bool, groupBy, num, str, type Row } from './catalog';
import { quoteIdent } from './quote';
import type { ForeignKey, Table } from './types';

const userObjects = `m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`;

export const sqliteCatalog = {
  columns: `
    SELECT m.type AS kind, m.name AS tbl, p.cid, p.name AS col, p.type, p."notnull" AS not_null, p.dflt_value AS dflt, p.pk
    FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
    WHERE m.type IN ('table', 'view') AND ${userObjects}
    ORDER BY m.name, p.cid`,
  foreignKeys: `
    SELECT m.name AS tbl, f.id, f.seq, f."table" AS ref, f."from" AS col, f."to" AS refcol
    FROM sqlite_master AS m JOIN pragma_foreign_key_list(m.name) AS f
    WHERE m.type = 'table' AND ${userObjects}
    ORDER BY m.name, f.id, f.seq`,
  // Unique constraints and non-partial unique indexes; expression columns come back with a null name.
  uniques: `
    SELECT m.name AS tbl, l.name AS idx, l.origin, i.seqno, i.name AS col
    FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS l JOIN pragma_index_info(l.name) AS i
    WHERE m.type = 'table' AND ${userObjects} AND l."unique" = 1 AND l.origin <> 'pk' AND l.partial = 0
    ORDER BY m.name, l.seq DESC, i.seqno`,
  /** sqlite_stat1 (written by ANALYZE): the first number of a table's stat is its row count. */
  stat1: `SELECT tbl, max(CAST(stat AS INTEGER)) AS n FROM sqlite_stat1 GROUP BY tbl`,
};

/**
 * One statement counting every table exactly. SQLite allows at most 500 terms in one compound SELECT, so the
 * UNION ALL is nested in groups of 400 (still one statement, one round trip).
 */
export function countQuery(tables: string[]): { sql: string; params: string[] } {
  const terms = tables.map((t) => `SELECT ? AS tbl, count(*) AS n FROM ${quoteIdent('sqlite', t)}`);
  const groups: string[] = [];
  for (let i = 0; i < terms.length; i += 400) groups.push(`SELECT * FROM (${terms.slice(i, i + 400).join(' UNION ALL ')})`);
  return { sql: groups.join(' UNION ALL '), params: tables };
}

/** Exact counts scan every table; above this file size the driver reads sqlite_stat1 (or reports null) instead. */
export const EXACT_COUNT_MAX_BYTES = 256 * 1024 * 1024;

export function assembleSqlite(columnRows: Row[], fkRows: Row[], uniqueRows: Row[]): Table[] {
  const tables = new TableSet();
  for (const r of columnRows) {
    const t = tables.ensure(null, String(r.tbl), () => ({ kind: r.kind === 'view' ? 'view' : 'table', rowEstimate: null }));
    const pk = num(r.pk) ?? 0;
    t.columns.push({
      name: String(r.col),
      type: str(r.type) ?? '',
      // SQLite lets a non-INTEGER primary key hold NULL (a legacy quirk); users and the LLM read PK as NOT NULL.
      nullable: !bool(r.not_null) && pk === 0,
      default: str(r.dflt),
      primaryKey: pk > 0,
      comment: null,
    });
  }
  for (const [, rows] of groupBy(fkRows, (r) => `${r.tbl}\u0000${r.id}`)) {
    const t = tables.get(null, String(rows[0].tbl));
    if (!t) continue;
    const refTable = String(rows[0].ref);
    let refColumns = rows.map((r) => str(r.refcol));
    // REFERENCES t without a column list means t's primary key.
    if (refColumns.some((c) => c === null)) {
      const target = tables.get(null, refTable) ?? tables.list().find((x) => x.name.toLowerCase() === refTable.toLowerCase());
      refColumns = target ? target.columns.filter((c) => c.primaryKey).map((c) => c.name) : refColumns;
    }
    const fk: ForeignKey = { columns: rows.map((r) => String(r.col)), refTable, refColumns: refColumns.map((c) => c ?? '') };
    t.foreignKeys.push(fk);
  }
  // pragma_foreign_key_list numbers constraints from the last declared; present them in declaration order.
  for (const t of tables.list()) t.foreignKeys.reverse();
  for (const [, rows] of groupBy(uniqueRows, (r) => `${r.tbl}\u0000${r.idx}`)) {
    const t = tables.get(null, String(rows[0].tbl));
    if (!t || rows.some((r) => r.col === null)) continue;
    const name = String(rows[0].idx);
    t.uniques.push({ name: rows[0].origin === 'u' && name.startsWith('sqlite_autoindex_') ? null : name, columns: rows.map((r) => String(r.col)) });
  }
  return tables.list();
}
