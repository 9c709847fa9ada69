// Least privilege in real VS Code (code-server): a PostgreSQL datasource whose login is a superuser (the test
// harness's). With tabletalk.ask.refuseWritableLogins on, SQL run from an editor (Ctrl+Enter) is refused, saying
// why and what to do; connecting warns, and the warning's button opens a script that creates a read-only login.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetStore, datasetsDir } from '../../src/core/dataset/store';
import { openFileByName, snap, waitForToast, webviewFrame } from '../support/journey-workbench';
import { openTableTalk, withWorkbench } from '../support/workbench-session';

const pgUrl = process.env.TABLETALK_TEST_PG_URL;

test('a superuser login: warning with a read-only login script; refuseWritableLogins refuses Run Query', { skip: pgUrl ? undefined : 'TABLETALK_TEST_PG_URL is not set; run through npm test', timeout: 300_000 }, async () => {
  const url = new URL(pgUrl as string);
  const base = mkdtempSync(join(tmpdir(), 'tt-ui-privilege-'));
  const folder = join(base, 'project');
  mkdirSync(folder, { recursive: true });
  const ds = { id: 'shop', name: 'Shop', dialect: 'postgres', host: url.hostname, port: Number(url.port), user: decodeURIComponent(url.username), database: url.pathname.slice(1), password: decodeURIComponent(url.password), target: 'user' };
  mkdirSync(join(base, 'user-data', 'User'), { recursive: true });
  writeFileSync(join(base, 'user-data', 'User', 'keybindings.json'), JSON.stringify([{ key: 'ctrl+alt+shift+y', command: 'tabletalk.addDatasource', args: ds }]));
  await new DatasetStore(datasetsDir(folder)).create({ name: 'Shop Genres', datasource: 'shop', tables: [{ name: 'genre', schema: 'public' }] });
  writeFileSync(join(folder, 'queries.sql'), 'SELECT name FROM genre ORDER BY name LIMIT 3;\n');
  try {
    await withWorkbench('least-privilege', { folder, profileDir: base, settings: { 'tabletalk.security.warnWritableLogins': true, 'tabletalk.ask.refuseWritableLogins': true } }, async (page) => {
      await openTableTalk(page);
      await page.locator('.part.sidebar').click();
      await page.keyboard.press('Control+Alt+Shift+KeyY');
      await page.locator('.part.sidebar .monaco-list-row[aria-label^="Shop"]').first().waitFor({ timeout: 60_000 });

      // Run Query on that datasource connects (the warning follows) and is refused while the setting is on.
      await openFileByName(page, 'queries.sql');
      const editor = page.locator('.monaco-editor[data-uri$="queries.sql"]');
      await editor.waitFor();
      await editor.locator('.view-line', { hasText: 'FROM genre' }).click();
      await page.keyboard.press('Control+Enter');
      const frame = await webviewFrame(page, '.tt-banner.tt-error', 90_000);
      const failure = await frame.locator('.tt-banner.tt-error').innerText();
      assert.match(failure, /TableTalk does not run queries on Shop: its login can do more than read \(it is a superuser\), and tabletalk\.ask\.refuseWritableLogins is on/);
      assert.match(failure, /Create Read-Only Login Script/);
      assert.equal(await frame.locator('.tt-table tbody td').count(), 0, 'no rows: nothing ran');

      // Connecting warns, naming what the login can do.
      const toast = await waitForToast(page, /can do more than read/, 60_000);
      assert.match(toast, /The login of Shop can do more than read: it is a superuser\. TableTalk only reads/);
      await snap(page, 'least-privilege-warning');
      await page.locator('.notifications-toasts .notification-toast', { hasText: 'can do more than read' }).locator('.monaco-button', { hasText: 'Create Read-Only Login Script' }).click();
      const script = page.locator('.monaco-editor[data-uri^="untitled:"] .view-lines');
      await script.waitFor({ timeout: 60_000 });
      const text = (await script.innerText()).replace(/\u00a0/g, ' ');
      assert.match(text, /CREATE ROLE "tabletalk_reader" LOGIN PASSWORD '[A-Za-z0-9_-]{20,}';/);
      assert.match(text, /GRANT SELECT ON ALL TABLES IN SCHEMA "public" TO "tabletalk_reader";/);
      assert.match(text, new RegExp(`GRANT CONNECT ON DATABASE "${ds.database}"`));
      assert.ok(!text.includes(ds.password), 'the script never holds the datasource\'s own password');
    });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
