// The least-privilege warning's script, run for real: as the harness's all-powerful login it creates a role that
// TableTalk's own check (loginPrivileges) reports as read-only, which can read the tables and cannot write them.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { connect, loginPrivileges, parseDatasourceUrl } from '../../src/core/datasource/index';
import { readOnlyRoleScript, scriptText } from '../../src/core/datasource/read-only-role';
import { english } from '../../src/core/messages';

const pgUrl = process.env.TABLETALK_TEST_PG_URL;
const myUrl = process.env.TABLETALK_TEST_MYSQL_URL;
// Quotes in the password: the script must quote it, not break.
const password = "r3ad'only\\pw";

async function asReader(url: URL) {
  const driver = await connect(parseDatasourceUrl(url.toString()));
  try {
    const privileges = await loginPrivileges(driver);
    // Chinook's PostgreSQL script names its tables in lower case, the MySQL one in PascalCase.
    const read = await driver.queryReadOnly(driver.dialect === 'mysql' ? 'SELECT count(*) AS n FROM Artist' : 'SELECT count(*) AS n FROM artist', [], { maxRows: 1 });
    return { privileges, artists: Number(Object.values(read.rows[0])[0]) };
  } finally {
    await driver.close();
  }
}

describe('PostgreSQL: the read-only role script', { skip: pgUrl ? undefined : 'TABLETALK_TEST_PG_URL is not set; run through npm test' }, () => {
  const admin = new pg.Client({ connectionString: pgUrl });
  const role = 'tt_script_reader';
  after(async () => {
    // Give PUBLIC back what the script revoked, for the suites that follow on this server.
    await admin.query("DO $$ DECLARE f regprocedure; BEGIN FOR f IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.proname LIKE 'dblink%' OR p.proname IN ('pg_terminate_backend', 'pg_cancel_backend') LOOP EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f); END LOOP; END $$").catch(() => {});
    await admin.query(`DROP OWNED BY ${role}; DROP ROLE IF EXISTS ${role}`).catch(() => {});
    await admin.end();
  });

  test('creates a login with no risk that reads Chinook and cannot write', async () => {
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
    const database = new URL(pgUrl as string).pathname.slice(1);
    const sql = scriptText(readOnlyRoleScript('postgres', { database, schemas: ['public'], role, password }), english);
    assert.match(sql, /^-- A login for TableTalk that can only read database /);
    await admin.query(sql);
    const url = new URL(pgUrl as string);
    url.username = role;
    url.password = password;
    const { privileges, artists } = await asReader(url);
    console.log(`PostgreSQL role from the script: ${JSON.stringify(privileges)}`);
    assert.deepEqual(privileges.risks, [], JSON.stringify(privileges));
    assert.ok(artists > 0);
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      await assert.rejects(c.query(`INSERT INTO genre (genre_id, name) VALUES (9999, 'x')`), /read-only transaction|permission denied/);
    } finally {
      await c.end();
    }
  });
});

describe('MariaDB: the read-only user script', { skip: myUrl ? undefined : 'TABLETALK_TEST_MYSQL_URL is not set; run through npm test' }, () => {
  const role = 'tt_script_reader';
  let admin: mysql.Connection;
  after(async () => {
    await admin?.query(`DROP USER IF EXISTS '${role}'@'%'`).catch(() => {});
    await admin?.end();
  });

  test('creates a login with no risk that reads Chinook and cannot write', async () => {
    admin = await mysql.createConnection({ uri: myUrl as string, multipleStatements: true });
    await admin.query(`DROP USER IF EXISTS '${role}'@'%'`);
    const database = new URL(myUrl as string).pathname.slice(1);
    await admin.query(scriptText(readOnlyRoleScript('mysql', { database, role, password }), english));
    const url = new URL(myUrl as string);
    url.username = role;
    url.password = password;
    const { privileges, artists } = await asReader(url);
    console.log(`MariaDB user from the script: ${JSON.stringify(privileges)}`);
    assert.deepEqual(privileges.risks, [], JSON.stringify(privileges));
    assert.ok(artists > 0);
    const c = await mysql.createConnection({ uri: url.toString() });
    try {
      await assert.rejects(c.query("INSERT INTO Genre (GenreId, Name) VALUES (9999, 'x')"), /denied/);
    } finally {
      await c.end();
    }
  });
});
