import { test } from 'node:test';
import assert from 'node:assert/strict';
import { belongsToDataset, generateCollectionName, isValidCollectionName, slugify, stagingCollectionName, newRunId } from '../../src/core/dataset/naming';

// Chroma's own rule, written out independently of the implementation.
const chromaValid = (n: string) => n.length >= 3 && n.length <= 512 && /^[a-zA-Z0-9._-]+$/.test(n) && /^[a-zA-Z0-9]/.test(n) && /[a-zA-Z0-9]$/.test(n);

test('collection names are valid for Chroma for every kind of dataset name', () => {
  const names = ['Sales', 'Sales (EU) 2024', '销售', '销售额 Q1', 'ü', 'a', '---', '  ', '😀 emoji', 'Ünïcödé Façade', 'x'.repeat(2000), 'Données/ventes', '.hidden.'];
  for (const n of names) {
    const c = generateCollectionName(n);
    assert.ok(chromaValid(c), `${JSON.stringify(n)} -> ${c}`);
    for (const kind of ['ddl', 'documentation', 'sql'] as const) assert.ok(chromaValid(stagingCollectionName(c, kind, newRunId())), `staging of ${c}`);
  }
});

test('the name is readable where it can be and unique every time', () => {
  assert.equal(slugify('Sales (EU) 2024'), 'sales-eu-2024');
  assert.equal(slugify('Ünïcödé Façade'), 'unicode-facade');
  assert.equal(slugify('销售'), '');
  assert.match(generateCollectionName('Sales (EU)'), /^sales-eu-[0-9a-f]{8}$/);
  assert.match(generateCollectionName('销售'), /^ds-[0-9a-f]{6}-[0-9a-f]{8}$/);
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) seen.add(generateCollectionName('Sales'));
  assert.equal(seen.size, 200);
});

test('a name already taken is never handed out again', () => {
  const values = ['aaaa0000', 'aaaa0000', 'bbbb1111'];
  const c = generateCollectionName('Sales', ['sales-aaaa0000'], () => values.shift() as string);
  assert.equal(c, 'sales-bbbb1111');
});

test('a dataset owns its staging and active collections and nothing else', () => {
  const prefix = 'sales-1234abcd';
  const run = newRunId();
  assert.ok(belongsToDataset(prefix, stagingCollectionName(prefix, 'ddl', run)));
  assert.ok(belongsToDataset(prefix, stagingCollectionName(prefix, 'documentation', run)));
  assert.ok(!belongsToDataset(prefix, 'sales-1234abcd-x'));
  assert.ok(!belongsToDataset(prefix, 'sales-1234abcd2-ddl-abc'));
  assert.ok(!belongsToDataset('sales', 'sales-1234abcd-ddl-abc'), 'a longer prefix of another dataset');
  assert.ok(isValidCollectionName(prefix));
});
