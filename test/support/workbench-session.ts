// One UI test's VS Code: code-server started with the given options, Chromium on its workbench, a screenshot of
// what the user saw when the test fails, and everything stopped afterwards.
import type { Page } from 'playwright-core';
import type { CodeServer, StartOptions } from './code-server.mjs' with { 'resolution-mode': 'import' };
import { snap } from './journey-workbench';

export async function withWorkbench<T>(name: string, options: StartOptions, body: (page: Page, server: CodeServer) => Promise<T>): Promise<T> {
  const { startCodeServer, launchBrowser, openWorkbench } = await import('./code-server.mjs');
  let server: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    server = await startCodeServer(options);
    browser = await launchBrowser();
    return await body(await openWorkbench(browser, server.url), server);
  } catch (err) {
    const page = browser?.contexts().flatMap((c) => c.pages())[0];
    if (page) await snap(page, `${name}-failure`).catch(() => undefined);
    throw err;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
}

/** Opens the TableTalk view container; once its title shows, the extension's commands are in the palette. */
export async function openTableTalk(page: Page): Promise<void> {
  await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
  await page.locator('.part.sidebar .title-label', { hasText: /TableTalk/i }).waitFor();
}
