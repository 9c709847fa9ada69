// Bad input gets a clear DatasourceError (what happened + a hint), loses nothing, and never hangs: wrong
// password, unreachable port, a server that never answers, unknown database, missing SQLite file, a file
// that is not SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { connect, parseDatasourceUrl, DatasourceError, type DatasourceErrorCode } from '../../src/core/datasource/index';
import { removeTempDirs, sqliteEngines, targets, tempDir } from './introspect-support';

test.after(removeTempDirs);

async function failure(url: string, extra: Record<string, unknown> = {}): Promise<{ error: DatasourceError; ms: number }> {
  const start = Date.now();
  const d = await connect({ ...parseDatasourceUrl(url, {}), ...extra });
  try {
    await d.introspect();
  } catch (e) {
    assert.ok(e instanceof DatasourceError, `expected a DatasourceError, got ${String(e)}`);
    return { error: e, ms: Date.now() - start };
  } finally {
    await d.close();
  }
  assert.fail(`${url} introspected without an error`);
}

function assertClear(e: DatasourceError, code: DatasourceErrorCode, message: RegExp): void {
  assert.equal(e.code, code, `${e.code}: ${e.message}`);
  assert.match(e.message, message);
  assert.ok(e.hint && e.hint.length > 10, `a hint says what to do: ${e.hint}`);
  assert.doesNotMatch(e.message, /\n/, 'one line');
}

/** A loopback port with nothing listening on it. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

/** Accepts TCP connections and never says a word: only a connect timeout gets out of this. */
async function silentServer(): Promise<{ port: number; close(): void }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { port, close: () => { sockets.forEach((s) => s.destroy()); server.close(); } };
}

for (const { engine, skip } of sqliteEngines) {
  test(`sqlite (${engine}): a missing file is an error and is not created`, { skip }, async () => {
    const file = join(tempDir(), 'no-such.sqlite');
    const { error } = await failure(`sqlite://${file}`, { sqliteEngine: engine });
    assertClear(error, 'not-found', /SQLite file not found: .*no-such\.sqlite/);
    assert.match(error.hint ?? '', /never creates/);
    assert.equal(existsSync(file), false);
  });

  test(`sqlite (${engine}): a file that is not SQLite is an error and stays unchanged`, { skip }, async () => {
    const file = join(tempDir(), 'notes.sqlite');
    const content = 'These are my notes, not a database.\n'.repeat(200);
    writeFileSync(file, content);
    const { error } = await failure(`sqlite://${file}`, { sqliteEngine: engine });
    assertClear(error, 'not-a-database', /notes\.sqlite is not a SQLite database/);
    assert.equal(readFileSync(file, 'utf8'), content);
  });

  test(`sqlite (${engine}): a folder is not a database`, { skip }, async () => {
    const dir = tempDir();
    const { error } = await failure(`sqlite://${dir}`, { sqliteEngine: engine });
    assertClear(error, 'not-a-database', /is a folder/);
  });

  test(`sqlite (${engine}): an empty (0-byte) file is a database with no tables`, { skip }, async () => {
    const file = join(tempDir(), 'empty.sqlite');
    writeFileSync(file, '');
    const d = await connect({ ...parseDatasourceUrl(`sqlite://${file}`), sqliteEngine: engine });
    try {
      assert.deepEqual((await d.introspect()).tables, []);
    } finally {
      await d.close();
    }
    assert.equal(readFileSync(file).length, 0);
  });
}

const servers = targets().filter((t) => t.dialect !== 'sqlite');
for (const t of servers) {
  const product = t.dialect === 'postgres' ? 'PostgreSQL' : 'MySQL';
  const withPassword = (password: string) => {
    const u = new URL(t.chinookUrl);
    u.password = password;
    return u.toString();
  };

  test(`${t.label}: a wrong password says so, without the password`, { skip: t.skip }, async () => {
    const secret = 'Wr0ng-Pa55word!';
    const { error } = await failure(withPassword(secret));
    assertClear(error, 'auth', new RegExp(`${product} at 127\\.0\\.0\\.1:\\d+ rejected the password for user "tabletalk"`));
    assert.doesNotMatch(`${error.message} ${error.hint}`, /Wr0ng-Pa55word/);
  });

  test(`${t.label}: a port where nothing listens fails at once`, { skip: t.skip }, async () => {
    const port = await freePort();
    const { error, ms } = await failure(`${t.dialect}://tabletalk:secret@127.0.0.1:${port}/x`);
    assertClear(error, 'unreachable', new RegExp(`Nothing accepts connections at 127\\.0\\.0\\.1:${port}`));
    assert.ok(ms < 5000, `${ms} ms`);
  });

  test(`${t.label}: a server that never answers gives an error within 10 s (default connect timeout)`, { skip: t.skip }, async () => {
    const silent = await silentServer();
    try {
      const { error, ms } = await failure(`${t.dialect}://tabletalk:secret@127.0.0.1:${silent.port}/x`);
      assertClear(error, 'connect-timeout', new RegExp(`No answer from 127\\.0\\.0\\.1:${silent.port} within 8 s`));
      assert.ok(ms < 10_000, `${ms} ms`);
    } finally {
      silent.close();
    }
  });

  test(`${t.label}: an unknown database is named in the error`, { skip: t.skip }, async () => {
    const u = new URL(t.chinookUrl);
    u.pathname = '/no_such_db';
    const { error } = await failure(u.toString());
    assertClear(error, 'not-found', /no database "no_such_db"/);
  });
}

test('postgres: no password at all asks for one', { skip: servers[0]?.skip }, async () => {
  const u = new URL(servers[0].chinookUrl);
  u.password = '';
  const { error } = await failure(u.toString());
  assert.equal(error.code, 'auth');
  assert.match(error.message, /needs a password|rejected the password/);
});

// The test servers have no TLS, so SSL against them must fail clearly (and "disable" must work).
for (const t of servers) {
  const product = t.dialect === 'postgres' ? 'PostgreSQL' : 'MySQL';
  test(`${t.label}: SSL required from a server without TLS says so; sslmode=disable connects`, { skip: t.skip }, async () => {
    for (const query of ['sslmode=require', `sslmode=verify-full&sslrootcert=/etc/ssl/certs/ca-certificates.crt`]) {
      const { error } = await failure(`${t.chinookUrl}?${query}`);
      assertClear(error, 'ssl', new RegExp(`${product} at 127\\.0\\.0\\.1:\\d+ does not accept SSL connections`));
      assert.match(error.hint ?? '', /disable/);
    }
    const d = await connect(parseDatasourceUrl(`${t.chinookUrl}?sslmode=disable`));
    try {
      assert.equal((await d.introspect()).tables.length, 11);
    } finally {
      await d.close();
    }
  });

  test(`${t.label}: verify-full with a CA file that does not exist fails before connecting`, { skip: t.skip }, async () => {
    const ca = join(tempDir(), 'missing-ca.pem');
    await assert.rejects(connect(parseDatasourceUrl(`${t.chinookUrl}?sslmode=verify-full&sslrootcert=${ca}`)), (e: unknown) => {
      assert.ok(e instanceof DatasourceError);
      assert.match(e.message, /Cannot read the CA certificate file .*missing-ca\.pem/);
      return true;
    });
  });
}

for (const { engine, skip } of sqliteEngines) {
  test(`sqlite (${engine}): a view over a dropped table is left out with a log line; the rest introspects`, { skip }, async () => {
    const file = join(tempDir(), 'broken-view.sqlite');
    const db = new Database(file);
    db.exec(`CREATE TABLE gone (id INTEGER PRIMARY KEY, x TEXT);
      CREATE TABLE kept (id INTEGER PRIMARY KEY, gone_id INTEGER REFERENCES gone (id));
      CREATE VIEW broken AS SELECT id, x FROM gone;
      CREATE VIEW fine AS SELECT id FROM kept;
      DROP TABLE gone;`);
    db.close();
    const logs: string[] = [];
    const d = await connect({ ...parseDatasourceUrl(`sqlite://${file}`), sqliteEngine: engine, log: (l) => logs.push(l) });
    try {
      const s = await d.introspect();
      assert.deepEqual(s.tables.map((t) => [t.name, t.kind, t.columns.map((c) => c.name)]), [['fine', 'view', ['id']], ['kept', 'table', ['id', 'gone_id']]]);
      assert.deepEqual(logs.filter((l) => !l.startsWith('SQLite: using ')), ['SQLite: view "broken" left out, SQLite cannot read it: no such table: main.gone']);
    } finally {
      await d.close();
    }
  });
}
