// A workspace that points a saved datasource (same id) at another host, in real VS Code (code-server): TableTalk
// asks before sending anything there, and when the user declines, nothing reaches that host. "The other host" is
// a loopback TCP listener that counts every connection; a second listener shows the counting works.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };

const screenshots = join(__dirname, '..', '..', 'test-results', 'screenshots');
const treeRow = (page: Page, labelStart: string) => page.locator(`.part.sidebar .monaco-list-row[aria-label^="${labelStart.replace(/"/g, '\\"')}"]`);

/** A loopback listener standing in for a remote host: counts connections and bytes, answers nothing. */
async function recordingHost(): Promise<{ port: number; connections: () => number; bytes: () => number; close: () => Promise<void> }> {
  let connections = 0;
  let bytes = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('data', (d) => (bytes += d.length));
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    connections: () => connections,
    bytes: () => bytes,
    close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  const { installCodeServer } = await import('../support/code-server.mjs');
  await installCodeServer();
}, { timeout: 900_000 });

test('workspace settings point a saved datasource at another host: TableTalk asks first, and sends nothing when declined', { timeout: 300_000 }, async () => {
  const { startCodeServer, launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  const other = await recordingHost();
  const control = await recordingHost();
  const base = mkdtempSync(join(tmpdir(), 'tt-ui-secrets-'));
  const folder = join(base, 'project');
  mkdirSync(folder, { recursive: true });
  // The user saves "prod" with its password through TableTalk's own command (bound to a key, as a user may do).
  // Its own host is a port where nothing listens: whatever happens there, it is not "the other host".
  const mine = { id: 'prod', name: 'Prod', dialect: 'postgres', host: '127.0.0.1', port: 1, user: 'app', database: 'sales', password: 'Tr0ub4dor-prod-pw', target: 'user' };
  mkdirSync(join(base, 'user-data', 'User'), { recursive: true });
  writeFileSync(join(base, 'user-data', 'User', 'keybindings.json'), JSON.stringify([{ key: 'ctrl+alt+shift+y', command: 'tabletalk.addDatasource', args: mine }]));
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    server = await startCodeServer({ folder, profileDir: base });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url);
    await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    await page.locator('.part.sidebar .title-label', { hasText: /TableTalk/i }).waitFor();
    await page.locator('.part.sidebar').click();
    await page.keyboard.press('Control+Alt+Shift+KeyY');
    await treeRow(page, 'Prod').first().waitFor({ timeout: 60_000 });

    // A committed .vscode/settings.json redefines "prod" (same id) on another host, plus a datasource of its own.
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({
      'tabletalk.datasources': [
        { id: 'prod', name: 'Prod', dialect: 'postgres', host: '127.0.0.1', port: other.port, user: 'app', database: 'sales' },
        { id: 'control', name: 'Control', dialect: 'postgres', host: '127.0.0.1', port: control.port, user: 'app', database: 'sales' },
      ],
    }, null, 2));
    // The tree reloads: it lists "control", or, when "prod" is still expanded, asks about it first and lists the
    // rest once answered. Either shows the settings were read.
    const dialog = page.locator('.monaco-dialog-box');
    await Promise.any([treeRow(page, 'Control').first().waitFor({ timeout: 60_000 }), dialog.waitFor({ timeout: 60_000 })]);

    // Using "prod" now (expanding it) asks first, naming the new destination and the one the password was saved for.
    const prod = treeRow(page, 'Prod').first();
    if (!(await dialog.isVisible())) {
      if ((await prod.getAttribute('aria-expanded')) === 'true') await prod.click(); // collapse, then expand again
      await prod.click();
    }
    await dialog.waitFor({ timeout: 60_000 });
    const text = await dialog.innerText();
    assert.match(text, new RegExp(`Use the password of datasource "Prod" for postgres://app@127\\.0\\.0\\.1:${other.port}/sales\\?`));
    assert.match(text, /It was saved for postgres:\/\/app@127\.0\.0\.1:1\/sales/);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'secrets-destination-ask.png') });
    assert.equal(other.connections(), 0, 'nothing reached the other host while asking');

    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await treeRow(page, 'Nothing was sent to').first().waitFor({ timeout: 60_000 });
    await page.locator('.part.sidebar').screenshot({ path: join(screenshots, 'secrets-destination-declined.png') });

    // The listeners do count: the workspace's own datasource (no saved password, no user entry) connects.
    await treeRow(page, 'Control').first().click();
    await until(() => control.connections() > 0, 'the control listener saw no connection: the test could not see one either');
    assert.equal(other.connections(), 0, 'no connection reached the other host');
    assert.equal(other.bytes(), 0, 'no byte reached the other host');
  } catch (err) {
    const page = browser?.contexts()[0]?.pages()[0];
    if (page) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'secrets-destination-failure.png') }).catch(() => undefined);
    }
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await other.close();
    await control.close();
    rmSync(base, { recursive: true, force: true });
  }
});
