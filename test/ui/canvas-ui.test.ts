// The modeling canvas in real VS Code (code-server + Chromium), driven like a user: "Open Modeling Canvas" on a
// dataset of the Datasets view, the tables drawn in the webview (nested iframes), a relationship drawn from a
// column to a column and found saved in the dataset file (the canvas closed at once: the pending save still lands); then the file changed by someone else (shown) and broken
// by hand (explained, read-only, never overwritten). Screenshot: test-results/screenshots/canvas.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };
import { DatasetStore, datasetsDir } from '../../src/core/dataset/store';
import type { DatasetDefinition } from '../../src/core/dataset/types';

const chinookDir = process.env.TABLETALK_CHINOOK_DIR;
const chinookFile = chinookDir ? join(chinookDir, 'Chinook_Sqlite.sqlite') : '';
const noChinook = !chinookFile || !existsSync(chinookFile) ? `Chinook_Sqlite.sqlite not found (TABLETALK_CHINOOK_DIR=${chinookDir ?? 'unset'})` : undefined;
const screenshots = join(__dirname, '..', '..', 'test-results', 'screenshots');
const TABLES = ['Album', 'Artist', 'Track', 'Genre'];

const treeRow = (page: Page, labelStart: string) => page.locator(`.part.sidebar .monaco-list-row[aria-label^="${labelStart}"]`);

/** The canvas webview's frame (VS Code nests webviews two iframes deep). */
async function canvasFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const f of page.frames()) {
      if (await f.locator('.react-flow').count().catch(() => 0)) return f;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no canvas webview frame within ${timeoutMs} ms`);
}

async function center(frame: Frame, selector: string) {
  const box = await frame.locator(selector).first().boundingBox();
  assert.ok(box, `${selector} is on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('Canvas UI: open from the Datasets view, draw a relationship, find it saved; external edits shown, a broken file left alone', { skip: noChinook, timeout: 240_000 }, async () => {
  const { startCodeServer, launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'tt-canvas-ui-'));
  try {
    const db = join(folder, 'chinook.sqlite');
    copyFileSync(chinookFile, db);
    const store = new DatasetStore(datasetsDir(folder));
    await store.create({ name: 'Music Model', datasource: 'chinook', tables: TABLES.map((name) => ({ name, schema: null })) });
    const file = store.pathOf('Music Model');
    server = await startCodeServer({ folder, settings: { 'tabletalk.datasources': [{ id: 'chinook', name: 'Chinook', dialect: 'sqlite', file: db }] } });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url);
    await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    const row = treeRow(page, 'Music Model');
    await row.waitFor({ timeout: 30_000 });
    await row.hover();
    await row.locator('.action-label[aria-label="Open Modeling Canvas"]').click();

    let frame = await canvasFrame(page);
    await frame.locator('.tt-title', { hasText: 'Music Model' }).waitFor();
    await frame.locator('.tt-table-name', { hasText: 'Track' }).waitFor();
    assert.deepEqual((await frame.locator('.tt-table-name').allInnerTexts()).sort(), [...TABLES].sort());
    // Chinook's declared keys among these tables are drawn, and locked (they live in the database).
    const declared = frame.locator('[data-relationship="Track.AlbumId->Album.AlbumId"]');
    await declared.waitFor();
    assert.match(await declared.innerText(), /declared/);
    assert.equal(await frame.locator('.react-flow__edge.tt-edge-relationship').count(), 3, 'Track->Album, Album->Artist, Track->Genre');

    // Draw Track.Composer -> Artist.Name: a join the database does not declare.
    const from = await center(frame, '.tt-table[data-table="Track"] [data-column="Composer"] .react-flow__handle-right');
    const to = await center(frame, '.tt-table[data-table="Artist"] [data-column="Name"] .react-flow__handle-left');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 30, from.y + 20, { steps: 5 });
    await page.mouse.move(to.x, to.y, { steps: 15 });
    await page.mouse.up();

    const entry = frame.locator('[data-relationship="Track.Composer->Artist.Name"]');
    await entry.waitFor({ timeout: 15_000 });
    assert.match(await entry.innerText(), /user/);
    // Close the canvas at once, inside the save delay: the pending save is written on close.
    await page.locator('.tabs-container .tab.active .action-label.codicon-close').click();
    await page.locator('.tabs-container .tab', { hasText: 'Model · Music Model' }).waitFor({ state: 'detached' });

    // Saved (debounced, atomically) into the dataset file.
    let saved: DatasetDefinition | undefined;
    const end = Date.now() + 15_000;
    while (Date.now() < end) {
      saved = JSON.parse(readFileSync(file, 'utf8')) as DatasetDefinition;
      if (saved.modeling.relationships.length) break;
      await page.waitForTimeout(200);
    }
    const rel = saved?.modeling.relationships.find((r) => r.id === 'Track.Composer->Artist.Name');
    assert.ok(rel, `saved in ${file}: ${JSON.stringify(saved?.modeling)}`);
    assert.deepEqual([rel.source, rel.sourceColumns, rel.target, rel.targetColumns, rel.origin, rel.confidence], ['Track', ['Composer'], 'Artist', ['Name'], 'user', 1]);
    assert.deepEqual(rel.evidence, [{ kind: 'drawn', fields: {} }], 'evidence saved as data, not as an English sentence');
    assert.equal(saved!.name, 'Music Model', 'the rest of the file is kept');
    assert.equal(saved!.tables.length, TABLES.length);

    // Opened again: the relationship is there.
    await row.hover();
    await row.locator('.action-label[aria-label="Open Modeling Canvas"]').click();
    frame = await canvasFrame(page);
    await frame.locator('[data-relationship="Track.Composer->Artist.Name"]').waitFor();

    mkdirSync(screenshots, { recursive: true });
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(screenshots, 'canvas.png') });

    // Someone else changes the file (a git pull): the open canvas shows their version.
    const theirs: DatasetDefinition = JSON.parse(readFileSync(file, 'utf8'));
    theirs.modeling.relationships.push({ id: 'Album.Title->Track.Name', source: 'Album', sourceColumns: ['Title'], target: 'Track', targetColumns: ['Name'], type: 'many-to-many', confidence: 1, origin: 'user', evidence: ['from a teammate'] });
    writeFileSync(file, JSON.stringify(theirs, null, 2));
    await frame.locator('[data-relationship="Album.Title->Track.Name"]').waitFor({ timeout: 20_000 });
    await frame.getByText('The dataset file changed on disk').first().waitFor();

    // A hand edit breaks the file: the canvas says what is wrong, turns read-only and never writes over it.
    const broken = '{ "version": 1, "name": "Music Model", "tables": [ oops';
    writeFileSync(file, broken);
    await frame.getByRole('alert').filter({ hasText: 'The dataset file is invalid' }).waitFor({ timeout: 20_000 });
    assert.ok(await frame.getByText('read-only: the dataset file is invalid').isVisible());
    assert.equal(await frame.locator('vscode-button', { hasText: 'Delete' }).first().evaluate((b) => b.hasAttribute('disabled')), true, 'edits are disabled');
    await page.waitForTimeout(1500);
    assert.equal(readFileSync(file, 'utf8'), broken, 'the broken file is left exactly as it was');
  } catch (err) {
    const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
    mkdirSync(screenshots, { recursive: true });
    await pages[0]?.screenshot({ path: join(screenshots, 'canvas-ui-failure.png') }).catch(() => undefined);
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
