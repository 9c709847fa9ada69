// Targets for the datasource integration tests: SQLite (native and forced WASM), PostgreSQL and MariaDB, each
// able to create a scratch database from DDL and drop it afterwards.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { connect, parseDatasourceUrl, quoteIdent, type ConnectionOptions, type Dialect, type Driver } from '../../src/core/datasource/index';

export const chinookDir = process.env.TABLETALK_CHINOOK_DIR ?? join(__dirname, '../../../shared/datasets/chinook');
export const chinookSqlite = join(chinookDir, 'Chinook_Sqlite.sqlite');

export interface Scratch {
  url: string;
  /** PostgreSQL: the schema holding the tables. */
  schema?: string;
  drop(): Promise<void>;
}

export interface Target {
  /** Test label: sqlite (native), sqlite (wasm), postgres, mysql. */
  label: string;
  dialect: Dialect;
  /** Set when this target cannot run here: the printed skip reason. */
  skip?: string;
  /** Chinook, read-only (SQLite: a private copy). */
  chinookUrl: string;
  /** Extra connection options (the SQLite engine). */
  extra: Partial<ConnectionOptions>;
  /** Parameter placeholder n (1-based). */
  param(n: number): string;
  /** A fresh database built from the DDL statements. */
  scratch(ddl: string[]): Promise<Scratch>;
}

const tmpDirs: string[] = [];
export function tempDir(prefix = 'tt-ds-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tmpDirs.push(d);
  return d;
}
export function removeTempDirs(): void {
  for (const d of tmpDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

let scratchCount = 0;
const scratchName = () => `tt_scratch_${process.pid}_${++scratchCount}`;

export type SqliteEngineUnderTest = 'native' | 'node' | 'wasm';

/** The SQLite engines every SQLite suite runs on, each with its skip reason where it cannot run here. */
export const sqliteEngines: { engine: SqliteEngineUnderTest; skip?: string }[] = [
  { engine: 'native' },
  // node:sqlite runs in the helper process under the Node 22 binary the test harness fetched (test/support/node22.mjs).
  { engine: 'node', skip: process.env.TABLETALK_SQLITE_NODE ? undefined : (process.env.TABLETALK_SQLITE_NODE_SKIP ?? 'no Node 22 binary for node:sqlite (run through npm test, which fetches it)') },
  { engine: 'wasm' },
];

function sqliteTarget(engine: SqliteEngineUnderTest): Target {
  const skip = existsSync(chinookSqlite) ? sqliteEngines.find((e) => e.engine === engine)?.skip : `Chinook SQLite file not found at ${chinookSqlite} (../shared/datasets/chinook)`;
  let copy = '';
  if (!skip) {
    copy = join(tempDir(), 'Chinook_Sqlite.sqlite');
    copyFileSync(chinookSqlite, copy);
  }
  return {
    label: `sqlite (${engine})`,
    dialect: 'sqlite',
    skip,
    chinookUrl: `sqlite://${copy}`,
    extra: { sqliteEngine: engine },
    param: () => '?',
    async scratch(ddl) {
      const file = join(tempDir(), 'scratch.sqlite');
      const db = new Database(file);
      for (const s of ddl) db.exec(s);
      db.close();
      return { url: `sqlite://${file}`, drop: async () => rmSync(file, { force: true }) };
    },
  };
}

function postgresTarget(): Target {
  const url = process.env.TABLETALK_TEST_PG_URL;
  const admin = process.env.TABLETALK_TEST_PG_ADMIN_URL;
  return {
    label: 'postgres',
    dialect: 'postgres',
    skip: url && admin ? undefined : (process.env.TABLETALK_TEST_PG_URL_SKIP ?? 'PostgreSQL test server not started (run through npm test)'),
    chinookUrl: url ?? '',
    extra: {},
    param: (n) => `$${n}`,
    async scratch(ddl) {
      const name = scratchName();
      const a = new pg.Client({ connectionString: admin });
      await a.connect();
      await a.query(`CREATE DATABASE ${name}`);
      await a.end();
      const dbUrl = (admin ?? '').replace(/\/[^/]*$/, `/${name}`);
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      for (const s of ddl) await c.query(s);
      await c.end();
      return {
        url: dbUrl,
        schema: 'public',
        async drop() {
          const d = new pg.Client({ connectionString: admin });
          await d.connect();
          await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await d.end();
        },
      };
    },
  };
}

function mysqlTarget(): Target {
  const url = process.env.TABLETALK_TEST_MYSQL_URL;
  const admin = process.env.TABLETALK_TEST_MYSQL_ADMIN_URL;
  return {
    label: 'mysql',
    dialect: 'mysql',
    skip: url && admin ? undefined : (process.env.TABLETALK_TEST_MYSQL_URL_SKIP ?? 'MariaDB test server not started (run through npm test)'),
    chinookUrl: url ?? '',
    extra: {},
    param: () => '?',
    async scratch(ddl) {
      const name = scratchName();
      const c = await mysql.createConnection({ uri: admin, multipleStatements: false });
      await c.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
      await c.query(`USE ${name}`);
      for (const s of ddl) await c.query(s);
      await c.end();
      return {
        url: (admin ?? '').replace(/\/[^/]*$/, `/${name}`),
        async drop() {
          const d = await mysql.createConnection({ uri: admin });
          await d.query(`DROP DATABASE IF EXISTS ${name}`);
          await d.end();
        },
      };
    },
  };
}

let cached: Target[] | undefined;
/** Every dialect, SQLite on each engine: better-sqlite3, node:sqlite and the page-reading WASM engine. */
export function targets(): Target[] {
  cached ??= [sqliteTarget('native'), sqliteTarget('node'), sqliteTarget('wasm'), postgresTarget(), mysqlTarget()];
  return cached;
}

export async function open(t: Target, url: string, more: Partial<ConnectionOptions> = {}): Promise<Driver> {
  return connect({ ...parseDatasourceUrl(url), ...t.extra, ...more });
}

/** Identifier quoting for DDL written in the tests. */
export function q(dialect: Dialect, name: string): string {
  return quoteIdent(dialect, name);
}

/** Chinook's names per dialect: PostgreSQL's script uses snake_case, the others PascalCase. */
export function chinookName(dialect: Dialect, pascal: string): string {
  return dialect === 'postgres' ? pascal.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase() : pascal;
}
