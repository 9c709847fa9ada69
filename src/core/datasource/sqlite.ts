// SQLite driver. The connection lives in a child process (see sqlite-process.ts for why), opened read-only;
// each catalog query or user statement is one request to it and counts as one round trip.
import { l10n } from '../messages';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assembleSqlite, countQuery, EXACT_COUNT_MAX_BYTES, sqliteCatalog } from './sqlite-catalog';
import type { SqliteOpened, SqliteRequest, SqliteResponse } from './sqlite-protocol';
import type { SqliteEngineKind, SqliteEnginePreference } from './sqlite-engines';
import { childEnv } from '../child-env';
import { qualify, quoteIdent } from './quote';
import { cancelledError, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_MS, memoryLimitError, readOnlyError, timeoutError, tooLargeError, DEFAULT_MAX_RESULT_BYTES } from './errors';
import { MEMORY_LIMIT_MARKER } from '../memory-limit';
import type { Row } from './catalog';
import { DatasourceError, type ConnectionOptions, type Driver, type IntrospectOptions, type QueryOptions, type QueryResult, type Schema } from './types';

type Body = SqliteRequest extends infer R ? (R extends SqliteRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * The child script: next to the bundle (dist/), or, when running from source under tsx, the built
 * dist/sqlite-process.js if it is up to date (it starts in ~50 ms; the .ts through tsx takes seconds), else the .ts.
 */
function childScript(): string {
  const sibling = join(__dirname, 'sqlite-process.js');
  if (existsSync(sibling)) return sibling;
  const source = join(__dirname, 'sqlite-process.ts');
  const built: string[] = [];
  for (let d = __dirname; dirname(d) !== d; d = dirname(d)) built.push(join(d, 'dist', 'sqlite-process.js'));
  const bundle = built.find((p) => existsSync(p));
  if (bundle && !existsSync(source)) return bundle;
  if (bundle) {
    const newest = Math.max(...['sqlite-process.ts', 'sqlite-engines.ts', 'sqlite-protocol.ts', '../orphan-watchdog.ts', '../child-env.ts'].map((f) => statSync(join(__dirname, f)).mtimeMs));
    if (statSync(bundle).mtimeMs >= newest) return bundle;
  }
  if (existsSync(source)) return source;
  throw new DatasourceError('The SQLite helper script (sqlite-process.js) is missing from the installation.', 'Rebuild with `node esbuild.mjs` or reinstall the extension.');
}

const engineKinds = ['auto', 'native', 'node', 'wasm'];

/** The engine to open: env TABLETALK_SQLITE_ENGINE (or the older TABLETALK_SQLITE_WASM=1) overrides the option. */
export function enginePreference(option: SqliteEnginePreference | undefined, env: NodeJS.ProcessEnv = process.env): SqliteEnginePreference {
  const forced = env.TABLETALK_SQLITE_ENGINE;
  if (forced) {
    if (!engineKinds.includes(forced)) throw new DatasourceError(l10n.t('TABLETALK_SQLITE_ENGINE={0} is not an engine.', forced), l10n.t('Use one of {0}.', engineKinds.join(', ')), { code: 'invalid-url' });
    return forced as SqliteEnginePreference;
  }
  if (env.TABLETALK_SQLITE_WASM === '1') return 'wasm';
  return option ?? 'auto';
}

export class SqliteDriver implements Driver {
  readonly dialect = 'sqlite' as const;
  private child?: ChildProcess;
  private opened?: Promise<SqliteOpened>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderr = '';
  private closed = false;
  private engineLogged = false;
  readonly file: string;

  constructor(private readonly opts: ConnectionOptions) {
    if (!opts.file) throw new DatasourceError(l10n.t('A SQLite datasource needs a file path.'), l10n.t('Choose the database file.'), { code: 'invalid-url' });
    this.file = opts.file;
  }

  /** Which engine serves this datasource, once connected. */
  async engine(): Promise<SqliteEngineKind> {
    return (await this.ensureOpen()).kind;
  }

  async test(): Promise<void> {
    await this.ensureOpen();
  }

  async introspect(options: IntrospectOptions = {}): Promise<Schema> {
    await this.ensureOpen(options);
    // Timed from here: the figure is the catalog work, not starting the helper process.
    const start = performance.now();
    let roundTrips = 0;
    const all = async (sql: string, params: unknown[] = []) => {
      roundTrips++;
      return (await this.request({ op: 'all', sql, params }, { signal: options.signal })) as Row[];
    };
    let rows: Row[];
    try {
      rows = await all(sqliteCatalog.tables);
    } catch (e) {
      if ((e as DatasourceError).code !== 'query') throw e;
      // Only a broken view (one over a dropped table or column) gets here: read the tables, then each view, and
      // leave out the views SQLite itself cannot describe. Extra round trips only in this case.
      rows = await all(sqliteCatalog.baseTables);
      for (const v of await all(sqliteCatalog.viewNames)) {
        try {
          rows.push(...(await all(sqliteCatalog.oneView, [v.name])));
        } catch (err) {
          this.opts.log?.(`SQLite: view "${String(v.name)}" left out, SQLite cannot read it: ${(err as Error).message.replace(/^SQLite: /, '')}`);
        }
      }
      rows.sort((a, b) => (String(a.tbl) < String(b.tbl) ? -1 : 1));
    }
    const tables = assembleSqlite(rows);
    const base = tables.filter((t) => t.kind === 'table');
    if (base.length) {
      // Small files: one exact COUNT(*) statement over every table. Large files: ANALYZE's statistics if any.
      let counts: Row[];
      if (statSync(this.file).size <= EXACT_COUNT_MAX_BYTES) {
        const q = countQuery(base.map((t) => t.name));
        counts = await all(q.sql, q.params);
      } else {
        counts = await all(sqliteCatalog.stat1).catch(() => []);
      }
      const byName = new Map(counts.map((r) => [String(r.tbl), Number(r.n)]));
      for (const t of base) t.rowEstimate = byName.get(t.name) ?? null;
    }
    return { dialect: 'sqlite', tables, stats: { roundTrips, ms: Math.round(performance.now() - start) } };
  }

  async queryReadOnly(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    const start = performance.now();
    const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
    await this.ensureOpen(options);
    const r = (await this.request({ op: 'query', sql, params, maxRows }, { ...options, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS })) as { columns: string[]; rows: Row[]; truncated: boolean };
    return { ...r, ms: Math.round(performance.now() - start) };
  }

  quoteIdent(name: string): string {
    return quoteIdent('sqlite', name);
  }

  qualify(table: { name: string; schema: string | null }): string {
    return qualify('sqlite', table);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.kill(new DatasourceError(l10n.t('The datasource was closed.'), undefined, { code: 'closed' }));
  }

  private ensureOpen(options: { signal?: AbortSignal } = {}): Promise<SqliteOpened> {
    if (this.closed) return Promise.reject(new DatasourceError(l10n.t('The datasource was closed.'), l10n.t('Reconnect to it.'), { code: 'closed' }));
    if (!this.opened) {
      const file = this.file;
      if (!existsSync(file)) {
        return Promise.reject(new DatasourceError(l10n.t('SQLite file not found: {0}', file), l10n.t('Check the path. TableTalk opens existing files only and never creates one.'), { code: 'not-found' }));
      }
      if (statSync(file).isDirectory()) {
        return Promise.reject(new DatasourceError(l10n.t('{0} is a folder, not a SQLite database file.', file), l10n.t('Choose the database file itself.'), { code: 'not-a-database' }));
      }
      // A FIFO, socket or device would block the open (and be reported as a timeout): only regular files are opened.
      if (!statSync(file).isFile()) {
        return Promise.reject(new DatasourceError(l10n.t('{0} is not a regular file: a SQLite database is a regular file (not a pipe or socket or device).', file), l10n.t('Choose the database file itself.'), { code: 'not-a-database' }));
      }
      let engine: SqliteEnginePreference;
      try {
        engine = enginePreference(this.opts.sqliteEngine);
      } catch (e) {
        return Promise.reject(e);
      }
      this.spawn(engine);
      this.opened = (this.request({ op: 'open', file, engine }, { timeoutMs: this.opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, signal: options.signal }) as Promise<SqliteOpened>).then((o) => {
        if (!this.engineLogged) this.opts.log?.(o.line);
        this.engineLogged = true;
        return o;
      });
      this.opened.catch(() => {
        this.opened = undefined; // let a later call retry, e.g. once the file exists
      });
    }
    return this.opened;
  }

  private spawn(engine: SqliteEnginePreference): void {
    const script = childScript();
    // TABLETALK_SQLITE_NODE: the Node binary for the node:sqlite engine when this runtime has none (how the tests
    // reach node:sqlite from Node 20, and a way for CLI users on Node 20 to use it).
    const execPath = (engine === 'node' && process.env.TABLETALK_SQLITE_NODE) || process.execPath;
    const child = fork(script, [], {
      execPath,
      serialization: 'advanced', // keeps Buffers, BigInts and Dates intact
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      execArgv: script.endsWith('.ts') ? ['--import', 'tsx'] : [],
      // In desktop VS Code process.execPath is Electron: run it as plain Node, as language clients do. No secret
      // of the parent's environment reaches the child.
      env: childEnv({ ELECTRON_RUN_AS_NODE: '1', NODE_NO_WARNINGS: '1' }),
    });
    this.child = child;
    this.stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-2000);
    });
    child.on('message', (msg: SqliteResponse) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      this.idle();
      if (msg.ok) p.resolve(msg.result);
      else p.reject(this.translate(msg.error));
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.opened = undefined;
      if (this.stderr.includes(MEMORY_LIMIT_MARKER)) return this.failAll(memoryLimitError());
      const why = this.stderr.trim().split('\n').pop();
      this.failAll(new DatasourceError(why ? l10n.t('The SQLite process stopped ({0}): {1}.', signal ?? `exit code ${code}`, why) : l10n.t('The SQLite process stopped ({0}).', signal ?? `exit code ${code}`), l10n.t('Retry; if it keeps failing, the file may be damaged.')));
    });
    child.on('error', (e) => this.failAll(new DatasourceError(`Cannot start the SQLite process: ${e.message}`, undefined, { cause: e })));
    this.idle();
  }

  /** With nothing in flight the child must not keep the CLI (or a test) alive. */
  private idle(): void {
    const busy = this.pending.size > 0;
    if (!this.child) return;
    if (busy) {
      this.child.ref();
      this.child.channel?.ref();
    } else {
      this.child.unref();
      this.child.channel?.unref();
    }
  }

  private request(body: Body, options: QueryOptions = {}): Promise<unknown> {
    const child = this.child;
    if (!child) return Promise.reject(new DatasourceError(l10n.t('The SQLite process is not running.'), l10n.t('Retry.')));
    if (options.signal?.aborted) return Promise.reject(cancelledError());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => this.kill(cancelledError());
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      this.pending.set(id, {
        resolve: (v) => { done(); resolve(v); },
        reject: (e) => { done(); reject(e); },
      });
      if (options.timeoutMs) {
        const ms = options.timeoutMs;
        timer = setTimeout(() => this.kill(timeoutError(ms)), ms);
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.idle();
      child.send({ ...body, id } as SqliteRequest);
    });
  }

  /** Stops whatever the child is doing, for real: SIGKILL ends even a native sqlite3_step(). */
  private kill(reason: DatasourceError): void {
    const child = this.child;
    this.child = undefined;
    this.opened = undefined;
    this.failAll(reason);
    child?.kill('SIGKILL');
  }

  private failAll(reason: unknown): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(reason);
  }

  private translate(error: { message: string; code?: string }): DatasourceError {
    const { message, code } = error;
    if (code === 'SQLITE_NOTADB' || /file is not a database/i.test(message)) {
      return new DatasourceError(l10n.t('{0} is not a SQLite database.', this.file), l10n.t('Choose a SQLite database file (.sqlite, .db); TableTalk opens it read-only.'), { code: 'not-a-database' });
    }
    if (code === 'SQLITE_CANTOPEN') {
      return new DatasourceError(l10n.t('Cannot open {0}: {1}.', this.file, message), l10n.t('Check that the file is readable by you.'), { code: 'not-found' });
    }
    if (code?.startsWith('SQLITE_READONLY') || /readonly database|query_only/i.test(message)) {
      return readOnlyError('SQLite', message);
    }
    if (code === 'too-large') return tooLargeError(DEFAULT_MAX_RESULT_BYTES);
    return new DatasourceError(`SQLite: ${message}`, undefined, { code: 'query' });
  }
}

