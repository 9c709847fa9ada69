// Dataset files: schema validation, atomic writes, and broken files reported with their path, never overwritten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { DatasetFileError, DatasetStore, datasetsDir, parseDatasetFile } from '../../src/core/dataset/store';
import Ajv from 'ajv';
import { datasetSchema } from '../../src/core/dataset/schema';
import { isValidCollectionName } from '../../src/core/dataset/naming';

const root = mkdtempSync(join(tmpdir(), 'tt-ds-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

function freshStore(name: string): DatasetStore {
  return new DatasetStore(datasetsDir(join(root, name)));
}

test('schemas/dataset.schema.json is the schema the store validates with', () => {
  const file = JSON.parse(readFileSync(join(__dirname, '../../schemas/dataset.schema.json'), 'utf8'));
  assert.deepEqual(file, JSON.parse(JSON.stringify(datasetSchema)), 'regenerate schemas/dataset.schema.json from src/core/dataset/schema.ts');
});

test('the dataset schema is valid JSON Schema (the store compiles it without checking, to start fast)', () => {
  const ajv = new Ajv({ allowUnionTypes: true });
  assert.equal(ajv.validateSchema(datasetSchema), true, JSON.stringify(ajv.errors));
  // A broken schema is what this check catches.
  assert.equal(ajv.validateSchema({ ...datasetSchema, type: 'no-such-type' }), false);
});

test('create, list, get, rename and delete a dataset; the file is reviewable JSON', async () => {
  const store = freshStore('crud');
  const def = await store.create({ name: 'Sales', datasource: 'sqlite:///x.db', tables: [{ name: 'Invoice', schema: null }] });
  assert.ok(isValidCollectionName(def.collection));
  const path = join(store.dir, 'Sales.json');
  const onDisk = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(onDisk.name, 'Sales');
  assert.deepEqual(onDisk.tables, [{ name: 'Invoice', schema: null }]);
  assert.equal((await store.get('Sales'))?.collection, def.collection);
  await assert.rejects(store.create({ name: 'sales', datasource: 'x', tables: [] }), /already exists/);

  const renamed = await store.rename('Sales', 'Revenue');
  assert.equal(renamed.collection, def.collection, 'renaming keeps the trained model');
  assert.equal(await store.get('Sales'), undefined);
  assert.deepEqual(readdirSync(store.dir), ['Revenue.json']);

  await store.delete('Revenue');
  assert.deepEqual((await store.list()).datasets, []);
});

test('a Chinese dataset name gets its own file and a valid collection name', async () => {
  const store = freshStore('cjk');
  const def = await store.create({ name: '销售', datasource: 'x', tables: [], terms: [{ term: '销售额', definition: '发票金额合计', tables: ['Invoice'] }] });
  assert.ok(isValidCollectionName(def.collection), def.collection);
  assert.deepEqual(readdirSync(store.dir), ['销售.json']);
  assert.equal((await store.get('销售'))?.terms[0].term, '销售额');
});

test('writes are atomic: no temp files are left and a reader never sees half a file', async () => {
  const store = freshStore('atomic');
  const def = await store.create({ name: 'a', datasource: 'x', tables: [] });
  for (let i = 0; i < 20; i++) await store.save({ ...def, examples: [{ question: `q${i}`, sql: 'SELECT 1' }] });
  assert.deepEqual(readdirSync(store.dir), ['a.json']);
  assert.equal((await store.get('a'))?.examples[0].question, 'q19');
});

test('a corrupt file is reported with its path and the parse error, and never overwritten', async () => {
  const store = freshStore('corrupt');
  mkdirSync(store.dir, { recursive: true });
  const path = join(store.dir, 'broken.json');
  const bytes = '{ "version": 1, "name": "broken", ';
  writeFileSync(path, bytes);
  await assert.rejects(store.get('broken'), (e: unknown) => {
    assert.ok(e instanceof DatasetFileError);
    assert.equal(e.path, path);
    assert.match(e.message, /broken\.json/);
    assert.match(e.message, /not valid JSON/);
    return true;
  });
  // Neither creating nor saving a dataset of that name replaces the broken file.
  await assert.rejects(store.create({ name: 'broken', datasource: 'x', tables: [] }), DatasetFileError);
  await assert.rejects(
    store.save({ version: 1, name: 'broken', datasource: 'x', collection: 'broken-1234abcd', tables: [], terms: [], examples: [], modeling: { relationships: [], rejected: [], positions: {} } }),
    DatasetFileError,
  );
  assert.equal(readFileSync(path, 'utf8'), bytes);
  const listing = await store.list();
  assert.equal(listing.errors.length, 1);
  assert.equal(listing.errors[0].path, path);
});

test('a file that breaks the schema names the offending field', () => {
  const bad = JSON.stringify({ version: 1, name: 'x', datasource: 'd', collection: '-bad-', tables: [{ name: 'T' }], terms: [], examples: [], modeling: { relationships: [], rejected: [], positions: {} } });
  assert.throws(() => parseDatasetFile('/w/.tabletalk/datasets/x.json', bad), (e: unknown) => {
    assert.ok(e instanceof DatasetFileError);
    assert.match(e.message, /\/w\/\.tabletalk\/datasets\/x\.json/);
    assert.match(e.message, /\/collection/);
    assert.match(e.message, /\/tables\/0 must have required property 'schema'/);
    return true;
  });
});

test('an invalid definition is refused before it reaches the disk', async () => {
  const store = freshStore('invalid');
  const def = await store.create({ name: 'ok', datasource: 'x', tables: [] });
  const before = readFileSync(store.pathOf('ok'), 'utf8');
  await assert.rejects(store.save({ ...def, tables: [{ name: '', schema: null }] }), /not valid.*\/tables\/0\/name/);
  assert.equal(readFileSync(store.pathOf('ok'), 'utf8'), before);
});

test('two creates of one dataset at the same moment: one file, one collection name, the other refused', async () => {
  const dir = join(root, 'race');
  const stores = [new DatasetStore(dir), new DatasetStore(dir)];
  const results = await Promise.allSettled(stores.map((s) => s.create({ name: 'sales', datasource: 'sqlite:///x.db', tables: [{ name: 'Album', schema: null }] })));
  const made = results.filter((r) => r.status === 'fulfilled');
  assert.equal(made.length, 1, JSON.stringify(results.map((r) => r.status)));
  assert.match(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason), /A dataset named "sales" already exists/);
  assert.deepEqual(readdirSync(dir), ['sales.json']);
  assert.equal((await new DatasetStore(dir).get('sales'))?.collection, (made[0] as PromiseFulfilledResult<{ collection: string }>).value.collection);
});
