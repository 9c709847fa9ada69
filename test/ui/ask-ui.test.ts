// Ask in real VS Code (code-server + Chromium), driven like a user: a Chinook dataset is trained from the Datasets
// view's inline action, "Ask a Question" is clicked on the trained item, the question is typed in the Ask panel's
// webview, and the generated SQL and the result table are read from the webview (nested iframes). The model is the
// loopback OpenAI-compatible server. Screenshot: test-results/screenshots/ask-answer.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };
import type { FakeOpenAI } from '../support/fake-openai.mjs' with { 'resolution-mode': 'import' };
import { DatasetStore, datasetsDir } from '../../src/core/dataset/store';

const chinookDir = process.env.TABLETALK_CHINOOK_DIR;
const chinookFile = chinookDir ? join(chinookDir, 'Chinook_Sqlite.sqlite') : '';
const noChinook = !chinookFile || !existsSync(chinookFile) ? `Chinook_Sqlite.sqlite not found (TABLETALK_CHINOOK_DIR=${chinookDir ?? 'unset'})` : undefined;
const screenshots = join(__dirname, '..', '..', 'test-results', 'screenshots');

const QUESTION = 'Which artists have the most albums?';
const SQL = 'SELECT ar.Name, COUNT(*) AS Albums FROM Album al JOIN Artist ar ON ar.ArtistId = al.ArtistId GROUP BY ar.Name ORDER BY Albums DESC, ar.Name LIMIT 10';
const CHINOOK_TABLES = ['Album', 'Artist', 'Customer', 'Employee', 'Genre', 'Invoice', 'InvoiceLine', 'MediaType', 'Playlist', 'PlaylistTrack', 'Track'];

const treeRow = (page: Page, labelStart: string) => page.locator(`.part.sidebar .monaco-list-row[aria-label^="${labelStart.replace(/"/g, '\\"')}"]`);

/** The frame of the Ask webview (VS Code nests webviews two iframes deep). */
async function askFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const f of page.frames()) {
      if (await f.locator('#tt-question').count().catch(() => 0)) return f;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no Ask webview frame within ${timeoutMs} ms (frames: ${page.frames().map((f) => f.url().slice(0, 80)).join(', ')})`);
}

test('Ask UI: ask a question on a trained dataset and see the SQL and the result table in the webview', { skip: noChinook, timeout: 280_000 }, async () => {
  const { startCodeServer, launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  const { startFakeOpenAI } = await import('../support/fake-openai.mjs');
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let ai: FakeOpenAI | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'tt-ask-ui-'));
  try {
    const db = join(folder, 'chinook.sqlite');
    copyFileSync(chinookFile, db);
    // The dataset file as a team would commit it (the Datasets view reads it from the workspace).
    await new DatasetStore(datasetsDir(folder)).create({ name: 'Chinook Ask', datasource: 'chinook', tables: CHINOOK_TABLES.map((name) => ({ name, schema: null })) });
    ai = await startFakeOpenAI();
    // Training asks for example questions (JSON); the question in the panel gets the SQL.
    ai.onChat((body) => {
      const text = body.messages.map((m) => m.content).join('\n');
      if (text.includes(QUESTION)) return `This counts the albums of each artist.\n\n\`\`\`sql\n${SQL}\n\`\`\``;
      return JSON.stringify([{ question: 'How many tracks does each genre have?', sql: 'SELECT GenreId, COUNT(*) FROM Track GROUP BY GenreId' }]);
    });
    server = await startCodeServer({
      folder,
      settings: {
        'tabletalk.datasources': [{ id: 'chinook', name: 'Chinook', dialect: 'sqlite', file: db }],
        'tabletalk.llm.provider': 'openai',
        'tabletalk.llm.baseUrl': ai.url,
        'tabletalk.llm.model': 'loopback-chat',
      },
    });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url);
    await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    const row = treeRow(page, 'Chinook Ask');
    await row.waitFor({ timeout: 30_000 });

    // Train from the row, then "Ask a Question" appears on the trained item.
    await row.hover();
    await row.locator('.action-label[aria-label="Train Dataset"]').click();
    await treeRow(page, 'Chinook Ask completed').waitFor({ timeout: 150_000 });
    await row.hover();
    await row.locator('.action-label[aria-label="Ask a Question"]').click();

    const frame = await askFrame(page);
    await frame.locator('.tt-header', { hasText: 'Chinook Ask' }).waitFor();
    await frame.locator('#tt-question').fill(QUESTION);
    await frame.locator('vscode-button', { hasText: /^\s*Ask\s*$/ }).click();

    await frame.locator('.tt-table tbody tr').first().waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('textarea.tt-sql').inputValue(), SQL, 'the generated SQL is shown');
    assert.match(await frame.locator('.tt-explanation').innerText(), /read-only SQLite query .*returned 10 rows/);
    assert.deepEqual(await frame.locator('.tt-table thead th').allInnerTexts(), ['Name', 'Albums']);
    const first = await frame.locator('.tt-table tbody tr').first().locator('td').allInnerTexts();
    assert.deepEqual(first, ['Iron Maiden', '21']);
    assert.equal(await frame.locator('.tt-table tbody tr').count(), 10);
    assert.deepEqual(await frame.locator('.tt-tables-used code').allInnerTexts(), ['Album', 'Artist']);

    // Sorting by a header works in VS Code too.
    const names = () => frame.locator('.tt-table tbody tr td:nth-child(1)').allInnerTexts();
    const original = await names();
    await frame.locator('.tt-table thead th').nth(0).locator('button').click();
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    assert.deepEqual(await names(), [...original].sort(collator.compare), 'sorted by name');
    assert.equal(await frame.locator('.tt-table thead th').nth(0).getAttribute('aria-sort'), 'ascending');
    await frame.locator('.tt-table thead th').nth(0).locator('button').click();
    await frame.locator('.tt-table thead th').nth(0).locator('button').click();
    assert.deepEqual(await frame.locator('.tt-table tbody tr').first().locator('td').allInnerTexts(), ['Iron Maiden', '21']);

    // The "Trained ..." toast would cover the table in the picture.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input.input').fill('>Notifications: Clear All Notifications');
    await page.locator('.quick-input-list .monaco-list-row[aria-label*="Clear All Notifications"]').first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
    mkdirSync(screenshots, { recursive: true });
    await page.mouse.move(5, 5);
    await page.screenshot({ path: join(screenshots, 'ask-answer.png') });
  } catch (err) {
    const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
    mkdirSync(screenshots, { recursive: true });
    await pages[0]?.screenshot({ path: join(screenshots, 'ask-ui-failure.png') }).catch(() => undefined);
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await ai?.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
