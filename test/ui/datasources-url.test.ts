// Add Datasource by pasting a connection URL in real VS Code (code-server): a broken URL names its wrong part with
// the password hidden, the test server's PostgreSQL URL adds a connected datasource whose password stays out of
// settings; an unreachable one, abandoned with Escape, comes back as "Resume" and then asks "Save anyway?".
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };

const pgUrl = process.env.TABLETALK_TEST_PG_URL;
const noPg = pgUrl ? undefined : 'TABLETALK_TEST_PG_URL is not set (run through npm test, which starts PostgreSQL)';
const screenshots = join(__dirname, '..', '..', 'test-results', 'screenshots');

const treeRow = (page: Page, labelStart: string) => page.locator(`.part.sidebar .monaco-list-row[aria-label^="${labelStart.replace(/"/g, '\\"')}"]`);
const pickRow = (page: Page, labelStart: string) => page.locator(`.quick-input-list .monaco-list-row[aria-label^="${labelStart.replace(/"/g, '\\"')}"]`).first();

before(async () => {
  if (noPg) return;
  const { installCodeServer } = await import('../support/code-server.mjs');
  await installCodeServer();
}, { timeout: 900_000 });

async function openAddDatasource(page: Page): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input.input').fill('>TableTalk: Add Datasource');
  await pickRow(page, 'TableTalk: Add Datasource').waitFor();
  await page.keyboard.press('Enter');
  await pickRow(page, 'SQLite').waitFor();
}

test('Add Datasource: paste a PostgreSQL URL; a broken URL says which part; Escape keeps it; an unreachable one asks Save anyway', { skip: noPg, timeout: 300_000 }, async () => {
  const { startCodeServer, launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  const url = new URL(pgUrl!);
  const password = decodeURIComponent(url.password);
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    server = await startCodeServer();
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url);
    await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    await page.locator('.part.sidebar .title-label', { hasText: /TableTalk/i }).waitFor();
    const input = page.locator('.quick-input-widget input.input');

    // A URL whose port is out of range: the pick says so, hides the password, and stays open.
    await openAddDatasource(page);
    await input.fill(`postgres://${url.username}:${encodeURIComponent(password)}@${url.hostname}:99999/chinook`);
    const broken = pickRow(page, 'This URL cannot be used');
    await broken.waitFor();
    const brokenText = await page.locator('.quick-input-list').innerText();
    assert.match(brokenText, /port "99999" is not a number between 1 and 65535/);
    assert.ok(!brokenText.includes(`:${password}@`), `the password is hidden: ${brokenText}`);
    await page.keyboard.press('Enter');
    await broken.waitFor(); // still open: nothing was accepted

    // The test server's URL: only the name and where to save are left to ask.
    await input.fill(pgUrl!);
    await pickRow(page, 'Use this URL').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-message', { hasText: 'Name shown in the Datasources view' }).waitFor();
    assert.equal(await input.inputValue(), `${url.pathname.slice(1)}@${url.hostname}`, 'the name defaults to database@host');
    await input.fill('PG by URL');
    await page.keyboard.press('Enter');
    await pickRow(page, 'User settings').waitFor();
    await page.keyboard.press('Enter');
    const added = treeRow(page, 'PG by URL');
    await added.waitFor({ timeout: 60_000 });
    const expanded = await page.locator('.part.sidebar .monaco-list-row[aria-label^="PG by URL"][aria-expanded="true"]').first()
      .waitFor({ timeout: 15_000 }).then(() => true, () => false);
    if (!expanded) await added.click();
    await treeRow(page, 'PG by URL PostgreSQL · connected').waitFor({ timeout: 60_000 });

    const settingsFile = join(server.userDataDir, 'User', 'settings.json');
    const settingsText = readFileSync(settingsFile, 'utf8');
    const saved = (JSON.parse(settingsText)['tabletalk.datasources'] as Record<string, unknown>[]).find((d) => d.name === 'PG by URL');
    assert.deepEqual(saved && { dialect: saved.dialect, host: saved.host, port: saved.port, user: saved.user, database: saved.database, password: saved.password },
      { dialect: 'postgres', host: url.hostname, port: Number(url.port), user: url.username, database: url.pathname.slice(1), password: undefined });
    assert.ok(!settingsText.includes(`:${password}@`) && !settingsText.includes(`"${password}"`), 'the password is not in settings');

    // Nothing listens on port 1: name it, then press Escape where it asks where to save.
    await openAddDatasource(page);
    await input.fill(`postgres://${url.username}:${encodeURIComponent(password)}@127.0.0.1:1/chinook`);
    await pickRow(page, 'Use this URL').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-message', { hasText: 'Name shown in the Datasources view' }).waitFor();
    await input.fill('Unreachable');
    await page.keyboard.press('Enter');
    await pickRow(page, 'User settings').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });

    // The next Add offers what was typed; resuming keeps the name and asks before saving what cannot connect.
    await openAddDatasource(page);
    await pickRow(page, 'Resume: Unreachable').waitFor();
    await pickRow(page, 'Resume: Unreachable').click();
    await page.locator('.quick-input-message', { hasText: 'Name shown in the Datasources view' }).waitFor();
    assert.equal(await input.inputValue(), 'Unreachable', 'the name typed before Escape is kept');
    await page.keyboard.press('Enter');
    await pickRow(page, 'User settings').waitFor();
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    const dialogText = await dialog.innerText();
    assert.match(dialogText, /Could not connect to Unreachable\. Save anyway\?/);
    assert.match(dialogText, /127\.0\.0\.1:1/, `the dialog shows the error: ${dialogText}`);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'datasources-save-anyway.png') });
    assert.ok(!JSON.stringify(JSON.parse(readFileSync(settingsFile, 'utf8'))['tabletalk.datasources']).includes('Unreachable'), 'not saved before the answer');
    await dialog.locator('.monaco-button', { hasText: 'Save anyway' }).click();
    await treeRow(page, 'Unreachable').waitFor({ timeout: 30_000 });
    const after = JSON.parse(readFileSync(settingsFile, 'utf8'))['tabletalk.datasources'] as Record<string, unknown>[];
    assert.deepEqual(after.find((d) => d.name === 'Unreachable')?.port, 1);
  } catch (err) {
    const page = browser?.contexts()[0]?.pages()[0];
    if (page) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'datasources-url-failure.png') }).catch(() => undefined);
      const title = await page.locator('.quick-input-widget .quick-input-title').innerText({ timeout: 1000 }).catch(() => '');
      console.log(`# at failure: quick input "${title}"; screenshot in test-results/screenshots/datasources-url-failure.png`);
    }
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
});
