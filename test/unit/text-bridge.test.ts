// The bilingual bridge on a schema written for this test (a shop with English, pinyin and comment-only tables):
// Chinese questions reach English identifiers through the CC-CEDICT-derived lexicon and synonyms, pinyin
// identifiers (full and initials) through pinyin, cryptic tables through their Chinese comments, and English
// questions reach Chinese comments too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BridgeIndex, allBridgeSignals } from '../../src/core/text/bridge';
import { zhLexicon } from '../../src/core/text/lexicon';
import { pinyinOf } from '../../src/core/text/pinyin';
import { segmentChinese } from '../../src/core/text/segment';
import { canonicalWord } from '../../src/core/text/synonyms';

const top = (index: BridgeIndex, q: string, n = 1) => index.search(q, n).map((h) => h.table);

test('the lexicon comes from the derived CC-CEDICT file, curated senses first', () => {
  const lex = zhLexicon();
  assert.ok(lex.size > 50_000, `only ${lex.size} headwords: data/zh-lexicon.txt missing?`);
  assert.equal(lex.get('表')?.[0], 'table');
  assert.ok(lex.get('游客')?.includes('tourist'));
  assert.ok(lex.get('艺术家')?.includes('artist'));
});

test('segmentation keeps dictionary words whole (longest match)', () => {
  assert.deepEqual(segmentChinese('哪些客户的订单金额最高？'), ['哪些', '客户', '的', '订单', '金额', '最高']);
  assert.deepEqual(segmentChinese('航班和车型'), ['航班', '和', '车型']);
});

test('pinyin full and initials, and English synonym groups', () => {
  assert.deepEqual(pinyinOf('客户'), { full: 'kehu', initials: 'kh' });
  assert.deepEqual(pinyinOf('名称'), { full: 'mingcheng', initials: 'mc' });
  assert.equal(canonicalWord('client'), canonicalWord('customer'));
  assert.equal(canonicalWord('tourist'), canonicalWord('visitor'));
});

const tables = [
  { table: 'client', body: 'CREATE TABLE client (id INTEGER, full_name TEXT, city TEXT)' },
  { table: 'visitor', body: 'CREATE TABLE visitor (id INTEGER, nationality TEXT)' },
  { table: 'sales_order', body: 'CREATE TABLE sales_order (id INTEGER, client_id INTEGER, total_amount REAL)' },
  { table: 'kehu_mingcheng', body: 'CREATE TABLE kehu_mingcheng (id INTEGER, mc TEXT)' },
  { table: 'khmc_bak', body: 'CREATE TABLE khmc_bak (id INTEGER)' },
  { table: 'gys', body: 'CREATE TABLE gys (id INTEGER, gys_mc TEXT)' },
  { table: 't07', tableText: '员工', body: 'Column t07.c01: 姓名\nColumn t07.c02: 入职日期' },
  { table: 't08', tableText: '部门', body: 'Column t08.c01: 部门名称\nColumn t08.c02: 预算' },
  { table: 'warehouse', body: 'CREATE TABLE warehouse (id INTEGER, capacity INTEGER)' },
];

test('a Chinese question finds English identifiers, through synonyms too', () => {
  const index = new BridgeIndex(tables);
  assert.deepEqual(top(index, '游客来自哪些国家？'), ['visitor']);
  assert.deepEqual(top(index, '每个仓库的容量是多少？'), ['warehouse']);
  assert.ok(top(index, '哪些顾客的订单最多？', 2).includes('sales_order'));
});

test('pinyin identifiers, full and initials, answer a Chinese question', () => {
  const index = new BridgeIndex(tables);
  const found = top(index, '列出所有客户名称', 3);
  assert.equal(found[0], 'kehu_mingcheng');
  assert.ok(found.includes('khmc_bak'), found.join(', '));
  assert.deepEqual(top(index, '供应商有哪些？'), ['gys']);
  const off = new BridgeIndex(tables, { ...allBridgeSignals, pinyin: false });
  assert.ok(!top(off, '供应商有哪些？').includes('gys'), 'without pinyin, gys is not found');
});

test('comments carry cryptic tables, in Chinese and in English', () => {
  const index = new BridgeIndex(tables);
  assert.deepEqual(top(index, '每个部门的预算是多少？'), ['t08']);
  assert.deepEqual(top(index, 'How many staff were hired each year?'), ['t07']);
  assert.deepEqual(top(index, 'Which department has the largest budget?'), ['t08']);
  const off = new BridgeIndex(tables, { ...allBridgeSignals, comments: false });
  assert.deepEqual(top(off, '每个部门的预算是多少？'), []);
});
