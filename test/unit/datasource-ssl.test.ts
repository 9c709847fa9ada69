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
  assert.deepEqual(pgSsl({ host: 'db.example.com', ssl: { mode: 'verify-full', caFile: ca } }), expected);
  assert.deepEqual(mysqlSsl({ host: 'db.example.com', ssl: { mode: 'verify-full', caFile: ca } }), expected);
  // Without a CA file Node's built-in CAs apply.
  assert.deepEqual(pgSsl({ host: 'h', ssl: { mode: 'verify-full' } }), { rejectUnauthorized: true, servername: 'h' });
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
