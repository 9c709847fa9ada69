// Serves a webview's real page (the same HTML and CSP VS Code shows) and the built bundles under dist/webview to
// headless Chromium, as the fake hosts of the canvas and Ask tests need.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve, extname } from 'node:path';
import type { Browser } from 'playwright-core';

// __filename, not __dirname: tsx defines only the former when an .mjs script (the benchmark) imports this file.
export const root = resolve(dirname(__filename), '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found (apt-get install chromium)`;
export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const bundleMissing = (app: string): string | undefined =>
  existsSync(join(root, `dist/webview/${app}.js`)) ? undefined : `dist/webview/${app}.js not built (node esbuild.mjs)`;

const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/** Serves `/<app>.html` from `page(origin)` and files under dist/webview; anything else is a 404. */
export function servePage(app: string, page: (origin: string) => string): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === `/${app}.html`) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page(`http://${req.headers.host}`));
      return;
    }
    const file = resolve(root, `.${url.pathname}`);
    if (!file.startsWith(join(root, 'dist/webview'))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    r({ server, origin: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
  }));
}

/** A message the webview posted to its host (a request, a notification, or `ready`). */
export interface PostedMessage {
  type: string;
  id?: number;
  method?: string;
  params?: unknown;
  [k: string]: unknown;
}

/**
 * Opens a served webview page in Chromium with a fake `acquireVsCodeApi`: what the page posts is recorded (`posted`,
 * `next`), `send` delivers a message as VS Code would, and console errors and CSP violations land in `errors`.
 */
export async function openFakeWebview<P extends PostedMessage>(browser: Browser, url: string, options: { viewport: { width: number; height: number }; savedState?: unknown; theme?: string }) {
  const page = await browser.newPage({ viewport: options.viewport });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (/favicon/.test(m.location().url)) return;
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  // A string, not a function: tsx would wrap a function with helpers that do not exist in the page.
  await page.addInitScript(`
    window.__tt = { posted: [], state: ${JSON.stringify(options.savedState ?? null)} ?? undefined };
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__tt.posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__tt.state,
      setState: (s) => { window.__tt.state = s; },
    });
    ${options.theme ? `document.addEventListener('DOMContentLoaded', () => document.body.classList.add(${JSON.stringify(options.theme)}));` : ''}
  `);
  await page.goto(url);
  let taken = 0;
  const posted = () => page.evaluate(() => (window as unknown as { __tt: { posted: P[] } }).__tt.posted) as Promise<P[]>;
  const send = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message as Record<string, unknown>);
  /** The next message posted (a request by method, a notification by type, or matched by a test) not taken before. */
  async function next(match: string | ((m: P) => boolean), timeoutMs = 10000): Promise<P> {
    const test = typeof match === 'string' ? (m: P) => m.method === match || (m.type === match && m.type !== 'request') : match;
    const end = Date.now() + timeoutMs;
    for (;;) {
      const all = await posted();
      const i = all.findIndex((m, k) => k >= taken && test(m));
      if (i >= 0) {
        taken = i + 1;
        return all[i];
      }
      if (Date.now() > end) throw new Error(`the webview posted no ${typeof match === 'string' ? match : 'matching message'} within ${timeoutMs} ms; it posted: ${JSON.stringify(all.slice(taken)).slice(0, 800)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return { page, errors, posted, send, next };
}
