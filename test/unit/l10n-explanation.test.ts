// Ask explanations as data: runSql and the guard return their explanation as Messages (src/core/ask/explanation.ts),
// rendered once in the language wanted: English word for word for the CLI and the agent tools, Chinese from the
// bundle for the Chinese UI, refusals nested in a sentence included. Real runSql on a real SQLite database.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { connect, type Driver } from '../../src/core/datasource';
import { guardSql, runSql } from '../../src/core/ask';
import { renderExplanation } from '../../src/core/ask/explanation';
import { english, fill, l10n, type Message } from '../../src/core/messages';

const zhBundle = JSON.parse(readFileSync(join(resolve(__dirname, '../..'), 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const chinese = (m: Message): string => {
  assert.ok(m.message in zhBundle, `"${m.message}" has no translation in l10n/bundle.l10n.zh-cn.json`);
  return fill(zhBundle[m.message], m.args);
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
  return { english: r.explanation, zh: renderExplanation(r.explanationParts, chinese), same: renderExplanation(r.explanationParts, english) };
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

  const limitedToOne = await explained('SELECT * FROM orders', 1);
  assert.match(limitedToOne.english, /returned more than 1 row: only the first 1 are shown/, 'the English of a one-row limit is as it always was');
  assert.match(limitedToOne.zh, /超过 1 行/);

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
  assert.equal(refused.zh, '这是一条 DROP 语句（会删除对象）。TableTalk 只运行单条只读查询（SELECT 或 WITH ... SELECT），因此没有执行任何语句。');
  const two = await explained('SELECT 1; DELETE FROM orders');
  assert.match(two.zh, /^SQL 包含 2 条语句（SELECT, DELETE）。TableTalk 只运行单条只读查询/);
  const syntax = await explained('SELECT FROM WHERE orders');
  assert.match(syntax.zh, /不是有效的 SQLite 语句/, syntax.english);
  for (const e of [refused, two, syntax]) assert.equal(e.same, e.english);
  // A refusal nested in the correction sentence is rendered in the sentence's language.
  const drop = guardSql('DROP TABLE orders', 'sqlite');
  assert.ok(!drop.ok);
  if (drop.ok) return;
  const parts = [l10n.t('Ran a read-only {0} query reading {1} in {2} ms; it returned {3} rows.', 'SQLite', 'orders', 3, '2'), { ...l10n.t(' The first query was refused ({0}), so the model was asked once to correct it.'), args: [drop.text] }];
  const zh = renderExplanation(parts, chinese);
  assert.ok(zh.startsWith('已运行只读 SQLite 查询（读取 orders），用时 3 毫秒，返回 2 行。'), zh);
  assert.ok(zh.includes('这是一条 DROP 语句'), zh);
  assert.doesNotMatch(zh, /This is a/, 'no English sentence inside the Chinese one');
  assert.equal(renderExplanation(parts, english), `Ran a read-only SQLite query reading orders in 3 ms; it returned 2 rows. The first query was refused (${drop.reason}), so the model was asked once to correct it.`);
});

test('every refusal of the SQL guard is a Message built with l10n.t, its template in the bundle', () => {
  const source = readFileSync(join(resolve(__dirname, '../..'), 'src/core/ask/guard.ts'), 'utf8');
  const calls = source.split('return refuse(').slice(1);
  assert.ok(calls.length >= 25, `${calls.length} refusals found`);
  for (const c of calls) assert.match(c.split('\n')[0], /^[^;]*?'[\w-]+', (l10n\.t\(|\{ \.\.\.l10n\.t\(|inWith \? l10n\.t\(|parseFailure\()/, c.slice(0, 120));
  const bundle = JSON.parse(readFileSync(join(resolve(__dirname, '../..'), 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;
  for (const m of source.matchAll(/l10n\.t\('((?:[^'\\]|\\.)+)'/g)) assert.ok(m[1].replace(/\\'/g, "'") in bundle, `"${m[1]}" is in l10n/bundle.l10n.json (run npm run l10n:export)`);
});

test('refusals of executable comments, MySQL dash-dash, side effects and unknown functions are explained in Chinese, their detail phrases too', () => {
  const cases: [string, 'mysql' | 'postgres', RegExp][] = [
    ["SELECT 1 /*!50000 , LOAD_FILE('/etc/passwd') */ AS f", 'mysql', /^SQL 包含 MySQL 可执行注释（“\/\*!50000 , LOAD_FILE/],
    ['SELECT /*+ BKA(t) */ 1', 'mysql', /^SQL 包含优化器提示注释/],
    ["SELECT 1 --1, LOAD_FILE('/etc/hostname')", 'mysql', /^“--1, LOAD_FILE.*”在 MySQL\/MariaDB 中不是注释/],
    ['SELECT public.writer(1)', 'postgres', /^查询调用了 public\.writer\(\)，它不是 TableTalk 确认在 PostgreSQL 上没有副作用的内置函数。TableTalk 只运行单条只读查询/],
    ["SELECT pg_sleep(5)", 'postgres', /^查询调用了 pg_sleep\(\)（只会等待）。TableTalk 只运行单条只读查询/],
  ];
  for (const [sql, dialect, zh] of cases) {
    const r = guardSql(sql, dialect);
    assert.ok(!r.ok, sql);
    if (r.ok) continue;
    assert.match(renderExplanation(r.text, chinese), zh);
    assert.equal(renderExplanation(r.text, english), r.reason);
  }
});

test('SQL that ends too early is refused in Chinese with no English words inside ("the end" included)', () => {
  const r = guardSql('SELECT status FROM orders WHERE', 'sqlite');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.match(r.reason, /^The SQL is not valid SQLite: it ends too early \(line 1, column \d+\)/);
  const zh = renderExplanation(r.text, chinese);
  assert.match(zh, cjk);
  assert.deepEqual(zh.replace(/SQLite|SQL|SELECT|WITH|TableTalk/g, '').match(/\b[A-Za-z]{3,}\b/g) ?? [], [], zh);
});
