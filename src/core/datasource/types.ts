import { TableTalkError } from '../errors';
import type { Text } from '../messages';
/** Shapes shared by every dialect. These are also the `tabletalk introspect --json` contract: add fields, never rename. */

export type Dialect = 'sqlite' | 'postgres' | 'mysql';

export type SslMode = 'disable' | 'prefer' | 'require' | 'verify-full';

/** A datasource definition as stored in settings: never holds a password. */
export interface DatasourceConfig {
  id: string;
  name: string;
  dialect: Dialect;
  /** SQLite: absolute file path. */
  file?: string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  /** PostgreSQL: schemas to introspect; empty means every non-system schema. */
  schemas?: string[];
  /** TLS; certFile + keyFile: a client certificate (mutual TLS), PEM files with an unencrypted key. */
  ssl?: { mode: SslMode; caFile?: string; certFile?: string; keyFile?: string };
  /** PostgreSQL/MySQL: connect through an SSH tunnel; host/port above are then as seen from the SSH server. */
  ssh?: SshConfig;
}

/** How TableTalk reaches the SSH server. Never holds a password or passphrase (those live in SecretStorage/env). */
export interface SshConfig {
  host: string;
  /** Default 22. */
  port?: number;
  user: string;
  /** password: a password; key: a private key file (maybe with a passphrase); agent: the SSH agent at SSH_AUTH_SOCK. */
  auth: 'password' | 'key' | 'agent';
  /** auth 'key': the private key file (OpenSSH or PEM format). */
  keyFile?: string;
  /**
   * The host key's SHA256 fingerprint the user accepted on first use ("SHA256:…"), checked when known_hosts does
   * not know the server. A server presenting another key is refused.
   */
  hostKey?: string;
  /** known_hosts file to check (default ~/.ssh/known_hosts). */
  knownHostsFile?: string;
}

/** The local end of an SSH tunnel (see ssh-tunnel.ts). */
export interface TunnelEnd {
  readonly host: string;
  readonly port: number;
  /** Why the last forwarded connection failed (SSH session lost, database unreachable from the SSH server). */
  failure(): DatasourceError | undefined;
  close(): Promise<void>;
}

/** The host key of an SSH server that neither known_hosts nor the datasource knows yet. */
export interface UnknownHostKey {
  host: string;
  port: number;
  /** "SHA256:…", as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** e.g. ssh-ed25519 */
  type: string;
}

/** What a driver needs to connect: the config plus the secret fetched from SecretStorage or env. */
export interface ConnectionOptions extends DatasourceConfig {
  password?: string;
  /** SSH password (auth 'password') or key passphrase (auth 'key'); from SecretStorage or env, never settings. */
  sshSecret?: string;
  /**
   * Asked when the SSH server's host key is in neither known_hosts nor `ssh.hostKey`: true trusts it (the caller
   * stores the fingerprint as `ssh.hostKey`). Without it such a server is refused with its fingerprint.
   */
  confirmHostKey?: (key: UnknownHostKey) => Promise<boolean>;
  /** Set by connect() when `ssh` is given: the driver connects here instead of host:port, and closes it with its pool. */
  tunnel?: TunnelEnd;
  /** Milliseconds before a connection attempt fails; defaults to 8 000 (so failures show within 10 s). */
  connectTimeoutMs?: number;
  /** Receives one-line notices (e.g. "SQLite: native module failed to load, using the WASM engine"). */
  log?: (line: string) => void;
  /**
   * SQLite engine: 'auto' (default) tries better-sqlite3, then node:sqlite, then the WASM engine; env
   * TABLETALK_SQLITE_ENGINE=native|node|wasm (or TABLETALK_SQLITE_WASM=1) forces one.
   */
  sqliteEngine?: 'auto' | 'native' | 'node' | 'wasm';
}

export interface Column {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  primaryKey: boolean;
  comment: string | null;
}

export interface ForeignKey {
  columns: string[];
  refTable: string;
  /** Null when the referenced table lives in the same schema (always null on SQLite). */
  refSchema?: string | null;
  refColumns: string[];
}

export interface UniqueConstraint {
  name: string | null;
  columns: string[];
}

export interface Table {
  name: string;
  schema: string | null;
  kind: 'table' | 'view';
  rowEstimate: number | null;
  comment?: string | null;
  columns: Column[];
  foreignKeys: ForeignKey[];
  uniques: UniqueConstraint[];
}

export interface Schema {
  dialect: Dialect;
  tables: Table[];
  stats: { roundTrips: number; ms: number };
}

export interface QueryOptions {
  /** Rows beyond this are not fetched (at most maxRows + 1 are read); `truncated` says so. Default 1000. */
  maxRows?: number;
  /** The statement is stopped server-side after this long (DatasourceError code 'timeout'). Default 30 000. */
  timeoutMs?: number;
  /** Aborting cancels the running statement (DatasourceError code 'cancelled'). */
  signal?: AbortSignal;
  /** Result bytes read from the server before the statement is stopped (DatasourceError code 'too-large'). Default 64 MiB. */
  maxBytes?: number;
  /** Text values longer than this many characters, binary values longer than this many bytes, are cut and marked. Default 1 MiB. */
  maxValueBytes?: number;
}

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  truncated: boolean;
  ms: number;
  /** How many values were cut to maxValueBytes (absent when none). */
  truncatedValues?: number;
}

export interface IntrospectOptions {
  /** PostgreSQL/MySQL schema (database) to read; defaults to all user schemas (pg) or the connected database (mysql). */
  schema?: string;
  signal?: AbortSignal;
}

/** One live, pooled connection to a datasource. */
export interface Driver {
  readonly dialect: Dialect;
  /** Cheap round trip that proves the credentials work. */
  test(): Promise<void>;
  /** A fixed number of catalog queries, whatever the table count. */
  introspect(options?: IntrospectOptions): Promise<Schema>;
  /** Runs one read-only statement with bound parameters inside a read-only transaction/connection. */
  queryReadOnly(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult>;
  /** Quotes an identifier for this dialect (doubling embedded quote characters). */
  quoteIdent(name: string): string;
  /** Schema-qualified, quoted table reference. */
  qualify(table: { name: string; schema: string | null }): string;
  close(): Promise<void>;
}

/** What kind of failure a DatasourceError reports, for callers that react differently (e.g. never show 'cancelled' as an error). */
export type DatasourceErrorCode =
  | 'invalid-url' | 'auth' | 'unreachable' | 'connect-timeout' | 'not-found' | 'not-a-database' | 'ssl'
  | 'timeout' | 'cancelled' | 'read-only' | 'query' | 'closed' | 'too-large'
  | 'ssh-unreachable' | 'ssh-auth' | 'ssh-key' | 'ssh-host-key' | 'ssh-forward';

/** An error the user can act on; `hint` says what to do. Messages never contain passwords. */
export class DatasourceError extends TableTalkError {
  declare readonly code: DatasourceErrorCode | 'datasource';
  constructor(message: Text, hint?: Text, options?: { cause?: unknown; code?: DatasourceErrorCode }) {
    super(options?.code ?? 'datasource', message, { hint, cause: options?.cause });
  }
}
