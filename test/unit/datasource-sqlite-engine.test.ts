// The SQLite engine choice, best first: better-sqlite3 when it loads, then node:sqlite when the runtime has it,
// then the page-reading WASM engine; never a silent fallback for failures other than an engine that cannot load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { assertOneStatement, isModuleLoadError, loadNodeSqlite, openEngine, openNative, openWasm } from '../../src/core/datasource/sqlite-engines';

const dir = mkdtempSync(join(tmpdir(), 'tt-engine-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'tiny.sqlite');
const db = new Database(file);
db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('a'), ('b'), ('c')");
db.close();

// The error Electron gives for a binary built for another Node ABI.
const abiError = Object.assign(new Error("The module '/x/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 128."), { code: 'ERR_DLOPEN_FAILED' });
const noNodeSqlite = Object.assign(new Error('node:sqlite is not available in this runtime (Node 20.20.0; it needs Node 22.13 or later)'), { code: 'ERR_UNKNOWN_BUILTIN_MODULE' });
const fail = (e: Error) => async () => { throw e; };

test('a native module that fails to load falls back to node:sqlite, then to WASM, and the log line names the engine and why', async () => {
  const toNode = await openEngine(file, 'auto', { native: fail(abiError), node: openNative, wasm: openWasm });
  assert.match(toNode.line, /^SQLite: using Node's built-in node:sqlite \(better-sqlite3 did not load: .*NODE_MODULE_VERSION.*\)\.$/);
  toNode.engine.close();
  const opened = await openEngine(file, 'auto', { native: fail(abiError), node: fail(noNodeSqlite), wasm: openWasm });
  assert.equal(opened.engine.kind, 'wasm');
  assert.match(opened.line, /^SQLite: using node-sqlite3-wasm \(WASM, reads the file page by page\) \(better-sqlite3 did not load: .*; node:sqlite did not load: .*Node 22\.13.*\)\.$/);
  assert.deepEqual(opened.engine.all('SELECT name FROM t ORDER BY id', []), [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
  opened.engine.close();
});

test('the native engine is used when it loads, and other failures are not hidden by a fallback', async () => {
  const opened = await openEngine(file, 'auto');
  assert.equal(opened.engine.kind, 'native');
  assert.equal(opened.line, 'SQLite: using better-sqlite3 (native).');
  opened.engine.close();
  const missing = join(dir, 'missing.sqlite');
  await assert.rejects(openEngine(missing, 'auto'), /unable to open database file|does not exist/);
  await assert.rejects(openEngine(missing, 'wasm'), /Could not open the database/);
  assert.equal(existsSync(missing), false, 'opening must never create the file');
});

test("'wasm' reads the file in place: row cap, column names of an empty result, writes and second statements refused, no lock folder left", async () => {
  const opened = await openEngine(file, 'wasm');
  assert.equal(opened.engine.kind, 'wasm');
  assert.deepEqual(opened.engine.query('SELECT id FROM t ORDER BY id', [], 2), { columns: ['id'], rows: [{ id: 1 }, { id: 2 }], truncated: true });
  assert.deepEqual(opened.engine.query('SELECT id, name FROM t WHERE id > ?', [99], 10), { columns: ['id', 'name'], rows: [], truncated: false });
  assert.throws(() => opened.engine.query("INSERT INTO t (name) VALUES ('x')", [], 10), /readonly/i);
  assert.throws(() => opened.engine.query('SELECT 1; SELECT 2', [], 10), /more than one statement/);
  // A statement stopped by the row cap holds no lock folder next to the file (a killed reader must not leave one).
  opened.engine.query('SELECT * FROM t', [], 1);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.lock')), []);
  opened.engine.close();
});

test('a lock folder left beside the file by a crashed node-sqlite3-wasm writer does not block the WASM reader', async () => {
  const ro = join(dir, 'stale');
  mkdirSync(ro);
  const f = join(ro, 'x.sqlite');
  const w = new Database(f);
  w.exec('CREATE TABLE a (v); INSERT INTO a VALUES (42)');
  w.close();
  mkdirSync(`${f}.lock`); // what node-sqlite3-wasm's own locking leaves behind after a kill -9
  const opened = await openEngine(f, 'wasm');
  assert.deepEqual(opened.engine.query('SELECT v FROM a', [], 10).rows, [{ v: 42 }]);
  opened.engine.close();
});

test('node:sqlite is refused with a load error on a runtime without it, and used where it exists', async () => {
  let has = true;
  try {
    loadNodeSqlite();
  } catch (e) {
    has = false;
    assert.equal(isModuleLoadError(e), true);
    assert.match((e as Error).message, /node:sqlite is not available in this runtime \(Node \d+/);
  }
  if (has) {
    const opened = await openEngine(file, 'node');
    assert.equal(opened.engine.kind, 'node');
    assert.deepEqual(opened.engine.query('SELECT id FROM t ORDER BY id', [], 2), { columns: ['id'], rows: [{ id: 1 }, { id: 2 }], truncated: true });
    opened.engine.close();
  }
});

test('one statement: comments, strings and quoted names may hold semicolons; a second statement is refused', () => {
  for (const ok of ['SELECT 1', 'SELECT 1;', "SELECT ';' AS x; -- done", 'SELECT "a;b" FROM t; /* c; */ ;', 'SELECT [x;y], `z;w` FROM t', "SELECT 'it''s; fine'"]) assert.doesNotThrow(() => assertOneStatement(ok), ok);
  for (const bad of ['SELECT 1; SELECT 2', "SELECT ';'; DELETE FROM t", 'SELECT 1; /* x */ PRAGMA query_only=0', 'SELECT 1;;VACUUM']) assert.throws(() => assertOneStatement(bad), /more than one statement/, bad);
});

test('only load failures of an engine count as module-load errors', () => {
  assert.equal(isModuleLoadError(abiError), true);
  assert.equal(isModuleLoadError(noNodeSqlite), true);
  assert.equal(isModuleLoadError(Object.assign(new Error("Cannot find module 'better-sqlite3'"), { code: 'MODULE_NOT_FOUND' })), true);
  assert.equal(isModuleLoadError(new Error('Could not locate the bindings file. Tried: ...')), true);
  assert.equal(isModuleLoadError(Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' })), false);
  assert.equal(isModuleLoadError(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' })), false);
});

// SQLite itself cuts long text and blobs (boundedSql) before an engine copies them into JavaScript: a 300 MB blob
// must not cost 300 MB more (test/integration/bounded-results.test.ts measures the memory).
test('every engine: long values are cut inside SQLite and marked with their real length; everything else is unchanged', async () => {
  const kinds: ('native' | 'node' | 'wasm')[] = ['native', 'wasm'];
  try {
    loadNodeSqlite();
    kinds.push('node');
  } catch {
    console.log('# node:sqlite is not in this runtime: its engine is checked by the Node 22 run');
  }
  for (const kind of kinds) {
    const { engine } = await openEngine(file, kind);
    try {
      const big = engine.query("SELECT id, zeroblob(2000000) AS b, printf('%.3000000c', 'x') AS s FROM t WHERE id = ? ; -- trailing", [1], 10);
      assert.deepEqual(big.columns, ['id', 'b', 's'], kind);
      assert.equal(big.truncatedValues, 2, kind);
      const row = big.rows[0];
      assert.equal(row.id, 1, kind);
      assert.equal((row.b as Uint8Array).byteLength, 1024 * 1024, kind);
      assert.match(row.s as string, /^x{1048576}… \[truncated: 3000000 characters\]$/, kind);
      const plain = engine.query("SELECT id, name, name AS name, 1.5 AS r, NULL AS z, x'0102' AS bl FROM t ORDER BY id DESC", [], 10);
      assert.deepEqual(plain.columns, ['id', 'name', 'name (2)', 'r', 'z', 'bl'], kind);
      assert.deepEqual(plain.rows.map((r) => [r.id, r.name, r['name (2)'], r.r, r.z]), [[3, 'c', 'c', 1.5, null], [2, 'b', 'b', 1.5, null], [1, 'a', 'a', 1.5, null]], kind);
      assert.deepEqual([...(plain.rows[0].bl as Uint8Array)], [1, 2], kind);
      assert.equal(plain.truncatedValues, undefined, kind);
      assert.deepEqual(engine.query('WITH x AS (SELECT name FROM t) SELECT count(*) AS n FROM x', [], 10).rows, [{ n: 3 }], kind);
      // A statement SQLite cannot wrap still runs as written.
      assert.equal(engine.query('PRAGMA table_info(t)', [], 10).rows.length, 2, kind);
    } finally {
      engine.close();
    }
  }
});
