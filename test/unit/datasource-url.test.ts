import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { parseDatasourceUrl, redactUrl, DatasourceError } from '../../src/core/datasource/index';

const noEnv = {};

test('sqlite:///abs/path is an absolute file', () => {
  const o = parseDatasourceUrl('sqlite:///data/my db/Chinook.sqlite', noEnv);
  assert.equal(o.dialect, 'sqlite');
  assert.equal(o.file, '/data/my db/Chinook.sqlite');
  assert.equal(o.name, 'Chinook.sqlite');
});

test('sqlite:rel/path is relative to the working directory, %-escapes decoded', () => {
  assert.equal(parseDatasourceUrl('sqlite:data/chinook.db', noEnv).file, resolve('data/chinook.db'));
  assert.equal(parseDatasourceUrl('sqlite:./a%20b.db', noEnv).file, resolve('a b.db'));
});

test('postgres:// and postgresql:// with user, password, host, port, database', () => {
  for (const scheme of ['postgres', 'postgresql']) {
    const o = parseDatasourceUrl(`${scheme}://ann:s%40cret@db.example.com:6543/sales`, noEnv);
    assert.deepEqual(
      { dialect: o.dialect, host: o.host, port: o.port, user: o.user, password: o.password, database: o.database, ssl: o.ssl },
      { dialect: 'postgres', host: 'db.example.com', port: 6543, user: 'ann', password: 's@cret', database: 'sales', ssl: undefined },
    );
  }
});

test('mysql:// and mariadb:// default to port 3306; postgres to 5432', () => {
  assert.equal(parseDatasourceUrl('mysql://root@localhost/shop', noEnv).port, 3306);
  const m = parseDatasourceUrl('mariadb://root@127.0.0.1/shop', noEnv);
  assert.equal(m.dialect, 'mysql');
  assert.equal(m.port, 3306);
  assert.equal(parseDatasourceUrl('postgres://u@h/d', noEnv).port, 5432);
});

test('the password comes from TABLETALK_PASSWORD when the URL has none, and the URL wins otherwise', () => {
  assert.equal(parseDatasourceUrl('postgres://u@h:5432/d', { TABLETALK_PASSWORD: 'from-env' }).password, 'from-env');
  assert.equal(parseDatasourceUrl('postgres://u:in-url@h:5432/d', { TABLETALK_PASSWORD: 'from-env' }).password, 'in-url');
  assert.equal(parseDatasourceUrl('postgres://u@h:5432/d', {}).password, undefined);
});

test('sslmode, sslrootcert and the client certificate (sslcert/sslkey) map onto the SSL modes', () => {
  assert.deepEqual(parseDatasourceUrl('postgres://u@h/d?sslmode=prefer', noEnv).ssl, { mode: 'prefer' });
  assert.deepEqual(parseDatasourceUrl('mysql://u@h/d?ssl-mode=PREFERRED', noEnv).ssl, { mode: 'prefer' });
  assert.deepEqual(parseDatasourceUrl('postgres://u@h/d?sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/c.pem&sslkey=/k.pem', noEnv).ssl, { mode: 'verify-full', caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem' });
  assert.deepEqual(parseDatasourceUrl('mysql://u@h/d?ssl-cert=/c.pem&ssl-key=/k.pem', noEnv).ssl, { mode: 'require', certFile: '/c.pem', keyFile: '/k.pem' });
  assert.throws(() => parseDatasourceUrl('postgres://u@h/d?sslcert=/c.pem', noEnv), /needs both sslcert and sslkey/);
  assert.deepEqual(parseDatasourceUrl('postgres://u@h/d?sslmode=disable', noEnv).ssl, { mode: 'disable' });
  assert.deepEqual(parseDatasourceUrl('postgres://u@h/d?sslmode=require', noEnv).ssl, { mode: 'require' });
  assert.deepEqual(parseDatasourceUrl('mysql://u@h/d?sslmode=verify-full&sslrootcert=/etc/ca.pem', noEnv).ssl, { mode: 'verify-full', caFile: '/etc/ca.pem' });
  assert.deepEqual(parseDatasourceUrl('mysql://u@h/d?ssl-mode=REQUIRED', noEnv).ssl, { mode: 'require' });
});

test('invalid URLs throw a DatasourceError that says what is wrong and shows the accepted forms', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['just-a-path.db', /no scheme/],
    ['oracle://u@h/d', /unknown scheme "oracle:"/],
    ['sqlite:', /file path is missing/],
    ['sqlite://host/file.db', /sqlite:\/\/\/absolute/],
    ['postgres://h:5432/d', /user name is missing/],
    ['postgres://u@h:5432', /database name is missing/],
    ['postgres://u@h:99999/d', /not a well-formed URL|port/],
    ['mysql://u@h/d?sslmode=sometimes', /sslmode "sometimes"/],
    ['postgres://u:p@h/a/b', /not a database name/],
  ];
  for (const [url, why] of cases) {
    assert.throws(() => parseDatasourceUrl(url, noEnv), (e: unknown) => {
      assert.ok(e instanceof DatasourceError, `${url}: ${String(e)}`);
      assert.match(e.message, why, url);
      assert.equal(e.code, 'invalid-url');
      assert.match(e.hint ?? '', /sqlite:\/\/\/abs\/path\.db.*postgres:\/\/.*mysql:\/\//);
      return true;
    });
  }
});

test('messages about a URL never show its password', () => {
  let caught: unknown;
  try {
    parseDatasourceUrl('postgres://ann:Sup3r-s3cret@h:5432/a/b', noEnv);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof DatasourceError);
  assert.doesNotMatch(caught.message, /Sup3r-s3cret/);
  assert.equal(redactUrl('mysql://u:p@ss/w@rd@h/d'), 'mysql://u:***@h/d');
  assert.equal(redactUrl('postgres://u@h/d'), 'postgres://u@h/d');
});
