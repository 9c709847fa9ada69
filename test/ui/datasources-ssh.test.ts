// Add a PostgreSQL datasource through an SSH tunnel in real VS Code (code-server), to a real OpenSSH server the
// test starts on loopback (test/support/sshd.mjs) through the Add Datasource form, the unknown host key shown with its
// fingerprint and trusted, the tables in the Datasources tree; settings hold the SSH definition and the accepted
// fingerprint, never the key passphrase or the database password.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };
import type { StartedSshd } from '../support/sshd.mjs' with { 'resolution-mode': 'import' };
import { fillDatasourceForm, openAddDatasourceForm } from '../support/datasource-form';

const pgUrl = process.env.TABLETALK_TEST_PG_URL;
const noPg = pgUrl ? undefined : 'TABLETALK_TEST_PG_URL is not set (run through npm test, which starts PostgreSQL)';
const screenshots = join(__dirname, '..', '..', 'test-results', 'screenshots');

const treeRow = (page: Page, labelStart: string) => page.locator(`.part.sidebar .monaco-list-row[aria-label^="${labelStart.replace(/"/g, '\\"')}"]`);

let sshd: StartedSshd | undefined;
let sshdSkip: string | undefined;

before(async () => {
  if (noPg) return;
  const { startSshd } = await import('../support/sshd.mjs');
  const s = await startSshd();
  if (s.skip !== undefined) sshdSkip = s.skip;
  else sshd = s;
  const { installCodeServer } = await import('../support/code-server.mjs');
  await installCodeServer();
}, { timeout: 900_000 });
after(async () => {
  await sshd?.stop();
});

test('Add Datasource through an SSH tunnel: key with passphrase, host key fingerprint trusted on first use, tables in the tree', { timeout: 300_000 }, async (t) => {
  if (noPg || sshdSkip) return t.skip(noPg ?? sshdSkip);
  const s = sshd!;
  const { startCodeServer, launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  const url = new URL(pgUrl!);
  const password = decodeURIComponent(url.password);
  const database = url.pathname.slice(1);
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    server = await startCodeServer();
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url);
    await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    await page.locator('.part.sidebar .title-label', { hasText: /TableTalk/i }).waitFor();
    // The form, by keyboard where a user would type: the database as the SSH server sees it (both on loopback
    // here), then the tunnel with a key file that has a passphrase.
    const form = await openAddDatasourceForm(page);
    await fillDatasourceForm(form, { dialect: 'postgres', host: url.hostname, port: url.port, database, user: decodeURIComponent(url.username), password });
    await form.locator('#tt-ssh').check();
    await fillDatasourceForm(form, { ssh: { host: '127.0.0.1', port: String(s.port), user: s.user, auth: 'key', keyFile: '' } });
    await form.locator('#tt-sshKeyFile').press('Enter');
    await form.locator('#tt-sshKeyFile-error', { hasText: 'Private key file is required.' }).waitFor();
    await fillDatasourceForm(form, { ssh: { host: '127.0.0.1', port: String(s.port), user: s.user, auth: 'key', keyFile: s.encryptedKey, secret: s.passphrase }, name: 'PG via SSH' });
    await form.locator('#tt-name').press('Enter');

    // Nothing knows this server's key yet: its fingerprint is shown before anything is sent.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    const dialogText = await dialog.innerText();
    assert.match(dialogText, new RegExp(`Trust the SSH server 127\\.0\\.0\\.1:${s.port} for "PG via SSH"\\?`));
    assert.ok(dialogText.includes(s.hostFingerprint), `the dialog shows the fingerprint ${s.hostFingerprint}: ${dialogText}`);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'datasources-ssh-host-key.png') });
    await dialog.locator('.monaco-button', { hasText: 'Trust and Connect' }).click();

    const added = treeRow(page, 'PG via SSH');
    await added.waitFor({ timeout: 60_000 });
    const expanded = await page.locator('.part.sidebar .monaco-list-row[aria-label^="PG via SSH"][aria-expanded="true"]').first()
      .waitFor({ timeout: 15_000 }).then(() => true, () => false);
    if (!expanded) await added.click();
    await treeRow(page, 'PG via SSH PostgreSQL · connected').waitFor({ timeout: 60_000 });
    await treeRow(page, 'public 11 tables').click();
    await page.locator('.part.sidebar .monaco-list-row[aria-label^="artist "]').first().waitFor({ timeout: 30_000 });
    const labels = await page.locator('.part.sidebar .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    for (const table of ['album', 'artist', 'invoice', 'track']) assert.ok(labels.some((l) => l.startsWith(`${table} `)), `table ${table} is listed (${labels.join(' | ')})`);
    await page.locator('.part.sidebar').screenshot({ path: join(screenshots, 'datasources-ssh-tree.png') });
    assert.match(s.log(), /Accepted publickey for \S+ from 127\.0\.0\.1/, 'the SSH server let the key in');

    const settingsText = readFileSync(join(server.userDataDir, 'User', 'settings.json'), 'utf8');
    const saved = (JSON.parse(settingsText)['tabletalk.datasources'] as Record<string, unknown>[]).find((d) => d.name === 'PG via SSH');
    assert.deepEqual(saved?.ssh, { host: '127.0.0.1', port: s.port, user: s.user, auth: 'key', keyFile: s.encryptedKey, hostKey: s.hostFingerprint });
    assert.ok(!settingsText.includes(s.passphrase), 'the key passphrase is not in settings');
    assert.ok(!settingsText.includes(`"${password}"`), 'the database password is not in settings');
  } catch (err) {
    const page = browser?.contexts()[0]?.pages()[0];
    if (page) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'datasources-ssh-failure.png') }).catch(() => undefined);
      const title = await page.locator('.quick-input-widget .quick-input-title').innerText({ timeout: 1000 }).catch(() => '');
      console.log(`# at failure: quick input "${title}"; screenshot in test-results/screenshots/datasources-ssh-failure.png`);
    }
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
});
