// Writes the sample database file. It is built in a temporary file next to the target and renamed into place,
// so a reader never sees half a database and a failure leaves nothing behind.
// Two engines: better-sqlite3 (what `npm run sample-db` uses), and the WASM SQLite (node-sqlite3-wasm) where the
// native module cannot load (desktop VS Code's Electron extension host), as the SQLite driver does.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { isModuleLoadError, loadWasmSqlite } from '../datasource/sqlite-engines';
import { generateSample, type SampleRow, type SampleTables } from './generate';
import { makeRandom } from './random';
import { sampleSchemaSql, sampleTableOrder, type SampleTableName } from './schema';

const SEED = 20240607;

export interface SampleDbResult {
  path: string;
  /** Row count of each table, in insertion order. */
  tables: Record<SampleTableName, number>;
}

export interface SampleDbEngineResult extends SampleDbResult {
  engine: 'native' | 'wasm';
  /** Set when better-sqlite3 could not load and the WASM SQLite wrote the file: one line for the log. */
  fallback?: string;
}

let tempCounter = 0;

function prepareTarget(path: string): { target: string; temp: string } {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}-${++tempCounter}.tmp`;
  rmSync(temp, { force: true });
  return { target, temp };
}

function counts(tables: SampleTables): Record<SampleTableName, number> {
  return Object.fromEntries(sampleTableOrder.map((n) => [n, tables[n].length])) as Record<SampleTableName, number>;
}

function insertSql(name: string, row: SampleRow): { sql: string; columns: string[] } {
  const columns = Object.keys(row);
  return { sql: `INSERT INTO ${name} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`, columns };
}

/**
 * Writes the sample database to `path` with better-sqlite3 (the constructor is passed in, so callers decide how
 * the native module loads) and returns each table's row count. Synchronous; replaces any file at `path`.
 */
export function makeSampleDbNative(path: string, Database: typeof BetterSqlite3): SampleDbResult {
  const { target, temp } = prepareTarget(path);
  const tables = generateSample(makeRandom(SEED));
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(temp);
    db.pragma('foreign_keys = ON');
    db.exec(sampleSchemaSql);
    const handle = db;
    handle.transaction(() => {
      for (const name of sampleTableOrder) {
        const rows = tables[name];
        const insert = handle.prepare(insertSql(name, rows[0]).sql);
        for (const row of rows) insert.run(row);
      }
    })();
    db.close();
    renameSync(temp, target);
  } catch (e) {
    if (db?.open) db.close();
    rmSync(temp, { force: true });
    throw e;
  }
  return { path: target, tables: counts(tables) };
}

/** The same database written by the WASM SQLite (straight into the temporary file): used where better-sqlite3 does not load. */
export async function makeSampleDbWasm(path: string): Promise<SampleDbResult> {
  const { Database } = loadWasmSqlite();
  const { target, temp } = prepareTarget(path);
  const tables = generateSample(makeRandom(SEED));
  let db: InstanceType<typeof Database> | undefined;
  try {
    db = new Database(temp);
    db.exec('PRAGMA foreign_keys = ON');
    db.exec(sampleSchemaSql);
    db.exec('BEGIN');
    for (const name of sampleTableOrder) {
      const rows = tables[name];
      const { sql, columns } = insertSql(name, rows[0]);
      const insert = db.prepare(sql);
      try {
        for (const row of rows) insert.run(Object.fromEntries(columns.map((c) => [`@${c}`, row[c]])));
      } finally {
        insert.finalize();
      }
    }
    db.exec('COMMIT');
    db.close();
    db = undefined;
    renameSync(temp, target);
  } catch (e) {
    try {
      db?.close();
    } catch {
      // already failing: the original error is the one to report
    }
    rmSync(temp, { force: true });
    rmSync(`${temp}.lock`, { recursive: true, force: true });
    throw e;
  }
  return { path: target, tables: counts(tables) };
}

/**
 * Writes the sample database with better-sqlite3, or with the WASM SQLite when the native module fails to load
 * (`engine: 'wasm'` forces it). Used by the extension, which may run inside Electron.
 */
export async function makeSampleDb(path: string, options: { engine?: 'auto' | 'wasm' } = {}): Promise<SampleDbEngineResult> {
  if (options.engine !== 'wasm') {
    let Database: typeof BetterSqlite3 | undefined;
    let reason: string | undefined;
    try {
      Database = (await import('better-sqlite3')).default;
    } catch (e) {
      if (!isModuleLoadError(e)) throw e;
      reason = (e as Error).message.split('\n')[0];
    }
    if (Database) {
      try {
        return { ...makeSampleDbNative(path, Database), engine: 'native' };
      } catch (e) {
        // better-sqlite3 loads its binary on first use (new Database), not on import.
        if (!isModuleLoadError(e)) throw e;
        reason = (e as Error).message.split('\n')[0];
      }
    }
    const result = await makeSampleDbWasm(path);
    return { ...result, engine: 'wasm', fallback: `Sample database: the native better-sqlite3 module failed to load (${reason}); wrote it with the WASM engine (node-sqlite3-wasm) instead.` };
  }
  return { ...(await makeSampleDbWasm(path)), engine: 'wasm' };
}
