// The Add/Edit Datasource form in headless Chromium under a fake host: the real bundle on the real page (same CSP).
// Checks what the user sees (fields by dialect, messages next to fields, URL paste, Test result) and what the
// webview sends the host (a URL without its password; secrets only with test/save), using the keyboard only
// where a user would.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { fieldsFromConfig } from '../../src/host/datasources/form-fields';
import { bundleMissing, chromiumMissing, CHROMIUM, formState, LAUNCH_ARGS, openForm, parseUrlAnswer, type FakeFormHost } from './datasource-form-host';

const skip = chromiumMissing ?? bundleMissing;

describe('Datasource form webview', { skip }, () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  });
  after(async () => {
    await browser?.close();
  });

  const focusedId = (host: FakeFormHost) => host.page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName ?? '');
  const value = (host: FakeFormHost, id: string) => host.page.locator(`#${id}`).inputValue();
  /** Answers the webview's parseUrl request with the host's parser; returns the URL the webview sent. */
  async function answerUrl(host: FakeFormHost): Promise<string> {
    const req = await host.next('parseUrl');
    const url = String(req.params?.url);
    await host.respond(req.id!, parseUrlAnswer(url));
    return url;
  }

  test('focus starts in the first field; every control has a label tied to it; no CSP violation', async () => {
    const host = await openForm(browser, formState());
    try {
      const { page } = host;
      assert.equal(await focusedId(host), 'tt-url');
      const unlabelled = await page.evaluate(() =>
        Array.from(document.querySelectorAll('input, select')).filter((el) => !(el.id && document.querySelector(`label[for="${el.id}"]`))).map((el) => el.outerHTML),
      );
      assert.deepEqual(unlabelled, []);
      assert.equal(await page.getByLabel('Host', { exact: true }).inputValue(), 'localhost');
      assert.equal(await page.getByLabel('Port', { exact: true }).inputValue(), '5432');
      // SQLite shows a file with Browse…, not host and port.
      await page.getByLabel('Database type').selectOption('sqlite');
      assert.equal(await page.locator('#tt-host').count(), 0);
      await page.getByRole('button', { name: 'Browse for Database file' }).waitFor();
      assert.deepEqual(host.errors, []);
    } finally {
      await host.close();
    }
  });

  test('validation as typed: the message sits next to the field and goes when it is fixed; Save refuses and focuses it', async () => {
    const host = await openForm(browser, formState());
    try {
      const { page } = host;
      await page.locator('#tt-host').fill('');
      assert.equal(await page.locator('#tt-host-error').innerText(), 'Host is required.');
      assert.equal(await page.locator('#tt-host').getAttribute('aria-invalid'), 'true');
      assert.match((await page.locator('#tt-host').getAttribute('aria-describedby')) ?? '', /tt-host-error/);
      await page.locator('#tt-port').fill('99999');
      assert.equal(await page.locator('#tt-port-error').innerText(), 'A port is a number from 1 to 65535.');
      await page.locator('#tt-host').fill('db.example.com');
      await page.locator('#tt-port').fill('5433');
      assert.equal(await page.locator('#tt-host-error').count(), 0);
      assert.equal(await page.locator('#tt-port-error').count(), 0);
      // The user is still empty: Save says so, shows the message and puts the cursor there; nothing is sent.
      await page.getByRole('button', { name: 'Save' }).click();
      assert.equal(await page.locator('#tt-status').innerText(), 'Some fields need attention.');
      assert.equal(await page.locator('#tt-user-error').innerText(), 'User is required.');
      await page.waitForFunction(() => document.activeElement?.id === 'tt-user');
      // SSH fields are checked too once the tunnel is on.
      await page.getByLabel('Connect through an SSH server').check();
      await page.getByRole('button', { name: 'Test Connection' }).click();
      assert.equal(await page.locator('#tt-sshHost-error').innerText(), 'SSH host is required.');
      assert.equal(await page.locator('#tt-sshKeyFile-error').innerText(), 'Private key file is required.');
      assert.ok(!(await host.posted()).some((m) => m.method === 'save' || m.method === 'test'), 'nothing was sent to the host');
    } finally {
      await host.close();
    }
  });

  test('a pasted URL fills the fields; its password reaches the password field but is not sent to the host', async () => {
    const host = await openForm(browser, formState());
    try {
      const { page } = host;
      await page.locator('#tt-url').fill('postgres://app:s%40cret@db.example.com:6543/shop?sslmode=prefer');
      const sent = await answerUrl(host);
      assert.equal(sent, 'postgres://app@db.example.com:6543/shop?sslmode=prefer');
      // The URL field keeps the URL without its password, which moved to the masked password field.
      await page.waitForFunction(() => (document.getElementById('tt-url') as HTMLInputElement).value === 'postgres://app@db.example.com:6543/shop?sslmode=prefer');
      await page.locator('#tt-url-status', { hasText: 'Filled the fields from the URL, the password too.' }).waitFor();
      assert.deepEqual(
        { host: await value(host, 'tt-host'), port: await value(host, 'tt-port'), database: await value(host, 'tt-database'), user: await value(host, 'tt-user'), ssl: await value(host, 'tt-sslMode'), name: await value(host, 'tt-name'), password: await value(host, 'tt-password') },
        { host: 'db.example.com', port: '6543', database: 'shop', user: 'app', ssl: 'prefer', name: 'shop@db.example.com', password: 's@cret' },
      );
      // MySQL and SQLite URLs switch the kind of database.
      await page.locator('#tt-url').fill('mysql://root@127.0.0.1/Chinook');
      await answerUrl(host);
      await page.locator('#tt-url-status', { hasText: /^Filled the fields from the URL\.$/ }).waitFor();
      assert.equal(await value(host, 'tt-dialect'), 'mysql');
      assert.equal(await value(host, 'tt-port'), '3306');
      await page.locator('#tt-url').fill('sqlite:data/shop.db');
      await answerUrl(host);
      await page.locator('#tt-file').waitFor();
      assert.equal(await value(host, 'tt-file'), '/work/project/data/shop.db');
      assert.equal(await value(host, 'tt-name'), 'shop');
      // The fields go to the host as a draft as they change (for an Add whose tab is closed), never the password.
      const drafts = (await host.posted()).filter((m) => m.type === 'draft');
      assert.equal((drafts.at(-1)?.fields as { file?: string } | undefined)?.file, '/work/project/data/shop.db');
      assert.ok(!JSON.stringify(drafts).includes('s@cret') && !JSON.stringify(drafts).includes('s%40cret'));
      // Saving sends the secret once, with the fields.
      await page.getByRole('button', { name: 'Save' }).click();
      const save = await host.next('save');
      assert.equal(save.params?.fields?.dialect, 'sqlite');
      assert.equal(save.params?.target, 'user');
      assert.deepEqual(host.errors, []);
    } finally {
      await host.close();
    }
  });

  test('a malformed URL says which part is wrong and never repeats the password', async () => {
    const host = await openForm(browser, formState());
    try {
      const { page } = host;
      await page.locator('#tt-url').fill('postgres://app:hunter2@db.example.com:99999/shop');
      const sent = await answerUrl(host);
      assert.ok(!sent.includes('hunter2'), sent);
      const message = page.locator('#tt-url-status[role="alert"]');
      await message.waitFor();
      assert.match(await message.innerText(), /port "99999" is not a number between 1 and 65535/);
      assert.ok(!(await page.locator('form').innerText()).includes('hunter2'));
      assert.equal(await value(host, 'tt-host'), 'localhost', 'the fields are left as they were');
      await page.locator('#tt-url').fill('mysql://app@db.example.com/shop?sslmode=sometimes');
      await answerUrl(host);
      await page.locator('#tt-url-status', { hasText: 'sslmode "sometimes"' }).waitFor();
      await page.locator('#tt-url').fill('postgres://app:%zz@db.example.com/shop');
      await page.locator('#tt-url-status', { hasText: 'the password has a broken %-escape' }).waitFor();
    } finally {
      await host.close();
    }
  });

  test('keyboard only: Tab reaches every control, Enter saves, Escape cancels', async () => {
    const host = await openForm(browser, formState());
    try {
      const { page } = host;
      // URL field -> database kind: pick SQLite with the arrow keys.
      await page.keyboard.press('Tab');
      assert.equal(await focusedId(host), 'tt-dialect');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await value(host, 'tt-dialect'), 'sqlite');
      await page.keyboard.press('Tab'); // name
      await page.keyboard.press('Tab'); // file
      assert.equal(await focusedId(host), 'tt-file');
      await page.keyboard.type('/data/chinook.sqlite');
      // The name follows the file until typed over.
      assert.equal(await value(host, 'tt-name'), 'chinook');
      const order: string[] = [];
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press('Tab');
        order.push(await page.evaluate(() => document.activeElement?.id || (document.activeElement?.textContent ?? '').trim()));
      }
      assert.deepEqual(order, ['Browse…', 'tt-target', 'Save', 'Test Connection', 'Cancel'], `tab order: ${order.join(' → ')}`);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab'); // Save in
      assert.equal(await focusedId(host), 'tt-target');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab'); // the file field
      await page.keyboard.press('Enter');
      let save = await host.next('save');
      await host.respond(save.id!, { saved: false, error: null });
      // Enter on a select submits too (a text field does by itself).
      await page.keyboard.press('Shift+Tab'); // name
      await page.keyboard.press('Shift+Tab'); // the kind of database
      assert.equal(await focusedId(host), 'tt-dialect');
      await page.keyboard.press('Enter');
      save = await host.next('save');
      assert.deepEqual(save.params?.fields && { dialect: save.params.fields.dialect, file: save.params.fields.file, name: save.params.fields.name }, { dialect: 'sqlite', file: '/data/chinook.sqlite', name: 'chinook' });
      assert.equal(save.params?.target, 'workspace');
      await page.locator('#tt-status', { hasText: 'Saving…' }).waitFor();
      await host.respond(save.id!, { saved: false, error: 'SQLite file not found: /data/chinook.sqlite' });
      await page.locator('#tt-status', { hasText: 'Not saved: SQLite file not found: /data/chinook.sqlite' }).waitFor();
      await page.keyboard.press('Escape');
      const cancel = await host.next('cancel');
      assert.equal(cancel.params?.fields?.file, '/data/chinook.sqlite', 'what was typed goes with Cancel, for the next Add');
    } finally {
      await host.close();
    }
  });

  test('Edit: filled from the definition, password empty with "unchanged"; Test Connection shows the result in the form', async () => {
    const fields = fieldsFromConfig({ name: 'Shop', dialect: 'postgres', host: 'db', port: 5432, database: 'shop', user: 'app', ssl: { mode: 'require' }, ssh: { host: 'bastion', port: 2222, user: 'deploy', auth: 'key', keyFile: '/k', hostKey: 'SHA256:abc' } });
    const host = await openForm(browser, formState({ mode: 'edit', fields, targets: ['workspace'], target: 'workspace', hasPassword: true, hasSshSecret: true, trustedHostKey: 'SHA256:abc' }));
    try {
      const { page } = host;
      assert.equal(await page.locator('h1').innerText(), 'Edit Datasource: Shop');
      assert.equal(await page.locator('#tt-url').count(), 0);
      assert.equal(await focusedId(host), 'tt-dialect');
      assert.equal(await value(host, 'tt-password'), '');
      assert.equal(await page.locator('#tt-password').getAttribute('placeholder'), 'Unchanged (type to replace)');
      assert.equal(await page.locator('#tt-sshSecret').getAttribute('placeholder'), 'Unchanged (type to replace)');
      assert.equal(await value(host, 'tt-sshHost'), 'bastion');
      assert.match(await page.locator('form').innerText(), /Trusted host key: SHA256:abc/);
      assert.equal(await page.locator('#tt-target').count(), 0, 'Edit keeps where it is saved');
      await page.getByRole('button', { name: 'Test Connection' }).click();
      const t1 = await host.next('test');
      assert.deepEqual(t1.params?.secrets, {}, 'an unchanged password is not sent (the host uses the stored one)');
      await host.respond(t1.id!, { ok: false, error: 'password authentication failed for user "app"' });
      await page.locator('#tt-status[role="alert"]', { hasText: 'password authentication failed for user "app"' }).waitFor();
      await page.locator('#tt-password').fill('new-secret');
      await page.getByRole('button', { name: 'Test Connection' }).click();
      const t2 = await host.next('test');
      assert.deepEqual(t2.params?.secrets, { password: 'new-secret' });
      await host.respond(t2.id!, { ok: true, ms: 12, message: 'Connected to Shop in 12 ms.' });
      await page.locator('#tt-status', { hasText: 'Connected to Shop in 12 ms.' }).waitFor();
      // Secrets go with test and save only: no draft, no other message carries one.
      const others = (await host.posted()).filter((m) => m.method !== 'test' && m.method !== 'save');
      assert.ok(others.some((m) => m.type === 'draft') === false, 'Edit sends no drafts');
      assert.ok(!JSON.stringify(others).includes('new-secret'));
      // Nothing the webview keeps for a reload holds the password.
      assert.ok(!JSON.stringify(await page.evaluate(() => (window as unknown as { __tt: { state: unknown } }).__tt.state)).includes('new-secret'));
    } finally {
      await host.close();
    }
  });

  test('in Simplified Chinese when VS Code is', async () => {
    const host = await openForm(browser, formState(), 'zh-cn');
    try {
      assert.equal(await host.page.locator('h1').innerText(), '添加数据源');
      assert.equal(await host.page.locator('label[for="tt-host"]').innerText(), '主机');
      await host.page.locator('#tt-host').fill('');
      assert.equal(await host.page.locator('#tt-host-error').innerText(), '主机为必填项。');
    } finally {
      await host.close();
    }
  });
});
