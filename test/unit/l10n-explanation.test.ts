// Ask explanations in Chinese: src/host/ask/explanation-text.ts translates what core/ask explains in English.
// The English comes from the real runSql on a real SQLite database, so a change of wording in core fails here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { connect, type Driver } from '../../src/core/datasource';
import { guardSql, runSql } from '../../src/core/ask';
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

/** The reason argument of every refuse(code, reason) in guard.ts, as written: explanation-text.ts has a template for each. */
const knownRefusals = [
  "'Backtick quoting is MySQL syntax, not PostgreSQL; PostgreSQL quotes identifiers with double quotes.'",
  "'There is no SQL to run.'",
  "`\"${lock[0].replace(/\\s+/g, ' ')}\" locks rows for writing; a question never needs that. ${onlyReadOnly}`",
  "`${first} does not answer a question about the data. ${onlyReadOnly}`",
  "`${foreign} is PostgreSQL syntax, not SQLite. Write the query for SQLite.`",
  "`SELECT ... INTO writes the result somewhere (a table, a file or variables) instead of returning it. ${onlyReadOnly}`",
  "`SELECT ... INTO writes the result somewhere instead of returning it. ${onlyReadOnly}`",
  "`SELECT TOP n is SQL Server syntax, not ${name}; ${name} limits rows with LIMIT n.`",
  "`The :: cast is PostgreSQL syntax, not ${name}; use CAST(x AS type).`",
  "`The SQL has an unclosed quote or comment, so it is not valid ${name}. ${onlyReadOnly}`",
  "`The SQL holds ${nodes.length} statements. ${onlyReadOnly}`",
  "`The SQL holds ${statements.length} statements (${kinds}). ${onlyReadOnly}`",
  "`The query assigns a session variable, which changes session state. ${onlyReadOnly}`",
  "`The query calls ${fn}(), which ${why}. ${onlyReadOnly}`",
  "`The query calls ${m[1]}(), which ${why}. ${onlyReadOnly}`",
  "`The query contains ${inWith ? 'inside a WITH clause ' : ''}a ${type.toUpperCase()} statement, which changes the database. ${onlyReadOnly}`",
  "`The query hides a data-changing statement (\"${write[0].replace(/\\s+/g, ' ')} ...\"), for instance inside a WITH clause. ${onlyReadOnly}`",
  "`The query locks rows (${String(n.locking_read ?? n.for_update)}). ${onlyReadOnly}`",
  "`The text does not start like a query (\"${sql.slice(0, 40)}\"): expected SELECT or WITH. ${onlyReadOnly}`",
  "`This is a ${first} statement: it ${writeKeywords[first]}. ${onlyReadOnly}`",
  "`This is a ${kind} statement, not a query. ${onlyReadOnly}`",
  "parseFailure(sql, name, firstError)",
  "`The SQL holds a MySQL executable comment (\"${text}\"): the server runs the text inside it as SQL. ${onlyReadOnly}`",
  "`The SQL holds an optimizer hint comment (\"${text}\"), which TableTalk does not pass to the server. ${onlyReadOnly}`",
  "`\"${text}\" is not a comment in MySQL/MariaDB (a comment needs a space after --): the server would run the text after it. ${onlyReadOnly}`",
  "`The query calls ${shown}(), which is not a built-in function TableTalk knows to be free of side effects on ${dialectNames[dialect]}. ${onlyReadOnly}`",
];

test('every refusal reason of the SQL guard is known to explanation-text.ts (a new one fails here until it is translated)', () => {
  const source = readFileSync(join(resolve(__dirname, '../..'), 'src/core/ask/guard.ts'), 'utf8');
  const found = new Set<string>();
  for (let i = source.indexOf('refuse('); i !== -1; i = source.indexOf('refuse(', i + 1)) {
    let depth = 0;
    const commas: number[] = [];
    let j = i + 'refuse'.length;
    for (; j < source.length; j++) {
      const c = source[j];
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c) && --depth === 0) break;
      else if (c === ',' && depth === 1) commas.push(j);
    }
    if (commas.length) found.add(source.slice(commas[0] + 1, j).trim());
  }
  assert.deepEqual([...found].sort(), [...knownRefusals].sort(), 'guard.ts refusals changed: update src/host/ask/explanation-text.ts, its translations and this list');
});

test('refusals of executable comments, MySQL dash-dash and unknown functions are explained in Chinese', () => {
  const cases: [string, 'mysql' | 'postgres', RegExp][] = [
    ["SELECT 1 /*!50000 , LOAD_FILE('/etc/passwd') */ AS f", 'mysql', /^SQL 包含 MySQL 可执行注释（“\/\*!50000 , LOAD_FILE/],
    ['SELECT /*+ BKA(t) */ 1', 'mysql', /^SQL 包含优化器提示注释/],
    ["SELECT 1 --1, LOAD_FILE('/etc/hostname')", 'mysql', /^“--1, LOAD_FILE.*”在 MySQL\/MariaDB 中不是注释/],
    ['SELECT public.writer(1)', 'postgres', /^查询调用了 public\.writer\(\)，它不是 TableTalk 确认在 PostgreSQL 上没有副作用的内置函数。TableTalk 只运行单条只读查询/],
  ];
  for (const [sql, dialect, zh] of cases) {
    const r = guardSql(sql, dialect);
    assert.ok(!r.ok, sql);
    if (r.ok) continue;
    assert.match(explanationText(r.reason, chinese), zh);
    assert.equal(explanationText(r.reason, english), r.reason);
  }
});
