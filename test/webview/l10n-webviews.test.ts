// The real canvas and Ask bundles on the real pages, with the display language the host writes into <html lang>:
// in Simplified Chinese the user sees Chinese labels (and the buttons still do what they say); in a language
// without a translation (French) the webviews fall back to English.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { openCanvas, CHROMIUM, LAUNCH_ARGS, chromiumMissing, bundleMissing as canvasMissing } from './canvas-host';
import { openAsk, artistAnswer, panelState, bundleMissing as askMissing } from './ask-host';
import { shopState } from './canvas-fixtures';

const skip = chromiumMissing ?? canvasMissing ?? askMissing;
const hasCjk = (s: string) => /[\u4e00-\u9fff]/.test(s);

describe('webviews in the display language', { skip }, () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  });
  after(async () => browser?.close());

  async function canvas(lang: string) {
    const h = await openCanvas({ browser, lang });
    await h.next('ready', 60000);
    // One many-to-many suggestion through a junction table: its edge label says "via" in the page's language.
    const base = shopState();
    const m2m = { id: 'orders.id->products.id', source: 'orders', sourceColumns: ['id'], target: 'products', targetColumns: ['id'], type: 'many-to-many' as const, confidence: 0.8, origin: 'inferred' as const, evidence: ['junction table order_items'], via: 'order_items' };
    await h.sendState({ ...base, suggestions: [...base.suggestions, m2m] });
    await h.page.waitForSelector('.react-flow__node .tt-table');
    return h;
  }

  test('canvas in zh-cn: toolbar, side panel and table markers in Chinese; the Chinese buttons act', async () => {
    const h = await canvas('zh-cn');
    try {
      const { page } = h;
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-cn');
      const toolbar = (await page.locator('.tt-toolbar vscode-button').allInnerTexts()).map((s) => s.trim());
      assert.deepEqual(toolbar, ['自动布局', '适应视图', '撤销', '重做', '刷新建议', '导出 PNG', '导出 SVG']);
      assert.equal(await page.locator('.tt-search').evaluate((e) => (e as HTMLInputElement).placeholder), '筛选表和字段');
      const headings = (await page.locator('.tt-panel h2').allInnerTexts()).map((s) => s.replace(/\s*\d+\s*$/, '').trim());
      assert.deepEqual(headings, ['建议', '关系', '表']);
      assert.equal((await page.locator('label[for="tt-threshold"]').innerText()).trim(), '最低置信度');
      assert.match(await page.locator('[data-suggestion="order_items.order_id->orders.id"] .tt-meta').innerText(), /N:1 · 0\.93 · 推断/);
      assert.match(await page.locator('[data-relationship="orders.customer_id->customers.id"] .tt-meta').innerText(), /已声明/);
      assert.deepEqual(await page.locator('select[aria-label="orders.customer_id->customers.id 的类型"] option').allInnerTexts(), ['N:1 (多对一)', '1:N (一对多)', '1:1 (一对一)', 'N:M (多对多)']);
      assert.equal(await page.locator('.tt-table[data-table="orders"] [data-column="id"] .tt-pk').getAttribute('title'), '主键');
      assert.equal(await page.locator('.tt-edge-label[data-edge="order_items.order_id->orders.id"] .tt-accept').getAttribute('title'), '接受此建议');
      assert.match(await page.locator('.tt-edge-label[data-edge="orders.id->products.id"]').innerText(), /N:M · 0\.80 · 经由 order_items/);
      // Nothing the canvas itself writes is left in English in the toolbar and panel headings.
      for (const text of [...toolbar, ...headings]) assert.ok(hasCjk(text), `"${text}" is translated`);

      // The Chinese "accept all" button sends the same request as the English one.
      await page.locator('vscode-button', { hasText: '全部接受 ≥ 0.50' }).click();
      const req = await h.next('acceptSuggestions');
      assert.deepEqual(req.params, { minConfidence: 0.5 });
      assert.deepEqual(h.errors, [], 'no script error and no CSP violation');
    } finally {
      await h.close();
    }
  });

  test('canvas in a language without a translation (fr) shows English', async () => {
    const h = await canvas('fr');
    try {
      const toolbar = (await h.page.locator('.tt-toolbar vscode-button').allInnerTexts()).map((s) => s.trim());
      assert.deepEqual(toolbar, ['Auto layout', 'Fit view', 'Undo', 'Redo', 'Refresh suggestions', 'Export PNG', 'Export SVG']);
    } finally {
      await h.close();
    }
  });

  test('Ask panel in zh-cn: 提问, SQL, results and table labels in Chinese; sorting says so in Chinese', async () => {
    const host = await openAsk({ browser, lang: 'zh-cn' });
    try {
      await host.next('ready');
      await host.sendState(panelState({ answer: artistAnswer() }));
      const { page } = host;
      await page.locator('.tt-header h1').waitFor();
      assert.match(await page.locator('.tt-header h1').innerText(), /^提问\s+Chinook$/);
      assert.equal((await page.locator('label[for="tt-question"]').innerText()).trim(), '问题');
      assert.match((await page.locator('#tt-question').getAttribute('placeholder')) ?? '', /^例如：/);
      assert.equal((await page.locator('form.tt-ask vscode-button').first().innerText()).trim(), '提问');
      assert.equal(await page.locator('#tt-sql-title').textContent(), '生成的 SQL');
      const buttons = (await page.locator('.tt-answer vscode-button').allInnerTexts()).map((s) => s.trim());
      assert.deepEqual(buttons, ['运行', '在编辑器中打开', '保存为示例', '表格', '图表', '复制为 CSV', '复制单元格', '复制行', 'CSV 文件', '适用于 Excel 的 CSV', 'JSON 文件', 'Excel 工作簿 (.xml)']);
      assert.match(await page.locator('#tt-results-title').innerText(), /^结果/);
      assert.equal((await page.locator('#tt-tables-title').innerText()).trim(), '表');
      assert.match(await page.locator('.tt-tables-used').innerText(), /^SQL 使用的表：/);
      await page.locator('.tt-table thead th').first().locator('button').click();
      assert.match(await page.locator('.tt-section .tt-meta').filter({ hasText: '行' }).first().innerText(), /4 行 · 3 毫秒 · 按 Name 排序（升序）/);

      // The Chinese 提问 button asks.
      await page.locator('#tt-question').fill('哪位艺术家的专辑最多？');
      await page.locator('form.tt-ask vscode-button').first().click();
      const req = await host.next('ask');
      assert.deepEqual(req.params, { question: '哪位艺术家的专辑最多？' });
      assert.deepEqual(host.errors, []);
    } finally {
      await host.close();
    }
  });
});
