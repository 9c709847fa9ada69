// Ordinary users, not the test superuser: introspection needs no special privilege on either server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { connect, parseDatasourceUrl } from '../../src/core/datasource/index';
import { targets } from './introspect-support';

const pgT = targets().find((t) => t.dialect === 'postgres');
const myT = targets().find((t) => t.dialect === 'mysql');

test('mysql: a user with SELECT on one database only gets tables, keys and row estimates', { skip: myT?.skip }, async () => {
  const admin = await mysql.createConnection({ uri: process.env.TABLETALK_TEST_MYSQL_ADMIN_URL });
  const hosts = ['%', 'localhost'];
  try {
    for (const h of hosts) {
      await admin.query(`CREATE USER IF NOT EXISTS 'tt_limited'@'${h}' IDENTIFIED BY 'limited-pw'`);
      await admin.query(`GRANT SELECT ON Chinook.* TO 'tt_limited'@'${h}'`);
    }
    const u = new URL(myT?.chinookUrl ?? '');
    u.username = 'tt_limited';
    u.password = 'limited-pw';
    const d = await connect(parseDatasourceUrl(u.toString()));
    try {
      const s = await d.introspect();
      assert.equal(s.tables.length, 11);
      assert.equal(s.tables.flatMap((t) => t.foreignKeys).length, 11);
      const track = s.tables.find((t) => t.name === 'Track');
      assert.ok(track?.rowEstimate && track.rowEstimate > 1000 && track.rowEstimate < 10000, `rowEstimate ${track?.rowEstimate}`);
      await assert.rejects(d.queryReadOnly("INSERT INTO Genre (GenreId, Name) VALUES (998, 'x')"), /read-only|denied/);
    } finally {
      await d.close();
    }
  } finally {
    for (const h of hosts) await admin.query(`DROP USER IF EXISTS 'tt_limited'@'${h}'`);
    await admin.end();
  }
});

test('postgres: a plain (non-superuser) role introspects and is held read-only', { skip: pgT?.skip }, async () => {
  const u = new URL(pgT?.chinookUrl ?? '');
  const admin = new pg.Client({ connectionString: process.env.TABLETALK_TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query("CREATE ROLE tt_plain LOGIN PASSWORD 'plain-pw'");
    await admin.end();
    // Grants live in the chinook database itself.
    const owner = new pg.Client({ connectionString: u.toString() });
    await owner.connect();
    await owner.query('GRANT USAGE ON SCHEMA public TO tt_plain; GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO tt_plain');
    await owner.end();
    u.username = 'tt_plain';
    u.password = 'plain-pw';
    const d = await connect(parseDatasourceUrl(u.toString()));
    try {
      const s = await d.introspect();
      assert.equal(s.tables.length, 11);
      assert.equal(s.tables.flatMap((t) => t.foreignKeys).length, 11);
      // Even with INSERT granted, the read-only transaction refuses it.
      await assert.rejects(d.queryReadOnly("INSERT INTO genre (genre_id, name) VALUES (998, 'x')"), /read-only/);
    } finally {
      await d.close();
    }
  } finally {
    const cleanup = new pg.Client({ connectionString: pgT?.chinookUrl });
    await cleanup.connect();
    await cleanup.query('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM tt_plain; REVOKE USAGE ON SCHEMA public FROM tt_plain; DROP ROLE tt_plain');
    await cleanup.end();
  }
});
