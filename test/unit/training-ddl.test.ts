// CREATE TABLE text per dialect: quoting, NOT NULL, defaults, keys, comments, declared and modeled foreign keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Column, Table } from '../../src/core/datasource/types';
import type { Relationship } from '../../src/core/dataset/types';
import { createTableDdl } from '../../src/core/training/ddl';

const col = (name: string, type: string, extra: Partial<Column> = {}): Column => ({ name, type, nullable: true, default: null, primaryKey: false, comment: null, ...extra });

function orders(schema: string | null): Table {
  return {
    name: 'order items',
    schema,
    kind: 'table',
    rowEstimate: 10,
    comment: "Lines of an order; price in EUR's",
    columns: [
      col('id', 'INTEGER', { nullable: false, primaryKey: true }),
      col('order_id', 'INTEGER', { nullable: false }),
      col('sku', 'VARCHAR(20)', { nullable: false, comment: 'stock "keeping" unit' }),
      col('qty', 'INTEGER', { nullable: false, default: '1' }),
      col('product_ref', 'INTEGER'),
    ],
    foreignKeys: [{ columns: ['order_id'], refTable: 'orders', refSchema: null, refColumns: ['id'] }],
    uniques: [{ name: 'uq_sku', columns: ['order_id', 'sku'] }, { name: 'pk', columns: ['id'] }],
  };
}

const modeled: Relationship = { id: 'order items.product_ref->products.id', source: 'order items', sourceColumns: ['product_ref'], target: 'products', targetColumns: ['id'], type: 'many-to-one', confidence: 0.8, origin: 'inferred' };
const duplicateOfDeclared: Relationship = { id: 'dup', source: 'order items', sourceColumns: ['order_id'], target: 'orders', targetColumns: ['id'], type: 'many-to-one', confidence: 1, origin: 'declared' };

test('SQLite: double quotes, comments as SQL comments, keys and modeled relationships as FOREIGN KEY lines', () => {
  const ddl = createTableDdl(orders(null), 'sqlite', [modeled, duplicateOfDeclared]);
  assert.equal(ddl, [
    "-- Lines of an order; price in EUR's",
    'CREATE TABLE "order items" (',
    '  "id" INTEGER NOT NULL,',
    '  "order_id" INTEGER NOT NULL,',
    '  "sku" VARCHAR(20) NOT NULL, -- stock "keeping" unit',
    '  "qty" INTEGER NOT NULL DEFAULT 1,',
    '  "product_ref" INTEGER,',
    '  PRIMARY KEY ("id"),',
    '  UNIQUE ("order_id", "sku"),',
    '  FOREIGN KEY ("order_id") REFERENCES "orders" ("id"),',
    '  FOREIGN KEY ("product_ref") REFERENCES "products" ("id")',
    ');',
  ].join('\n'));
});

test('PostgreSQL: named constraints, COMMENT ON statements with escaped quotes, non-default schema qualified', () => {
  const ddl = createTableDdl(orders('sales'), 'postgres', [modeled]);
  assert.match(ddl, /^CREATE TABLE "sales"\."order items" \(\n/);
  assert.match(ddl, / {2}CONSTRAINT "uq_sku" UNIQUE \("order_id", "sku"\),\n/);
  assert.match(ddl, /FOREIGN KEY \("order_id"\) REFERENCES "sales"\."orders" \("id"\)/);
  assert.match(ddl, /FOREIGN KEY \("product_ref"\) REFERENCES "sales"\."products" \("id"\)\n\);/);
  assert.match(ddl, /\nCOMMENT ON TABLE "sales"\."order items" IS 'Lines of an order; price in EUR''s';/);
  assert.match(ddl, /\nCOMMENT ON COLUMN "sales"\."order items"\."sku" IS 'stock "keeping" unit';/);
  assert.ok(!createTableDdl(orders('public'), 'postgres').includes('"public".'), 'the default schema is left out');
});

test('MySQL: backticks, inline COMMENT clauses, table COMMENT option', () => {
  const t = orders(null);
  t.columns[2].comment = 'it`s a \\ code';
  const ddl = createTableDdl(t, 'mysql', [modeled]);
  assert.match(ddl, /^CREATE TABLE `order items` \(\n/);
  assert.match(ddl, / {2}`sku` VARCHAR\(20\) NOT NULL COMMENT 'it`s a \\\\ code',\n/);
  assert.match(ddl, /PRIMARY KEY \(`id`\)/);
  assert.match(ddl, /FOREIGN KEY \(`product_ref`\) REFERENCES `products` \(`id`\)/);
  assert.match(ddl, /\) COMMENT='Lines of an order; price in EUR''s';$/);
});

test('a one-to-many relationship puts the key in the "many" table', () => {
  const rel: Relationship = { id: 'r', source: 'products', sourceColumns: ['id'], target: 'order items', targetColumns: ['product_ref'], type: 'one-to-many', confidence: 1, origin: 'user' };
  const ddl = createTableDdl(orders(null), 'sqlite', [rel]);
  assert.match(ddl, /FOREIGN KEY \("product_ref"\) REFERENCES "products" \("id"\)/);
  const products: Table = { name: 'products', schema: null, kind: 'table', rowEstimate: 1, columns: [col('id', 'INTEGER', { primaryKey: true, nullable: false })], foreignKeys: [], uniques: [] };
  assert.ok(!createTableDdl(products, 'sqlite', [rel]).includes('FOREIGN KEY'));
});

test('identifiers with quote characters are escaped by doubling', () => {
  const t: Table = { name: 'we"ird`', schema: null, kind: 'table', rowEstimate: 0, columns: [col('c"1', 'TEXT')], foreignKeys: [], uniques: [] };
  assert.match(createTableDdl(t, 'sqlite'), /CREATE TABLE "we""ird`" \(\n {2}"c""1" TEXT\n\);/);
  assert.match(createTableDdl(t, 'mysql'), /CREATE TABLE `we"ird``` \(\n {2}`c"1` TEXT\n\);/);
});
