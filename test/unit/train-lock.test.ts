// The cross-process training lock: refused while its holder lives, taken over once it is dead or silent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { acquireTrainLock, trainLockFile, TrainLockHeldError } from '../../src/core/dataset/train-lock';

const root = mkdtempSync(join(tmpdir(), 'tt-lock-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim());
}

function plant(dir: string, holder: object, ageMs = 0): string {
  const path = trainLockFile(dir, 'sales-1234abcd');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(holder));
  const t = new Date(Date.now() - ageMs);
  utimesSync(path, t, t);
  return path;
}

test('a held lock refuses a second taker and names the holder; release frees it', () => {
  const dir = join(root, 'a');
  const lock = acquireTrainLock(dir, 'sales-1234abcd', 'Sales', 'tabletalk CLI');
  assert.deepEqual(JSON.parse(readFileSync(lock.path, 'utf8')).pid, process.pid);
  assert.throws(() => acquireTrainLock(dir, 'sales-1234abcd', 'Sales', 'VS Code'), (e: unknown) => {
    assert.ok(e instanceof TrainLockHeldError);
    assert.match(e.message, new RegExp(`Dataset "Sales" is already training \\(process ${process.pid} on .+ \\(tabletalk CLI\\) since `));
    return true;
  });
  // Another dataset is independent.
  acquireTrainLock(dir, 'other-1234abcd', 'Other', 'VS Code').release();
  lock.release();
  assert.equal(existsSync(lock.path), false);
  acquireTrainLock(dir, 'sales-1234abcd', 'Sales', 'VS Code').release();
});

test('a lock of a live process in another process is held', async (t) => {
  const dir = join(root, 'b');
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  t.after(() => child.kill());
  plant(dir, { pid: child.pid, hostname: hostname(), startedAt: new Date().toISOString(), tool: 'VS Code' });
  assert.throws(() => acquireTrainLock(dir, 'sales-1234abcd', 'Sales', 'tabletalk CLI'), new RegExp(`process ${child.pid} on .*\\(VS Code\\)`));
});

test('the lock of a dead process is taken over', () => {
  const dir = join(root, 'c');
  const pid = deadPid();
  plant(dir, { pid, hostname: hostname(), startedAt: new Date().toISOString(), tool: 'tabletalk CLI' });
  const lock = acquireTrainLock(dir, 'sales-1234abcd', 'Sales', 'VS Code');
  assert.equal(JSON.parse(readFileSync(lock.path, 'utf8')).pid, process.pid);
  lock.release();
});

test('a live pid whose lock has not been touched for minutes (pid reused, or a frozen run) is taken over', async (t) => {
  const dir = join(root, 'd');
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  t.after(() => child.kill());
  plant(dir, { pid: child.pid, hostname: hostname(), startedAt: new Date().toISOString(), tool: 'VS Code' }, 5 * 60_000);
  acquireTrainLock(dir, 'sales-1234abcd', 'Sales', 'tabletalk CLI').release();
});

test('an unreadable lock is held while fresh and taken over once old', () => {
  const dir = join(root, 'e');
  const path = plant(dir, {});
  writeFileSync(path, 'garbage');
  assert.throws(() => acquireTrainLock(dir, 'sales-1234abcd', 'Sales', 'VS Code'), new RegExp(`lock file ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const old = new Date(Date.now() - 5 * 60_000);
  utimesSync(path, old, old);
  acquireTrainLock(dir, 'sales-1234abcd', 'Sales', 'VS Code').release();
});

test('release leaves a lock that another process took over in place', () => {
  const dir = join(root, 'f');
  const lock = acquireTrainLock(dir, 'sales-1234abcd', 'Sales', 'VS Code');
  const theirs = JSON.stringify({ pid: 1, hostname: hostname(), startedAt: new Date().toISOString(), tool: 'tabletalk CLI' });
  writeFileSync(lock.path, theirs);
  lock.release();
  assert.equal(readFileSync(lock.path, 'utf8'), theirs);
});
