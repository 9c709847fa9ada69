// The test servers run without TLS, so the mapping onto pg/mysql2 options is what can be checked here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgSsl, mysqlSsl } from '../../src/core/datasource/ssl';
import { DatasourceError } from '../../src/core/datasource/index';

const dir = mkdtempSync(join(tmpdir(), 'tt-ssl-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const ca = join(dir, 'ca.pem');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

test('disable (or no SSL setting) means no TLS', () => {
  assert.equal(pgSsl({ host: 'h' }), false);
  assert.equal(pgSsl({ host: 'h', ssl: { mode: 'disable' } }), false);
  assert.equal(mysqlSsl({ host: 'h', ssl: { mode: 'disable' } }), undefined);
});

test('require encrypts without checking the certificate', () => {
  assert.deepEqual(pgSsl({ host: 'h', ssl: { mode: 'require' } }), { rejectUnauthorized: false });
  assert.deepEqual(mysqlSsl({ host: 'h', ssl: { mode: 'require', caFile: ca } }), { rejectUnauthorized: false });
});

test('verify-full checks the chain against the CA file read from disk, and the host name', () => {
  const expected = { rejectUnauthorized: true, servername: 'db.example.com', ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' };
  const withoutCheck = (o: unknown) => {
    const { checkServerIdentity, ...rest } = o as Record<string, unknown>;
    assert.equal(typeof checkServerIdentity, 'function', 'the host name is checked');
    return rest;
  };
  assert.deepEqual(withoutCheck(pgSsl({ host: 'db.example.com', ssl: { mode: 'verify-full', caFile: ca } })), expected);
  assert.deepEqual(withoutCheck(mysqlSsl({ host: 'db.example.com', ssl: { mode: 'verify-full', caFile: ca } })), expected);
  // Without a CA file Node's built-in CAs apply; an IP address is no SNI name but is still what the certificate must name.
  assert.deepEqual(withoutCheck(pgSsl({ host: 'h', ssl: { mode: 'verify-full' } })), { rejectUnauthorized: true, servername: 'h' });
  const byIp = pgSsl({ host: '10.0.0.5', ssl: { mode: 'verify-full' } }) as { servername?: string; checkServerIdentity: (n: string, c: unknown) => Error | undefined };
  assert.equal(byIp.servername, undefined);
  assert.match(String(byIp.checkServerIdentity('127.0.0.1', { subject: { CN: 'other' }, subjectaltname: 'IP Address:10.0.0.9' })), /10\.0\.0\.5/, 'checked against the datasource host, not the socket\'s');
});

test('an unreadable CA file is a DatasourceError naming the file, with a hint', () => {
  const missing = join(dir, 'nope.pem');
  assert.throws(() => pgSsl({ host: 'h', ssl: { mode: 'verify-full', caFile: missing } }), (e: unknown) => {
    assert.ok(e instanceof DatasourceError);
    assert.match(e.message, /Cannot read the CA certificate file .*nope\.pem/);
    assert.match(e.hint ?? '', /PEM file/);
    return true;
  });
});

test('prefer encrypts without checking (connect() falls back to plain when the server has no TLS); a client certificate adds cert and key', () => {
  assert.deepEqual(pgSsl({ host: 'h', ssl: { mode: 'prefer' } }), { rejectUnauthorized: false });
  const cert = join(dir, 'client.crt');
  const key = join(dir, 'client.key');
  writeFileSync(cert, 'CERT');
  writeFileSync(key, 'KEY');
  assert.deepEqual(mysqlSsl({ host: 'h', ssl: { mode: 'require', certFile: cert, keyFile: key } }), { rejectUnauthorized: false, cert: 'CERT', key: 'KEY' });
  assert.throws(() => pgSsl({ host: 'h', ssl: { mode: 'require', certFile: cert } }), /needs both files/);
  assert.throws(() => pgSsl({ host: 'h', ssl: { mode: 'require', certFile: cert, keyFile: join(dir, 'nope.key') } }), /Cannot read the client certificate file .*nope\.key/);
});
