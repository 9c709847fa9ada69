// SQL from an editor, results exported and charted, and the History, in real VS Code (code-server + Chromium),
// driven like a user: a .sql file of the workspace is opened, Ctrl+Enter runs the statement under the cursor on the
// workspace's dataset (untrained: running SQL needs only the datasource) into the Ask panel's grid; the result is
// exported to CSV and JSON through VS Code's save dialog and the files are read back; the result is switched to a
// chart (screenshot test-results/screenshots/result-chart.png); "Search History" finds the statement that ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };
import { DatasetStore, datasetsDir } from '../../src/core/dataset/store';
import { openFileByName, quickInput, quickPickRow, runCommand, snap, webviewFrame, clearNotifications } from '../support/journey-workbench';

const chinookDir = process.env.TABLETALK_CHINOOK_DIR;
const chinookFile = chinookDir ? join(chinookDir, 'Chinook_Sqlite.sqlite') : '';
const noChinook = !chinookFile || !existsSync(chinookFile) ? `Chinook_Sqlite.sqlite not found (TABLETALK_CHINOOK_DIR=${chinookDir ?? 'unset'})` : undefined;

const FIRST = 'SELECT Name FROM Genre ORDER BY Name LIMIT 3';
const SECOND = 'SELECT g.Name AS Genre, COUNT(*) AS Tracks\nFROM Track t JOIN Genre g ON g.GenreId = t.GenreId\nGROUP BY g.Name\nORDER BY Tracks DESC, g.Name\nLIMIT 8';

/** Accepts VS Code's save dialog (a quick input in the browser) once it suggests `path`. */
async function saveAs(page: Page, path: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: /Export/ }).waitFor();
  await page.waitForFunction((p) => (document.querySelector('.quick-input-widget input.input') as HTMLInputElement | null)?.value === p, path);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: /Export/ }).waitFor({ state: 'hidden' });
}

test('Data tool UI: Ctrl+Enter runs the statement under the cursor; export CSV and JSON; chart; History finds it', { skip: noChinook, timeout: 300_000 }, async () => {
  const { startCodeServer, launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'tt-data-ui-'));
  try {
    const db = join(folder, 'chinook.sqlite');
    copyFileSync(chinookFile, db);
    await new DatasetStore(datasetsDir(folder)).create({ name: 'Chinook Music', datasource: 'chinook', tables: [{ name: 'Genre', schema: null }, { name: 'Track', schema: null }] });
    writeFileSync(join(folder, 'queries.sql'), `-- genres\n${FIRST};\n\n${SECOND};\n`);
    server = await startCodeServer({ folder, settings: { 'tabletalk.datasources': [{ id: 'chinook', name: 'Chinook', dialect: 'sqlite', file: db }] } });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url);

    // Open the file and put the cursor inside the second statement, then Ctrl+Enter.
    await openFileByName(page, 'queries.sql');
    const editor = page.locator('.monaco-editor[data-uri$="queries.sql"]');
    await editor.waitFor();
    // The CodeLens above each statement (two "Run Query" and the dataset) shows the file is runnable.
    await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Run Query' }).nth(1).waitFor({ timeout: 60_000 });
    await editor.locator('.view-line', { hasText: 'GROUP BY g.Name' }).click();
    await page.keyboard.press('Control+Enter');

    const frame = await webviewFrame(page, '.tt-results', 90_000);
    await frame.locator('.tt-table tbody td', { hasText: /^Rock$/ }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await frame.locator('.tt-table thead th').allInnerTexts(), ['Genre', 'Tracks']);
    assert.deepEqual(await frame.locator('.tt-table tbody tr:not(.tt-spacer)').first().locator('td').allInnerTexts(), ['Rock', '1297']);
    assert.equal(await frame.locator('.tt-table tbody tr:not(.tt-spacer)').count(), 8);
    assert.equal(await frame.locator('textarea.tt-sql').inputValue(), SECOND, 'the statement under the cursor ran, not the first one');

    // Export to CSV and JSON through the save dialog, and read the files back.
    const csvPath = join(folder, 'Chinook Music-result.csv');
    await frame.locator('vscode-button[data-export="csv"]').click();
    await saveAs(page, csvPath);
    await frame.locator('.tt-notice', { hasText: `Exported 8 rows to ${csvPath}` }).waitFor();
    const csv = readFileSync(csvPath, 'utf8').split('\r\n');
    assert.equal(csv[0], 'Genre,Tracks');
    assert.equal(csv[1], 'Rock,1297');
    assert.equal(csv.length, 10, 'header, 8 rows, final newline');
    // Filtered and sorted as shown: the JSON holds exactly the rows the user sees.
    await frame.locator('.tt-filter').fill('me');
    await frame.locator('.tt-filter-count').waitFor();
    const jsonPath = join(folder, 'Chinook Music-result.json');
    await frame.locator('vscode-button[data-export="json"]').click();
    await saveAs(page, jsonPath);
    await frame.locator('.tt-notice', { hasText: new RegExp(`Exported \\d+ rows? to ${jsonPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).waitFor();
    const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as { Genre: string; Tracks: number }[];
    const shown = await frame.locator('.tt-table tbody tr:not(.tt-spacer) td:nth-child(1)').allInnerTexts();
    assert.deepEqual(json.map((r) => r.Genre), shown);
    assert.ok(json.length > 0 && json.every((r) => /me/i.test(r.Genre) && typeof r.Tracks === 'number'), JSON.stringify(json));
    await frame.locator('.tt-filter').fill('');

    // The chart: bars of tracks per genre.
    await frame.locator('vscode-button', { hasText: /^\s*Chart\s*$/ }).click();
    await frame.locator('.tt-chart rect.tt-bar').first().waitFor();
    assert.equal(await frame.locator('.tt-chart rect.tt-bar').count(), 8);
    await clearNotifications(page);
    await page.mouse.move(5, 5);
    await snap(page, 'result-chart');

    // History: the run is there, found by a word of its SQL.
    await runCommand(page, 'TableTalk: Search History');
    await quickInput(page).fill('genre tracks');
    const hit = quickPickRow(page, 'SELECT g.Name AS Genre');
    await hit.waitFor();
    assert.match((await hit.getAttribute('aria-label')) ?? '', /Chinook Music · 8 rows/);
    await page.keyboard.press('Escape');
    // The History view lists it too.
    await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    // The History view starts collapsed (the Datasources view keeps its room): open it.
    const historyHeader = page.locator('.part.sidebar .pane-header', { hasText: /History/ }).first();
    await historyHeader.waitFor();
    if ((await historyHeader.getAttribute('aria-expanded')) !== 'true') await historyHeader.click();
    await page.locator('.part.sidebar .monaco-list-row[aria-label^="SELECT g.Name AS Genre"]').first().waitFor();
  } catch (err) {
    const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
    if (pages[0]) await snap(pages[0], 'data-tool-ui-failure').catch(() => undefined);
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
