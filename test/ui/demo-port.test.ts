// `npm run demo` as a user runs it: a real process, asked for a port that another program already holds. It
// must say so and use another port, print a URL that serves the workbench with the "Sample shop" registered,
// and on Ctrl+C (SIGINT) stop and free its port. Screenshot: test-results/screenshots/demo.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tableTalkLog } from './demo-support';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const screenshots = join(root, 'test-results', 'screenshots');

function listen(port = 0): Promise<Server> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => res(server));
  });
}

/** True when nothing listens on the port any more (we can take it ourselves). */
async function isFree(port: number): Promise<boolean> {
  try {
    const s = await listen(port);
    await new Promise((r) => s.close(r));
    return true;
  } catch {
    return false;
  }
}

let dummy: Server;
let demo: ChildProcess | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'tt-demo-'));

// A fresh clone installs code-server first (a minute or more): not part of the test's own time limit.
before(async () => {
  const { installCodeServer } = await import('../support/code-server.mjs');
  await installCodeServer();
  dummy = await listen();
}, { timeout: 900_000 });

after(async () => {
  if (demo && demo.exitCode === null && demo.signalCode === null) demo.kill('SIGKILL');
  await new Promise((r) => dummy?.close(r));
  rmSync(dataDir, { recursive: true, force: true });
});

test('npm run demo: a taken port is named and another used, the URL serves the workbench with the sample, Ctrl+C stops it and frees the port', { timeout: 300_000 }, async () => {
  const taken = (dummy.address() as { port: number }).port;
  const child = spawn(process.execPath, ['scripts/demo.mjs', '--port', String(taken), '--data-dir', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  demo = child;
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.once('exit', (code, signal) => res({ code, signal })));

  // Ready once it asks for Ctrl+C; if it exits first, its output says why.
  await new Promise<void>((res, rej) => {
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) rej(err);
      else res();
    };
    const timer = setTimeout(() => settle(new Error(`demo not ready after 240 s:\n${output}`)), 240_000);
    child.stdout!.on('data', () => output.includes('Press Ctrl+C to stop.') && settle());
    child.once('exit', (code) => settle(new Error(`demo exited (${code}) before it was ready:\n${output}`)));
  });
  const fallback = new RegExp(`Port ${taken} is taken; using port (\\d+) instead\\.`).exec(output);
  assert.ok(fallback, `the fallback is announced:\n${output}`);
  const port = Number(fallback[1]);
  assert.notEqual(port, taken);
  const url = new RegExp(`http://127\\.0\\.0\\.1:${port}/\\?\\S+`).exec(output)?.[0];
  assert.ok(url, `a URL on port ${port} is printed:\n${output}`);
  assert.match(output, /Sample database written to .*shop\.sqlite: 14 tables/);

  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /vscode-workbench-web-configuration/, 'the URL serves the VS Code workbench');

  // The settings hold the sample datasource (no secrets) and the embedded defaults.
  const settings = JSON.parse(readFileSync(join(dataDir, 'profile', 'user-data', 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(settings['tabletalk.datasources'], [{ id: 'sample-shop', name: 'Sample shop', dialect: 'sqlite', file: join(dataDir, 'sample', 'shop.sqlite') }]);
  assert.equal(settings['tabletalk.vectorStore.kind'], 'embedded');
  assert.equal(settings['tabletalk.embeddings.provider'], 'builtin');

  // What the user sees at that URL: TableTalk with the Sample shop and its tables.
  const { launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  const browser = await launchBrowser();
  try {
    const workbench = await openWorkbench(browser, url);
    await workbench.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    const sample = workbench.locator('.part.sidebar .monaco-list-row[aria-label^="Sample shop"]');
    await sample.waitFor();
    await sample.click();
    await workbench.locator('.part.sidebar .monaco-list-row[aria-label^="orders "]').waitFor({ timeout: 60_000 });
    mkdirSync(screenshots, { recursive: true });
    await workbench.screenshot({ path: join(screenshots, 'demo.png') });
  } catch (err) {
    await browser.contexts()[0]?.pages()[0]?.screenshot({ path: join(screenshots, 'demo-failure.png') }).catch(() => undefined);
    console.log(`# at failure: screenshot in test-results/screenshots/demo-failure.png; TableTalk log:\n${tableTalkLog(join(dataDir, 'profile', 'user-data', 'logs'))}`);
    throw err;
  } finally {
    await browser.close();
  }

  child.kill('SIGINT');
  const end = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(r, 30_000))]);
  assert.ok(end, `the demo did not exit within 30 s of Ctrl+C:\n${output}`);
  assert.deepEqual(end, { code: 0, signal: null }, output);
  assert.match(output, /Stopping…/);
  // The demo has exited; its code-server children may take a moment more to be reaped by the kernel.
  const freeBy = Date.now() + 10_000;
  while (!(await isFree(port)) && Date.now() < freeBy) await new Promise((r) => setTimeout(r, 250));
  assert.ok(await isFree(port), `port ${port} is free again within 10 s of the demo exiting`);
  assert.equal(await isFree(taken), false, 'the other program keeps its port');
});
