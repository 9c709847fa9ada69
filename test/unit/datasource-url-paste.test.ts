// A URL pasted into Add Datasource: the definition it becomes, the password kept apart, and what a broken URL says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasourceFromUrl, looksLikeDatasourceUrl } from '../../src/core/datasource/url';
import { describeErrorIn as describeError } from '../../src/host/datasources/error-text';

test('a pasted PostgreSQL URL becomes a definition without password; the password is returned apart', () => {
  const { config, password } = datasourceFromUrl('postgresql://ann:s%40cret@db.example.com:6543/sales?sslmode=require&schema=shop', '/ws');
  assert.deepEqual(config, { name: 'sales@db.example.com', dialect: 'postgres', host: 'db.example.com', port: 6543, user: 'ann', database: 'sales', ssl: { mode: 'require' }, schemas: ['shop'] });
  assert.equal(password, 's@cret');
  assert.ok(!JSON.stringify(config).includes('cret'), 'no trace of the password in the definition');
});

test('a pasted URL never takes a password from the environment', () => {
  process.env.TABLETALK_PASSWORD = 'from-env';
  try {
    assert.equal(datasourceFromUrl('mysql://root@127.0.0.1/shop', '/ws').password, undefined);
  } finally {
    delete process.env.TABLETALK_PASSWORD;
  }
});

test('mariadb:// is MySQL on 3306; a relative sqlite: path resolves against the workspace folder', () => {
  assert.deepEqual(datasourceFromUrl('mariadb://root@127.0.0.1/shop', '/ws').config, { name: 'shop@127.0.0.1', dialect: 'mysql', host: '127.0.0.1', port: 3306, user: 'root', database: 'shop' });
  assert.deepEqual(datasourceFromUrl('sqlite:data/Chinook.sqlite', '/ws').config, { name: 'Chinook', dialect: 'sqlite', file: '/ws/data/Chinook.sqlite' });
});

test('a malformed URL says which part is wrong and never shows its password', () => {
  const cases: [string, RegExp][] = [
    ['postgres://ann:hunter22@db.example.com:99999/sales', /port "99999"/],
    ['postgres://ann:hunter22@db.example.com:5432/', /database name is missing/],
    ['postgres://:hunter22@db.example.com/sales', /user name is missing/],
    ['mysql://ann:hunter22@db.example.com/sales?sslmode=sometimes', /sslmode "sometimes"/],
    ['postgres://ann:hunt%ZZer22@db.example.com/sales', /password has a broken %-escape/],
  ];
  for (const [url, part] of cases) {
    assert.throws(() => datasourceFromUrl(url, '/ws'), (err: Error) => {
      const text = describeError(err);
      assert.match(text, part, url);
      assert.ok(!text.includes('hunter22') && !text.includes('hunt%ZZer22'), `password hidden in: ${text}`);
      return true;
    });
  }
});

test('what counts as a pasted URL in the first step, and what stays a choice', () => {
  for (const t of ['postgres://u@h/d', ' postgresql://u@h/d', 'MYSQL://u@h/d', 'mariadb://u@h/d', 'sqlite:x.db']) assert.ok(looksLikeDatasourceUrl(t), t);
  for (const t of ['Postgre', 'sqlite', 'SQLite', 'http://h/d', 'MySQL / MariaDB']) assert.ok(!looksLikeDatasourceUrl(t), t);
});
