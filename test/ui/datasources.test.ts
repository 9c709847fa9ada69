// The Datasources view in real VS Code (code-server) driven like a user: the palette's Add Datasource form,
// the tree expanded to columns, and a failing datasource's error node. Saves screenshots to test-results/.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };
import { fillDatasourceForm, openAddDatasourceForm, saveForm } from '../support/datasource-form';

const chinookDir = process.env.TABLETALK_CHINOOK_DIR;
const chinookFile = chinookDir ? join(chinookDir, 'Chinook_Sqlite.sqlite') : '';
const noChinook = !chinookFile || !existsSync(chinookFile) ? `Chinook_Sqlite.sqlite not found (TABLETALK_CHINOOK_DIR=${chinookDir ?? 'unset'})` : undefined;
const screenshots = join(__dirname, '..', '..', 'test-results', 'screenshots');

/** Rows of the TableTalk tree (not of quick picks or other views). */
const treeRow = (page: Page, labelStart: string) => page.locator(`.part.sidebar .monaco-list-row[aria-label^="${labelStart.replace(/"/g, '\\"')}"]`);

// A fresh clone installs code-server first (a minute or more): not part of the test's own time limit.
before(async () => {
  if (noChinook) return;
  const { installCodeServer } = await import('../support/code-server.mjs');
  await installCodeServer();
}, { timeout: 900_000 });

test('Datasources view: add SQLite from the palette, expand to columns, a failing datasource shows its error', { skip: noChinook, timeout: 240_000 }, async () => {
  const { startCodeServer, launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    server = await startCodeServer({
      settings: { 'tabletalk.datasources': [{ id: 'missing', name: 'Missing file', dialect: 'sqlite', file: '/nonexistent/missing.sqlite' }] },
    });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url);

    // The activity-bar container shows the Datasources view with the datasource from settings.
    await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    await page.locator('.part.sidebar .title-label', { hasText: /TableTalk/i }).waitFor();
    await treeRow(page, 'Missing file').waitFor();
    // The Datasets and History views below would leave Datasources too short to render the tables further down
    // (the tree renders only the rows in view): collapse them.
    for (const view of ['History', 'Datasets']) {
      const header = page.locator('.part.sidebar .pane-header', { hasText: new RegExp(`^\\s*${view}`, 'i') }).first();
      if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
    }

    // Add Datasource from the palette, as a user would: the form, SQLite, the file typed in, the name, Save.
    const form = await openAddDatasourceForm(page);
    await fillDatasourceForm(form, { dialect: 'sqlite', file: chinookFile });
    assert.equal(await form.locator('#tt-name').inputValue(), 'Chinook_Sqlite', 'the name defaults to the file name');
    await fillDatasourceForm(form, { name: 'Chinook UI', target: 'user' });
    await saveForm(form);

    // The new datasource lists its tables (it expands by itself; a busy machine may be late, then we click);
    // expanding a table lists its columns.
    const added = treeRow(page, 'Chinook UI');
    await added.waitFor();
    const expanded = await page.locator('.part.sidebar .monaco-list-row[aria-label^="Chinook UI"][aria-expanded="true"]').first()
      .waitFor({ timeout: 15_000 }).then(() => true, () => false);
    if (!expanded) await added.click();
    await treeRow(page, 'Chinook UI SQLite · connected').waitFor({ timeout: 30_000 });
    await treeRow(page, 'Track').click();
    const trackId = treeRow(page, 'TrackId');
    await trackId.waitFor();
    assert.match((await trackId.getAttribute('aria-label')) ?? '', /INTEGER · PK · not null/);
    assert.match((await treeRow(page, 'AlbumId').getAttribute('aria-label')) ?? '', /FK → Album\.AlbumId/);
    const tables = await page.locator('.part.sidebar .monaco-list-row[aria-level="2"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    for (const t of ['Album', 'Artist', 'Invoice', 'Track']) assert.ok(tables.some((l) => l.startsWith(`${t} `)), `table ${t} is listed (${tables.join(', ')})`);
    mkdirSync(screenshots, { recursive: true });
    await page.locator('.part.sidebar').screenshot({ path: join(screenshots, 'datasources-tree-columns.png') });

    // The definition is in the user settings file, without any password field.
    const settings = JSON.parse(readFileSync(join(server.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
    const saved = (settings['tabletalk.datasources'] as Record<string, unknown>[]).find((d) => d.name === 'Chinook UI');
    assert.deepEqual(saved && { dialect: saved.dialect, file: saved.file, password: saved.password }, { dialect: 'sqlite', file: chinookFile, password: undefined });

    // The failing datasource shows an error child with the reason and a Retry action.
    await treeRow(page, 'Chinook UI').click(); // collapse, to keep the error node in view
    await treeRow(page, 'Missing file').click();
    const error = treeRow(page, 'SQLite file not found');
    await error.waitFor();
    assert.match((await error.getAttribute('aria-label')) ?? '', /missing\.sqlite/);
    await treeRow(page, 'Missing file SQLite · error').waitFor();
    await error.hover();
    await error.locator('.action-label[aria-label="Retry"]').waitFor();
    await page.locator('.part.sidebar').screenshot({ path: join(screenshots, 'datasources-error-node.png') });
    await page.screenshot({ path: join(screenshots, 'datasources-workbench.png') });
  } catch (err) {
    // What the workbench showed when it went wrong, for the person reading the failure.
    const page = browser?.contexts()[0]?.pages()[0];
    if (page) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'datasources-failure.png') }).catch(() => undefined);
      const title = await page.locator('.quick-input-widget .quick-input-title').innerText({ timeout: 1000 }).catch(() => '');
      const value = await page.locator('.quick-input-widget input.input').inputValue({ timeout: 1000 }).catch(() => '');
      console.log(`# at failure: quick input "${title}" = "${value}"; screenshot in test-results/screenshots/datasources-failure.png`);
    }
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
});
