// queryReadOnly, which later runs LLM-written SQL: genuinely read-only on every dialect (writes, DDL, two
// statements in one, a statement switching read-only off), values bound, rows capped at maxRows without
// materialising the rest, timeouts and cancellation that stop the server-side work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinookName, open, removeTempDirs, targets, type Target } from './introspect-support';
import { DatasourceError, type Driver } from '../../src/core/datasource/index';

test.after(removeTempDirs);

async function rejectsWith(p: Promise<unknown>, codes: string[], what: string): Promise<DatasourceError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof DatasourceError, `${what}: ${String(e)}`);
    assert.ok(codes.includes(e.code ?? ''), `${what}: code ${e.code}: ${e.message}`);
    return e;
  }
  assert.fail(`${what} succeeded`);
}

function million(t: Target, below = 1_000_000): string {
  if (t.dialect === 'postgres') return `SELECT g AS x FROM generate_series(1, ${below}) AS g`;
  return `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${below}) SELECT x FROM c`;
}

function slow(t: Target): string {
  if (t.dialect === 'postgres') return 'SELECT pg_sleep(30) AS tt_slow_marker';
  if (t.dialect === 'mysql') return 'SELECT SLEEP(30) AS tt_slow_marker';
  // One long sqlite3_step: nothing returns to JavaScript until it is done.
  return 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000000) SELECT count(*) AS tt_slow_marker FROM c';
}

/** How many sessions still run the slow statement on the server (0 once it was really stopped). */
async function stillRunning(t: Target, d: Driver): Promise<number> {
  if (t.dialect === 'postgres') {
    const r = await d.queryReadOnly("SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1", ['SELECT pg_sleep(30) AS tt_slow_marker%']);
    return Number(r.rows[0].n);
  }
  const r = await d.queryReadOnly('SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE ?', ['SELECT SLEEP(30) AS tt_slow_marker%']);
  return Number(r.rows[0].n);
}

async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

for (const t of targets()) {
  const n = (s: string) => chinookName(t.dialect, s);
  const Q = (d: Driver, s: string) => d.quoteIdent(n(s));

  test(`${t.label}: writes, DDL and multi-statement SQL fail and change nothing`, { skip: t.skip }, async () => {
    const d = await open(t, t.chinookUrl);
    try {
      const genre = `${Q(d, 'Genre')}`;
      const count = async () => Number((await d.queryReadOnly(`SELECT count(*) AS c FROM ${genre}`)).rows[0].c);
      assert.equal(await count(), 25);
      const writes = [
        `INSERT INTO ${genre} (${Q(d, 'GenreId')}, ${Q(d, 'Name')}) VALUES (999, 'Polka')`,
        `UPDATE ${genre} SET ${Q(d, 'Name')} = 'changed'`,
        `DELETE FROM ${genre}`,
        `DROP TABLE ${Q(d, 'PlaylistTrack')}`,
        `CREATE TABLE ${d.quoteIdent('tt_new')} (a integer)`,
      ];
      for (const sql of writes) {
        const e = await rejectsWith(d.queryReadOnly(sql), ['read-only'], sql);
        assert.match(e.message, /read-only/);
      }
      // Two statements in one string are refused whole, so the DELETE never runs.
      await rejectsWith(d.queryReadOnly(`SELECT 1; DELETE FROM ${genre}`), ['query', 'read-only'], 'multi-statement');
      // A statement that tries to switch read-only off does not open the door for the next call.
      const unlock = t.dialect === 'postgres' ? 'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE'
        : t.dialect === 'mysql' ? 'SET SESSION tx_read_only = 0' : 'PRAGMA query_only = 0';
      await d.queryReadOnly(unlock).catch(() => undefined);
      await rejectsWith(d.queryReadOnly(`DELETE FROM ${genre}`), ['read-only'], 'DELETE after unlock attempt');
      assert.equal(await count(), 25);
      const names = await d.queryReadOnly(`SELECT ${Q(d, 'Name')} AS name FROM ${genre} WHERE ${Q(d, 'GenreId')} = 1`);
      assert.deepEqual(names.rows, [{ name: 'Rock' }]);
    } finally {
      await d.close();
    }
  });

  test(`${t.label}: values are bound, never spliced into the SQL`, { skip: t.skip }, async () => {
    const d = await open(t, t.chinookUrl);
    try {
      const sql = `SELECT ${Q(d, 'Name')} AS name FROM ${Q(d, 'Genre')} WHERE ${Q(d, 'Name')} = ${t.param(1)}`;
      assert.deepEqual((await d.queryReadOnly(sql, ['Rock'])).rows, [{ name: 'Rock' }]);
      assert.deepEqual((await d.queryReadOnly(sql, ["Rock' OR '1'='1"])).rows, []);
    } finally {
      await d.close();
    }
  });

  test(`${t.label}: a million-row result stops at maxRows and says truncated`, { skip: t.skip }, async () => {
    const d = await open(t, t.chinookUrl);
    try {
      const r = await d.queryReadOnly(million(t), [], { maxRows: 100 });
      assert.equal(r.rows.length, 100);
      assert.equal(r.truncated, true);
      assert.deepEqual(r.columns, ['x']);
      assert.equal(Number(r.rows[0].x), 1);
      assert.equal(Number(r.rows[99].x), 100);
      // Exactly maxRows rows is not truncated.
      const exact = await d.queryReadOnly(million(t, 100), [], { maxRows: 100 });
      assert.equal(exact.rows.length, 100);
      assert.equal(exact.truncated, false);
      // An explicit LIMIT larger than maxRows is still capped.
      const limited = await d.queryReadOnly(`${million(t)} LIMIT 500000`, [], { maxRows: 10 });
      assert.equal(limited.rows.length, 10);
      assert.equal(limited.truncated, true);
    } finally {
      await d.close();
    }
  });

  test(`${t.label}: a statement over its time limit is stopped, and the datasource still works`, { skip: t.skip }, async () => {
    const d = await open(t, t.chinookUrl);
    try {
      await d.test();
      const start = Date.now();
      const e = await rejectsWith(d.queryReadOnly(slow(t), [], { timeoutMs: 700 }), ['timeout'], 'slow query');
      assert.match(e.message, /longer than 700 ms/);
      assert.ok(Date.now() - start < 5000, `stopped after ${Date.now() - start} ms`);
      if (t.dialect !== 'sqlite') assert.ok(await eventually(async () => (await stillRunning(t, d)) === 0), 'the server stopped the statement');
      assert.equal(Number((await d.queryReadOnly(`SELECT count(*) AS c FROM ${Q(d, 'Genre')}`)).rows[0].c), 25);
    } finally {
      await d.close();
    }
  });

  test(`${t.label}: aborting cancels the running statement`, { skip: t.skip }, async () => {
    const d = await open(t, t.chinookUrl);
    try {
      await d.test();
      const ac = new AbortController();
      const start = Date.now();
      setTimeout(() => ac.abort(), 500);
      await rejectsWith(d.queryReadOnly(slow(t), [], { signal: ac.signal, timeoutMs: 60_000 }), ['cancelled'], 'aborted query');
      assert.ok(Date.now() - start < 5000, `cancelled after ${Date.now() - start} ms`);
      if (t.dialect !== 'sqlite') assert.ok(await eventually(async () => (await stillRunning(t, d)) === 0), 'the server stopped the statement');
      assert.equal(Number((await d.queryReadOnly(`SELECT count(*) AS c FROM ${Q(d, 'Genre')}`)).rows[0].c), 25);
    } finally {
      await d.close();
    }
  });
}
