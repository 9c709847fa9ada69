// Awkward names (reserved words, spaces, quotes, backticks, unicode, mixed case) introspect exactly and quote
// correctly in queries; a composite foreign key keeps its column order; a view is a view; an empty database is
// an empty list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, q, removeTempDirs, targets } from './introspect-support';

test.after(removeTempDirs);

for (const t of targets()) {
  test(`${t.label}: awkward identifiers, composite FK, unique constraint and a view`, { skip: t.skip }, async () => {
    const Q = (s: string) => q(t.dialect, s);
    const text = t.dialect === 'mysql' ? 'varchar(20)' : 'varchar(20)';
    const ddl = [
      `CREATE TABLE ${Q('select')} (${Q('order')} integer PRIMARY KEY, ${Q('Quote"d')} ${text}, ${Q('名前')} ${text}, ${Q('MixedCase')} integer, ${Q('back`tick')} integer,
         CONSTRAINT ${Q('uq quote mixed')} UNIQUE (${Q('Quote"d')}, ${Q('MixedCase')}))`,
      `CREATE TABLE ${Q('My Table')} (${Q('id')} integer PRIMARY KEY, ${Q('select id')} integer, FOREIGN KEY (${Q('select id')}) REFERENCES ${Q('select')} (${Q('order')}))`,
      `CREATE TABLE ${Q('表格')} (${Q('a')} integer NOT NULL, ${Q('b')} integer NOT NULL, ${Q('名前')} ${text} DEFAULT 'x', PRIMARY KEY (${Q('a')}, ${Q('b')}))`,
      `CREATE TABLE ${Q('Child')} (${Q('id')} integer PRIMARY KEY, ${Q('x')} integer, ${Q('y')} integer, FOREIGN KEY (${Q('y')}, ${Q('x')}) REFERENCES ${Q('表格')} (${Q('a')}, ${Q('b')}))`,
      `CREATE VIEW ${Q('My View')} AS SELECT ${Q('order')}, ${Q('名前')} FROM ${Q('select')}`,
      `INSERT INTO ${Q('select')} VALUES (1, 'plain', '一', 10, 0), (2, 'it''s "quoted"', '二', 20, 1), (3, 'third', '三', 30, 2)`,
    ];
    const scratch = await t.scratch(ddl);
    try {
      const d = await open(t, scratch.url);
      try {
        const s = await d.introspect();
        assert.deepEqual(s.tables.map((x) => x.name).sort(), ['Child', 'My Table', 'My View', 'select', '表格'].sort());
        const get = (name: string) => {
          const x = s.tables.find((y) => y.name === name);
          assert.ok(x, name);
          return x;
        };
        const sel = get('select');
        assert.deepEqual(sel.columns.map((c) => c.name), ['order', 'Quote"d', '名前', 'MixedCase', 'back`tick']);
        assert.deepEqual(sel.columns.filter((c) => c.primaryKey).map((c) => c.name), ['order']);
        assert.deepEqual(sel.uniques.map((u) => u.columns), [['Quote"d', 'MixedCase']]);
        assert.equal(sel.kind, 'table');
        assert.deepEqual(get('My Table').foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]), [[['select id'], 'select', ['order']]]);
        assert.deepEqual(get('Child').foreignKeys.map((f) => [f.columns, f.refTable, f.refColumns]), [[['y', 'x'], '表格', ['a', 'b']]]);
        const grid = get('表格');
        assert.deepEqual(grid.columns.filter((c) => c.primaryKey).map((c) => c.name), ['a', 'b']);
        assert.match(grid.columns[2].default ?? '', /x/);
        const view = get('My View');
        assert.equal(view.kind, 'view');
        assert.deepEqual(view.columns.map((c) => c.name), ['order', '名前']);
        assert.equal(view.rowEstimate, null);

        // The driver's quoting makes every one of those names usable in SQL, values bound.
        const r = await d.queryReadOnly(
          `SELECT ${d.quoteIdent('Quote"d')} AS v, ${d.quoteIdent('名前')} AS n, ${d.quoteIdent('back`tick')} AS b FROM ${d.qualify(sel)} WHERE ${d.quoteIdent('order')} = ${t.param(1)}`,
          [2],
        );
        assert.deepEqual(r.rows.map((x) => ({ ...x, b: Number(x.b) })), [{ v: 'it\'s "quoted"', n: '二', b: 1 }]);
        const v = await d.queryReadOnly(`SELECT count(*) AS c FROM ${d.qualify(view)}`);
        assert.equal(Number(v.rows[0].c), 3);
      } finally {
        await d.close();
      }
    } finally {
      await scratch.drop();
    }
  });

  test(`${t.label}: a database with no tables introspects to an empty list`, { skip: t.skip }, async () => {
    const scratch = await t.scratch([]);
    try {
      const d = await open(t, scratch.url);
      try {
        const s = await d.introspect();
        assert.deepEqual(s.tables, []);
        assert.equal(s.dialect, t.dialect);
      } finally {
        await d.close();
      }
    } finally {
      await scratch.drop();
    }
  });
}
