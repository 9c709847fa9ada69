// Multi-root workspaces as the user sees them, in real VS Code (code-server + Chromium): a .code-workspace with two
// folders and a datasource in user settings (so no folder is implied). "Create Dataset" asks which folder keeps the
// dataset file; the user picks the second one; the file lands in its .tabletalk/datasets and the Datasets view
// shows the datasets grouped under one node per folder (screenshot test-results/screenshots/multiroot-datasets.png).
// Removing the datasource then warns that the second folder's dataset uses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import type { CodeServer } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };
import { answerInput, quickInput, quickPickRow, runCommand, snap, treeRow } from '../support/journey-workbench';

test('Multi-root UI: Create Dataset asks for the folder; the Datasets view groups datasets by folder; Remove Datasource names the datasets using it', { timeout: 300_000 }, async () => {
  const { startCodeServer, launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  const base = mkdtempSync(join(tmpdir(), 'tt-multiroot-ui-'));
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    const db = join(base, 'shop.sqlite');
    const d = new Database(db);
    d.exec("CREATE TABLE Orders (OrderId INTEGER PRIMARY KEY, Status TEXT); INSERT INTO Orders (Status) VALUES ('open'), ('shipped')");
    d.close();
    for (const f of ['North', 'South']) mkdirSync(join(base, f));
    const workspace = join(base, 'regions.code-workspace');
    writeFileSync(workspace, JSON.stringify({ folders: [{ path: 'North' }, { path: 'South' }] }));
    server = await startCodeServer({ workspace, settings: { 'tabletalk.datasources': [{ id: 'shop', name: 'Shop', dialect: 'sqlite', file: db }] } });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url);

    await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    await runCommand(page, 'TableTalk: Create Dataset');
    // Two folders and a datasource from user settings: the user chooses where the file goes.
    await quickPickRow(page, 'North').waitFor({ timeout: 60_000 });
    assert.match((await quickInput(page).getAttribute('placeholder')) ?? '', /Which workspace folder keeps the dataset file/);
    await quickPickRow(page, 'South').click();
    await answerInput(page, 'Dataset name (its file is .tabletalk/datasets/<name>.json)', 'Orders South');
    await quickPickRow(page, 'Orders').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');

    const file = join(base, 'South', '.tabletalk', 'datasets', 'Orders South.json');
    const deadline = Date.now() + 30_000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.ok(existsSync(file), `${file} was written`);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { datasource: string }).datasource, 'shop');
    assert.ok(!existsSync(join(base, 'North', '.tabletalk')), 'nothing written to the first folder');

    // The view: a node per folder, the dataset one level under South.
    // Folder rows are found by the name they show.
    const folderRow = (name: string) => page.locator('.part.sidebar .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) });
    const north = folderRow('North');
    const south = folderRow('South');
    await south.waitFor({ timeout: 30_000 });
    await north.waitFor();
    const dataset = treeRow(page, 'Orders South');
    await dataset.waitFor({ timeout: 30_000 });
    assert.equal(await south.getAttribute('aria-level'), '1');
    assert.equal(await dataset.getAttribute('aria-level'), '2', 'the dataset is listed under its folder');
    assert.match(await north.innerText(), /no datasets/);
    await page.mouse.move(5, 5);
    await snap(page, 'multiroot-datasets');

    // Removing the datasource warns that a dataset in the second folder uses it; Cancel keeps it.
    await runCommand(page, 'TableTalk: Remove Datasource');
    await quickPickRow(page, 'Shop').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /Remove datasource "Shop"\? Datasets use it: South\/Orders South/);
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await treeRow(page, 'Shop').waitFor();
  } catch (err) {
    const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
    if (pages[0]) await snap(pages[0], 'multiroot-ui-failure').catch(() => undefined);
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(base, { recursive: true, force: true });
  }
});
