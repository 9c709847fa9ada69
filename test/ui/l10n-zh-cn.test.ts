// TableTalk in real VS Code (code-server) with the display language Simplified Chinese: the views are titled
// 数据源 / 数据集 (package.nls.zh-cn.json), the welcome and the command palette are Chinese, and a message the
// extension itself shows comes from l10n/bundle.l10n.zh-cn.json. code-server gets the language the way
// test/support/display-language.mjs explains (--locale plus a language pack).
// Screenshots: test-results/screenshots/zh-cn-views.png, zh-cn-walkthrough.png, zh-cn-palette.png.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tableTalkLog } from './demo-support';
import { webviewFrame } from '../support/journey-workbench';
import type { CodeServer } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };

const screenshots = join(__dirname, '..', '..', 'test-results', 'screenshots');

before(async () => {
  const { installCodeServer } = await import('../support/code-server.mjs');
  await installCodeServer();
}, { timeout: 900_000 });

test('zh-cn display language: views 数据源 / 数据集, Chinese welcome and walkthrough, Chinese commands in F1, Chinese messages from the extension', { timeout: 240_000 }, async () => {
  const { startCodeServer, launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    server = await startCodeServer({ locale: 'zh-cn' });
    browser = await launchBrowser();
    const page = await openWorkbench(browser, server.url);
    mkdirSync(screenshots, { recursive: true });

    await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    const headers = page.locator('.part.sidebar .pane-header h3.title');
    await headers.filter({ hasText: '数据集' }).waitFor({ timeout: 30_000 });
    assert.deepEqual((await headers.allInnerTexts()).map((s) => s.trim()), ['数据源', '数据集', '历史记录']);

    const welcome = page.locator('.part.sidebar .welcome-view-content', { hasText: '还没有数据源' });
    await welcome.waitFor();
    assert.deepEqual((await welcome.locator('a.monaco-button').allInnerTexts()).map((b) => b.trim()), ['添加数据源', '试用示例数据库']);
    await page.mouse.move(900, 600); // no tooltip over the views
    await page.screenshot({ path: join(screenshots, 'zh-cn-views.png') });

    // The walkthrough: titles from package.nls.zh-cn.json, the page of the first step from media/walkthrough/zh-cn/.
    await welcome.locator('a', { hasText: '入门演练' }).click();
    const editor = page.locator('.part.editor');
    await editor.locator('.category-title', { hasText: 'TableTalk 入门' }).waitFor({ timeout: 30_000 });
    await editor.locator('.getting-started-step .step-title', { hasText: '添加数据源' }).first().waitFor();
    const pageText = async () => {
      for (const frame of page.frames()) {
        const text = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '');
        if (text.includes('TableTalk 读取数据库的表')) return text;
      }
      return '';
    };
    const deadline = Date.now() + 20_000;
    while (!(await pageText()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.match(await pageText(), /试用示例数据库/, 'the Chinese page of the first step is shown');
    await page.screenshot({ path: join(screenshots, 'zh-cn-walkthrough.png') });

    // F1: the category stays "TableTalk", the title is Chinese.
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill('>TableTalk: 创建数据集');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'TableTalk: 创建数据集' }).first();
    await row.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(screenshots, 'zh-cn-palette.png') });

    // Running it with no datasource: the extension's own message and button, from its Chinese bundle.
    await row.click();
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: '数据集基于数据源创建：请先添加数据源。' });
    await toast.waitFor({ timeout: 30_000 });
    await toast.locator('a.monaco-button', { hasText: '添加数据源' }).click();
    // …which opens the Add Datasource form: Chinese too (the webview's own strings).
    const form = await webviewFrame(page, 'form.tt-form');
    await form.locator('h1', { hasText: '添加数据源' }).waitFor({ timeout: 15_000 });
    assert.equal(await form.locator('label[for="tt-host"]').innerText(), '主机');
    assert.equal(await form.getByRole('button', { name: '测试连接' }).count(), 1);
    await form.locator('#tt-url').press('Escape');
  } catch (err) {
    const page = browser?.contexts()[0]?.pages()[0];
    if (page) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'zh-cn-failure.png') }).catch(() => undefined);
      console.log(`# at failure: test-results/screenshots/zh-cn-failure.png; TableTalk log:\n${server ? tableTalkLog(join(server.userDataDir, 'logs')) : ''}`);
    }
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
});
