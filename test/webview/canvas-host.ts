// A fake VS Code host for the canvas webview: serves the real page (src/host/canvas/html.ts, same CSP) and the
// real bundle (dist/webview/canvas.js) to headless Chromium, defines `acquireVsCodeApi` to record what the
// webview posts, and lets a test answer requests and push host messages.
import { randomBytes } from 'node:crypto';
import { bundleMissing as bundleMissingOf, CHROMIUM, chromiumMissing, LAUNCH_ARGS, servePage } from './page-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { canvasHtml, makeNonce } from '../../src/host/canvas/html';
import type { CanvasState, HostToWebview } from '../../src/protocol/canvas';

export const bundleMissing = bundleMissingOf('canvas');
export { CHROMIUM, chromiumMissing, LAUNCH_ARGS };

export interface Posted {
  type: string;
  id?: number;
  method?: string;
  params?: unknown;
  [k: string]: unknown;
}

function serve(lang?: string) {
  return servePage('canvas', (origin) => canvasHtml({ scriptUri: `${origin}/dist/webview/canvas.js`, styleUri: `${origin}/dist/webview/canvas.css`, cspSource: origin, nonce: makeNonce(randomBytes), title: 'Canvas', lang }));
}

export interface FakeHost {
  page: Page;
  /** Console errors and CSP violations seen so far. */
  errors: string[];
  posted(): Promise<Posted[]>;
  /** Waits for a message the webview posted (a request by method, or a notification by type) not taken before. */
  next(match: string | ((m: Posted) => boolean), timeoutMs?: number): Promise<Posted>;
  send(message: HostToWebview): Promise<void>;
  sendState(state: CanvasState): Promise<void>;
  respond(id: number, result: unknown): Promise<void>;
  fail(id: number, error: string): Promise<void>;
  close(): Promise<void>;
}

export async function openCanvas(options: { width?: number; height?: number; theme?: 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast'; browser?: Browser; /** VS Code display language, e.g. 'zh-cn' */ lang?: string } = {}): Promise<FakeHost> {
  const { server, origin } = await serve(options.lang);
  const browser = options.browser ?? (await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS }));
  const page = await browser.newPage({ viewport: { width: options.width ?? 1400, height: options.height ?? 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (/favicon/.test(m.location().url)) return;
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  // A string, not a function: tsx would wrap a function with helpers that do not exist in the page.
  await page.addInitScript(`
    window.__tt = { posted: [], state: undefined };
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__tt.posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__tt.state,
      setState: (s) => { window.__tt.state = s; },
    });
    document.addEventListener('DOMContentLoaded', () => document.body.classList.add(${JSON.stringify(options.theme ?? 'vscode-light')}));
  `);
  await page.goto(`${origin}/canvas.html`);
  let taken = 0;
  const posted = () => page.evaluate(() => (window as unknown as { __tt: { posted: Posted[] } }).__tt.posted);
  const send = (message: HostToWebview) => page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
  return {
    page,
    errors,
    posted,
    async next(match, timeoutMs = 10000) {
      const test = typeof match === 'string' ? (m: Posted) => m.method === match || (m.type === match && m.type !== 'request') : match;
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
    },
    send,
    sendState: (state) => send({ type: 'state', state }),
    respond: (id, result) => send({ type: 'response', id, ok: true, result }),
    fail: (id, error) => send({ type: 'response', id, ok: false, error }),
    async close() {
      await page.close();
      if (!options.browser) await browser.close();
      server.close();
    },
  };
}
