// The three SQLite engines behind one small interface, best first:
//  - 'native': better-sqlite3, where its binary loads (built for the Node ABI TableTalk was packaged with);
//  - 'node': Node's built-in node:sqlite (Node >= 22.13: desktop VS Code and VS Code Server today);
//  - 'wasm': node-sqlite3-wasm, a WASM SQLite that reads the file page by page through Node's fs, so a 2 GB
//    database costs SQLite's page cache, not 2 GB of memory (sql.js, used before, copied the whole file).
// Every engine opens read-only and never creates a file; rows are read by one engine-independent loop (readRows),
// so row caps behave the same everywhere; timeouts and cancellation kill the child process (sqlite.ts), which
// stops every engine alike.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { rowObject, uniqueColumns } from './columns';
import { cutValue, DEFAULT_MAX_RESULT_BYTES, DEFAULT_MAX_VALUE_BYTES, tooLargeError } from './errors';

export type SqliteEngineKind = 'native' | 'node' | 'wasm';
export type SqliteEnginePreference = 'auto' | SqliteEngineKind;

export const engineNames: Record<SqliteEngineKind, string> = {
  native: 'better-sqlite3 (native)',
  node: "Node's built-in node:sqlite",
  wasm: 'node-sqlite3-wasm (WASM, reads the file page by page)',
};

export interface Rows {
  columns: string[];
  rows: Record<string, unknown>[];
  truncated: boolean;
  /** How many values were cut to DEFAULT_MAX_VALUE_BYTES (absent when none). */
  truncatedValues?: number;
}

/**
 * Bounds one row as it is stepped: long values cut, and the result stopped once it passes DEFAULT_MAX_RESULT_BYTES.
 * `lengths[i]` is column i's real length when SQLite already cut it (boundedSql).
 */
function bounder(): { add(columns: string[], row: Record<string, unknown>, lengths?: unknown[]): void; cut: number } {
  let bytes = 0;
  const state = {
    cut: 0,
    add(columns: string[], row: Record<string, unknown>, lengths?: unknown[]) {
      columns.forEach((key, i) => {
        const length = lengths?.[i];
        const v = cutValue(row[key], DEFAULT_MAX_VALUE_BYTES, typeof length === 'number' || typeof length === 'bigint' ? Number(length) : undefined);
        if (v !== undefined) {
          row[key] = v;
          state.cut++;
        }
      });
      for (const v of Object.values(row)) bytes += typeof v === 'string' ? v.length : v instanceof Uint8Array ? v.byteLength : 8;
      if (bytes > DEFAULT_MAX_RESULT_BYTES) throw tooLargeError(DEFAULT_MAX_RESULT_BYTES);
    },
  };
  return state;
}

/**
 * The statement rewritten so SQLite itself cuts long text and blobs before any engine copies them into
 * JavaScript: better-sqlite3 and node:sqlite copy a whole value (a 300 MB blob costs 300 MB more) and expose no
 * sqlite3_limit to refuse it. Each of the n columns becomes two: the value, cut to max + 1 characters or bytes
 * (so the cut still shows), and its real length when it was cut (else NULL). Numbers pass unchanged (their text
 * is never that long). The statement's own trailing semicolon and comments are left out.
 */
export function boundedSql(sql: string, n: number, max = DEFAULT_MAX_VALUE_BYTES): string {
  const cols = Array.from({ length: n }, (_, i) => `c${i}`);
  const out = cols.flatMap((c, i) => [
    `CASE WHEN length(${c}) > ${max} THEN substr(${c}, 1, ${max + 1}) ELSE ${c} END AS v${i}`,
    `CASE WHEN length(${c}) > ${max} THEN length(${c}) END AS l${i}`,
  ]);
  return `WITH __tt_bounded(${cols.join(', ')}) AS (\n${sql.slice(0, statementEnd(sql))}\n) SELECT ${out.join(', ')} FROM __tt_bounded`;
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

/**
 * The one row-reading loop of every engine: at most maxRows rows, and whether more were there. Column names are
 * made unique (`SELECT t.name, g.name` stays two columns); engines that can hand rows over as arrays do, so two
 * columns of one name keep both values. `bounded`: the rows come from boundedSql (value, length pairs).
 */
export function readRows(names: string[], rows: Iterator<unknown[] | Record<string, unknown>>, maxRows: number, bounded = false): Rows {
  const columns = uniqueColumns(names);
  const out: Record<string, unknown>[] = [];
  let truncated = false;
  const bound = bounder();
  try {
    for (let r = rows.next(); !r.done; r = rows.next()) {
      if (out.length === maxRows) {
        truncated = true;
        break;
      }
      const values = Array.isArray(r.value) ? r.value : bounded ? Object.values(r.value) : undefined;
      if (bounded && values) {
        const row = rowObject(columns, values.filter((_, i) => i % 2 === 0));
        bound.add(columns, row, values.filter((_, i) => i % 2 === 1));
        out.push(row);
      } else {
        const row = values ? rowObject(columns, values) : (r.value as Record<string, unknown>);
        bound.add(columns, row);
        out.push(row);
      }
    }
  } catch (e) {
    tooLarge(e);
  } finally {
    rows.return?.(); // finalises the statement: the rest is never computed
  }
  return { columns, rows: out, truncated, ...(bound.cut ? { truncatedValues: bound.cut } : {}) };
}

/**
 * Where the first statement ends (its first top-level semicolon, else the end), refusing a second statement after
 * it as better-sqlite3 does: node:sqlite and node-sqlite3-wasm silently ignore everything after it. Strings, quoted
 * names and comments are skipped; anything but comments, blanks and semicolons after the first top-level semicolon
 * is a second statement (a trigger body never reaches a read-only runner, so its inner semicolons need no special
 * case).
 */
export function statementEnd(sql: string): number {
  let i = 0;
  const n = sql.length;
  let end = -1;
  while (i < n) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      const e = sql.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const e = sql.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else if (/\s/.test(c) || c === ';') {
      if (c === ';' && end < 0) end = i;
      i++;
    } else if (end >= 0) {
      throw Object.assign(new Error('The supplied SQL string contains more than one statement'), { code: 'SQLITE_MISUSE' });
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      for (;;) {
        const e = sql.indexOf(close, j);
        if (e < 0) { j = n; break; }
        if (close !== ']' && sql[e + 1] === close) { j = e + 2; continue; }
        j = e + 1;
        break;
      }
      i = j;
    } else {
      i++;
    }
  }
  return end < 0 ? n : end;
}

/** Refuses a second statement after the first (see statementEnd). */
export function assertOneStatement(sql: string): void {
  statementEnd(sql);
}

/** Prepares boundedSql for a reader of n columns; undefined when SQLite cannot wrap it (a PRAGMA, say). */
function prepareBounded<S>(prepare: (sql: string) => S, sql: string, n: number): S | undefined {
  if (n === 0) return undefined;
  try {
    return prepare(boundedSql(sql, n));
  } catch {
    return undefined;
  }
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
      const columns = stmt.columns().map((c) => c.name);
      const bounded = prepareBounded((q) => db.prepare(q), sql, columns.length);
      return readRows(columns, (bounded ?? stmt).raw(true).iterate(...args) as IterableIterator<unknown[]>, maxRows, !!bounded);
    },
    close: () => db.close(),
  };
}

interface NodeSqliteStatement {
  all(...params: Bindable[]): Record<string, unknown>[];
  iterate(...params: Bindable[]): IterableIterator<Record<string, unknown>>;
  columns?(): { name: string }[];
  /** Node >= 22.16: rows as arrays, so two columns of one name keep both values. */
  setReturnArrays?(enabled: boolean): void;
  run(...params: Bindable[]): unknown;
}
interface NodeSqliteModule {
  DatabaseSync: new (file: string, options: { readOnly: boolean }) => { prepare(sql: string): NodeSqliteStatement; close(): void };
}

/** node:sqlite if this runtime has it (a module, not a flag: Node >= 22.13, or 22.5+ behind a flag). */
export function loadNodeSqlite(): NodeSqliteModule {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const mod = getBuiltin?.call(process, 'node:sqlite') as NodeSqliteModule | undefined;
  if (!mod?.DatabaseSync) {
    throw Object.assign(new Error(`node:sqlite is not available in this runtime (Node ${process.versions.node}; it needs Node 22.13 or later)`), { code: 'ERR_UNKNOWN_BUILTIN_MODULE' });
  }
  return mod;
}

export async function openNodeSqlite(file: string): Promise<SqliteEngine> {
  const { DatabaseSync } = loadNodeSqlite();
  // readOnly opens with SQLITE_OPEN_READONLY: writes refused and a missing file is an error, never created.
  const db = new DatabaseSync(file, { readOnly: true });
  return {
    kind: 'node',
    all: (sql, params) => db.prepare(sql).all(...bindable(params)),
    query(sql, params, maxRows) {
      assertOneStatement(sql);
      const columns = db.prepare(sql).columns?.().map((c) => c.name) ?? [];
      const bounded = prepareBounded((q) => db.prepare(q), sql, columns.length);
      const stmt = bounded ?? db.prepare(sql);
      stmt.setReturnArrays?.(true);
      return readRows(columns, stmt.iterate(...bindable(params)), maxRows, !!bounded);
    },
    close: () => db.close(),
  };
}

interface WasmStatement {
  iterate(values?: Bindable[]): IterableIterator<Record<string, unknown>>;
  run(values?: Bindable[] | Record<string, unknown>): unknown;
  all(values?: Bindable[]): Record<string, unknown>[];
  finalize(): void;
  /** Not in the typings, but what iterate() itself uses: the prepared statement's column names. */
  _getColumnNames?(): string[];
}
interface WasmDatabase {
  prepare(sql: string): WasmStatement;
  all(sql: string, values?: Bindable[]): Record<string, unknown>[];
  exec(sql: string): void;
  run(sql: string, values?: Record<string, unknown>): unknown;
  close(): void;
}
export interface WasmSqlite {
  Database: new (file: string, options?: { readOnly?: boolean; fileMustExist?: boolean }) => WasmDatabase;
}

// node-sqlite3-wasm locks a file by creating a "<file>.lock" folder beside it. For a read-only reader that is
// harmful: it fails in a read-only folder, a killed process (our timeout) leaves the folder behind and every later
// open gets SQLITE_BUSY, and two readers block each other. It protects nothing either (native SQLite writers use
// POSIX locks and ignore the folder). So the reading instance is loaded with the two lock hooks made no-ops.
const lockHooks: [string, string][] = [
  ['function _nodejsLock(fi,level){', 'function _nodejsLock(fi,level){return SQLITE_OK;'],
  ['function _nodejsCheckReservedLock(fi,outResult){', 'function _nodejsCheckReservedLock(fi,outResult){setValue(outResult,0,"i32");return SQLITE_OK;'],
];
// Emscripten reads its options from `Module`; starting it from the module's initial exports lets the loader hand
// it the WASM bytes (Module.wasmBinary) instead of a file.
const moduleStart: [string, string] = ['var Module=typeof Module!="undefined"?Module:{};', 'var Module=module.exports;'];
const loaded = new Map<string, WasmSqlite>();

/**
 * node-sqlite3-wasm compiled from its source with `patches`. Its WASM is read from node-sqlite3-wasm.wasm, or in a
 * VSIX from node-sqlite3-wasm.wasm.br (brotli: 120 KB less in every VSIX; unpacked in memory in about 20 ms).
 */
function compileWasmSqlite(patches: [string, string][]): WasmSqlite {
  const key = JSON.stringify(patches);
  const cached = loaded.get(key);
  if (cached) return cached;
  const req = createRequire(__filename);
  const file = req.resolve('node-sqlite3-wasm');
  let source = readFileSync(file, 'utf8');
  for (const [from, to] of [moduleStart, ...patches]) {
    if (!source.includes(from)) throw new Error(`node-sqlite3-wasm changed: cannot find "${from}" in ${file}; pin the version in package.json`);
    source = source.replace(from, to);
  }
  const wasm = join(dirname(file), 'node-sqlite3-wasm.wasm');
  const NodeModule = req('node:module') as typeof import('node:module') & { _nodeModulePaths(dir: string): string[] };
  const m = new (NodeModule as unknown as new (id: string) => NodeJS.Module & { _compile(src: string, file: string): void })(file);
  m.filename = file;
  m.paths = NodeModule._nodeModulePaths(dirname(file));
  m.exports = existsSync(wasm) || !existsSync(`${wasm}.br`) ? {} : { wasmBinary: brotliDecompressSync(readFileSync(`${wasm}.br`)) };
  m._compile(source, file);
  const module = m.exports as WasmSqlite;
  loaded.set(key, module);
  return module;
}

/** The WASM SQLite with its own locking (writes the sample database). */
export function loadWasmSqlite(): WasmSqlite {
  return compileWasmSqlite([]);
}

/** A private instance of the WASM SQLite without folder locks, for read-only use only. */
export function loadWasmSqliteReader(): WasmSqlite {
  return compileWasmSqlite(lockHooks);
}

export async function openWasm(file: string): Promise<SqliteEngine> {
  const { Database } = loadWasmSqliteReader();
  const db = new Database(file, { readOnly: true, fileMustExist: true });
  return {
    kind: 'wasm',
    all: (sql, params) => db.all(sql, bindable(params)),
    query(sql, params, maxRows) {
      assertOneStatement(sql);
      const plain = db.prepare(sql);
      // Column names come from the prepared statement (also for an empty result), as on the other engines.
      const columns = plain._getColumnNames?.() ?? [];
      const bounded = prepareBounded((q) => db.prepare(q), sql, columns.length);
      if (bounded) plain.finalize();
      const stmt = bounded ?? plain;
      // iterate() keys each row by _getColumnNames(): unique names keep two columns of one name apart.
      const unique = bounded ? columns.flatMap((_, i) => [`v${i}`, `l${i}`]) : uniqueColumns(columns);
      stmt._getColumnNames = () => unique;
      let rows: IterableIterator<Record<string, unknown>>;
      try {
        rows = stmt.iterate(bindable(params));
      } catch (e) {
        stmt.finalize();
        throw e;
      }
      const iter: Iterator<Record<string, unknown>> = {
        next: () => rows.next(),
        return: (v?: unknown) => {
          try {
            rows.return?.();
          } finally {
            stmt.finalize();
          }
          return { done: true, value: v as Record<string, unknown> };
        },
      };
      return readRows(columns, iter, maxRows, !!bounded);
    },
    close: () => db.close(),
  };
}

export interface OpenedEngine {
  engine: SqliteEngine;
  /** One line for the log naming the engine chosen and, when a better one was skipped, why. */
  line: string;
}

export type EngineLoaders = Record<SqliteEngineKind, (f: string) => Promise<SqliteEngine>>;
const defaultLoaders: EngineLoaders = { native: openNative, node: openNodeSqlite, wasm: openWasm };
const order: SqliteEngineKind[] = ['native', 'node', 'wasm'];

/**
 * Opens the preferred engine. 'auto' tries them best first and moves on only when an engine itself cannot load
 * (wrong ABI, module missing, runtime too old); a file that cannot be opened is an error on every engine.
 */
export async function openEngine(file: string, preference: SqliteEnginePreference, loaders: EngineLoaders = defaultLoaders): Promise<OpenedEngine> {
  if (preference !== 'auto') {
    const engine = await loaders[preference](file);
    return { engine, line: `SQLite: using ${engineNames[preference]}.` };
  }
  const skipped: string[] = [];
  for (const kind of order) {
    try {
      const engine = await loaders[kind](file);
      const why = skipped.length ? ` (${skipped.join('; ')})` : '';
      return { engine, line: `SQLite: using ${engineNames[kind]}${why}.` };
    } catch (e) {
      if (kind === 'wasm' || !isModuleLoadError(e)) throw e;
      skipped.push(`${kind === 'native' ? 'better-sqlite3' : 'node:sqlite'} did not load: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error('unreachable');
}

/** A failure to load an engine (wrong ABI, missing binary, no node:sqlite), as opposed to a failure to open the file. */
export function isModuleLoadError(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  if (err?.code === 'ERR_DLOPEN_FAILED' || err?.code === 'MODULE_NOT_FOUND' || err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'ERR_UNKNOWN_BUILTIN_MODULE') return true;
  return /NODE_MODULE_VERSION|was compiled against a different Node\.js version|Could not locate the bindings file|invalid ELF header|No such built-in module/.test(err?.message ?? '');
}
