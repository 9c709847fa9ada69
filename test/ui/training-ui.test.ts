// Training in real VS Code (code-server + Chromium), driven like a user: Create Dataset from the palette (name,
// then the multi-select of tables), Train from the Datasets view's inline action, the progress notification with
// percentage and step, and the final `completed` status in the view. The loopback OpenAI-compatible server
// answers slowly on purpose, so the notification stays up long enough to be seen. Screenshots go to
// test-results/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };
import type { FakeOpenAI } from '../support/fake-openai.mjs' with { 'resolution-mode': 'import' };

const chinookDir = process.env.TABLETALK_CHINOOK_DIR;
const chinookFile = chinookDir ? join(chinookDir, 'Chinook_Sqlite.sqlite') : '';
const noChinook = !chinookFile || !existsSync(chinookFile) ? `Chinook_Sqlite.sqlite not found (TABLETALK_CHINOOK_DIR=${chinookDir ?? 'unset'})` : undefined;
const screenshots = join(__dirname, '..', '..', 'test-results', 'screenshots');

/** A row of a sidebar tree whose accessible label (label + description) starts with `labelStart`. */
const treeRow = (page: Page, labelStart: string) => page.locator(`.part.sidebar .monaco-list-row[aria-label^="${labelStart.replace(/"/g, '\\"')}"]`);

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.fill(`>${title}`);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`).first().waitFor();
  await page.keyboard.press('Enter');
}

test('Training UI: create a dataset from the palette, train it from the Datasets view, see the progress notification and `completed`', { skip: noChinook, timeout: 280_000 }, async () => {
  const { startCodeServer, launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  const { startFakeOpenAI } = await import('../support/fake-openai.mjs');
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let ai: FakeOpenAI | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'tt-training-ui-'));
  try {
    ai = await startFakeOpenAI();
    // Each example batch takes a few seconds, long enough to watch the notification move.
    ai.onChat(() => ({ delayMs: 2500, content: JSON.stringify([{ question: 'How many tracks does each genre have?', sql: 'SELECT GenreId, COUNT(*) FROM Track GROUP BY GenreId' }]) }));
    server = await startCodeServer({
      folder,
      settings: {
        'tabletalk.datasources': [{ id: 'chinook', name: 'Chinook', dialect: 'sqlite', file: chinookFile }],
        'tabletalk.llm.provider': 'openai',
        'tabletalk.llm.baseUrl': ai.url,
        'tabletalk.llm.model': 'loopback-chat',
      },
    });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url);
    await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    await page.locator('.part.sidebar .pane-header', { hasText: 'Datasets' }).waitFor();

    // Create Dataset: the only datasource is used, then the name, then the tables (all preselected).
    await runCommand(page, 'TableTalk: Create Dataset');
    const input = page.locator('.quick-input-widget input.input');
    await page.locator('.quick-input-message', { hasText: 'Dataset name' }).waitFor();
    assert.equal(await input.inputValue(), 'Chinook', 'the name defaults to the datasource name');
    await input.fill('Chinook UI');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row[aria-label^="InvoiceLine"]').first().waitFor({ timeout: 30_000 });
    const checked = await page.locator('.quick-input-list .monaco-list-row[aria-checked="true"]').count();
    assert.ok(checked >= 8, `tables are preselected (${checked} checked rows visible)`);
    await page.keyboard.press('Enter');
    const row = treeRow(page, 'Chinook UI');
    await row.waitFor({ timeout: 30_000 });
    assert.match((await row.getAttribute('aria-label')) ?? '', /not trained/);
    const file = join(folder, '.tabletalk', 'datasets', 'Chinook UI.json');
    const def = JSON.parse(readFileSync(file, 'utf8')) as { tables: unknown[]; datasource: string };
    assert.equal(def.tables.length, 11);
    assert.equal(def.datasource, 'chinook');

    // Train from the row's inline action, as a user would.
    await row.hover();
    await row.locator('.action-label[aria-label="Train Dataset"]').click();
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Training "Chinook UI"' });
    await toast.waitFor({ timeout: 30_000 });
    const progressed = await page.waitForFunction(() => {
      const text = Array.from(document.querySelectorAll('.notifications-toasts .notification-toast')).map((n) => n.textContent ?? '').find((x) => x.includes('Training "Chinook UI"'));
      return text && /\d+% · generate examples/.test(text) ? text : undefined;
    }, undefined, { timeout: 60_000 });
    const toastText = (await progressed.jsonValue()) as string;
    assert.match(toastText, /Training "Chinook UI".*\d+% · generate examples/);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'training-progress.png') });
    assert.ok(await toast.locator('.monaco-progress-container').isVisible(), 'the notification shows a progress bar');
    assert.equal(await toast.locator('.monaco-button', { hasText: 'Cancel' }).count(), 1, 'the notification can be cancelled');
    // The view refreshes on its own schedule: it must show a training percentage and step, not the toast's exact one.
    let label = '';
    for (const end = Date.now() + 10_000; Date.now() < end; await page.waitForTimeout(100)) {
      label = (await row.getAttribute('aria-label').catch(() => null)) ?? '';
      if (/training \d+% · \S/.test(label)) break;
    }
    assert.match(label, /training \d+% · \S/, 'the view follows the progress');

    // The end: `completed` in the view, and a message with the counts.
    await treeRow(page, 'Chinook UI completed').waitFor({ timeout: 120_000 });
    assert.match((await treeRow(page, 'Chinook UI').getAttribute('aria-label')) ?? '', /completed · just now/);
    const trainedToast = page.locator('.notifications-toasts .notification-toast', { hasText: /Trained "Chinook UI": 11 DDL, \d+ documentation, \d+ examples/ });
    await trainedToast.waitFor({ timeout: 10_000 });
    const examples = Number(/(\d+) examples/.exec(await trainedToast.innerText())?.[1]);
    assert.ok(examples > 0, 'examples were trained');
    assert.ok(ai.calls.chat >= 1, 'the LLM from settings wrote example questions');
    // Expanded, with the pointer away so the description is not hidden behind the inline actions.
    await treeRow(page, 'Chinook UI').click();
    await treeRow(page, 'Tables 11').waitFor();
    // The Examples row counts the trained examples, not only the file's (it said "Examples 0" after 56 were trained).
    await treeRow(page, `Examples ${examples} trained · 0 in the file`).waitFor();
    await treeRow(page, 'Examples').click();
    await page.mouse.move(800, 300);
    await page.locator('.part.sidebar').screenshot({ path: join(screenshots, 'datasets-view.png') });
  } catch (err) {
    // What the user saw when it went wrong, for the report.
    const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
    mkdirSync(screenshots, { recursive: true });
    await pages[0]?.screenshot({ path: join(screenshots, 'training-ui-failure.png') }).catch(() => undefined);
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await ai?.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
