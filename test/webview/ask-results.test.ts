// The Ask panel's result view in headless Chromium under the fake host: the virtualised grid (100,000 rows, only
// the visible ones in the DOM), filter, selection and copy, export requests, NULL/binary/long values, and the chart
// chosen from the result's shape, switched and saved as SVG and PNG.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { artistAnswer, bundleMissing, chromiumMissing, CHROMIUM, LAUNCH_ARGS, openAsk, panelState, type FakeAskHost } from './ask-host';
import type { AskAnswer } from '../../src/protocol/ask';

const skip = chromiumMissing ?? bundleMissing;

describe('Ask results: grid, filter, copy, export, chart', { skip }, () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  });
  after(async () => browser?.close());

  async function open(answer: AskAnswer): Promise<FakeAskHost> {
    const host = await openAsk({ browser });
    await host.next('ready');
    await host.sendState(panelState({ answer }));
    await host.page.locator('.tt-results').waitFor();
    return host;
  }
  const button = (host: FakeAskHost, text: string) => host.page.locator('vscode-button', { hasText: new RegExp(`^\\s*${text.replace(/[()]/g, '\\$&')}\\s*$`) });
  const firstColumn = (host: FakeAskHost) => host.page.locator('.tt-table tbody tr:not(.tt-spacer) td:nth-child(1)').allInnerTexts();

  test('100,000 rows: only the rows in view are in the DOM; scrolling to the end shows the last row', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => [i + 1, `Customer ${i + 1}`, (i * 7) % 1000]);
    const host = await open(artistAnswer({ columns: ['Id', 'Name', 'Total'], rows }));
    try {
      const { page } = host;
      await page.locator('.tt-table tbody td', { hasText: /^Customer 1$/ }).waitFor();
      assert.equal(await page.locator('.tt-table').getAttribute('aria-rowcount'), '100001');
      const inDom = await page.locator('.tt-table tbody tr:not(.tt-spacer)').count();
      assert.ok(inDom > 10 && inDom < 150, `rows in the DOM: ${inDom}`);
      await page.locator('.tt-table-wrap').evaluate((el) => { el.scrollTop = el.scrollHeight; });
      await page.locator('.tt-table tbody td', { hasText: /^Customer 100000$/ }).waitFor();
      assert.ok((await page.locator('.tt-table tbody tr:not(.tt-spacer)').count()) < 150);
      // Sorting 100,000 rows by a header click: descending Id puts the last customer first.
      await page.locator('.tt-table thead th').nth(0).locator('button').click();
      await page.locator('.tt-table thead th').nth(0).locator('button').click();
      await page.locator('.tt-table tbody tr[aria-rowindex="2"] td', { hasText: /^Customer 100000$/ }).waitFor();
      assert.deepEqual(host.errors, []);
    } finally {
      await host.close();
    }
  });

  test('filter keeps rows containing the text in any column, says how many, and export/copy carry it', async () => {
    const host = await open(artistAnswer());
    try {
      const { page } = host;
      await page.locator('.tt-filter').fill('pur');
      assert.deepEqual(await firstColumn(host), ['Deep Purple']);
      assert.equal(await page.locator('.tt-filter-count').innerText(), '1 of 4 rows match');
      await page.locator('.tt-filter').fill('zzz');
      await page.locator('.tt-meta', { hasText: 'No row contains "zzz".' }).waitFor();
      await page.locator('.tt-filter').fill('e');
      await page.locator('.tt-table thead th').nth(1).locator('button').click();
      await page.locator('vscode-button[data-export="json"]').click();
      const req = await host.next('exportResult');
      assert.deepEqual(req.params, { format: 'json', sort: { column: 1, direction: 'ascending' }, filter: 'e' });
      await host.respond(req.id!, { path: '/work/out/result.json', rows: 3 });
      await page.locator('.tt-notice', { hasText: 'Exported 3 rows to /work/out/result.json' }).waitFor();
      await page.locator('vscode-button[data-export="csvExcel"]').click();
      const csv = await host.next('exportResult');
      assert.equal(csv.params?.format, 'csvExcel');
      // A cancelled save dialog (path null) says nothing.
      await host.respond(csv.id!, { path: null, rows: 0 });
      await page.locator('vscode-button[data-export="xml"]').click();
      const xml = await host.next('exportResult');
      await host.fail(xml.id!, 'Could not write /ro/Chinook-result.xml (EACCES). The result is still here: export it to another folder.');
      await page.locator('.tt-notice.tt-error', { hasText: 'EACCES' }).waitFor();
      assert.equal(await page.locator('.tt-notice', { hasText: 'Exported' }).count(), 1);
    } finally {
      await host.close();
    }
  });

  test('NULL, binary and very long values: shown marked and cut, the whole value below on selection; copy cell and rows', async () => {
    const long = `start ${'x'.repeat(5000)} end`;
    const host = await open(artistAnswer({ columns: ['Name', 'Photo', 'Notes'], rows: [['Iron Maiden', '0xdeadbeef', null], ['Led Zeppelin', `0x${'00'.repeat(64)}… (100 bytes)`, long]] }));
    try {
      const { page } = host;
      assert.equal(await page.locator('.tt-table tbody td .tt-null').innerText(), 'NULL');
      assert.equal(await page.locator('.tt-table tbody td .tt-binary').count(), 2);
      const longCell = page.locator('.tt-table tbody tr[aria-rowindex="3"] td').nth(2);
      assert.ok((await longCell.innerText()).length <= 302, 'the cell shows the start of a long value');
      const box = await longCell.boundingBox();
      assert.ok(box && box.height <= 25, `one line per row (height ${box?.height})`);
      await longCell.click();
      assert.equal(await page.locator('.tt-cell-detail pre').innerText(), long);
      await page.keyboard.press('Control+c');
      const cell = await host.next('copyText');
      assert.equal(cell.params?.text, long);
      await host.respond(cell.id!, null);
      await page.locator('.tt-notice', { hasText: 'Copied the cell.' }).waitFor();
      // Shift+click selects rows; Copy Rows copies them tab-separated with the header.
      await page.locator('.tt-table tbody tr[aria-rowindex="2"] td').nth(0).click({ modifiers: ['Shift'] });
      await button(host, 'Copy Rows').click();
      const rows = await host.next('copyText');
      assert.equal(rows.params?.text, `Name\tPhoto\tNotes\nIron Maiden\t0xdeadbeef\t\nLed Zeppelin\t0x${'00'.repeat(64)}… (100 bytes)\t${long}`);
      await host.respond(rows.id!, null);
      await page.locator('.tt-notice', { hasText: 'Copied 2 rows (tab-separated).' }).waitFor();
      // The keyboard moves the selection: Down to Led Zeppelin, Right to its Photo, Ctrl+C copies that cell.
      await page.locator('.tt-table-wrap').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Control+c');
      assert.equal((await host.next('copyText')).params?.text, `0x${'00'.repeat(64)}… (100 bytes)`);
    } finally {
      await host.close();
    }
  });

  test('chart: bars for a text column with a measure, switch to a line, save as SVG and PNG', async () => {
    const host = await open(artistAnswer());
    try {
      const { page } = host;
      await button(host, 'Chart').click();
      await page.locator('.tt-chart svg').waitFor();
      assert.equal(await page.locator('.tt-chart rect.tt-bar').count(), 4);
      assert.equal(await page.locator('.tt-chart svg').getAttribute('aria-label'), 'Albums by Name');
      assert.match(await page.locator('.tt-chart svg').innerHTML(), /Iron Maiden[\s\S]*Metallica/);
      // The tallest bar is Iron Maiden's 21 albums.
      const heights = await page.locator('.tt-chart rect.tt-bar').evaluateAll((els) => els.map((e) => Number(e.getAttribute('height'))));
      assert.equal(Math.max(...heights), heights[0]);
      await button(host, 'Line').click();
      await page.locator('.tt-chart polyline.tt-line').waitFor();
      assert.equal((await page.locator('.tt-chart polyline.tt-line').getAttribute('points'))!.split(' ').length, 4);
      await button(host, 'Save SVG').click();
      const svg = await host.next('saveChart');
      assert.equal(svg.params?.format, 'svg');
      const text = decodeURIComponent(String(svg.params?.dataUrl).replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
      assert.match(text, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.match(text, /<polyline[^>]*stroke="#1a85ff"/, 'colours are plain values in the file');
      await host.respond(svg.id!, { path: '/tmp/Chinook-chart.svg' });
      await page.locator('.tt-notice', { hasText: 'Saved the chart to /tmp/Chinook-chart.svg' }).waitFor();
      await button(host, 'Save PNG').click();
      const png = await host.next('saveChart');
      assert.equal(png.params?.format, 'png');
      const bytes = Buffer.from(String(png.params?.dataUrl).replace(/^data:image\/png;base64,/, ''), 'base64');
      assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
      assert.ok(bytes.length > 2000, `a drawn PNG, ${bytes.length} bytes`);
      assert.deepEqual(host.errors, []);
      await button(host, 'Table').click();
      await page.locator('.tt-table').waitFor();
    } finally {
      await host.close();
    }
  });

  test('chart: a date column with a measure opens as a line in time order; a result without a measure has no chart', async () => {
    const months = ['2024-03', '2024-01', '2024-02'].map((m, i) => [m, (i + 1) * 100]);
    const host = await open(artistAnswer({ columns: ['Month', 'Revenue'], rows: months }));
    try {
      const { page } = host;
      await button(host, 'Chart').click();
      await page.locator('.tt-chart polyline.tt-line').waitFor();
      assert.equal(await page.locator('vscode-button[aria-pressed="true"]', { hasText: 'Line' }).count(), 1);
      assert.match(await page.locator('.tt-chart svg').innerHTML(), /2024-01[\s\S]*2024-02[\s\S]*2024-03/);
      await host.sendState(panelState({ revision: 2, answer: artistAnswer({ id: 9, columns: ['Name', 'Country'], rows: [['A', 'B']] }) }));
      await page.locator('.tt-table').waitFor();
      assert.equal(await button(host, 'Chart').getAttribute('disabled'), '');
    } finally {
      await host.close();
    }
  });

  test('the question box\'s example uses the dataset\'s own tables, not artists', async () => {
    const host = await openAsk({ browser });
    try {
      await host.next('ready');
      const base = panelState();
      await host.sendState({ ...base, dataset: { ...base.dataset, name: 'Shop', tables: ['customers', 'order_items', 'orders', 'products'] } });
      const box = host.page.locator('#tt-question');
      await host.page.locator('.tt-header', { hasText: 'Shop' }).waitFor();
      assert.equal(await box.getAttribute('placeholder'), 'e.g. Which customers have the most orders?  (Ctrl+Enter to ask)');
      await host.sendState({ ...base, revision: 2, dataset: { ...base.dataset, tables: ['Track'] } });
      await host.page.locator('#tt-question[placeholder^="e.g. How many Track rows"]').waitFor();
    } finally {
      await host.close();
    }
  });
});
