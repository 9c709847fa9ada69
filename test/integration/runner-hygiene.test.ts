// Issue 9, point 10, in the read-only runner: a statement that returns no rows (INTO OUTFILE) is an error and
// not "1 row" of driver metadata; a statement MariaDB stops at max_statement_time is a timeout even when the
// server still sends a row (BENCHMARK); named and advisory locks never stay with a pooled connection; an
// identifier holding `;` can be queried. The driver is called directly here, under the guard, to prove the
// driver's own defences.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { connect, parseDatasourceUrl, DatasourceError, type Driver } from '../../src/core/datasource/index';
import { runSql } from '../../src/core/ask/ask';
import { chinookFile, noChinook } from '../support/ask-setup';

const pgUrl = process.env.TABLETALK_TEST_PG_URL;
const myUrl = process.env.TABLETALK_TEST_MYSQL_URL;

describe('MariaDB runner hygiene', { skip: myUrl ? undefined : 'TABLETALK_TEST_MYSQL_URL is not set; run through npm test' }, () => {
  let driver: Driver;
  let other: mysql.Connection;
  const dir = mkdtempSync(join(tmpdir(), 'tt-hygiene-'));
  before(async () => {
    driver = await connect(parseDatasourceUrl(myUrl as string));
    other = await mysql.createConnection(myUrl as string);
  });
  after(async () => {
    await driver?.close();
    await other?.end();
    rmSync(dir, { recursive: true, force: true });
  });

  test('INTO OUTFILE through the driver is refused by the read-only transaction or reported as "no result set", never as rows', async () => {
    const file = join(dir, 'out.csv');
    await assert.rejects(driver.queryReadOnly(`SELECT Name FROM Genre INTO OUTFILE '${file}'`), (e: Error) => e instanceof DatasourceError && /no result set|read only|READ ONLY/i.test(e.message));
  });

  test('a BENCHMARK stopped by max_statement_time is reported as a timeout', async () => {
    await assert.rejects(driver.queryReadOnly("SELECT BENCHMARK(5000000000, MD5('x')) AS b", [], { timeoutMs: 300 }), (e: Error) => e instanceof DatasourceError && e.code === 'timeout');
    const r = await driver.queryReadOnly('SELECT 1 AS one');
    assert.equal(r.rows[0].one, 1, 'the pool still serves queries');
  });

  test('a named lock taken by a query does not stay with the pooled connection', async () => {
    await driver.queryReadOnly("SELECT GET_LOCK('tt_hygiene', 0) AS got");
    const [rows] = await other.query("SELECT IS_FREE_LOCK('tt_hygiene') AS free");
    assert.equal(Number((rows as { free: number }[])[0].free), 1, 'the lock was released');
  });

  test('ANSI_QUOTES in the server default does not change how "..." is read', async () => {
    await other.query("SET GLOBAL sql_mode = CONCAT(@@GLOBAL.sql_mode, ',ANSI_QUOTES')");
    try {
      const fresh = await connect(parseDatasourceUrl(myUrl as string));
      try {
        const r = await runSql('SELECT "Name" AS s FROM Genre LIMIT 1', { driver: fresh });
        assert.equal(r.rows[0]?.s, 'Name', 'a string, as the guard reads it, not the column');
      } finally {
        await fresh.close();
      }
    } finally {
      await other.query("SET GLOBAL sql_mode = REPLACE(@@GLOBAL.sql_mode, ',ANSI_QUOTES', '')");
    }
  });
});

describe('PostgreSQL runner hygiene', { skip: pgUrl ? undefined : 'TABLETALK_TEST_PG_URL is not set; run through npm test' }, () => {
  let driver: Driver;
  let other: pg.Client;
  before(async () => {
    driver = await connect(parseDatasourceUrl(pgUrl as string));
    other = new pg.Client({ connectionString: pgUrl });
    await other.connect();
  });
  after(async () => {
    await driver?.close();
    await other?.end();
  });

  test('a session advisory lock taken by a query does not stay with the pooled connection', async () => {
    await driver.queryReadOnly('SELECT pg_advisory_lock(4242) AS l');
    const r = await other.query('SELECT pg_try_advisory_lock(4242) AS got');
    assert.equal(r.rows[0].got, true, 'another session can take the lock');
    await other.query('SELECT pg_advisory_unlock(4242)');
  });

  test('standard_conforming_strings off on the server does not make backslashes escape quotes', async () => {
    const db = (await other.query('SELECT current_database() AS d')).rows[0].d as string;
    await other.query(`ALTER DATABASE "${db}" SET standard_conforming_strings = off`);
    try {
      const fresh = await connect(parseDatasourceUrl(pgUrl as string));
      try {
        const r = await runSql("SELECT 'a\\' AS s", { driver: fresh });
        assert.equal(r.rows[0]?.s, 'a\\', JSON.stringify(r.error ?? r.refused));
      } finally {
        await fresh.close();
      }
    } finally {
      await other.query(`ALTER DATABASE "${db}" RESET standard_conforming_strings`);
    }
  });
});

test('an identifier holding ; can be queried (SQLite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tt-semicolon-'));
  const file = join(dir, 'odd.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE "a;b" ("x;y" TEXT); INSERT INTO "a;b" VALUES (\'ok\');');
  db.close();
  const driver = await connect({ id: 'odd', name: 'odd', dialect: 'sqlite', file });
  try {
    const r = await runSql('SELECT "x;y" FROM "a;b"', { driver });
    assert.equal(r.refused, null, r.refused?.reason);
    assert.deepEqual(r.rows, [{ 'x;y': 'ok' }]);
  } finally {
    await driver.close();
    rmSync(dir, { recursive: true, force: true });
    assert.ok(!existsSync(file));
  }
});

describe('columns with the same name stay apart', () => {
  const cases: [string, string | undefined, () => string | undefined, string][] = [
    ['SQLite', noChinook, () => (noChinook ? undefined : `sqlite://${chinookFile}`), 'SELECT t.Name, g.Name FROM Track t JOIN Genre g ON g.GenreId = t.GenreId ORDER BY t.TrackId LIMIT 1'],
    ['PostgreSQL', pgUrl ? undefined : 'TABLETALK_TEST_PG_URL is not set', () => pgUrl, 'SELECT t.name, g.name FROM track t JOIN genre g ON g.genre_id = t.genre_id ORDER BY t.track_id LIMIT 1'],
    ['MariaDB', myUrl ? undefined : 'TABLETALK_TEST_MYSQL_URL is not set', () => myUrl, 'SELECT t.Name, g.Name FROM Track t JOIN Genre g ON g.GenreId = t.GenreId ORDER BY t.TrackId LIMIT 1'],
  ];
  for (const [label, skip, url, sql] of cases) {
    test(`${label}: SELECT t.name, g.name shows the track and the genre`, { skip }, async () => {
      const driver = await connect(parseDatasourceUrl(url() as string));
      try {
        const r = await runSql(sql, { driver });
        assert.equal(r.columns.length, 2, JSON.stringify(r.error ?? r.refused));
        assert.equal(r.columns[1], `${r.columns[0]} (2)`);
        assert.deepEqual(r.rows[0], { [r.columns[0]]: 'For Those About To Rock (We Salute You)', [r.columns[1]]: 'Rock' });
      } finally {
        await driver.close();
      }
    });
  }
});
