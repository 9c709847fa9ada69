// The sample generator's second engine: where better-sqlite3 cannot load (desktop VS Code's Electron host), the
// "Try the Sample Database" command writes the file with node-sqlite3-wasm. It must hold exactly the rows the native one does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { makeSampleDb, sampleTableOrder } from '../../src/core/sample/index';

const dir = mkdtempSync(join(tmpdir(), 'tt-sample-wasm-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Schema and every row of every table, as text, hashed. */
function contents(file: string): { hash: string; tables: string[] } {
  const db = new Database(file, { readonly: true });
  try {
    const hash = createHash('sha256');
    const tables = (db.prepare("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string }[]);
    for (const t of tables) {
      hash.update(`${t.sql}\n`);
      if (!t.sql.startsWith('CREATE TABLE')) continue;
      for (const row of db.prepare(`SELECT * FROM "${t.name}" ORDER BY rowid`).raw().all()) hash.update(`${JSON.stringify(row)}\n`);
      for (const types of db.prepare(`SELECT * FROM "${t.name}" LIMIT 50`).raw().all()) hash.update(JSON.stringify((types as unknown[]).map((v) => typeof v)));
    }
    return { hash: hash.digest('hex'), tables: tables.filter((t) => t.sql.startsWith('CREATE TABLE')).map((t) => t.name) };
  } finally {
    db.close();
  }
}

test('the WASM SQLite writes the same schema and rows as better-sqlite3, and says which engine wrote the file', async () => {
  const native = await makeSampleDb(join(dir, 'native', 'shop.sqlite'));
  const wasm = await makeSampleDb(join(dir, 'wasm', 'shop.sqlite'), { engine: 'wasm' });
  assert.equal(native.engine, 'native');
  assert.equal(native.fallback, undefined);
  assert.equal(wasm.engine, 'wasm');
  assert.deepEqual(wasm.tables, native.tables);
  assert.deepEqual(Object.keys(wasm.tables), [...sampleTableOrder]);
  const a = contents(native.path), b = contents(wasm.path);
  assert.deepEqual(b.tables, [...sampleTableOrder].sort());
  assert.equal(b.hash, a.hash, 'the two files hold different schemas or rows');
  assert.deepEqual(readdirSync(join(dir, 'wasm')), ['shop.sqlite'], 'no temporary file is left');
});

test('a target that cannot be written fails with the reason and leaves no temporary file', async () => {
  const target = join(dir, 'taken');
  await makeSampleDb(join(target, 'inner.sqlite'), { engine: 'wasm' }); // `taken` is now a folder
  await assert.rejects(makeSampleDb(target, { engine: 'wasm' }), /EISDIR|directory/i);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp')), []);
});
