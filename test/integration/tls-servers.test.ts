// TLS against real servers: a PostgreSQL started here with ssl on (certificates made by openssl) checks a client
// certificate (mutual TLS, pg_hba "cert"), and sslmode=prefer means prefer: TLS where the server has it, plain
// where it has none (the harness's PostgreSQL and MariaDB run without TLS), as libpq does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, parseDatasourceUrl, type ConnectionOptions } from '../../src/core/datasource';
import { DatasourceError } from '../../src/core/datasource/types';

const pgUrl = process.env.TABLETALK_TEST_PG_URL;
const myUrl = process.env.TABLETALK_TEST_MYSQL_URL;

let tls: { port: number; dir: string; stop(): void } | undefined;
let tlsSkip: string | undefined;

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

before(async () => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    tlsSkip = 'openssl not installed';
    return;
  }
  const { startPostgres } = await import('../support/databases.mjs');
  const server = await startPostgres({ loadChinook: false });
  if (server.skip !== undefined) {
    tlsSkip = server.skip;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tt-tls-'));
  // A CA, a server certificate for 127.0.0.1 and a client certificate for the role "certuser", all signed by it.
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=TableTalk test CA', '-keyout', 'ca.key', '-out', 'ca.crt'], dir);
  for (const [name, cn, ext] of [['server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1'], ['client', 'certuser', 'extendedKeyUsage=clientAuth']]) {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-keyout', `${name}.key`, '-out', `${name}.csr`], dir);
    writeFileSync(join(dir, `${name}.ext`), `${ext}\n`);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`], dir);
  }
  // The server reads its key as the postgres user and wants it private.
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    for (const f of ['server.key', 'server.crt', 'ca.crt']) chownSync(join(dir, f), uid, gid);
  }
  execFileSync('chmod', ['600', join(dir, 'server.key')]);
  const hba = server.psql(['-At', '-c', 'SHOW hba_file']).toString().trim();
  writeFileSync(hba, `hostssl all certuser 127.0.0.1/32 cert\nhostnossl all certuser 127.0.0.1/32 reject\n${readFileSync(hba, 'utf8')}`);
  server.psql(['-c', 'CREATE ROLE certuser LOGIN']);
  server.psql(['-c', `ALTER SYSTEM SET ssl_cert_file = '${dir}/server.crt'`]);
  server.psql(['-c', `ALTER SYSTEM SET ssl_key_file = '${dir}/server.key'`]);
  server.psql(['-c', `ALTER SYSTEM SET ssl_ca_file = '${dir}/ca.crt'`]);
  server.psql(['-c', 'ALTER SYSTEM SET ssl = on']);
  server.psql(['-c', 'SELECT pg_reload_conf()']);
  tls = { port: server.port, dir, stop: () => (server.stop(), rmSync(dir, { recursive: true, force: true })) };
});
after(() => tls?.stop());

const onTls = (extra: Partial<ConnectionOptions>): ConnectionOptions => ({ id: 't', name: 't', dialect: 'postgres', host: '127.0.0.1', port: tls!.port, database: 'postgres', connectTimeoutMs: 8000, ...extra });

/** Whether this session is encrypted, and the client certificate's subject the server saw. */
async function sslOf(options: ConnectionOptions): Promise<{ ssl: boolean; dn: string | null; user: string }> {
  const driver = await connect(options);
  try {
    const r = await driver.queryReadOnly('SELECT s.ssl, s.client_dn AS dn, current_user AS "user" FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()');
    return r.rows[0] as { ssl: boolean; dn: string | null; user: string };
  } finally {
    await driver.close();
  }
}

test('mutual TLS: a client certificate logs in where pg_hba asks for one; without it the server refuses, clearly', async (t) => {
  if (tlsSkip) return t.skip(tlsSkip);
  // The server is reloaded with ssl on in before(); it takes effect for new sessions.
  const files = { caFile: join(tls!.dir, 'ca.crt'), certFile: join(tls!.dir, 'client.crt'), keyFile: join(tls!.dir, 'client.key') };
  const s = await sslOf(onTls({ user: 'certuser', ssl: { mode: 'verify-full', ...files } }));
  assert.deepEqual(s, { ssl: true, dn: '/CN=certuser', user: 'certuser' });
  await assert.rejects(connect(onTls({ user: 'certuser', ssl: { mode: 'verify-full', caFile: files.caFile } })).then((d) => d.test().finally(() => d.close())), (e: unknown) => {
    assert.ok(e instanceof DatasourceError, String(e));
    assert.equal(e.code, 'auth');
    assert.match(e.message, /certuser/);
    return true;
  });
  const url = `postgres://certuser@127.0.0.1:${tls!.port}/postgres?sslmode=verify-full&sslrootcert=${files.caFile}&sslcert=${files.certFile}&sslkey=${files.keyFile}`;
  assert.equal((await sslOf(parseDatasourceUrl(url, {}))).dn, '/CN=certuser', 'the same through URL parameters');
});

test('sslmode=prefer: TLS where the server offers it, plain where it has none (PostgreSQL and MariaDB)', async (t) => {
  if (tlsSkip) return t.skip(tlsSkip);
  const encrypted = await sslOf(onTls({ user: 'postgres', ssl: { mode: 'prefer' } }));
  assert.equal(encrypted.ssl, true, 'the TLS server is spoken to over TLS');
  if (!pgUrl) return t.skip('TABLETALK_TEST_PG_URL not set (run through npm test)');
  const plain = await sslOf({ ...parseDatasourceUrl(`${pgUrl}?sslmode=prefer`, {}), connectTimeoutMs: 8000 });
  assert.equal(plain.ssl, false, 'the server without TLS is spoken to in plain');
  await assert.rejects(connect(parseDatasourceUrl(`${pgUrl}?sslmode=require`, {})).then((d) => d.test().finally(() => d.close())), /does not accept SSL/, 'require still insists');
  if (!myUrl) return t.skip('TABLETALK_TEST_MYSQL_URL not set (run through npm test)');
  const my = await connect(parseDatasourceUrl(`${myUrl}?ssl-mode=PREFERRED`, {}));
  try {
    const r = await my.queryReadOnly("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
    assert.equal(String((r.rows[0] as { Value?: string }).Value ?? ''), '', 'MariaDB without TLS: plain');
  } finally {
    await my.close();
  }
});
