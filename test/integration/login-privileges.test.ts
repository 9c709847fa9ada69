// Least privilege, checked: loginPrivileges() reports what a login may do beyond reading, on real servers. The
// test harness's login is all-powerful (PostgreSQL superuser, MariaDB ALL PRIVILEGES with FILE), a role created
// here can only read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { connect, loginPrivileges, parseDatasourceUrl } from '../../src/core/datasource/index';

const pgUrl = process.env.TABLETALK_TEST_PG_URL;
const myUrl = process.env.TABLETALK_TEST_MYSQL_URL;

async function privilegesOf(url: string) {
  const driver = await connect(parseDatasourceUrl(url));
  try {
    return await loginPrivileges(driver);
  } finally {
    await driver.close();
  }
}

describe('PostgreSQL login privileges', { skip: pgUrl ? undefined : 'TABLETALK_TEST_PG_URL is not set; run through npm test' }, () => {
  let admin: pg.Client;
  const reader = new URL(pgUrl ?? 'postgres://x@y/z');
  before(async () => {
    admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query("DROP ROLE IF EXISTS tt_reader; CREATE ROLE tt_reader LOGIN PASSWORD 'reader'");
    await admin.query('GRANT USAGE ON SCHEMA public TO tt_reader; GRANT SELECT ON ALL TABLES IN SCHEMA public TO tt_reader');
    reader.username = 'tt_reader';
    reader.password = 'reader';
  });
  after(async () => {
    await admin.query('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM tt_reader; REVOKE ALL ON SCHEMA public FROM tt_reader; DROP ROLE IF EXISTS tt_reader').catch(() => {});
    await admin.end();
  });

  test('the harness login is reported as a superuser', async () => {
    const p = await privilegesOf(pgUrl as string);
    console.log(`PostgreSQL harness login: ${JSON.stringify(p)}`);
    assert.ok(p.risks.includes('superuser'), JSON.stringify(p));
  });

  test('a SELECT-only role is not a superuser and can write no table', async () => {
    const p = await privilegesOf(reader.toString());
    console.log(`PostgreSQL SELECT-only role: ${JSON.stringify(p)}`);
    assert.ok(!p.risks.includes('superuser'));
    assert.ok(!p.risks.includes('write-tables'), JSON.stringify(p));
    assert.ok(!p.risks.includes('server-files'));
  });
});

describe('MariaDB login privileges', { skip: myUrl ? undefined : 'TABLETALK_TEST_MYSQL_URL is not set; run through npm test' }, () => {
  let admin: mysql.Connection;
  const reader = new URL(myUrl ?? 'mysql://x@y/z');
  before(async () => {
    admin = await mysql.createConnection(myUrl as string);
    // Both hosts, as the harness does for its own login: an anonymous ''@'localhost' would match first otherwise.
    for (const host of ['%', 'localhost']) {
      await admin.query(`DROP USER IF EXISTS 'tt_reader'@'${host}'`);
      await admin.query(`CREATE USER 'tt_reader'@'${host}' IDENTIFIED BY 'reader'`);
      await admin.query(`GRANT SELECT ON \`${reader.pathname.slice(1)}\`.* TO 'tt_reader'@'${host}'`);
    }
    reader.username = 'tt_reader';
    reader.password = 'reader';
  });
  after(async () => {
    await admin.query("DROP USER IF EXISTS 'tt_reader'@'%', 'tt_reader'@'localhost'").catch(() => {});
    await admin.end();
  });

  test('the harness login is reported with FILE, global admin rights and write grants', async () => {
    const p = await privilegesOf(myUrl as string);
    console.log(`MariaDB harness login: ${JSON.stringify(p)}`);
    for (const r of ['server-files', 'global-admin', 'write-tables'] as const) assert.ok(p.risks.includes(r), `${r}: ${JSON.stringify(p)}`);
  });

  test('a SELECT-only user shows no risk', async () => {
    const p = await privilegesOf(reader.toString());
    assert.deepEqual(p.risks, [], JSON.stringify(p));
  });
});
