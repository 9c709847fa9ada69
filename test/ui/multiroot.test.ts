// Multi-root workspaces in real VS Code: code-server opens a .code-workspace with two folders, "Alpha" and "Beta",
// each with its own SQLite file at the same relative path (data/shop.sqlite, different rows) and its own datasource
// in its folder settings (.vscode/settings.json), plus the same dataset file "Twin" (same collection prefix, as a
// clone of one repository in two folders would have). The suite test/vscode/multiroot.test.ts then runs inside the
// extension host (mocha grep "Multi-root") and each of its tests is reported here.
import { describe, it } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ExtensionHostRun } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };

const twin = {
  version: 1,
  name: 'Twin',
  datasource: 'shop-alpha',
  collection: 'twin-0a1b2c3d',
  tables: [{ name: 'Item', schema: null }],
  terms: [],
  examples: [],
  modeling: { relationships: [], rejected: [], positions: {} },
};

/** One folder: data/shop.sqlite holding `rows`, a datasource `id` in its folder settings, the Twin dataset file. */
function folder(base: string, name: string, id: string, rows: string[]): string {
  const dir = join(base, name);
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  mkdirSync(join(dir, '.tabletalk', 'datasets'), { recursive: true });
  const db = new Database(join(dir, 'data', 'shop.sqlite'));
  db.exec('CREATE TABLE Item (ItemId INTEGER PRIMARY KEY, Name TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO Item (Name) VALUES (?)');
  for (const r of rows) insert.run(r);
  db.close();
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'tabletalk.datasources': [{ id, name: `Shop ${name}`, dialect: 'sqlite', file: 'data/shop.sqlite' }] }, null, 2));
  writeFileSync(join(dir, '.tabletalk', 'datasets', 'Twin.json'), `${JSON.stringify({ ...twin, datasource: id }, null, 2)}\n`);
  return dir;
}

describe('Multi-root workspace (extension host)', async () => {
  const base = mkdtempSync(join(tmpdir(), 'tt-multiroot-'));
  const alpha = folder(base, 'Alpha', 'shop-alpha', ['alpha apple', 'alpha anchor']);
  const beta = folder(base, 'Beta', 'shop-beta', ['beta berry', 'beta boat', 'beta bell']);
  const gamma = join(base, 'Gamma');
  mkdirSync(gamma);
  const workspace = join(base, 'shops.code-workspace');
  writeFileSync(workspace, JSON.stringify({ folders: [{ path: 'Alpha' }, { path: 'Beta' }], settings: {} }, null, 2));

  let run: ExtensionHostRun | undefined;
  let failure: unknown;
  try {
    const { runExtensionHostTests } = await import('../support/code-server.mjs');
    run = await runExtensionHostTests({
      workspace,
      grep: 'Multi-root',
      env: { TABLETALK_MULTIROOT: JSON.stringify({ alpha, beta, gamma }) },
    });
  } catch (err) {
    failure = err;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  if (!run) {
    it('runs the multi-root extension host tests', () => {
      throw failure;
    });
    return;
  }
  const { results } = run;
  if (results.error) {
    it('loads the extension host test runner', () => {
      throw new Error(results.error);
    });
  }
  const mine = results.tests.filter((t) => t.fullTitle.startsWith('Multi-root'));
  if (!mine.length) {
    it('finds the multi-root tests', () => {
      throw new Error(`no multi-root test ran inside VS Code.\n${run.logs.slice(-2000)}`);
    });
  }
  for (const t of mine) {
    it(t.fullTitle, t.state === 'pending' ? { skip: t.skipReason ?? 'skipped inside VS Code' } : {}, () => {
      if (t.state === 'failed') throw new Error(t.error);
    });
  }
});
