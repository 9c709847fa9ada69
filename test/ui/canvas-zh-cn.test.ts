// A dataset file written under the English UI, opened on the modeling canvas of real VS Code (code-server +
// Chromium) whose display language is Simplified Chinese: the evidence TableTalk stored as data reads in Chinese,
// with no English word of TableTalk's own; evidence an older TableTalk wrote as English text is shown as written.
// Screenshot: test-results/screenshots/canvas-zh-cn.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };
import { connect, parseDatasourceUrl } from '../../src/core/datasource';
import { DatasetStore, datasetsDir } from '../../src/core/dataset/store';
import { inferRelationships, nameWords } from '../../src/core/modeling';
import { englishWords } from '../support/zh-render';

const chinookDir = process.env.TABLETALK_CHINOOK_DIR;
const chinookFile = chinookDir ? join(chinookDir, 'Chinook_Sqlite.sqlite') : '';
const noChinook = !chinookFile || !existsSync(chinookFile) ? `Chinook_Sqlite.sqlite not found (TABLETALK_CHINOOK_DIR=${chinookDir ?? 'unset'})` : undefined;
const screenshots = join(__dirname, '..', '..', 'test-results', 'screenshots');
const TABLES = ['Album', 'Artist', 'Track', 'Genre'];

async function canvasFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const f of page.frames()) if (await f.locator('.react-flow').count().catch(() => 0)) return f;
    await page.waitForTimeout(250);
  }
  throw new Error(`no canvas webview frame within ${timeoutMs} ms`);
}

test('zh-cn canvas: evidence of a file written under the English UI reads in Chinese; old English evidence shown as written', { skip: noChinook, timeout: 240_000 }, async () => {
  const { startCodeServer, launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'tt-canvas-zh-'));
  try {
    const db = join(folder, 'chinook.sqlite');
    copyFileSync(chinookFile, db);
    // What the English canvas saves when a user accepts the inferred Track.AlbumId -> Album.AlbumId.
    const driver = await connect(parseDatasourceUrl(`sqlite://${db}`));
    const { tables } = await driver.introspect();
    const chosen = tables.filter((t) => TABLES.includes(t.name));
    const inferred = await inferRelationships(chosen, { driver, ignoreDeclared: true });
    await driver.close();
    const { via: _via, ...accepted } = inferred.find((r) => r.id === 'Track.AlbumId->Album.AlbumId')!;
    const store = new DatasetStore(datasetsDir(folder));
    const def = await store.create({ name: 'Music Model', datasource: 'chinook', tables: TABLES.map((name) => ({ name, schema: null })) });
    const teammate = { id: 'Track.Composer->Artist.Name', source: 'Track', sourceColumns: ['Composer'], target: 'Artist', targetColumns: ['Name'], type: 'many-to-one' as const, confidence: 1, origin: 'user' as const, evidence: ['drawn on the modeling canvas'] };
    await store.save({ ...def, modeling: { ...def.modeling, relationships: [accepted, teammate] } });
    const written = readFileSync(store.pathOf('Music Model'), 'utf8');
    assert.ok(written.includes('"kind": "names-table"') && !written.includes('names table'), 'the file holds evidence as data');

    server = await startCodeServer({ folder, locale: 'zh-cn', settings: { 'tabletalk.datasources': [{ id: 'chinook', name: 'Chinook', dialect: 'sqlite', file: db }] } });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url);
    await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    const row = page.locator('.part.sidebar .monaco-list-row[aria-label^="Music Model"]');
    await row.waitFor({ timeout: 30_000 });
    await row.hover();
    await row.locator('.action-label[aria-label="打开建模画布"]').click();

    const frame = await canvasFrame(page);
    const entry = frame.locator('[data-relationship="Track.AlbumId->Album.AlbumId"]');
    await entry.waitFor({ timeout: 30_000 });
    await entry.locator('details.tt-evidence summary').click();
    const shown = (await entry.locator('details.tt-evidence li').allInnerTexts()).map((s) => s.trim());
    assert.equal(shown.length, accepted.evidence.length);
    assert.ok(shown.includes('AlbumId 指明了表 Album'), shown.join(' | '));
    const identifiers = chosen.flatMap((t) => [t.name, ...t.columns.flatMap((c) => [c.name, c.type, ...nameWords(c.name)])]);
    for (const s of shown) {
      assert.match(s, /[\u4e00-\u9fff]/, s);
      assert.deepEqual(englishWords(s, identifiers), [], s);
    }
    const old = frame.locator('[data-relationship="Track.Composer->Artist.Name"]');
    assert.deepEqual((await old.locator('details.tt-evidence li').allTextContents()).map((s) => s.trim()), ['drawn on the modeling canvas']);

    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'canvas-zh-cn.png') });
  } catch (err) {
    const page = browser?.contexts()[0]?.pages()[0];
    if (page) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'canvas-zh-cn-failure.png') }).catch(() => undefined);
    }
    throw err;
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
