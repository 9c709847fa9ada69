// Chinese questions over schemas people in China actually have, on real servers, trained for real into embedded
// Chroma with the built-in embedder: a pinyin-named schema (full pinyin and initials) on every dialect, and a
// schema whose names say nothing (t01, c01) and whose meaning is only in Chinese comments (MySQL COMMENT,
// PostgreSQL COMMENT ON), introspected with its comments and found by Chinese and English questions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatasetStore, datasetsDir } from '../../src/core/dataset/store';
import { RunStateStore } from '../../src/core/dataset/run-state';
import { EmbeddedChroma } from '../../src/core/vector/chroma-server';
import { VectorStore } from '../../src/core/vector/vector-store';
import { BuiltinEmbedder } from '../../src/core/vector/builtin-embedder';
import { train } from '../../src/core/training/pipeline';
import { retrieveTables } from '../../src/core/ask/strategy';
import type { Driver } from '../../src/core/datasource/index';
import { open, q, removeTempDirs, targets, tempDir, type Target } from './introspect-support';

const root = tempDir('tt-zh-');
const chroma = new EmbeddedChroma({ dataDir: join(root, 'chroma') });
const store = new VectorStore(chroma);
const embedder = new BuiltinEmbedder();
let n = 0;

test.after(async () => {
  await chroma.stop();
  removeTempDirs();
});

async function trained(t: Target, d: Driver, url: string) {
  const schema = await d.introspect();
  const dataset = await new DatasetStore(datasetsDir(root)).create({
    name: `zh-${t.dialect}-${++n}`,
    datasource: url,
    tables: schema.tables.map((x) => ({ name: x.name, schema: x.schema })),
  });
  const runState = RunStateStore.forDirectory(root);
  await train(dataset, { driver: d, store, embedder, runState });
  const state = await runState.get(dataset);
  return { schema, ask: async (question: string) => (await retrieveTables(dataset, state, question, { store, embedder }, { k: 3 })).tables };
}

const pick = targets().filter((t) => t.label !== 'sqlite (wasm)');

for (const t of pick) {
  test(`${t.label}: a pinyin-named schema (full and initials) answers Chinese questions`, { skip: t.skip }, async () => {
    const Q = (s: string) => q(t.dialect, s);
    const ddl = [
      `CREATE TABLE ${Q('kehu')} (${Q('id')} integer PRIMARY KEY, ${Q('kehu_mingcheng')} varchar(50), ${Q('lxdh')} varchar(20))`,
      `CREATE TABLE ${Q('xs_dd')} (${Q('id')} integer PRIMARY KEY, ${Q('kh_id')} integer, ${Q('ddje')} decimal(10,2), FOREIGN KEY (${Q('kh_id')}) REFERENCES ${Q('kehu')} (${Q('id')}))`,
      `CREATE TABLE ${Q('cangku')} (${Q('id')} integer PRIMARY KEY, ${Q('ck_mc')} varchar(50), ${Q('rongliang')} integer)`,
      `CREATE TABLE ${Q('gys')} (${Q('id')} integer PRIMARY KEY, ${Q('gys_mc')} varchar(50), ${Q('guojia')} varchar(30))`,
      `CREATE TABLE ${Q('yuangong')} (${Q('id')} integer PRIMARY KEY, ${Q('xingming')} varchar(50), ${Q('rzrq')} date)`,
      `CREATE TABLE ${Q('event_log')} (${Q('id')} integer PRIMARY KEY, ${Q('payload')} varchar(200))`,
    ];
    const scratch = await t.scratch(ddl);
    try {
      const d = await open(t, scratch.url);
      try {
        const { ask } = await trained(t, d, scratch.url);
        assert.equal((await ask('列出所有客户名称'))[0], 'kehu');
        assert.ok((await ask('哪些客户的销售订单金额最高？')).slice(0, 2).includes('xs_dd'));
        assert.equal((await ask('每个仓库的容量是多少？'))[0], 'cangku');
        assert.equal((await ask('来自德国的供应商有哪些？'))[0], 'gys');
        assert.equal((await ask('员工的姓名和入职日期'))[0], 'yuangong');
      } finally {
        await d.close();
      }
    } finally {
      await scratch.drop();
    }
  });
}

for (const t of pick.filter((x) => x.dialect !== 'sqlite')) {
  test(`${t.label}: a schema described only by Chinese comments is introspected with them and found by Chinese and English questions`, { skip: t.skip }, async () => {
    const Q = (s: string) => q(t.dialect, s);
    const tables: [string, string, [string, string, string][]][] = [
      ['t01', '客户', [['c01', 'varchar(50)', '客户名称'], ['c02', 'varchar(30)', '城市']]],
      ['t02', '销售订单', [['c01', 'integer', '客户编号'], ['c02', 'decimal(10,2)', '订单金额'], ['c03', 'date', '下单日期']]],
      ['t03', '仓库', [['c01', 'varchar(50)', '仓库名称'], ['c02', 'integer', '容量']]],
      ['t04', '员工', [['c01', 'varchar(50)', '姓名'], ['c02', 'date', '入职日期']]],
      ['t05', '部门', [['c01', 'varchar(50)', '部门名称'], ['c02', 'decimal(12,2)', '预算']]],
      ['t06', '系统日志', [['c01', 'varchar(200)', '日志内容']]],
    ];
    const lit = (s: string) => `'${s}'`;
    const ddl: string[] = [];
    for (const [name, comment, cols] of tables) {
      if (t.dialect === 'mysql') {
        ddl.push(`CREATE TABLE ${Q(name)} (${Q('id')} integer PRIMARY KEY COMMENT '编号', ${cols.map(([c, ty, cm]) => `${Q(c)} ${ty} COMMENT ${lit(cm)}`).join(', ')}) COMMENT=${lit(comment)}`);
      } else {
        ddl.push(`CREATE TABLE ${Q(name)} (${Q('id')} integer PRIMARY KEY, ${cols.map(([c, ty]) => `${Q(c)} ${ty}`).join(', ')})`);
        ddl.push(`COMMENT ON TABLE ${Q(name)} IS ${lit(comment)}`);
        for (const [c, , cm] of cols) ddl.push(`COMMENT ON COLUMN ${Q(name)}.${Q(c)} IS ${lit(cm)}`);
      }
    }
    const scratch = await t.scratch(ddl);
    try {
      const d = await open(t, scratch.url);
      try {
        const { schema, ask } = await trained(t, d, scratch.url);
        const t02 = schema.tables.find((x) => x.name === 't02');
        assert.equal(t02?.comment, '销售订单');
        assert.deepEqual(t02?.columns.map((c) => c.comment).slice(1), ['客户编号', '订单金额', '下单日期']);
        assert.equal((await ask('每个仓库的容量是多少？'))[0], 't03');
        assert.equal((await ask('每个部门的预算是多少？'))[0], 't05');
        assert.ok((await ask('哪些客户的订单金额最高？')).slice(0, 2).includes('t02'));
        assert.equal((await ask('How many employees were hired each year?'))[0], 't04');
        assert.equal((await ask('Which warehouse has the largest capacity?'))[0], 't03');
      } finally {
        await d.close();
      }
    } finally {
      await scratch.drop();
    }
  });
}
