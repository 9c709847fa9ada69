// A fake VS Code host for the canvas webview: serves the real page (src/host/canvas/html.ts, same CSP) and the
// real bundle (dist/webview/canvas.js) to headless Chromium, defines `acquireVsCodeApi` to record what the
// webview posts, and lets a test answer requests and push host messages.
import { randomBytes } from 'node:crypto';
import { bundleMissing as bundleMissingOf, CHROMIUM, chromiumMissing, LAUNCH_ARGS, openFakeWebview, servePage } from './page-server';
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
  const { page, errors, posted, send, next } = await openFakeWebview<Posted>(browser, `${origin}/canvas.html`, { viewport: { width: options.width ?? 1400, height: options.height ?? 900 }, theme: options.theme ?? 'vscode-light' });
  return {
    page,
    errors,
    posted,
    next,
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
