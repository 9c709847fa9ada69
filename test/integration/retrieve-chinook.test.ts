// Retrieval v1 over a Chinook model trained for real into embedded Chroma.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { connect, parseDatasourceUrl, type Driver } from '../../src/core/datasource/index';
import { DatasetStore, datasetsDir } from '../../src/core/dataset/store';
import { RunStateStore, initialRunState } from '../../src/core/dataset/run-state';
import type { DatasetDefinition } from '../../src/core/dataset/types';
import { EmbeddedChroma } from '../../src/core/vector/chroma-server';
import { EmbedderMismatchError, VectorStore } from '../../src/core/vector/vector-store';
import { BuiltinEmbedder } from '../../src/core/vector/builtin-embedder';
import { train } from '../../src/core/training/pipeline';
import { retrieve, NotTrainedError } from '../../src/core/ask/retrieve';
import { chinookCopy, noChinook, tempDir } from '../support/train-setup';

const root = tempDir('tt-retrieve-');
let chroma: EmbeddedChroma;
let store: VectorStore;
let driver: Driver;
let dataset: DatasetDefinition;
let runState: RunStateStore;
const embedder = new BuiltinEmbedder();

test.before(async () => {
  if (noChinook) return;
  chroma = new EmbeddedChroma({ dataDir: join(root, 'chroma') });
  store = new VectorStore(chroma);
  const { url } = chinookCopy(root);
  driver = await connect(parseDatasourceUrl(url));
  const tables = (await driver.introspect()).tables.map((t) => ({ name: t.name, schema: t.schema }));
  dataset = await new DatasetStore(datasetsDir(root)).create({
    name: 'chinook',
    datasource: url,
    tables,
    terms: [{ term: '销售额', definition: '发票行单价乘以数量的总和', tables: ['InvoiceLine', 'Invoice'] }],
    examples: [{ question: 'Which customers spent the most?', sql: 'SELECT c."CustomerId", SUM(i."Total") AS spent FROM "Customer" c JOIN "Invoice" i ON i."CustomerId" = c."CustomerId" GROUP BY c."CustomerId" ORDER BY spent DESC LIMIT 10' }],
  });
  runState = RunStateStore.forDirectory(root);
  await train(dataset, { driver, store, embedder, runState });
});
test.after(async () => {
  await driver?.close();
  await chroma?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('ranks the tables a question names first, with their DDL and matching examples', { skip: noChinook }, async () => {
  const state = await runState.get(dataset);
  const r = await retrieve(dataset, state, 'Which artists have the most albums?', { store, embedder, k: 5 });
  assert.deepEqual(r.tables.slice(0, 2).sort(), ['Album', 'Artist']);
  assert.equal(r.ddl.length, 5);
  assert.match(r.ddl[0], /^CREATE TABLE "(Album|Artist)"/);
  assert.equal(r.examples[0].question, 'Which artists have the most albums?');
  assert.match(r.examples[0].sql, /JOIN "Artist"/);
  assert.ok(r.hits.ddl.every((h, i) => i === 0 || h.distance >= r.hits.ddl[i - 1].distance), 'hits come nearest first');

  const spend = await retrieve(dataset, state, 'Which customers spent the most money on invoices?', { store, embedder, k: 5 });
  assert.ok(spend.tables.slice(0, 3).includes('Customer') && spend.tables.slice(0, 3).includes('Invoice'), spend.tables.join(', '));
  assert.equal(spend.examples[0].question, 'Which customers spent the most?');
});

test('k bounds the hits per collection', { skip: noChinook }, async () => {
  const state = await runState.get(dataset);
  const r = await retrieve(dataset, state, 'tracks', { store, embedder, k: 2 });
  assert.equal(r.ddl.length, 2);
  assert.equal(r.documentation.length, 2);
  assert.equal(r.examples.length, 2);
});

test('a Chinese question finds the Chinese business term and the tables it points at', { skip: noChinook }, async () => {
  const r = await retrieve(dataset, await runState.get(dataset), '按国家统计销售额', { store, embedder, k: 5 });
  assert.match(r.documentation[0], /Business term: 销售额/);
  assert.ok(r.tables.includes('InvoiceLine') && r.tables.includes('Invoice'), r.tables.join(', '));
});

test('an untrained dataset and a different embedder are clear errors', { skip: noChinook }, async () => {
  await assert.rejects(retrieve(dataset, initialRunState(), 'x', { store, embedder }), (e: unknown) => e instanceof NotTrainedError && /has not been trained yet/.test(e.message) && /Train the dataset first/.test(e.hint));
  await assert.rejects(retrieve(dataset, { ...initialRunState(), status: 'training' }, 'x', { store, embedder }), /training for the first time/);
  const state = await runState.get(dataset);
  await assert.rejects(retrieve(dataset, state, 'x', { store, embedder: new BuiltinEmbedder(256) }), (e: unknown) => e instanceof EmbedderMismatchError && /Retrain/.test(e.hint ?? '') && /builtin-hash-v2-1024/.test(e.message));
});
