// Issue 9, point 3: results are bounded in bytes, not only rows. Each query runs in a child process through the
// guarded runner; the child reports its peak resident memory (VmHWM) and what the user would get: a clear
// error, or values cut and marked. Nothing may crash or balloon, and no process may be left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const pgUrl = process.env.TABLETALK_TEST_PG_URL;
const myUrl = process.env.TABLETALK_TEST_MYSQL_URL;
const LIMIT_MB = 500;

function runChild(url: string, sql: string, maxRows = 1000): Promise<{ out: Record<string, unknown>; pid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../support/bounded-query-child.ts'), url, sql, String(maxRows)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (b: Buffer) => (text += b.toString()));
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      const line = text.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`the query process died (code ${code}, signal ${sig}): ${text.slice(-300)}`));
      resolve({ out: JSON.parse(line) as Record<string, unknown>, pid: child.pid! });
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('PostgreSQL: a 600 MB value gives a clear error, the process stays under 500 MB', { skip: pgUrl ? undefined : 'TABLETALK_TEST_PG_URL is not set; run through npm test' }, async () => {
  const { out, pid } = await runChild(pgUrl as string, "SELECT repeat('x', 600000000) AS big");
  console.log(`PostgreSQL 600 MB value: ${JSON.stringify(out)}`);
  assert.equal(out.code, 'too-large', JSON.stringify(out));
  assert.match(String(out.error), /larger than 64 MB, so TableTalk stopped reading it/);
  assert.ok(Number(out.peakMb) < LIMIT_MB, `peak ${out.peakMb} MB`);
  assert.equal(alive(pid), false);
});

test('PostgreSQL: a 2 MB value is cut to 1 MiB and marked', { skip: pgUrl ? undefined : 'TABLETALK_TEST_PG_URL is not set; run through npm test' }, async () => {
  const { out } = await runChild(pgUrl as string, "SELECT repeat('x', 2000000) AS big");
  assert.equal(out.truncatedValues, 1, JSON.stringify(out));
  assert.equal(out.marked, true);
});

test('MariaDB: 1,000 rows of 10 MB give a clear error, the process stays under 500 MB', { skip: myUrl ? undefined : 'TABLETALK_TEST_MYSQL_URL is not set; run through npm test' }, async () => {
  const { out, pid } = await runChild(myUrl as string, "SELECT REPEAT('x', 10000000) AS big FROM seq_1_to_1000");
  console.log(`MariaDB 1,000 x 10 MB: ${JSON.stringify(out)}`);
  assert.equal(out.code, 'too-large', JSON.stringify(out));
  assert.match(String(out.error), /larger than 64 MB/);
  assert.ok(Number(out.peakMb) < LIMIT_MB, `peak ${out.peakMb} MB`);
  assert.equal(alive(pid), false);
});

// Known gap: better-sqlite3 copies the whole value into JavaScript before TableTalk can cut it, and exposes no
// sqlite3_limit(SQLITE_LIMIT_LENGTH) nor a working heap limit (built without memory statistics), so the peak is
// about twice the value. The value is cut and marked, but the memory bound is not met yet.
test('SQLite: a 300 MB blob gives a clear error or a cut value, the process stays under 500 MB', { todo: 'better-sqlite3 copies the whole value before it can be cut: peak about 2x the value (issue 9, point 3)' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tt-bounded-'));
  const file = join(dir, 'x.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE t (a INTEGER)');
  db.close();
  try {
    const { out, pid } = await runChild(`sqlite-engine://${file}`, 'SELECT randomblob(300000000) AS big');
    console.log(`SQLite 300 MB blob: ${JSON.stringify(out)}`);
    assert.ok(out.code === 'too-large' || Number(out.truncatedValues) === 1, JSON.stringify(out));
    assert.ok(Number(out.peakMb) < LIMIT_MB, `peak ${out.peakMb} MB`);
    assert.equal(alive(pid), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    assert.ok(!existsSync(file));
  }
});
