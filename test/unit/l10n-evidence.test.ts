// Modeling canvas texts in Chinese: src/host/canvas/evidence-text.ts translates what core/modeling writes in
// English. The evidence comes from real inference on the project's sample shop database (declared and implied
// relationships, sampled data), so evidence core starts to write in new words fails here until it is translated.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, type Driver, type Table } from '../../src/core/datasource';
import { inferRelationships } from '../../src/core/modeling';
import { english, type L10n } from '../../src/host/english-templates';
import { evidenceText, localizedCanvasState } from '../../src/host/canvas/evidence-text';
import { shopState } from '../webview/canvas-fixtures';

type SampleModule = typeof import('../../scripts/make-sample-db.mjs', { with: { 'resolution-mode': 'import' } });

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
let tables: Table[];
before(async () => {
  const { makeSampleDb } = (await import('../../scripts/make-sample-db.mjs')) as SampleModule;
  dir = mkdtempSync(join(tmpdir(), 'tt-l10n-evidence-'));
  const { path } = makeSampleDb(join(dir, 'shop.sqlite'));
  driver = await connect({ id: 'shop', name: 'shop', dialect: 'sqlite', file: path });
  tables = (await driver.introspect()).tables;
});
after(async () => {
  await driver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('every evidence of inference on the sample shop (with and without its data) is translated, names and figures kept', async () => {
  const withData = await inferRelationships(tables, { driver });
  const namesOnly = await inferRelationships(tables);
  const evidence = [...new Set([...withData, ...namesOnly].flatMap((r) => r.evidence))];
  assert.ok(evidence.length > 15, `${evidence.length} distinct evidence lines`);
  const untranslated = evidence.filter((e) => !cjk.test(evidenceText(e, chinese)));
  assert.deepEqual(untranslated, [], 'add templates for these to src/host/canvas/evidence-text.ts');
  for (const e of evidence) {
    assert.equal(evidenceText(e, english), e);
    const zh = evidenceText(e, chinese);
    for (const token of e.match(/\b[a-z_]+_id\b|\d+(\.\d+)?%/g) ?? []) assert.ok(zh.includes(token), `"${zh}" keeps ${token}`);
  }
});

test('the canvas state: evidence, broken and locked reasons, missing tables and problems in Chinese; English unchanged', () => {
  const state = shopState({
    relationships: [
      { ...shopState().relationships[0], locked: 'a foreign key declared in the database: change it there' },
      { id: 'orders.gone->customers.id', source: 'orders', sourceColumns: ['gone'], target: 'customers', targetColumns: ['id'], type: 'many-to-one', confidence: 1, origin: 'user', evidence: ['drawn on the modeling canvas'], broken: 'column orders.gone no longer exists' },
    ],
    tables: [...shopState().tables, { id: 'suppliers', name: 'suppliers', schema: null, columns: [], missing: 'suppliers no longer exists in the database' }],
    problems: [{ severity: 'warning', message: '1 relationship is broken (kept until you delete it): orders.gone->customers.id: column orders.gone no longer exists' }],
  });
  assert.deepEqual(localizedCanvasState(state, english), state);
  const zh = localizedCanvasState(state, chinese);
  assert.equal(zh.relationships[0].locked, '这是数据库中声明的外键：请在数据库中修改');
  assert.deepEqual(zh.relationships[0].evidence, ['已声明的外键']);
  assert.equal(zh.relationships[1].broken, '字段 orders.gone 已不存在');
  assert.equal(zh.tables.at(-1)?.missing, 'suppliers 在数据库中已不存在');
  assert.match(zh.problems[0].message, /^1 个关系已失效（保留到你删除为止）：orders\.gone->customers\.id/);
  assert.deepEqual(zh.suggestions.map((s) => s.evidence[0]), ['order_id 指明了表 orders', 'product_id 指明了表 products', 'referrer_id 表示人员的角色（“referrer”）']);
});
