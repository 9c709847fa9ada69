// The two SQLite engines behind one small interface: better-sqlite3 (native, fast, opens the file read-only)
// and sql.js (WASM, reads the whole file into memory) for hosts where the native binary cannot load,
// such as desktop VS Code's Electron extension host.
import { readFileSync } from 'node:fs';
import { rowObject, uniqueColumns } from './columns';
import { capValues, DEFAULT_MAX_RESULT_BYTES, DEFAULT_MAX_VALUE_BYTES, tooLargeError } from './errors';

export type SqliteEngineKind = 'native' | 'wasm';

export interface Rows {
  columns: string[];
  rows: Record<string, unknown>[];
  truncated: boolean;
  /** How many values were cut to DEFAULT_MAX_VALUE_BYTES (absent when none). */
  truncatedValues?: number;
}

/** Bounds one row as it is stepped: long values cut, and the result stopped once it passes DEFAULT_MAX_RESULT_BYTES. */
function bounder(): { add(row: Record<string, unknown>): void; cut: number } {
  let bytes = 0;
  const state = {
    cut: 0,
    add(row: Record<string, unknown>) {
      state.cut += capValues([row], DEFAULT_MAX_VALUE_BYTES);
      for (const v of Object.values(row)) bytes += typeof v === 'string' ? v.length : v instanceof Uint8Array ? v.byteLength : 8;
      if (bytes > DEFAULT_MAX_RESULT_BYTES) throw tooLargeError(DEFAULT_MAX_RESULT_BYTES);
    },
  };
  return state;
}

/** SQLite ran out of memory or hit its length limit: the result was too large, say so. */
function tooLarge(e: unknown): never {
  const code = (e as { code?: string })?.code;
  if (code === 'SQLITE_NOMEM' || code === 'SQLITE_TOOBIG' || /out of memory|string or blob too big/i.test((e as Error)?.message ?? '')) throw tooLargeError(DEFAULT_MAX_RESULT_BYTES);
  throw e;
}

export interface SqliteEngine {
  readonly kind: SqliteEngineKind;
  /** Catalog queries: every row. */
  all(sql: string, params: unknown[]): Record<string, unknown>[];
  /** One user statement, at most maxRows rows read (one more is stepped to detect truncation). */
  query(sql: string, params: unknown[], maxRows: number): Rows;
  close(): void;
}

type Bindable = string | number | bigint | Uint8Array | null;

function bindable(params: unknown[]): Bindable[] {
  return params.map((p) => {
    if (p === undefined || p === null) return null;
    if (typeof p === 'boolean') return p ? 1 : 0;
    if (typeof p === 'string' || typeof p === 'number' || typeof p === 'bigint' || p instanceof Uint8Array) return p;
    if (p instanceof Date) return p.toISOString();
    return JSON.stringify(p);
  });
}

export async function openNative(file: string): Promise<SqliteEngine> {
  const { default: Database } = await import('better-sqlite3');
  // readonly: the connection itself refuses writes; fileMustExist: never create a file the user mistyped.
  const db = new Database(file, { readonly: true, fileMustExist: true });
  return {
    kind: 'native',
    all: (sql, params) => db.prepare(sql).all(...bindable(params)) as Record<string, unknown>[],
    query(sql, params, maxRows) {
      const stmt = db.prepare(sql);
      const args = bindable(params);
      if (!stmt.reader) {
        stmt.run(...args);
        return { columns: [], rows: [], truncated: false };
      }
      const columns = uniqueColumns(stmt.columns().map((c) => c.name));
      const rows: Record<string, unknown>[] = [];
      let truncated = false;
      const bound = bounder();
      try {
        // Rows as arrays: two columns of one name stay two values.
        for (const row of stmt.raw(true).iterate(...args) as IterableIterator<unknown[]>) {
          if (rows.length === maxRows) {
            truncated = true;
            break; // leaving the loop finalises the iterator: the rest is never computed
          }
          const obj = rowObject(columns, row);
          bound.add(obj);
          rows.push(obj);
        }
      } catch (e) {
        tooLarge(e);
      }
      return { columns, rows, truncated, ...(bound.cut ? { truncatedValues: bound.cut } : {}) };
    },
    close: () => db.close(),
  };
}

/** Where sql.js's wasm binary lives; sql.js stays external in the bundles, so node_modules resolution works. */
export function sqlJsWasmPath(): string {
  return require.resolve('sql.js/dist/sql-wasm.wasm');
}

export async function openWasm(file: string): Promise<SqliteEngine> {
  const { default: initSqlJs } = await import('sql.js');
  const SQL = await initSqlJs({ locateFile: () => sqlJsWasmPath() });
  const db = new SQL.Database(readFileSync(file));
  // The file is a private in-memory copy, so nothing could reach the disk anyway; query_only makes writes fail
  // loudly instead of "succeeding" in memory, as they fail on the other dialects.
  const queryOnly = () => db.exec('PRAGMA query_only = ON');
  queryOnly();
  const step = (sql: string, params: unknown[], maxRows: number): Rows => {
    const stmt = db.prepare(sql);
    try {
      stmt.bind(bindable(params) as (string | number | Uint8Array | null)[]);
      const columns = uniqueColumns(stmt.getColumnNames());
      const rows: Record<string, unknown>[] = [];
      let truncated = false;
      const bound = bounder();
      try {
        while (stmt.step()) {
          if (rows.length === maxRows) {
            truncated = true;
            break;
          }
          const obj = rowObject(columns, stmt.get());
          bound.add(obj);
          rows.push(obj);
        }
      } catch (e) {
        tooLarge(e);
      }
      return { columns, rows, truncated, ...(bound.cut ? { truncatedValues: bound.cut } : {}) };
    } finally {
      stmt.free();
    }
  };
  return {
    kind: 'wasm',
    all: (sql, params) => step(sql, params, Number.MAX_SAFE_INTEGER).rows,
    query(sql, params, maxRows) {
      // sql.js's prepare() silently ignores text after the first statement; refuse it as better-sqlite3 does.
      const it = db.iterateStatements(sql);
      let count = 0;
      for (const s of it) {
        s.free();
        if (++count > 1) throw Object.assign(new Error('The supplied SQL string contains more than one statement'), { code: 'SQLITE_MISUSE' });
      }
      queryOnly(); // a previous statement may have switched it off
      return step(sql, params, maxRows);
    },
    close: () => db.close(),
  };
}

export interface OpenedEngine {
  engine: SqliteEngine;
  /** Set when the native engine was wanted but could not load: one line for the log. */
  fallback?: string;
}

/** Opens the preferred engine; 'auto' falls back to WASM only when the native module itself fails to load. */
export async function openEngine(
  file: string,
  preference: 'auto' | 'native' | 'wasm',
  loaders: { native: (f: string) => Promise<SqliteEngine>; wasm: (f: string) => Promise<SqliteEngine> } = { native: openNative, wasm: openWasm },
): Promise<OpenedEngine> {
  if (preference === 'wasm') return { engine: await loaders.wasm(file) };
  try {
    return { engine: await loaders.native(file) };
  } catch (e) {
    if (preference === 'native' || !isModuleLoadError(e)) throw e;
    const reason = (e as Error).message.split('\n')[0];
    return { engine: await loaders.wasm(file), fallback: `SQLite: the native better-sqlite3 module failed to load (${reason}); using the WASM engine (sql.js) instead.` };
  }
}

/** A failure to load the native addon (wrong ABI, missing binary), as opposed to a failure to open the file. */
export function isModuleLoadError(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  if (err?.code === 'ERR_DLOPEN_FAILED' || err?.code === 'MODULE_NOT_FOUND' || err?.code === 'ERR_MODULE_NOT_FOUND') return true;
  return /NODE_MODULE_VERSION|was compiled against a different Node\.js version|Could not locate the bindings file|invalid ELF header/.test(err?.message ?? '');
}
