// PostgreSQL driver: one pg.Pool per datasource; catalog reads through pg_catalog; user SQL in a READ ONLY
// transaction with a server-side statement_timeout, fetched through a cursor so at most maxRows + 1 rows cross
// the wire.
import { l10n } from '../messages';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { assemblePostgres, postgresCatalog } from './postgres-catalog';
import { cancelledError, capValues, countBytes, DEFAULT_MAX_RESULT_BYTES, DEFAULT_MAX_VALUE_BYTES, tooLargeError, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_MS, networkError, readOnlyError, scrub, timeoutError } from './errors';
import { qualify, quoteIdent } from './quote';
import { rowObject, uniqueColumns } from './columns';
import { pgSsl } from './ssl';
import type { Row } from './catalog';
import { DatasourceError, type ConnectionOptions, type Driver, type IntrospectOptions, type QueryOptions, type QueryResult, type Schema } from './types';

// Dates, timestamps and int8 as the text PostgreSQL sends: exact, and serialisable for webviews and the LLM.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 1082 || oid === 1114 || oid === 1184 || oid === 20 ? (v: string) => v : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A pg.Client that closes its socket when connecting fails. pg reports an error it finds itself (no password for
 * a server that asks for one) but leaves the socket open, so the process waits for the server's authentication
 * timeout (60 s by default) before it can exit.
 */
class ClosingClient extends pg.Client {
  override connect(): Promise<pg.Client>;
  override connect(callback: (err: Error) => void): void;
  override connect(callback?: (err: Error) => void): Promise<pg.Client> | void {
    const destroy = () => (this as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    if (!callback) return super.connect().catch((e: unknown) => { destroy(); throw e; });
    super.connect((err: Error) => {
      if (err) destroy();
      callback(err);
    });
  }
}

/** Clients that already have an 'error' listener (pooled clients are reused). */
const listening = new WeakSet<pg.PoolClient>();

export class PostgresDriver implements Driver {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;

  constructor(private readonly opts: ConnectionOptions) {
    this.pool = new pg.Pool({
      host: opts.tunnel?.host ?? opts.host ?? 'localhost',
      port: opts.tunnel?.port ?? opts.port ?? 5432,
      user: opts.user,
      password: opts.password,
      database: opts.database,
      ssl: pgSsl(opts),
      connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      application_name: 'TableTalk',
      max: 4,
      idleTimeoutMillis: 30_000,
      allowExitOnIdle: true, // the CLI and tests exit without waiting for idle clients
      types,
      Client: ClosingClient as unknown as new () => pg.ClientBase,
    });
    // An idle client losing its server (restart, network) must not crash the extension host.
    this.pool.on('error', (e) => opts.log?.(`PostgreSQL: idle connection closed: ${scrub(e.message, opts.password)}`));
  }

  async test(): Promise<void> {
    await this.run(async (c) => {
      await c.query('SELECT 1');
    });
  }

  async introspect(options: IntrospectOptions = {}): Promise<Schema> {
    const schemas = options.schema ? [options.schema] : this.opts.schemas?.length ? this.opts.schemas : null;
    if (options.signal?.aborted) throw cancelledError();
    // The three catalog queries run at once on pooled connections: a fixed 3 round trips, overlapped.
    const start = performance.now();
    let roundTrips = 0;
    const q = async (sql: string) => {
      roundTrips++;
      try {
        return (await this.pool.query({ text: sql, values: [schemas] })).rows as Row[];
      } catch (e) {
        throw this.translate(e);
      }
    };
    const [columns, keys, fks] = await Promise.all([q(postgresCatalog.columns), q(postgresCatalog.keys), q(postgresCatalog.foreignKeys)]);
    const tables = assemblePostgres(columns, keys, fks);
    return { dialect: 'postgres', tables, stats: { roundTrips, ms: Math.round(performance.now() - start) } };
  }

  async queryReadOnly(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    const start = performance.now();
    const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
    const timeoutMs = Math.max(1, Math.floor(options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
    const { signal } = options;
    if (signal?.aborted) throw cancelledError();
    const client = await this.checkout();
    let broken = false;
    let released = false;
    let stopped: DatasourceError | undefined;
    const onAbort = () => {
      stopped = cancelledError();
      void this.cancelBackend(client);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // The server enforces statement_timeout; this only catches a server that stops answering altogether.
    const backstop = setTimeout(() => {
      stopped = timeoutError(timeoutMs);
      released = true;
      client.release(true);
    }, timeoutMs + 5_000);
    // The driver buffers a whole row before handing it over, so a huge value is stopped on the wire: past
    // maxBytes the connection is dropped (the server ends the statement) before the process balloons.
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESULT_BYTES;
    const socket = (client as unknown as { connection?: { stream?: Parameters<typeof countBytes>[0] & { destroy(): void } } }).connection?.stream;
    const detach = countBytes(socket, maxBytes, () => {
      stopped ??= tooLargeError(maxBytes);
      socket?.destroy();
    });
    try {
      // A number we computed, not user input; SET cannot take a bound parameter.
      // standard_conforming_strings on: '...' takes no backslash escapes, exactly as the SQL guard's scanner reads it.
      await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${timeoutMs}; SET LOCAL standard_conforming_strings = on`);
      const cursor = client.query(new Cursor(sql, params, { types, rowMode: 'array' }));
      const { arrays, fields } = await new Promise<{ arrays: unknown[][]; fields: { name: string }[] }>((resolve, reject) => {
        cursor.read(maxRows + 1, (err, rows, result) => (err ? reject(err) : resolve({ arrays: rows as unknown as unknown[][], fields: result?.fields ?? [] })));
      });
      const columns = uniqueColumns(fields.map((f) => f.name));
      const rows = arrays.map((a) => rowObject(columns, a));
      await cursor.close();
      // Session-level advisory locks outlive the transaction and would stay with the pooled connection.
      await client.query('ROLLBACK; SELECT pg_advisory_unlock_all()');
      const truncated = rows.length > maxRows;
      const kept = truncated ? rows.slice(0, maxRows) : rows;
      const cut = capValues(kept, options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES);
      return { columns, rows: kept, truncated, ms: Math.round(performance.now() - start), ...(cut ? { truncatedValues: cut } : {}) };
    } catch (e) {
      broken = true;
      if (stopped) throw stopped;
      const err = e as { code?: string; message?: string };
      if (err.code === '57014') throw /statement timeout/.test(err.message ?? '') ? timeoutError(timeoutMs) : cancelledError();
      throw this.translate(e);
    } finally {
      detach();
      clearTimeout(backstop);
      signal?.removeEventListener('abort', onAbort);
      // After an error the transaction is aborted and a cursor may be open: drop the connection rather than
      // hand a dirty one to the next caller.
      if (!released) client.release(broken ? true : undefined);
    }
  }

  quoteIdent(name: string): string {
    return quoteIdent('postgres', name);
  }

  qualify(table: { name: string; schema: string | null }): string {
    return qualify('postgres', table);
  }

  async close(): Promise<void> {
    try {
      await this.pool.end();
    } finally {
      await this.opts.tunnel?.close();
    }
  }

  private async checkout(): Promise<pg.PoolClient> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw this.translate(e);
    }
    // pg emits 'error' on a checked-out client whose server goes away; unheard, that crashes the process.
    // The pending query rejects as well, so logging is all that is left to do here.
    if (!listening.has(client)) {
      listening.add(client);
      client.on('error', (e) => this.opts.log?.(`PostgreSQL: connection lost: ${scrub(e.message, this.opts.password)}`));
    }
    return client;
  }

  private async run<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.checkout();
    let failed = false;
    try {
      return await fn(client);
    } catch (e) {
      failed = true;
      throw this.translate(e);
    } finally {
      client.release(failed ? true : undefined);
    }
  }

  /** pg_cancel_backend from another pooled connection stops the running statement server-side. */
  private async cancelBackend(client: pg.PoolClient): Promise<void> {
    const pid = (client as unknown as { processID?: number }).processID;
    if (!pid) return;
    try {
      await this.pool.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch (e) {
      this.opts.log?.(`PostgreSQL: could not cancel the query: ${scrub((e as Error).message, this.opts.password)}`);
    }
  }

  private translate(e: unknown): DatasourceError {
    if (e instanceof DatasourceError) return e;
    const o = this.opts;
    const err = e as { code?: string; message?: string };
    const msg = scrub(String(err?.message ?? e), o.password);
    const where = `${o.host}:${o.port}`;
    switch (err?.code) {
      case '28P01':
        return new DatasourceError(l10n.t('{0} at {1} rejected the password for user "{2}".', 'PostgreSQL', where, o.user ?? ''), l10n.t('Check the user name and password (stored password, or TABLETALK_PASSWORD for the CLI).'), { code: 'auth', cause: e });
      case '28000':
        return new DatasourceError(l10n.t('{0} at {1} refused user "{2}": {3}.', 'PostgreSQL', where, o.user ?? '', msg), l10n.t('Check the user name, and that pg_hba.conf allows this user, database and address.'), { code: 'auth', cause: e });
      case '3D000':
        return new DatasourceError(l10n.t('{0} at {1} has no database "{2}".', 'PostgreSQL', where, o.database ?? ''), l10n.t('Check the database name.'), { code: 'not-found', cause: e });
      case '25006':
        return readOnlyError('PostgreSQL', msg);
    }
    if (/password authentication failed|SASL|client password must be a string/i.test(msg)) {
      return new DatasourceError(l10n.t('{0} at {1} needs a password for user "{2}".', 'PostgreSQL', where, o.user ?? ''), l10n.t('Enter the password (stored password, or TABLETALK_PASSWORD for the CLI).'), { code: 'auth', cause: e });
    }
    if (/server does not support SSL/i.test(msg)) {
      return new DatasourceError(l10n.t('{0} at {1} does not accept SSL connections.', 'PostgreSQL', where), l10n.t('Set the SSL mode to "disable".'), { code: 'ssl', cause: e });
    }
    // Through a tunnel, a dropped or refused forward shows up here as a closed socket: say what the tunnel knows.
    // (An error with a SQLSTATE came from the server itself, so the tunnel worked.)
    const viaSsh = /^[0-9A-Z]{5}$/.test(err?.code ?? '') ? undefined : o.tunnel?.failure();
    if (viaSsh) return viaSsh;
    const net = networkError(e, 'PostgreSQL', o);
    if (net) return net;
    if (/Connection terminated|terminating connection|server closed the connection|Client has encountered a connection error/i.test(msg)) {
      return new DatasourceError(l10n.t('The PostgreSQL server at {0} closed the connection: {1}.', where, msg), l10n.t('Check that the server is running (it may have been restarted), then try again.'), { code: 'unreachable', cause: e });
    }
    return new DatasourceError(`PostgreSQL: ${msg}`, undefined, { code: 'query', cause: e });
  }
}
