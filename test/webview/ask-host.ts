// A fake VS Code host for the Ask webview: serves the real page (src/host/ask/html.ts, same CSP) and the real
// bundle (dist/webview/ask.js) to headless Chromium, defines `acquireVsCodeApi` to record what the webview posts,
// and lets a test answer requests and push host messages. Same shape as canvas-host.ts.
import { randomBytes } from 'node:crypto';
import { bundleMissing as bundleMissingOf, CHROMIUM, chromiumMissing, LAUNCH_ARGS, openFakeWebview, servePage } from './page-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { askHtml, makeNonce } from '../../src/host/ask/html';
import type { AskAnswer, AskPanelState, HostToWebview } from '../../src/protocol/ask';

export const bundleMissing = bundleMissingOf('ask');
export { CHROMIUM, chromiumMissing, LAUNCH_ARGS };

export interface Posted {
  type: string;
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  [k: string]: unknown;
}

function serve(lang?: string) {
  return servePage('ask', (origin) => askHtml({ scriptUri: `${origin}/dist/webview/ask.js`, styleUri: `${origin}/dist/webview/ask.css`, cspSource: origin, nonce: makeNonce(randomBytes), title: 'Ask', lang }));
}

export interface FakeAskHost {
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  errors: string[];
  posted(): Promise<Posted[]>;
  /** Waits for a message the webview posted (a request by method, or a notification by type) not taken before. */
  next(match: string | ((m: Posted) => boolean), timeoutMs?: number): Promise<Posted>;
  send(message: HostToWebview): Promise<void>;
  sendState(state: AskPanelState): Promise<void>;
  respond(id: number, result: unknown): Promise<void>;
  fail(id: number, error: string): Promise<void>;
  /** What the webview saved with setState. */
  savedState(): Promise<unknown>;
  close(): Promise<void>;
}

export async function openAsk(options: { browser?: Browser; savedState?: unknown; /** VS Code display language, e.g. 'zh-cn' */ lang?: string } = {}): Promise<FakeAskHost> {
  const { server, origin } = await serve(options.lang);
  const browser = options.browser ?? (await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS }));
  const { page, errors, posted, send, next } = await openFakeWebview<Posted>(browser, `${origin}/ask.html`, { viewport: { width: 1200, height: 900 }, savedState: options.savedState, theme: 'vscode-light' });
  return {
    page,
    errors,
    posted,
    next,
    send,
    sendState: (state) => send({ type: 'state', state }),
    respond: (id, result) => send({ type: 'response', id, ok: true, result }),
    fail: (id, error) => send({ type: 'response', id, ok: false, error }),
    savedState: () => page.evaluate(() => (window as unknown as { __tt: { state: unknown } }).__tt.state),
    async close() {
      await page.close();
      if (!options.browser) await browser.close();
      server.close();
    },
  };
}

// ---- states as the host sends them ----------------------------------------------------------------------

export function panelState(overrides: Partial<AskPanelState> = {}): AskPanelState {
  return {
    dataset: { name: 'Chinook', datasource: 'Chinook SQLite', dialect: 'sqlite', trained: true, training: false, notReady: null },
    model: { configured: true, label: 'OpenAI-compatible · loopback-chat' },
    rowLimit: 1000,
    timeoutSeconds: 30,
    strategy: 'full',
    busy: null,
    answer: null,
    failure: null,
    revision: 1,
    ...overrides,
  };
}

export function artistAnswer(overrides: Partial<AskAnswer> = {}): AskAnswer {
  return {
    id: 7,
    origin: 'ask',
    question: 'Which artists have the most albums?',
    dialect: 'sqlite',
    strategy: 'full',
    sql: 'SELECT ar.Name, COUNT(*) AS Albums FROM Album al JOIN Artist ar ON ar.ArtistId = al.ArtistId GROUP BY ar.Name ORDER BY Albums DESC LIMIT 4',
    rejectedSql: null,
    tables: ['Artist', 'Album', 'Track'],
    reasons: [{ table: 'Artist', kinds: ['value', 'words'] }, { table: 'Album', kinds: ['words'] }, { table: 'Track', kinds: ['bridge'] }],
    values: ["Artist.Name = 'AC/DC'"],
    usedTables: ['Album', 'Artist'],
    joinPaths: [{ tables: ['Album', 'Artist'], steps: ['Album.ArtistId = Artist.ArtistId'] }],
    ran: true,
    columns: ['Name', 'Albums'],
    rows: [
      ['Iron Maiden', 21],
      ['Led Zeppelin', 14],
      ['Deep Purple', 11],
      ['Metallica', 10],
    ],
    truncated: false,
    rowLimit: 1000,
    ms: 3,
    refused: null,
    error: null,
    explanation: 'Ran a read-only SQLite query reading Album, Artist in 3 ms; it returned 4 rows.',
    modelNote: null,
    context: null,
    ...overrides,
  };
}
