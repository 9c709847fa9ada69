// Ask explanations in Chinese: src/host/ask/explanation-text.ts translates what core/ask explains in English.
// The English comes from the real runSql on a real SQLite database, so a change of wording in core fails here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { connect, type Driver } from '../../src/core/datasource';
import { runSql } from '../../src/core/ask';
import { english, type L10n } from '../../src/host/english-templates';
import { explanationText } from '../../src/host/ask/explanation-text';

const zhBundle = JSON.parse(readFileSync(join(resolve(__dirname, '../..'), 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const chinese: L10n = {
  t: (m, ...args) => {
    assert.ok(m in zhBundle, `"${m}" has no translation in l10n/bundle.l10n.zh-cn.json`);
    return english.t(zhBundle[m], ...args);
  },
};
const cjk = /[\u4e00-\u9fff]/;

let dir: string;
let driver: Driver;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tt-l10n-explain-'));
  const file = join(dir, 'shop.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY, status TEXT); INSERT INTO orders (status) VALUES (\'paid\'), (\'paid\'), (\'sent\');');
  db.close();
  driver = await connect({ id: 'shop', name: 'shop', dialect: 'sqlite', file });
});
after(async () => {
  await driver?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function explained(sql: string, maxRows = 100) {
  const r = await runSql(sql, { driver, maxRows });
  return { english: r.explanation, zh: explanationText(r.explanation, chinese), same: explanationText(r.explanation, english) };
}

test('a run, one row, a limited result and a database error are explained in Chinese with their numbers and names', async () => {
  const many = await explained('SELECT status, COUNT(*) AS n FROM orders GROUP BY status');
  assert.match(many.english, /^Ran a read-only SQLite query reading orders in \d+ ms; it returned 2 rows\.$/);
  assert.match(many.zh, /^已运行只读 SQLite 查询（读取 orders），用时 \d+ 毫秒，返回 2 行。$/);

  const one = await explained('SELECT COUNT(*) FROM orders');
  assert.match(one.zh, /返回 1 行。$/);

  const limited = await explained('SELECT * FROM orders', 2);
  assert.match(limited.english, /returned more than 2 rows/);
  assert.match(limited.zh, /超过 2 行.*只显示前 2 行/);

  const failed = await explained('SELECT nope FROM orders');
  assert.ok(failed.english.startsWith('The query failed on SQLite: '), failed.english);
  assert.ok(failed.zh.startsWith('查询在 SQLite 上失败：'), failed.zh);
  assert.ok(failed.zh.includes('nope'), 'the database message is kept');

  for (const e of [many, one, limited, failed]) {
    assert.equal(e.same, e.english, 'English stays word for word');
    assert.match(e.zh, cjk);
  }
});

test('refusals of the guard and a correction round are explained in Chinese', async () => {
  const refused = await explained('DROP TABLE orders');
  assert.match(refused.english, /^This is a DROP statement: it drops objects\. TableTalk only runs a single read-only query/);
  assert.equal(refused.zh, '这是一条 DROP 语句（drops objects）。TableTalk 只运行单条只读查询（SELECT 或 WITH ... SELECT），因此没有执行任何语句。');
  const two = await explained('SELECT 1; DELETE FROM orders');
  assert.match(two.zh, /^SQL 包含 2 条语句（SELECT, DELETE）。TableTalk 只运行单条只读查询/);
  const syntax = await explained('SELECT FROM WHERE orders');
  assert.match(syntax.zh, /不是有效的 SQLite 语句/, syntax.english);
  for (const e of [refused, two, syntax]) assert.equal(e.same, e.english);
  const corrected = explanationText('Ran a read-only SQLite query reading orders in 3 ms; it returned 2 rows. The first query failed (no such column: nope), so the model was asked once to correct it.', chinese);
  assert.equal(corrected, '已运行只读 SQLite 查询（读取 orders），用时 3 毫秒，返回 2 行。第一条查询失败（no such column: nope），因此已请模型修正一次。');
  const noModel = explanationText('No language model is configured, so no SQL was generated. The question most likely needs orders, customers; the closest trained examples are shown below. Configure a model.', chinese);
  assert.match(noModel, /^未配置语言模型.*orders, customers.*Configure a model\.$/);
});
