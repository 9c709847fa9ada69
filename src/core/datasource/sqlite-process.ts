// Child process that owns one SQLite connection for a SqliteDriver. better-sqlite3 is synchronous and a
// single sqlite3_step() can run for minutes without returning to JavaScript, so neither a timer nor
// Worker.terminate() can stop it (terminate waits for the native call to return). Killing this process can:
// the driver sends SIGKILL on timeout or abort and starts a fresh process for the next call.
import { openEngine, type SqliteEngine } from './sqlite-engines';
import type { SqliteRequest, SqliteResponse } from './sqlite-protocol';

let engine: SqliteEngine | undefined;

function send(msg: SqliteResponse): void {
  process.send?.(msg);
}

function errorOf(e: unknown): { message: string; code?: string } {
  const err = e as { message?: string; code?: unknown };
  return { message: String(err?.message ?? e), code: typeof err?.code === 'string' ? err.code : undefined };
}

async function handle(req: SqliteRequest): Promise<unknown> {
  switch (req.op) {
    case 'open': {
      const opened = await openEngine(req.file, req.engine);
      engine = opened.engine;
      // Fail now, not on the first catalog query, when the file is not a SQLite database.
      engine.all('SELECT count(*) AS n FROM sqlite_master', []);
      return { kind: engine.kind, fallback: opened.fallback };
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
