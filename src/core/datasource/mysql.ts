// MySQL/MariaDB driver: one mysql2 pool per datasource. Every connection is read-only at session level, user
// SQL runs as one server-side prepared statement inside START TRANSACTION READ ONLY with a server-side time
// limit, and sql_select_limit makes the server stop after maxRows + 1 rows.
import { l10n } from '../messages';
import mysql from 'mysql2/promise';
import type { FieldPacket, PoolConnection } from 'mysql2/promise';
import { assembleMysql, mysqlCatalog } from './mysql-catalog';
import { cancelledError, capValues, countBytes, DEFAULT_MAX_RESULT_BYTES, DEFAULT_MAX_VALUE_BYTES, tooLargeError, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_MS, networkError, readOnlyError, scrub, timeoutError } from './errors';
import { qualify, quoteIdent } from './quote';
import { rowObject, uniqueColumns } from './columns';
import { mysqlSsl } from './ssl';
import type { Row } from './catalog';
import { DatasourceError, type ConnectionOptions, type Driver, type IntrospectOptions, type QueryOptions, type QueryResult, type Schema } from './types';

/** The server-variable names differ between MariaDB and MySQL; learned once per pool. */
/** The session's sql_mode without the two modes that change how quotes and backslashes are read. */
const PINNED_SQL_MODE = "TRIM(BOTH ',' FROM REPLACE(REPLACE(REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',ANSI_QUOTES,', ','), ',NO_BACKSLASH_ESCAPES,', ','), ',,', ','))";

interface Flavour {
  mariadb: boolean;
  readOnlyVar: string;
  /** SET clause limiting statement time, from milliseconds. */
  timeLimit: (ms: number) => string;
}

function flavour(version: string): Flavour {
  if (/mariadb/i.test(version)) {
    return { mariadb: true, readOnlyVar: 'tx_read_only', timeLimit: (ms) => `max_statement_time = ${ms === 0 ? 0 : (ms / 1000).toFixed(3)}` };
  }
  const [major, minor, patch] = version.split(/[.-]/).map(Number);
  const modern = major > 8 || (major === 8 && (minor > 0 || patch >= 3));
  return { mariadb: false, readOnlyVar: modern ? 'transaction_read_only' : 'tx_read_only', timeLimit: (ms) => `max_execution_time = ${ms}` };
}

interface CoreQuery {
  on(event: 'fields', fn: (fields: FieldPacket[]) => void): CoreQuery;
  on(event: 'result', fn: (row: Row) => void): CoreQuery;
  on(event: 'error', fn: (e: Error) => void): CoreQuery;
  on(event: 'end', fn: () => void): CoreQuery;
}

export class MysqlDriver implements Driver {
  readonly dialect = 'mysql' as const;
  private readonly pool: mysql.Pool;
  private flavourP?: Promise<Flavour>;

  constructor(private readonly opts: ConnectionOptions) {
    this.pool = mysql.createPool({
      host: opts.tunnel?.host ?? opts.host ?? 'localhost',
      port: opts.tunnel?.port ?? opts.port ?? 3306,
      user: opts.user,
      password: opts.password,
      database: opts.database,
      ssl: mysqlSsl(opts),
      connectTimeout: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      connectionLimit: 4,
      maxIdle: 2,
      idleTimeout: 30_000,
      charset: 'utf8mb4',
      dateStrings: true, // dates exactly as stored, serialisable for webviews and the LLM
      supportBigNumbers: true,
      bigNumberStrings: true,
      multipleStatements: false, // one statement per call, always
      // Each distinct statement stays prepared on the server until evicted; LLM-written SQL is rarely repeated,
      // so keep few (the server caps all sessions together at max_prepared_stmt_count).
      maxPreparedStatements: 32,
    });
  }

  async test(): Promise<void> {
    await this.run(async (c) => {
      await c.query('SELECT 1');
    });
  }

  async introspect(options: IntrospectOptions = {}): Promise<Schema> {
    const schema = options.schema ?? this.opts.schemas?.[0] ?? this.opts.database;
    if (!schema) throw new DatasourceError('No database to introspect.', 'Put the database name in the URL (mysql://user@host:port/db) or pass --schema.', { code: 'invalid-url' });
    const fl = await this.flavour();
    if (options.signal?.aborted) throw cancelledError();
    // The four catalog queries run at once on pooled connections: a fixed 4 round trips, overlapped.
    const start = performance.now();
    let roundTrips = 0;
    const q = async (sql: string) => {
      roundTrips++;
      try {
        const [rows] = await this.pool.query({ sql, values: [schema] });
        return rows as Row[];
      } catch (e) {
        throw this.translate(e);
      }
    };
    const [tables, columns, uniques, fks] = await Promise.all([
      q(mysqlCatalog.tables),
      q(mysqlCatalog.columns),
      q(mysqlCatalog.uniques),
      q(mysqlCatalog.foreignKeys),
    ]);
    const list = assembleMysql(schema, fl.mariadb, tables, columns, uniques, fks);
    return { dialect: 'mysql', tables: list, stats: { roundTrips, ms: Math.round(performance.now() - start) } };
  }

  async queryReadOnly(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<QueryResult> {
    const start = performance.now();
    const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
    const timeoutMs = Math.max(1, Math.floor(options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
    const { signal } = options;
    if (signal?.aborted) throw cancelledError();
    const fl = await this.flavour();
    const conn = await this.checkout();
    let stopped: DatasourceError | undefined;
    let clean = false;
    const kill = () => void this.killQuery(conn.threadId);
    const onAbort = () => {
      stopped ??= cancelledError();
      kill();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // The server enforces the time limit; this catches a server that stops answering altogether.
    const backstop = setTimeout(() => {
      stopped ??= timeoutError(timeoutMs);
      conn.destroy();
    }, timeoutMs + 5_000);
    // The driver buffers whole rows: past maxBytes on the wire the statement is killed and the connection
    // dropped before the process balloons.
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESULT_BYTES;
    const socket = (conn as unknown as { connection?: { stream?: Parameters<typeof countBytes>[0] & { destroy(): void } } }).connection?.stream;
    let overLimit: (e: DatasourceError) => void = () => {};
    const limit = new Promise<never>((_resolve, reject) => (overLimit = reject));
    const detach = countBytes(socket, maxBytes, () => {
      stopped ??= tooLargeError(maxBytes);
      // The driver does not always fail its pending statement when the socket goes: stop waiting for it here.
      overLimit(stopped);
      kill();
      socket?.destroy();
    });
    try {
      // Numbers we computed, not user input (SET cannot take bound parameters in every server version).
      // sql_mode without ANSI_QUOTES and NO_BACKSLASH_ESCAPES: the server then reads quotes and backslashes
      // exactly as the SQL guard's scanner does ("..." a string, \' an escaped quote).
      await conn.query(`SET SESSION ${fl.readOnlyVar} = 1, SESSION sql_select_limit = ${maxRows + 1}, SESSION ${fl.timeLimit(timeoutMs)}, SESSION sql_mode = ${PINNED_SQL_MODE}`);
      await conn.query('START TRANSACTION READ ONLY');
      const exceeded = fl.mariadb ? await this.statementTimeExceeded(conn) : 0;
      const streamed = this.stream(conn, sql, params, maxRows, kill);
      streamed.catch(() => {}); // once the byte limit won the race, a late failure of the dropped statement is moot
      const result = await Promise.race([streamed, limit]);
      // MariaDB can stop a statement at max_statement_time and still send a normal-looking result with no
      // warning (BENCHMARK returns 0): only its session counter tells. That is a timeout, not an answer.
      if (fl.mariadb && (await this.statementTimeExceeded(conn)) > exceeded) throw timeoutError(timeoutMs);
      await conn.query('ROLLBACK');
      await conn.query(`SET SESSION sql_select_limit = DEFAULT, SESSION ${fl.timeLimit(0)}`);
      // A named lock outlives the transaction and would stay with the pooled connection: let none survive.
      await conn.query('DO RELEASE_ALL_LOCKS()');
      clean = true;
      const cut = capValues(result.rows, options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES);
      return { columns: result.columns, rows: result.rows, truncated: result.truncated, ms: Math.round(performance.now() - start), ...(cut ? { truncatedValues: cut } : {}) };
    } catch (e) {
      if (stopped) throw stopped;
      const err = e as { errno?: number; message?: string };
      // MariaDB 1969 / MySQL 3024: the statement time limit; 1317: interrupted (KILL QUERY).
      if (err.errno === 1969 || err.errno === 3024 || (err.errno === 1317 && /max_statement_time|max_execution_time/.test(err.message ?? ''))) throw timeoutError(timeoutMs);
      if (err.errno === 1317) throw cancelledError();
      throw this.translate(e);
    } finally {
      detach();
      clearTimeout(backstop);
      signal?.removeEventListener('abort', onAbort);
      // A connection left mid-transaction or with our limits set must never serve another caller.
      if (clean) conn.release();
      else conn.destroy();
    }
  }

  quoteIdent(name: string): string {
    return quoteIdent('mysql', name);
  }

  qualify(table: { name: string; schema: string | null }): string {
    return qualify('mysql', table);
  }

  async close(): Promise<void> {
    try {
      await this.pool.end();
    } finally {
      await this.opts.tunnel?.close();
    }
  }

  /**
   * Streams rows of one prepared statement, keeping at most maxRows + 1. An explicit LIMIT in the statement
   * overrides sql_select_limit; then the surplus is not kept and KILL QUERY stops the server early.
   */
  private stream(conn: PoolConnection, sql: string, params: unknown[], maxRows: number, kill: () => void): Promise<Omit<QueryResult, 'ms'>> {
    return new Promise((resolve, reject) => {
      const rows: Row[] = [];
      let columns: string[] = [];
      let gotFields = false;
      let notQuery = false;
      let over = false;
      const core = (conn as unknown as { connection: { execute(options: { sql: string; rowsAsArray: boolean }, values: unknown[]): CoreQuery } }).connection;
      core
        .execute({ sql, rowsAsArray: true }, params.map((p) => (p === undefined ? null : p)))
        .on('fields', (fields) => {
          // mysql2 emits 'fields' with no list for an OK packet (a statement that returns no rows).
          gotFields = Array.isArray(fields);
          columns = uniqueColumns((fields ?? []).map((f) => f.name));
        })
        .on('result', (row) => {
          // Without a column list first, this is the server's OK packet (affected rows, warnings), not data.
          if (!gotFields) {
            notQuery = true;
            return;
          }
          if (rows.length <= maxRows) rows.push(rowObject(columns, row as unknown as unknown[]));
          else if (!over) {
            over = true;
            kill();
          }
        })
        .on('error', (e: Error & { errno?: number }) => {
          if (over && e.errno === 1317) resolve({ columns, rows: rows.slice(0, maxRows), truncated: true });
          else reject(e);
        })
        .on('end', () => {
          if (notQuery && !gotFields) {
            reject(new DatasourceError(l10n.t('MySQL: the statement returned no result set (it is not a query).'), l10n.t('TableTalk only shows the rows a SELECT returns.'), { code: 'query' }));
            return;
          }
          const truncated = rows.length > maxRows;
          resolve({ columns, rows: truncated ? rows.slice(0, maxRows) : rows, truncated });
        });
    });
  }

  /** MariaDB's per-session count of statements stopped by max_statement_time. */
  private async statementTimeExceeded(conn: PoolConnection): Promise<number> {
    const [rows] = await conn.query("SHOW SESSION STATUS LIKE 'Max_statement_time_exceeded'");
    return Number((rows as { Value?: string }[])[0]?.Value ?? 0);
  }

  /** Server flavour, learned once per driver with the first connection (not part of introspection's count). */
  private flavour(): Promise<Flavour> {
    this.flavourP ??= this.run(async (c) => {
      const [rows] = await c.query('SELECT VERSION() AS v');
      return flavour(String((rows as Row[])[0].v));
    });
    this.flavourP.catch(() => {
      this.flavourP = undefined;
    });
    return this.flavourP;
  }

  /** KILL QUERY from another pooled connection stops the running statement server-side. */
  private async killQuery(threadId: number): Promise<void> {
    try {
      await this.pool.query(`KILL QUERY ${Number(threadId)}`);
    } catch (e) {
      this.opts.log?.(`MySQL: could not cancel the query: ${scrub((e as Error).message, this.opts.password)}`);
    }
  }

  private async checkout(): Promise<PoolConnection> {
    try {
      const conn = await this.pool.getConnection();
      return conn;
    } catch (e) {
      throw this.translate(e);
    }
  }

  private async run<T>(fn: (c: PoolConnection) => Promise<T>): Promise<T> {
    const conn = await this.checkout();
    let failed = false;
    try {
      return await fn(conn);
    } catch (e) {
      failed = true;
      throw this.translate(e);
    } finally {
      if (failed) conn.destroy();
      else conn.release();
    }
  }

  private translate(e: unknown): DatasourceError {
    if (e instanceof DatasourceError) return e;
    const o = this.opts;
    const err = e as { errno?: number; code?: string; message?: string };
    const msg = scrub(String(err?.message ?? e), o.password);
    const where = `${o.host}:${o.port}`;
    switch (err?.errno) {
      case 1045:
        return new DatasourceError(l10n.t('{0} at {1} rejected the password for user "{2}".', 'MySQL', where, o.user ?? ''), l10n.t('Check the user name and password (stored password, or TABLETALK_PASSWORD for the CLI).'), { code: 'auth', cause: e });
      case 1044:
        return new DatasourceError(l10n.t('MySQL at {0}: user "{1}" has no access to database "{2}".', where, o.user ?? '', o.database ?? ''), l10n.t('Grant the user access, or choose another database.'), { code: 'auth', cause: e });
      case 1049:
        return new DatasourceError(l10n.t('{0} at {1} has no database "{2}".', 'MySQL', where, o.database ?? ''), l10n.t('Check the database name.'), { code: 'not-found', cause: e });
      case 1792:
      case 1290:
        return readOnlyError('MySQL', msg);
    }
    if (err?.code === 'HANDSHAKE_NO_SSL_SUPPORT') {
      return new DatasourceError(l10n.t('{0} at {1} does not accept SSL connections.', 'MySQL', where), l10n.t('Set the SSL mode to "disable".'), { code: 'ssl', cause: e });
    }
    // Through a tunnel, a dropped or refused forward shows up here as a closed socket: say what the tunnel knows.
    // (An error with a SQL state came from the server itself, so the tunnel worked.)
    const viaSsh = (err as { sqlState?: string })?.sqlState ? undefined : o.tunnel?.failure();
    if (viaSsh) return viaSsh;
    const net = networkError(e, 'MySQL', o);
    if (net) return net;
    if (err?.code === 'PROTOCOL_CONNECTION_LOST') {
      return new DatasourceError(l10n.t('The connection to MySQL at {0} was closed by the server.', where), l10n.t('Check that the port belongs to a MySQL/MariaDB server, then retry.'), { code: 'unreachable', cause: e });
    }
    return new DatasourceError(`MySQL: ${msg}`, undefined, { code: 'query', cause: e });
  }
}
