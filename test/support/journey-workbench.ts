// Small helpers for driving the VS Code workbench (code-server in Chromium) like a user: tree rows by their
// accessible label, the command palette, quick inputs, notifications and webview frames.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';

export const screenshotsDir = join(__dirname, '..', '..', 'test-results', 'screenshots');

const quote = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** A row of a sidebar tree whose accessible label (label + description) starts with `labelStart`. */
export const treeRow = (page: Page, labelStart: string): Locator => page.locator(`.part.sidebar .monaco-list-row[aria-label^="${quote(labelStart)}"]`);

export const quickInput = (page: Page): Locator => page.locator('.quick-input-widget input.input');

/** A row of the open quick pick whose label contains `text`. */
export const quickPickRow = (page: Page, text: string): Locator => page.locator(`.quick-input-list .monaco-list-row[aria-label*="${quote(text)}"]`).first();

/** Runs a command from the palette (F1), by its title as the palette shows it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await quickInput(page).fill(`>${title}`);
  await quickPickRow(page, title).waitFor();
  await page.keyboard.press('Enter');
}

/** Opens a workspace file by name through Quick Open (the explorer's rows re-render while files are watched). */
export async function openFileByName(page: Page, name: string): Promise<void> {
  await page.keyboard.press('F1');
  await quickInput(page).fill(name);
  await quickPickRow(page, name).waitFor({ timeout: 60_000 });
  await page.keyboard.press('Enter');
}

/**
 * Right-clicks `target` and runs the context-menu entry labelled `label`: points at it (the menu focuses it) and
 * presses Enter. A click right after the menu opens is sometimes swallowed by the menu under load.
 */
export async function contextMenu(page: Page, target: Locator, label: string): Promise<void> {
  await target.click({ button: 'right' });
  const item = page.locator('.context-view .monaco-menu .action-item', { has: page.locator('.action-label', { hasText: label }) });
  await item.waitFor();
  await item.hover();
  await page.locator('.context-view .monaco-menu .action-item.focused', { has: page.locator('.action-label', { hasText: label }) }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.context-view .monaco-menu').waitFor({ state: 'detached' });
}

/** Waits for the quick input to show `prompt` (its message line), then types `value` and accepts it. */
export async function answerInput(page: Page, prompt: string, value: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-message', { hasText: prompt }).waitFor();
  await quickInput(page).fill(value);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-message', { hasText: prompt }).waitFor({ state: 'hidden' });
}

/** Text of the first notification toast matching `re`, once one does (polled in the page: toasts update in place). */
export async function waitForToast(page: Page, re: RegExp, timeoutMs: number): Promise<string> {
  const handle = await page.waitForFunction(
    ({ source, flags }) => {
      const re = new RegExp(source, flags);
      return Array.from(document.querySelectorAll('.notifications-toasts .notification-toast')).map((n) => n.textContent ?? '').find((x) => re.test(x));
    },
    { source: re.source, flags: re.flags },
    { timeout: timeoutMs, polling: 100 },
  );
  return (await handle.jsonValue()) as string;
}

/** Closes every notification (they would cover a webview in a screenshot). */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
}

/** The webview frame (VS Code nests webviews two iframes deep) that contains `selector`. */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const f of page.frames()) {
      if (await f.locator(selector).count().catch(() => 0)) return f;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame with ${selector} within ${timeoutMs} ms (frames: ${page.frames().map((f) => f.url().slice(0, 80)).join(', ')})`);
}

/** Saves a screenshot of the page (or of `clip`, in page pixels) to test-results/screenshots/<name>.png and returns its path. */
export async function snap(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true });
  const path = join(screenshotsDir, `${name}.png`);
  const size = page.viewportSize();
  await page.mouse.move((size?.width ?? 1280) - 4, 4); // the empty end of the title bar: no hover highlight or tooltip in the picture
  await page.locator('.workbench-hover-container, .monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  await page.screenshot({ path, clip });
  return path;
}

/** Drags the sash between the sidebar and the editor `px` pixels to the right, so tree descriptions are not cut. */
export async function widenSidebar(page: Page, px: number): Promise<void> {
  const sidebar = page.locator('.part.sidebar');
  const before = await sidebar.boundingBox();
  if (!before) throw new Error('the sidebar is not visible');
  const edge = before.x + before.width + 1;
  await page.mouse.move(edge, before.y + before.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge + px, before.y + before.height / 2, { steps: 5 });
  await page.mouse.up();
  const after = await sidebar.boundingBox();
  if (!after || after.width < before.width + px / 2) throw new Error(`the sidebar did not widen (${before.width} → ${after?.width ?? '?'} px)`);
}

/** Resolves once `probe` returns the same value twice in a row `intervalMs` apart (layout or animation settled). */
export async function settled<T>(probe: () => Promise<T>, timeoutMs = 10_000, intervalMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = JSON.stringify(await probe());
  for (;;) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const value = await probe();
    const now = JSON.stringify(value);
    if (now === last) return value;
    if (Date.now() > end) throw new Error(`still changing after ${timeoutMs} ms (${now})`);
    last = now;
  }
}

/** The TableTalk output channel and the extension host log under a code-server user-data dir, for the reader of a failure. */
export function extensionLogs(userDataDir: string, maxChars = 4000): string {
  const logsDir = join(userDataDir, 'logs');
  if (!existsSync(logsDir)) return `(no logs in ${logsDir})`;
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  const files = walk(logsDir).filter((f) => f.endsWith('TableTalk.log') || f.endsWith('remoteexthost.log'));
  return files.map((f) => `== ${f}\n${readFileSync(f, 'utf8').slice(-maxChars)}`).join('\n') || '(no TableTalk log)';
}
