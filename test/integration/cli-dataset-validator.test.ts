// The built bundles validate dataset files with a validator precompiled at build time (esbuild.mjs, ajv standalone
// code) instead of compiling the schema on every CLI call: it must accept and refuse exactly what the validator
// compiled from source does, with the same messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validateDataset } from '../../src/core/dataset/validate-dataset';

const cliPath = resolve(__dirname, '../../dist/cli.js');
const skip = existsSync(cliPath) ? undefined : 'dist/cli.js not built (npm test builds it; or run node esbuild.mjs)';
const work = mkdtempSync(join(tmpdir(), 'tt-validator-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const valid = {
  version: 1, name: 'shop', datasource: 'sqlite:///nowhere/shop.sqlite', collection: 'tt_shop_0123abcd',
  tables: [{ name: 'orders', schema: null }], terms: [], examples: [], modeling: { relationships: [], rejected: [], positions: {} },
};

function cliVerdict(definition: unknown): string {
  const dir = join(work, String(Math.random()).slice(2));
  mkdirSync(join(dir, '.tabletalk', 'datasets'), { recursive: true });
  writeFileSync(join(dir, '.tabletalk', 'datasets', 'shop.json'), JSON.stringify(definition));
  // `retrieve` on a dataset that was never trained: a valid file gets past validation to "not trained".
  const r = spawnSync(process.execPath, [cliPath, 'retrieve', '--name', 'shop', '--dir', dir, '--question', 'orders?', '--json'], { encoding: 'utf8', timeout: 60_000 });
  assert.notEqual(r.status, 0);
  return r.stderr;
}

test('the built CLI refuses what the source validator refuses, with the same reasons, and accepts what it accepts', { skip }, () => {
  assert.ok(validateDataset(valid), JSON.stringify(validateDataset.errors));
  assert.doesNotMatch(cliVerdict(valid), /does not match the dataset schema/);
  const broken = [
    { ...valid, version: 2 },
    { ...valid, tables: [{ name: 5 }], terms: undefined },
    { ...valid, name: '', examples: [{ question: 'x' }] },
  ];
  for (const b of broken) {
    assert.equal(validateDataset(JSON.parse(JSON.stringify(b))), false);
    const reasons = validateDataset.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`);
    const said = cliVerdict(b);
    assert.match(said, /does not match the dataset schema/);
    for (const reason of reasons.slice(0, 3)) assert.ok(said.includes(reason), `${reason} not in: ${said}`);
  }
});
