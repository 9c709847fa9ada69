// The offline embedder: normalised fixed-size vectors whose similarities follow word and identifier overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuiltinEmbedder, features, singular, splitIdentifier } from '../../src/core/vector/builtin-embedder';

const e = new BuiltinEmbedder();
const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

const albumDdl = 'CREATE TABLE "Album" ("AlbumId" INTEGER NOT NULL, "Title" NVARCHAR(160) NOT NULL, "ArtistId" INTEGER NOT NULL, PRIMARY KEY ("AlbumId"), FOREIGN KEY ("ArtistId") REFERENCES "Artist" ("ArtistId"));';
const customerDdl = 'CREATE TABLE "Customer" ("CustomerId" INTEGER NOT NULL, "FirstName" NVARCHAR(40) NOT NULL, "Country" NVARCHAR(40), "SupportRepId" INTEGER, PRIMARY KEY ("CustomerId"));';
const invoiceLineDdl = 'CREATE TABLE invoice_line (invoice_line_id INTEGER NOT NULL, invoice_id INTEGER NOT NULL, unit_price NUMERIC(10,2), quantity INTEGER);';

test('vectors have the fixed dimension and unit length, also for empty and stopword-only text', async () => {
  const vs = await e.embed(['Which artists have the most albums?', '', 'the of and which', '销售额', albumDdl]);
  for (const v of vs) {
    assert.equal(v.length, 1024);
    assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5);
    assert.ok(v.every(Number.isFinite));
  }
  assert.equal(e.id, 'builtin-hash-v2-1024');
  assert.equal(new BuiltinEmbedder(256).embedOne('x').length, 256);
});

test('the same text always gives the same vector', async () => {
  const [a] = await e.embed(['Top customers by country']);
  const [b] = await new BuiltinEmbedder().embed(['Top customers by country']);
  assert.deepEqual(a, b);
});

test('a question is closer to the tables it names than to others', async () => {
  const [q, album, customer] = await e.embed(['Which artists have the most albums?', albumDdl, customerDdl]);
  assert.ok(cos(q, album) > 0.4, `album ${cos(q, album)}`);
  assert.ok(cos(q, album) > cos(q, customer) + 0.3, `album ${cos(q, album)} vs customer ${cos(q, customer)}`);
});

test('identifiers match their words in every casing: snake_case, camelCase, PascalCase', async () => {
  const [q, snake, pascal, other] = await e.embed(['total of invoice lines', invoiceLineDdl, 'CREATE TABLE "InvoiceLine" ("InvoiceLineId" INTEGER, "UnitPrice" NUMERIC)', customerDdl]);
  assert.ok(cos(q, snake) > cos(q, other) + 0.2);
  assert.ok(cos(q, pascal) > cos(q, other) + 0.2);
  assert.deepEqual(splitIdentifier('InvoiceLine'), ['invoice', 'line']);
  assert.deepEqual(splitIdentifier('invoice_line_id'), ['invoice', 'line', 'id']);
  assert.deepEqual(splitIdentifier('customerId'), ['customer', 'id']);
  assert.deepEqual(splitIdentifier('HTTPServer2'), ['http', 'server', '2']);
});

test('English plurals meet their singular', () => {
  assert.equal(singular('albums'), 'album');
  assert.equal(singular('categories'), 'category');
  assert.equal(singular('addresses'), 'address');
  assert.equal(singular('boxes'), 'box');
  assert.equal(singular('genres'), 'genre');
  assert.equal(singular('status'), 'status');
  assert.equal(singular('analysis'), 'analysis');
  assert.equal(singular('movies'), 'movie');
  assert.equal(singular('series'), 'series');
  assert.ok(features('movies').has('w:movie'), 'a question about movies meets a Movie table');
});

test('Chinese text matches by character bigrams: 销售额 finds the term document', async () => {
  const termDoc = 'Business term: 销售额\nMeaning: 发票行的单价乘以数量之和 (total sales)\nTables: Invoice, InvoiceLine';
  const otherDoc = 'Business term: 客户数量\nMeaning: 客户的总数\nTables: Customer';
  const [q, term, other] = await e.embed(['每个国家的销售额是多少？', termDoc, otherDoc]);
  assert.ok(cos(q, term) > cos(q, other) + 0.05, `term ${cos(q, term)} vs other ${cos(q, other)}`);
  const f = features('销售额');
  assert.ok(f.has('c2:销售') && f.has('c2:售额') && f.has('c:额'));
});

test('every embed() call is counted, with the texts it embedded', async () => {
  const fresh = new BuiltinEmbedder();
  await fresh.embed(['a', 'b']);
  await fresh.embed(['c']);
  assert.deepEqual(fresh.stats, { calls: 2, texts: 3 });
});
