// Add a PostgreSQL datasource by pasting a URL into the Add Datasource form, in real VS Code (code-server): a broken
// URL names its wrong part with the password hidden; the test server's URL fills the fields, Test Connection says it
// connects, Save adds a connected datasource whose password stays out of settings; Edit opens the same form with the
// password "unchanged" and tests with the stored one. An Add cancelled with Escape
// (or whose tab is closed) comes back filled (without its password) and, unreachable, asks "Save anyway?".
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillDatasourceForm, openAddDatasourceForm, saveForm, testConnectionInForm } from '../support/datasource-form';
import { quickPickRow, runCommand, snap, treeRow, webviewFrame } from '../support/journey-workbench';
import { openTableTalk, withWorkbench } from '../support/workbench-session';

const pgUrl = process.env.TABLETALK_TEST_PG_URL;
const noPg = pgUrl ? undefined : 'TABLETALK_TEST_PG_URL is not set (run through npm test, which starts PostgreSQL)';

before(async () => {
  if (noPg) return;
  const { installCodeServer } = await import('../support/code-server.mjs');
  await installCodeServer();
}, { timeout: 900_000 });

test('Add Datasource form: paste a PostgreSQL URL, Test Connection, Save; connected in the tree, password not in settings', { skip: noPg, timeout: 300_000 }, async () => {
  const url = new URL(pgUrl!);
  const password = decodeURIComponent(url.password);
  const database = url.pathname.slice(1);
  await withWorkbench('datasources-url', {}, async (page, server) => {
    await openTableTalk(page);
    let form = await openAddDatasourceForm(page);
    assert.equal(await form.evaluate(() => document.activeElement?.id), 'tt-url', 'focus starts in the URL field');

    // A URL whose port is out of range: the form says so next to the field and never shows the password.
    await form.locator('#tt-url').fill(`postgres://${url.username}:${encodeURIComponent(password)}@${url.hostname}:99999/${database}`);
    const broken = form.locator('#tt-url-status[role="alert"]');
    await broken.waitFor();
    assert.match(await broken.innerText(), /port "99999" is not a number between 1 and 65535/);
    const shown = await broken.innerText();
    assert.ok(!shown.includes(`:${password}@`) && !shown.includes(`:${encodeURIComponent(password)}@`), `the password is not shown: ${shown}`);

    // The test server's URL fills the fields, the password too.
    await fillDatasourceForm(form, { url: pgUrl! });
    assert.equal(await form.locator('#tt-host').inputValue(), url.hostname);
    assert.equal(await form.locator('#tt-port').inputValue(), url.port);
    assert.equal(await form.locator('#tt-database').inputValue(), database);
    assert.equal(await form.locator('#tt-user').inputValue(), decodeURIComponent(url.username));
    assert.equal(await form.locator('#tt-name').inputValue(), `${database}@${url.hostname}`, 'the name defaults to database@host');
    assert.ok(!(await form.locator('#tt-url').inputValue()).includes(`:${url.password}@`), 'the URL field no longer shows the password');
    assert.equal(await form.locator('#tt-password').inputValue(), password, 'the password moved to its own field');
    await form.locator('#tt-name').fill('PG by URL');
    const tested = await testConnectionInForm(form);
    assert.ok(tested.ok, tested.text);
    assert.match(tested.text, /^Connected to PG by URL in [\d.,]+ (ms|sec)\.$/);
    await snap(page, 'datasource-form');
    await saveForm(form);

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
      { dialect: 'postgres', host: url.hostname, port: Number(url.port), user: url.username, database, password: undefined });
    assert.ok(!settingsText.includes(`:${password}@`) && !settingsText.includes(`"${password}"`), 'the password is not in settings');

    // Edit opens the same form filled in, the password empty ("unchanged"): Test Connection uses the stored one.
    await runCommand(page, 'TableTalk: Edit Datasource');
    await quickPickRow(page, 'PG by URL').waitFor();
    await page.keyboard.press('Enter');
    form = await webviewFrame(page, 'form.tt-form');
    await form.locator('h1', { hasText: 'Edit Datasource: PG by URL' }).waitFor();
    assert.equal(await form.locator('#tt-host').inputValue(), url.hostname);
    assert.equal(await form.locator('#tt-password').inputValue(), '');
    assert.equal(await form.locator('#tt-password').getAttribute('placeholder'), 'Unchanged (type to replace)');
    const retested = await testConnectionInForm(form);
    assert.ok(retested.ok, `the stored password is used: ${retested.text}`);
    await form.locator('#tt-name').fill('PG edited');
    await form.locator('#tt-name').press('Enter');
    await treeRow(page, 'PG edited').waitFor({ timeout: 60_000 });

    // Nothing listens on port 1: type it, then Escape. The next Add comes back with the fields, not the password.
    form = await openAddDatasourceForm(page);
    await fillDatasourceForm(form, { url: `postgres://${url.username}@127.0.0.1:1/${database}`, name: 'Unreachable' });
    await form.locator('#tt-name').press('Escape');
    await form.locator('form.tt-form').waitFor({ state: 'detached' }).catch(() => undefined);
    form = await openAddDatasourceForm(page);
    await form.locator('.tt-notice', { hasText: 'These are the fields of the Add you cancelled last time' }).waitFor();
    assert.equal(await form.locator('#tt-name').inputValue(), 'Unreachable');
    assert.equal(await form.locator('#tt-port').inputValue(), '1');
    assert.equal(await form.locator('#tt-password').inputValue(), '', 'a password is never kept');
    await form.locator('#tt-name').press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    const dialogText = await dialog.innerText();
    assert.match(dialogText, /Could not connect to Unreachable\. Save anyway\?/);
    assert.match(dialogText, /127\.0\.0\.1:1/, `the dialog shows the error: ${dialogText}`);
    await snap(page, 'datasources-save-anyway');
    assert.ok(!JSON.stringify(JSON.parse(readFileSync(settingsFile, 'utf8'))['tabletalk.datasources']).includes('Unreachable'), 'not saved before the answer');
    await dialog.locator('.monaco-button', { hasText: 'Save anyway' }).click();
    await treeRow(page, 'Unreachable').waitFor({ timeout: 30_000 });
    const after = JSON.parse(readFileSync(settingsFile, 'utf8'))['tabletalk.datasources'] as Record<string, unknown>[];
    assert.deepEqual(after.find((d) => d.name === 'Unreachable')?.port, 1);

    // An Add whose tab is closed is offered again too.
    form = await openAddDatasourceForm(page);
    await form.locator('.tt-notice').waitFor({ state: 'detached' });
    await fillDatasourceForm(form, { dialect: 'mysql', name: 'Closed tab' });
    await runCommand(page, 'View: Close Editor');
    await form.locator('form.tt-form').waitFor({ state: 'detached' }).catch(() => undefined);
    form = await openAddDatasourceForm(page);
    await form.locator('.tt-notice', { hasText: 'These are the fields of the Add you cancelled last time' }).waitFor();
    assert.equal(await form.locator('#tt-name').inputValue(), 'Closed tab');
    assert.equal(await form.locator('#tt-dialect').inputValue(), 'mysql');
  });
});
