// A fake VS Code host for the Add/Edit Datasource form: serves the real page (src/host/webview-page.ts, same CSP) and
// the real bundle (dist/webview/datasource-form.js) to headless Chromium, records what the webview posts, and lets a
// test answer. `parseUrlAnswer` answers a pasted URL the way the host does: the core parser, errors in English.
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { datasourceFromUrl } from '../../src/core/datasource/url';
import { describeErrorIn } from '../../src/host/datasources/error-text';
import { fieldsFromConfig } from '../../src/host/datasources/form-fields';
import { makeNonce, webviewHtml } from '../../src/host/webview-page';
import { emptyFields, type FormState, type ParseUrlResult } from '../../src/protocol/datasource-form';
import { bundleMissing as bundleMissingOf, CHROMIUM, chromiumMissing, LAUNCH_ARGS, servePage } from './page-server';

export const bundleMissing = bundleMissingOf('datasource-form');
export { CHROMIUM, chromiumMissing, LAUNCH_ARGS };

export interface Posted {
  type: string;
  id?: number;
  method?: string;
  params?: Record<string, unknown> & { fields?: Record<string, unknown>; secrets?: Record<string, unknown> };
  [k: string]: unknown;
}

export interface FakeFormHost {
  page: Page;
  errors: string[];
  posted(): Promise<Posted[]>;
  /** The next message the webview posted (a request by method, or a notification by type) not taken before. */
  next(match: string, timeoutMs?: number): Promise<Posted>;
  respond(id: number, result: unknown): Promise<void>;
  close(): Promise<void>;
}

export function formState(overrides: Partial<FormState> = {}): FormState {
  return { mode: 'add', fields: emptyFields('postgres'), targets: ['user', 'workspace'], target: 'user', hasPassword: false, hasSshSecret: false, trustedHostKey: null, resumed: false, ...overrides };
}

export function parseUrlAnswer(url: string): ParseUrlResult {
  try {
    return { ok: true, fields: fieldsFromConfig(datasourceFromUrl(url, '/work/project').config) };
  } catch (err) {
    return { ok: false, error: describeErrorIn(err) };
  }
}

/** Opens the form and sends `state` after the webview's `ready`. */
export async function openForm(browser: Browser, state: FormState, lang?: string): Promise<FakeFormHost> {
  const { server, origin } = await servePage('datasource-form', (o) =>
    webviewHtml({ scriptUri: `${o}/dist/webview/datasource-form.js`, styleUri: `${o}/dist/webview/datasource-form.css`, cspSource: o, nonce: makeNonce(randomBytes), title: 'Add Datasource', lang }),
  );
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (/favicon/.test(m.location().url)) return;
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(`
    window.__tt = { posted: [], state: undefined };
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__tt.posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__tt.state,
      setState: (s) => { window.__tt.state = s; },
    });
  `);
  await page.goto(`${origin}/datasource-form.html`);
  let taken = 0;
  const posted = () => page.evaluate(() => (window as unknown as { __tt: { posted: Posted[] } }).__tt.posted);
  const send = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message as Record<string, unknown>);
  const host: FakeFormHost = {
    page,
    errors,
    posted,
    async next(match, timeoutMs = 10000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const all = await posted();
        const i = all.findIndex((m, k) => k >= taken && (m.method === match || (m.type === match && m.type !== 'request')));
        if (i >= 0) {
          taken = i + 1;
          return all[i];
        }
        if (Date.now() > end) throw new Error(`the webview posted no ${match} within ${timeoutMs} ms; it posted: ${JSON.stringify(all.slice(taken)).slice(0, 800)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    respond: (id, result) => send({ type: 'response', id, ok: true, result }),
    async close() {
      await page.close();
      server.close();
    },
  };
  await host.next('ready');
  await send({ type: 'state', state });
  await page.locator('form.tt-form').waitFor();
  return host;
}

export { chromium };
