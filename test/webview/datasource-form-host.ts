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
import { bundleMissing as bundleMissingOf, CHROMIUM, chromiumMissing, LAUNCH_ARGS, openFakeWebview, servePage } from './page-server';

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
  const { page, errors, posted, send, next } = await openFakeWebview<Posted>(browser, `${origin}/datasource-form.html`, { viewport: { width: 900, height: 1000 } });
  const host: FakeFormHost = {
    page,
    errors,
    posted,
    next,
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
