// PostgreSQL partitions and table-inheritance children are folded into their parent: one table in the schema,
// not a set of look-alike tables that relationship inference would guess as foreign keys to it. Views stay views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, removeTempDirs, targets } from './introspect-support';

test.after(removeTempDirs);

const pg = targets().find((t) => t.dialect === 'postgres')!;

test('postgres: partitions and inheritance children are folded into their parent; a view is a view', { skip: pg.skip }, async () => {
  const scratch = await pg.scratch([
    'CREATE TABLE measurement (id integer, logdate date NOT NULL, reading numeric) PARTITION BY RANGE (logdate)',
    "CREATE TABLE measurement_2025 PARTITION OF measurement FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
    "CREATE TABLE measurement_2026 PARTITION OF measurement FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
    'CREATE TABLE city (id integer PRIMARY KEY, name text)',
    'CREATE TABLE capital (state text) INHERITS (city)',
    'CREATE VIEW big_city AS SELECT * FROM city',
  ]);
  try {
    const d = await open(pg, scratch.url);
    try {
      const s = await d.introspect();
      assert.deepEqual(s.tables.map((t) => `${t.name}:${t.kind}`).sort(), ['big_city:view', 'city:table', 'measurement:table']);
    } finally {
      await d.close();
    }
  } finally {
    await scratch.drop();
  }
});
