// Helpers for tests that run inside the extension host (bundled into each test file by esbuild).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TableTalkApi } from '../../src/extension';

export const extensionId = 'tabletalk.tabletalk';

/** The extension's API (what activate() returned), activating it if needed. */
export async function tabletalk(): Promise<TableTalkApi> {
  const ext = vscode.extensions.getExtension<TableTalkApi | undefined>(extensionId);
  if (!ext) throw new Error(`Extension ${extensionId} is not loaded`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  if (!api) throw new Error('TableTalk activated without an API: see its log');
  return api;
}

/** Skips the running test with a reason the node:test summary prints. */
export function skipWith(context: Mocha.Context, reason: string): never {
  if (context.test) (context.test as Mocha.Runnable & { skipReason?: string }).skipReason = reason;
  context.skip();
}

/** Records a figure that the node:test side prints (e.g. activation time). */
export function metric(name: string, value: unknown): void {
  const g = globalThis as { tabletalkTestMetrics?: Record<string, unknown> };
  (g.tabletalkTestMetrics ??= {})[name] = value;
}

export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** The user settings file of this profile (<user-data-dir>/User/settings.json). */
export function userSettingsFile(api: TableTalkApi): string {
  // globalStorageUri is <user-data-dir>/User/globalStorage/<extension id>
  return path.join(api.context.extension.globalStorageUri.fsPath, '..', '..', 'settings.json');
}

/** Every file the TableTalk output channel wrote in this session, concatenated. */
export function readTableTalkLog(api: TableTalkApi): string {
  // logUri is <logs>/<session>/exthost<N>/<extension id>; output channels log under <logs>/<session>/exthost<N>/.
  const root = path.dirname(api.context.extension.logUri.fsPath);
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/TableTalk\.log$/.test(e.name)) found.push(p);
    }
  };
  walk(root);
  return found.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}
