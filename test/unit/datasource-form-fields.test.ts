// The form's fields <-> a datasource definition (src/host/datasources/form-fields.ts) and the checks both sides of
// the form protocol share (src/protocol/datasource-form.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatasourceConfig } from '../../src/core/datasource/types';
import { configFromFields, fieldsFromConfig } from '../../src/host/datasources/form-fields';
import { emptyFields, parseFormMessage, splitUrlPassword, validateFields } from '../../src/protocol/datasource-form';

const shop: Omit<DatasourceConfig, 'id'> = {
  name: 'Shop', dialect: 'postgres', host: 'db', port: 5432, database: 'shop', user: 'app', schemas: ['sales'],
  ssl: { mode: 'verify-full', caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem' },
  ssh: { host: 'bastion', port: 2222, user: 'deploy', auth: 'key', keyFile: '/id', hostKey: 'SHA256:abc', knownHostsFile: '/kh' },
};

test('a definition survives the form unchanged (schemas, host key and known_hosts carried over)', () => {
  assert.deepEqual(configFromFields(fieldsFromConfig(shop), shop), shop);
  const lite = { name: 'Chinook', dialect: 'sqlite' as const, file: '/data/chinook.sqlite' };
  assert.deepEqual(configFromFields(fieldsFromConfig(lite)), lite);
});

test('the trusted host key is dropped for another SSH server or when the user asks to trust a new key', () => {
  const f = fieldsFromConfig(shop);
  assert.equal(configFromFields({ ...f, sshHost: 'other' }, shop).ssh?.hostKey, undefined);
  assert.equal(configFromFields({ ...f, sshPort: '22' }, shop).ssh?.hostKey, undefined);
  assert.equal(configFromFields({ ...f, sshRetrust: true }, shop).ssh?.hostKey, undefined);
  assert.equal(configFromFields({ ...f, ssh: false }, shop).ssh, undefined);
});

test('TLS: a CA file only with verify-full, a client certificate only as a pair, disable keeps no files', () => {
  const f = fieldsFromConfig(shop);
  assert.deepEqual(configFromFields({ ...f, sslMode: 'require' }, shop).ssl, { mode: 'require', certFile: '/c.pem', keyFile: '/k.pem' });
  assert.deepEqual(configFromFields({ ...f, sslMode: 'disable' }, shop).ssl, { mode: 'disable' });
  assert.deepEqual(validateFields({ ...f, keyFile: '' }), { keyFile: 'certPair' });
});

test('validation names each field that cannot be used; the name defaults to database@host or the file name', () => {
  assert.deepEqual(validateFields({ ...emptyFields('postgres'), port: '99999', user: '' }), { port: 'port', user: 'required' });
  assert.deepEqual(validateFields({ ...emptyFields('mysql'), host: '', database: '', user: 'u' }), { host: 'required', database: 'required', name: 'required' });
  assert.deepEqual(validateFields({ ...emptyFields('sqlite') }), { name: 'required', file: 'required' });
  assert.equal(configFromFields({ ...emptyFields('sqlite'), file: '/x/shop.db' }).name, 'shop');
  assert.deepEqual(validateFields({ ...emptyFields('postgres'), user: 'u', ssh: true, sshPort: 'x' }), { sshHost: 'required', sshPort: 'port', sshUser: 'required', sshKeyFile: 'required' });
});

test('a pasted URL loses its password before it goes to the host; a broken escape is reported without it', () => {
  assert.deepEqual(splitUrlPassword('postgres://app:p%40ss@db:5432/shop'), { url: 'postgres://app@db:5432/shop', password: 'p@ss' });
  assert.deepEqual(splitUrlPassword('mysql://root@db/x'), { url: 'mysql://root@db/x', password: null });
  assert.deepEqual(splitUrlPassword('postgres://a:b:c@d@h/db'), { url: 'postgres://a@h/db', password: 'b:c@d' });
  assert.deepEqual(splitUrlPassword('postgres://app:%zz@db/x'), { url: 'postgres://app@db/x', password: null, error: 'escape' });
});

test('messages from the webview are checked before the host acts on them', () => {
  assert.equal(parseFormMessage({ type: 'request', id: 1, method: 'save', params: { fields: emptyFields(), secrets: {}, target: 'elsewhere' } }).ok, false);
  assert.equal(parseFormMessage({ type: 'request', id: 2, method: 'test', params: { fields: { ...emptyFields(), port: 5432 }, secrets: {} } }).ok, false);
  assert.equal(parseFormMessage({ type: 'request', id: 3, method: 'dropTable', params: {} }).ok, false);
  assert.equal(parseFormMessage({ type: 'request', id: 4, method: 'test', params: { fields: emptyFields(), secrets: { password: 'x' } } }).ok, true);
});
