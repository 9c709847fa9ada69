// Damaged run state: kept aside, reported, never read as "not trained"; other datasets untouched; the single
// runs.json of earlier versions split into one file per dataset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStateStore, initialRunState, legacyRunStateFile, runStateDir, runStateFile } from '../../src/core/dataset/run-state';

const root = mkdtempSync(join(tmpdir(), 'tt-rsd-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

const a = { collection: 'sales-1234abcd' };
const b = { collection: 'hr-5678abcd' };
const activeOf = (p: string) => ({ ddl: `${p}-ddl-r1`, documentation: `${p}-doc-r1`, sql: `${p}-sql-r1` });
const trained = (p: string) => ({ ...initialRunState(), status: 'completed' as const, progress: 100, activeCollections: activeOf(p) });

test('a damaged state file is kept aside byte for byte, reported as failed (not "not trained"), and the other dataset keeps its state', async () => {
  const dir = join(root, 'a');
  const store = RunStateStore.forDirectory(dir);
  await store.set(a, trained(a.collection));
  await store.set(b, trained(b.collection));
  const file = runStateFile(dir, a.collection);
  const garbage = '{"status": "completed", "activeColl';
  writeFileSync(file, garbage);

  const s = await store.get(a);
  assert.equal(s.status, 'failed');
  assert.equal(s.activeCollections, null);
  assert.ok(s.damaged, 'marked damaged');
  assert.match(s.error ?? '', /could not be read \(damaged\); it was kept as .*\.damaged-.*Train the dataset again/);
  const aside = readdirSync(runStateDir(dir)).filter((f) => f.startsWith(`${a.collection}.json.damaged-`));
  assert.equal(aside.length, 1);
  assert.equal(readFileSync(join(runStateDir(dir), aside[0]), 'utf8'), garbage);
  assert.equal(s.damaged?.keptAs, join(runStateDir(dir), aside[0]));

  // Read again (another command later): still damaged, not pending, and nothing else moved aside.
  const again = RunStateStore.forDirectory(dir);
  assert.equal((await again.get(a)).status, 'failed');
  assert.ok((await again.get(a)).damaged);
  assert.equal(readdirSync(runStateDir(dir)).filter((f) => f.includes('.damaged-')).length, 1);
  assert.deepEqual((await again.get(b)).activeCollections, activeOf(b.collection));

  // A write for the other dataset does not touch the damaged one's record.
  await again.update(b, { lastTrainedAt: 'now' });
  assert.ok((await again.get(a)).damaged);

  // A successful train clears the mark (the pipeline writes damaged: null with its new collections).
  await again.update(a, { ...trained(a.collection), damaged: null });
  const fixed = await again.get(a);
  assert.equal(fixed.status, 'completed');
  assert.equal(fixed.damaged, null);
});

test('a state file holding valid JSON that is not an object counts as damaged too', async () => {
  const dir = join(root, 'b');
  mkdirSync(runStateDir(dir), { recursive: true });
  writeFileSync(runStateFile(dir, a.collection), '[]');
  const s = await RunStateStore.forDirectory(dir).get(a);
  assert.equal(s.status, 'failed');
  assert.ok(s.damaged);
});

test('the single runs.json of earlier versions is split into one file per dataset and kept as a backup', async () => {
  const dir = join(root, 'c');
  const legacy = legacyRunStateFile(dir);
  mkdirSync(join(dir, '.tabletalk', 'state'), { recursive: true });
  writeFileSync(legacy, JSON.stringify({ [`tabletalk.runState.${a.collection}`]: trained(a.collection), [`tabletalk.runState.${b.collection}`]: trained(b.collection) }));
  const store = RunStateStore.forDirectory(dir);
  assert.deepEqual((await store.get(a)).activeCollections, activeOf(a.collection));
  assert.deepEqual((await store.get(b)).activeCollections, activeOf(b.collection));
  assert.equal(existsSync(legacy), false);
  assert.equal(readdirSync(join(dir, '.tabletalk', 'state')).filter((f) => f.startsWith('runs.json.migrated-')).length, 1);
  assert.equal(JSON.parse(readFileSync(runStateFile(dir, b.collection), 'utf8')).status, 'completed');
});

test('a damaged runs.json of earlier versions is kept aside and every dataset without a file of its own reads as damaged', async () => {
  const dir = join(root, 'd');
  const legacy = legacyRunStateFile(dir);
  mkdirSync(join(dir, '.tabletalk', 'state'), { recursive: true });
  writeFileSync(legacy, '{ "tabletalk.runState.sales-1234abcd": {"status": "comp');
  const store = RunStateStore.forDirectory(dir);
  const s = await store.get(a);
  assert.equal(s.status, 'failed');
  assert.ok(s.damaged);
  assert.match(s.error ?? '', /runs\.json could not be read/);
  assert.equal(existsSync(legacy), false);
  assert.equal(readdirSync(join(dir, '.tabletalk', 'state')).filter((f) => f.startsWith('runs.json.damaged-')).length, 1);
  // Training it writes a state of its own; the others still read as damaged.
  await store.set(a, { ...trained(a.collection), damaged: null });
  assert.equal((await store.get(a)).status, 'completed');
  assert.ok((await store.get(b)).damaged);
});
