// The SQLite engine choice: better-sqlite3 when it loads, sql.js (WASM) when the native module cannot load
// (as in desktop VS Code's Electron host), never a silent fallback for other failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isModuleLoadError, openEngine, openWasm, sqlJsWasmPath } from '../../src/core/datasource/sqlite-engines';

const dir = mkdtempSync(join(tmpdir(), 'tt-engine-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'tiny.sqlite');
const db = new Database(file);
db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('a'), ('b'), ('c')");
db.close();

// The error Electron gives for a binary built for another Node ABI.
const abiError = Object.assign(new Error("The module '/x/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 128."), { code: 'ERR_DLOPEN_FAILED' });

test('a native module that fails to load falls back to the WASM engine with one explanatory line', async () => {
  const opened = await openEngine(file, 'auto', { native: async () => { throw abiError; }, wasm: openWasm });
  assert.equal(opened.engine.kind, 'wasm');
  assert.match(opened.fallback ?? '', /^SQLite: the native better-sqlite3 module failed to load \(.*NODE_MODULE_VERSION.*\); using the WASM engine \(sql\.js\) instead\.$/);
  assert.deepEqual(opened.engine.all('SELECT name FROM t ORDER BY id', []), [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
  opened.engine.close();
});

test('the native engine is used when it loads, and other failures are not hidden by a fallback', async () => {
  const opened = await openEngine(file, 'auto');
  assert.equal(opened.engine.kind, 'native');
  assert.equal(opened.fallback, undefined);
  opened.engine.close();
  const missing = join(dir, 'missing.sqlite');
  await assert.rejects(openEngine(missing, 'auto'), /unable to open database file|does not exist/);
  assert.equal(existsSync(missing), false, 'opening must never create the file');
});

test("'wasm' forces sql.js; its wasm binary resolves from node_modules", async () => {
  assert.ok(existsSync(sqlJsWasmPath()), sqlJsWasmPath());
  const opened = await openEngine(file, 'wasm');
  assert.equal(opened.engine.kind, 'wasm');
  const r = opened.engine.query('SELECT id FROM t ORDER BY id', [], 2);
  assert.deepEqual(r, { columns: ['id'], rows: [{ id: 1 }, { id: 2 }], truncated: true });
  assert.throws(() => opened.engine.query("INSERT INTO t (name) VALUES ('x')", [], 10), /readonly|query_only/i);
  assert.throws(() => opened.engine.query('SELECT 1; SELECT 2', [], 10), /more than one statement/);
  opened.engine.close();
});

test('only load failures of the addon count as module-load errors', () => {
  assert.equal(isModuleLoadError(abiError), true);
  assert.equal(isModuleLoadError(Object.assign(new Error("Cannot find module 'better-sqlite3'"), { code: 'MODULE_NOT_FOUND' })), true);
  assert.equal(isModuleLoadError(new Error('Could not locate the bindings file. Tried: ...')), true);
  assert.equal(isModuleLoadError(Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' })), false);
  assert.equal(isModuleLoadError(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' })), false);
});
