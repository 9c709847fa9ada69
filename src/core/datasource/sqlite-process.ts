// Child process that owns one SQLite connection for a SqliteDriver. A single sqlite3_step() can run for minutes
// without returning to JavaScript (on every engine: native, node:sqlite or WASM), so neither a timer nor
// Worker.terminate() can stop it (terminate waits for the call to return). Killing this process can: the driver
// sends SIGKILL on timeout or abort and starts a fresh process for the next call. If the driver's process dies,
// the watchdog ends this one too, even in the middle of a step. A memory limit (SQLITE_CHILD_MAX_BYTES) ends it
// when one value or result would balloon (SQLite itself holds a 300 MB blob twice before any engine sees it).
import { openEngine, type SqliteEngine } from './sqlite-engines';
import type { SqliteOpened, SqliteRequest, SqliteResponse } from './sqlite-protocol';
import { exitWithParent } from '../orphan-watchdog';
import { killOverMemory } from '../memory-limit';
import { SQLITE_CHILD_MAX_BYTES } from './errors';

let engine: SqliteEngine | undefined;
exitWithParent();
killOverMemory(SQLITE_CHILD_MAX_BYTES);

function send(msg: SqliteResponse): void {
  process.send?.(msg);
}

/** One error shape for every engine: SQLite's code where the engine gives none (node-sqlite3-wasm, node:sqlite). */
function errorOf(e: unknown): { message: string; code?: string } {
  const err = e as { message?: string; code?: unknown; errcode?: number };
  const message = String(err?.message ?? e);
  let code = typeof err?.code === 'string' && err.code.startsWith('SQLITE_') ? err.code : undefined;
  if (!code && /unable to open database file|Could not open the database|no such file/i.test(message)) code = 'SQLITE_CANTOPEN';
  if (!code && /file is not a database/i.test(message)) code = 'SQLITE_NOTADB';
  if (!code && /readonly database/i.test(message)) code = 'SQLITE_READONLY';
  if (!code && /database is locked/i.test(message)) code = 'SQLITE_BUSY';
  return { message, code: code ?? (typeof err?.code === 'string' ? err.code : undefined) };
}

async function handle(req: SqliteRequest): Promise<unknown> {
  switch (req.op) {
    case 'open': {
      const opened = await openEngine(req.file, req.engine);
      engine = opened.engine;
      // Fail now, not on the first catalog query, when the file is not a SQLite database.
      engine.all('SELECT count(*) AS n FROM sqlite_master', []);
      return { kind: engine.kind, line: opened.line } satisfies SqliteOpened;
    }
    case 'all':
      if (!engine) throw new Error('not open');
      return engine.all(req.sql, req.params);
    case 'query':
      if (!engine) throw new Error('not open');
      return engine.query(req.sql, req.params, req.maxRows);
  }
}

process.on('message', (req: SqliteRequest) => {
  handle(req).then(
    (result) => send({ id: req.id, ok: true, result }),
    (e: unknown) => send({ id: req.id, ok: false, error: errorOf(e) }),
  );
});
// The driver's process went away: nothing left to serve.
process.on('disconnect', () => {
  engine?.close();
  process.exit(0);
});
