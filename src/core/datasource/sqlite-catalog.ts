// SQLite introspection as data: one statement reads every table's columns, foreign keys and unique indexes
// (pragma table-valued functions joined to sqlite_master, aggregated to JSON per table so 2,000 tables come back
// as 2,000 rows, not 24,000), then one statement counts rows. Two statements whatever the table count.
import { TableSet, bool, num, str, type Row } from './catalog';
import { quoteIdent } from './quote';
import type { ForeignKey, Table } from './types';

/** The per-object catalog statement for the objects matching `where` (on sqlite_master AS m). */
function catalog(where: string): string {
  return `
    SELECT m.type AS kind, m.name AS tbl,
      (SELECT json_group_array(json_array(p.name, p.type, p."notnull", p.dflt_value, p.pk))
         FROM (SELECT * FROM pragma_table_info(m.name) ORDER BY cid) AS p) AS cols,
      (SELECT json_group_array(json_array(f.id, f."table", f."from", f."to"))
         FROM (SELECT * FROM pragma_foreign_key_list(m.name) ORDER BY id, seq) AS f) AS fks,
      -- Unique constraints and non-partial unique indexes; an expression column has a null name.
      (SELECT json_group_array(json_array(u.idx, u.origin, u.col))
         FROM (SELECT l.name AS idx, l.origin, i.name AS col
                 FROM pragma_index_list(m.name) AS l JOIN pragma_index_info(l.name) AS i
                WHERE l."unique" = 1 AND l.origin <> 'pk' AND l.partial = 0
                ORDER BY l.seq DESC, i.seqno) AS u) AS uniques
    FROM sqlite_master AS m
    WHERE ${where} AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
    ORDER BY m.name`;
}

export const sqliteCatalog = {
  tables: catalog(`m.type IN ('table', 'view')`),
  // A view over a dropped table makes pragma_table_info fail the whole statement; then these read around it.
  baseTables: catalog(`m.type = 'table'`),
  viewNames: `SELECT name FROM sqlite_master AS m WHERE m.type = 'view' ORDER BY name`,
  oneView: catalog(`m.type = 'view' AND m.name = ?`),
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

/**
 * Row estimates: exact COUNT(*)s in one statement while the file is at most this big (scanning 64 MB takes a
 * fraction of a second; the tree re-reads the catalog on refresh). Larger files: sqlite_stat1 when ANALYZE has
 * written it, else null ("unknown"), never a scan of gigabytes.
 */
export const EXACT_COUNT_MAX_BYTES = 64 * 1024 * 1024;

type ColumnTuple = [name: string, type: string | null, notnull: number, dflt: string | null, pk: number];
type FkTuple = [id: number, table: string, from: string, to: string | null];
type UniqueTuple = [idx: string, origin: string, col: string | null];

function parse<T>(json: unknown): T[] {
  return typeof json === 'string' ? (JSON.parse(json) as T[]) : [];
}

export function assembleSqlite(rows: Row[]): Table[] {
  const tables = new TableSet();
  const fksByTable = new Map<Table, FkTuple[]>();
  for (const r of rows) {
    const t = tables.ensure(null, String(r.tbl), () => ({ kind: r.kind === 'view' ? 'view' : 'table', rowEstimate: null }));
    for (const [name, type, notnull, dflt, pk] of parse<ColumnTuple>(r.cols)) {
      t.columns.push({
        name: String(name),
        type: str(type) ?? '',
        // SQLite lets a non-INTEGER primary key hold NULL (a legacy quirk); users and the LLM read PK as NOT NULL.
        nullable: !bool(notnull) && !(num(pk) ?? 0),
        default: str(dflt),
        primaryKey: (num(pk) ?? 0) > 0,
        comment: null,
      });
    }
    fksByTable.set(t, parse<FkTuple>(r.fks));
    const byIndex = new Map<string, UniqueTuple[]>();
    for (const u of parse<UniqueTuple>(r.uniques)) byIndex.set(u[0], [...(byIndex.get(u[0]) ?? []), u]);
    for (const [idx, cols] of byIndex) {
      if (cols.some((c) => c[2] === null)) continue;
      t.uniques.push({ name: cols[0][1] === 'u' && idx.startsWith('sqlite_autoindex_') ? null : idx, columns: cols.map((c) => String(c[2])) });
    }
  }
  // Second pass: a foreign key without a column list means the referenced table's primary key.
  for (const [t, fks] of fksByTable) {
    const byId = new Map<number, FkTuple[]>();
    for (const f of fks) byId.set(f[0], [...(byId.get(f[0]) ?? []), f]);
    // pragma_foreign_key_list numbers constraints from the last declared; present them in declaration order.
    for (const id of [...byId.keys()].sort((a, b) => b - a)) {
      const parts = byId.get(id) ?? [];
      const refTable = String(parts[0][1]);
      let refColumns = parts.map((p) => p[3]);
      if (refColumns.some((c) => c === null)) {
        const target = tables.get(null, refTable) ?? tables.list().find((x) => x.name.toLowerCase() === refTable.toLowerCase());
        if (target) refColumns = target.columns.filter((c) => c.primaryKey).map((c) => c.name);
      }
      const fk: ForeignKey = { columns: parts.map((p) => String(p[2])), refTable, refColumns: refColumns.map((c) => c ?? '') };
      t.foreignKeys.push(fk);
    }
  }
  return tables.list();
}
