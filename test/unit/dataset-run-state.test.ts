// The reload case: a run left in `training` by a process that is gone becomes `failed` with a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStateStore, initialRunState, markRunDone, markRunLive, runStateFile, type KeyValueBackend } from '../../src/core/dataset/run-state';
import type { DatasetRunState } from '../../src/core/dataset/types';

const root = mkdtempSync(join(tmpdir(), 'tt-rs-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

const ds = { collection: 'sales-1234abcd' };
const active = { ddl: 'sales-1234abcd-ddl-a1', documentation: 'sales-1234abcd-doc-a1', sql: 'sales-1234abcd-sql-a1' };

/** A pid that certainly belongs to no process: one that just exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']);
  return Number(r.stdout.toString().trim());
}

function trainingState(pid: number, heartbeatAt = new Date().toISOString()): DatasetRunState {
  return { ...initialRunState(), status: 'training', progress: 42, step: 'train DDL', activeCollections: active, run: { id: 'run1', pid, hostname: hostname(), startedAt: heartbeatAt, heartbeatAt } };
}

test('a training state whose process died turns into failed with a message, and the model stays active', async () => {
  const store = RunStateStore.forDirectory(join(root, 'a'));
  const pid = deadPid();
  await store.set(ds, trainingState(pid));
  const state = await store.get(ds);
  assert.equal(state.status, 'failed');
  assert.match(state.error ?? '', /interrupted/);
  assert.match(state.error ?? '', new RegExp(`process ${pid}`));
  assert.match(state.error ?? '', /previously trained model is unchanged/);
  assert.deepEqual(state.activeCollections, active);
  assert.equal(state.run, null);
  // It was written back: the file no longer says training.
  const file = JSON.parse(readFileSync(runStateFile(join(root, 'a'), ds.collection), 'utf8'));
  assert.equal(file.status, 'failed');
});

test('a training state of a live process stays training', async (t) => {
  const store = RunStateStore.forDirectory(join(root, 'b'));
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  t.after(() => child.kill());
  await store.set(ds, trainingState(child.pid as number));
  assert.equal((await store.get(ds)).status, 'training');
  assert.deepEqual(await store.recoverInterrupted(), []);
});

test('a live pid with a heartbeat older than a minute is a dead run (pid reused)', async (t) => {
  const store = RunStateStore.forDirectory(join(root, 'c'));
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  t.after(() => child.kill());
  await store.set(ds, trainingState(child.pid as number, new Date(Date.now() - 120_000).toISOString()));
  assert.equal((await store.get(ds)).status, 'failed');
});

test('in this process, only a run still registered as live counts', async () => {
  const store = RunStateStore.forDirectory(join(root, 'd'));
  await store.set(ds, trainingState(process.pid));
  markRunLive('run1');
  assert.equal((await store.get(ds)).status, 'training');
  markRunDone('run1');
  assert.equal((await store.get(ds)).status, 'failed');
});

test('recoverInterrupted() fixes every dataset at once, through any Memento-like backend', async () => {
  const map = new Map<string, unknown>();
  const memento: KeyValueBackend = { keys: () => [...map.keys()], get: <T>(k: string) => map.get(k) as T | undefined, update: async (k, v) => { if (v === undefined) map.delete(k); else map.set(k, v); } };
  const store = new RunStateStore(memento);
  await store.set({ collection: 'one-11111111' }, trainingState(deadPid()));
  await store.set({ collection: 'two-22222222' }, { ...initialRunState(), status: 'completed', activeCollections: active });
  assert.deepEqual(await store.recoverInterrupted(), ['one-11111111']);
  assert.equal(store.peek({ collection: 'one-11111111' }).status, 'failed');
  assert.equal(store.peek({ collection: 'two-22222222' }).status, 'completed');
});
