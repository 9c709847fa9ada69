// Real VS Code for tests and the demo: installs code-server (VS Code 1.100.3 for the browser) into
// .vscode-test/code-server, outside the project's dependencies, and starts it on loopback with a fresh profile.
// The recipe (workarounds for root, npx and the ripgrep download) is the one in ../shared/FACTS.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './databases.mjs';
import { installDisplayLanguage } from './display-language.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const installDir = join(root, '.vscode-test', 'code-server');
const marker = join(installDir, `.installed-${CODE_SERVER_VERSION}`);
const entry = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Debian packages code-server's native modules need to build (see scripts/setup-system.sh). */
export const codeServerDebianPackages = ['libkrb5-dev', 'libsecret-1-dev', 'libxkbfile-dev', 'libx11-dev', 'pkg-config', 'ripgrep'];

/** The given Debian packages that are not installed ([] on systems without dpkg). */
export function missingDebianPackages(pkgs) {
  if (spawnSync('dpkg-query', ['--version']).status !== 0) return [];
  return pkgs.filter((p) => !/install ok installed/.test(spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout ?? ''));
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** @vscode/ripgrep downloads rg from GitHub; seed its cache with the system's rg so the install stays offline. */
function seedRipgrepCache() {
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep is missing: install it with `sudo apt-get install -y ripgrep` (or `bash scripts/setup-system.sh`).');
  const cache = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const tarball = join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(tarball)) return;
  mkdirSync(cache, { recursive: true });
  const r = spawnSync('tar', ['czf', tarball, '-C', dirname(rg), 'rg']);
  if (r.status !== 0) throw new Error(`Could not seed the ripgrep cache: ${r.stderr}`);
}

/**
 * Installs code-server once; later calls return at once (a marker file records a finished install).
 * Installs into a temporary folder and renames it into place, so an interrupted install leaves nothing half-done.
 * @returns {Promise<{ entry: string, ms: number, cached: boolean }>}
 */
export async function installCodeServer({ log = (m) => console.log(`# ${m}`) } = {}) {
  if (existsSync(marker) && existsSync(entry)) return { entry, ms: 0, cached: true };
  const missing = missingDebianPackages(codeServerDebianPackages);
  if (missing.length) {
    throw new Error(`code-server cannot be installed: missing Debian packages ${missing.join(' ')}. ` +
      `Install them with \`sudo apt-get install -y ${missing.join(' ')}\` or \`bash scripts/setup-system.sh\`.`);
  }
  seedRipgrepCache();
  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${installDir} (about a minute, once)`);
  const staging = `${installDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'tabletalk-code-server', private: true }, null, 2));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const env = { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const output = [];
  // npm prints nothing while it installs: say every 20 s that it is still going.
  const ticker = globalThis.setInterval(() => log(`still installing code-server (${Math.round((Date.now() - started) / 1000)} s)…`), 20_000);
  const code = await new Promise((res) => {
    const child = spawn(npm, ['install', '--no-save', '--no-package-lock', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], { cwd: staging, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', (e) => { output.push(Buffer.from(String(e))); res(1); });
    child.on('exit', (c) => res(c ?? 1));
  }).finally(() => globalThis.clearInterval(ticker));
  if (code !== 0 || !existsSync(join(staging, 'node_modules', 'code-server', 'out', 'node', 'entry.js'))) {
    rmSync(staging, { recursive: true, force: true });
    const text = Buffer.concat(output).toString().trim().split('\n').slice(-25).join('\n');
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${code}).\n${text}`);
  }
  rmSync(installDir, { recursive: true, force: true });
  renameSync(staging, installDir);
  const ms = Date.now() - started;
  writeFileSync(marker, JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString(), ms }));
  log(`code-server installed in ${(ms / 1000).toFixed(1)} s`);
  return { entry, ms, cached: false };
}

/** User settings for a quiet, reproducible workbench: no trust prompt, telemetry, welcome pages or tips. */
export const quietSettings = {
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  // The harness's database logins are all-powerful on purpose (the hostile-SQL suites need them): the warning
  // about such logins would cover other tests' notifications. test/ui/least-privilege.test.ts turns it on.
  'tabletalk.security.warnWritableLogins': false,
};

function waitForExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return Promise.race([new Promise((r) => child.once('exit', r)), sleep(ms)]);
}

/** Kills a detached child's whole process group (code-server spawns the extension host and more). */
export async function killGroup(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const signal = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
  signal('SIGTERM');
  await waitForExit(child, graceMs);
  signal('SIGKILL');
  await waitForExit(child, 1000);
}

/**
 * Starts code-server on a free loopback port with a fresh user-data and extensions dir.
 * @param {object} o
 * @param {string} [o.folder] workspace folder to open (a temp folder if omitted)
 * @param {string} [o.workspace] a .code-workspace file to open instead of a folder (multi-root)
 * @param {Record<string, unknown>} [o.settings] extra user settings (merged over quietSettings)
 * @param {string} [o.extensionDevelopmentPath] extension to load (default: this repository)
 * @param {string} [o.extensionTestsPath] absolute path of a module whose run() the extension host calls
 * @param {string} [o.locale] display language, e.g. 'zh-cn'
 * @param {Record<string, string>} [o.env] extra environment for code-server and so the extension host
 * @param {number} [o.port] port to try first (another free one is used when it is taken)
 * @param {boolean} [o.keepProfile] keep the user-data dir on stop (default false)
 * @param {string} [o.profileDir] use (and keep) this folder for user data and extensions instead of a fresh temp one;
 *   its settings.json is written only if missing, so a user's changes survive restarts
 * @param {(message: string) => void} [o.log] progress messages (install)
 * @returns {Promise<{ url: string, port: number, requestedPortTaken: boolean, folder: string, userDataDir: string, extensionsDir: string, startMs: number, installMs: number, exited: Promise<number>, logs: () => string, stop: () => Promise<void> }>}
 */
export async function startCodeServer(o = {}) {
  const install = await installCodeServer(o.log ? { log: o.log } : undefined);
  const keep = Boolean(o.profileDir || o.keepProfile);
  const base = o.profileDir ?? mkdtempSync(join(tmpdir(), 'tt-code-server-'));
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  const folder = o.folder ?? join(base, 'workspace');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(folder, { recursive: true });
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  if (!o.profileDir || !existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify({ ...quietSettings, ...o.settings }, null, 2));
  if (o.locale) writeFileSync(join(userDataDir, 'User', 'argv.json'), JSON.stringify({ locale: o.locale }));
  // --locale alone leaves VS Code in English without a language pack (see display-language.mjs).
  if (o.locale && !o.locale.toLowerCase().startsWith('en')) installDisplayLanguage({ userDataDir, extensionsDir, locale: o.locale });

  const requestedPortTaken = Boolean(o.port) && !(await isPortFree(o.port));
  const port = o.port && !requestedPortTaken ? o.port : await freePort();
  const args = [install.entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    ...(o.locale ? ['--locale', o.locale] : []), o.workspace ?? folder];
  const output = [];
  const child = spawn(process.execPath, args, { cwd: base, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise((res) => child.once('exit', (code, signal) => res(code ?? (signal ? 1 : 0))));
  child.stdout.on('data', (d) => output.push(d));
  child.stderr.on('data', (d) => output.push(d));
  const logs = () => Buffer.concat(output).toString();

  const stop = async () => {
    await killGroup(child);
    if (!keep) rmSync(base, { recursive: true, force: true });
  };
  // Tests that fail or are interrupted must not leave servers behind. code-server runs in its own process
  // group (detached), so Ctrl+C in the terminal does not reach it: pass the signal on, and exit if nobody else
  // handles it (run-vscode.mjs does, to stop gracefully).
  const onExit = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } };
  const onSignal = (sig) => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    if (process.listenerCount(sig) === 1) process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', onExit);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, onSignal);
  const unhook = () => {
    process.removeListener('exit', onExit);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeListener(sig, onSignal);
  };

  const started = Date.now();
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60000, child, logs);
  } catch (e) {
    unhook();
    await stop();
    throw e;
  }
  const startMs = Date.now() - started;
  const devPath = o.extensionDevelopmentPath ?? root;
  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${devPath}`]];
  if (o.extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://127.0.0.1:${port}${o.extensionTestsPath}`]);
  const url = `http://127.0.0.1:${port}/?${o.workspace ? `workspace=${encodeURIComponent(o.workspace)}` : `folder=${encodeURIComponent(folder)}`}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return {
    url, port, requestedPortTaken, folder, userDataDir, extensionsDir, startMs, installMs: install.ms, exited, logs,
    stop: async () => { unhook(); await stop(); },
  };
}

function isPortFree(port) {
  return import('node:net').then(({ createServer }) => new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  }));
}

async function waitForHttp(url, ms, child, logs) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before serving:\n${logs().slice(-3000)}`);
    try {
      const r = await globalThis.fetch(url);
      if (r.ok) return;
    } catch { /* not yet listening */ }
    await sleep(150);
  }
  throw new Error(`code-server did not answer ${url} within ${ms} ms:\n${logs().slice(-3000)}`);
}

export const chromiumPath = process.env.TABLETALK_CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless Debian Chromium through playwright-core. */
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: install it with \`sudo apt-get install -y chromium\` (or \`bash scripts/setup-system.sh\`).`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Opens the workbench at `url` in a new page (from a Browser) or in the given Page, and waits until it is ready.
 * @returns {Promise<import('playwright-core').Page>}
 */
export async function openWorkbench(browserOrPage, url, { timeoutMs = 60000, viewport = { width: 1400, height: 900 } } = {}) {
  const page = 'goto' in browserOrPage ? browserOrPage : await browserOrPage.newPage({ viewport });
  await page.goto(url, { timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
  return page;
}

/**
 * Runs the mocha suites bundled in out/test/vscode inside the real extension host and returns their results.
 * The runner (test/vscode/index.ts) writes results to TABLETALK_VSCODE_RESULTS, since the browser has no exit code.
 * @param {object} o
 * @param {string} [o.testsPath] module with run() (default out/test/vscode/index.js)
 * @param {string} [o.grep] only tests whose full title matches
 * @param {number} [o.timeoutMs] whole-run limit (default 900 s or env TABLETALK_VSCODE_TIMEOUT_MS; each mocha test has its own timeout)
 * @returns {Promise<{ results: { tests: Array<{ title: string, fullTitle: string, state: 'passed'|'failed'|'pending', durationMs: number, error?: string, skipReason?: string }>, activationMs?: number, error?: string }, logs: string, startMs: number, installMs: number }>}
 */
export async function runExtensionHostTests(o = {}) {
  const testsPath = o.testsPath ?? join(root, 'out', 'test', 'vscode', 'index.js');
  if (!existsSync(testsPath)) throw new Error(`${testsPath} does not exist: run \`node esbuild.mjs\` first.`);
  const outDir = mkdtempSync(join(tmpdir(), 'tt-vscode-results-'));
  const resultsFile = join(outDir, 'results.json');
  const timeoutMs = o.timeoutMs ?? (Number(process.env.TABLETALK_VSCODE_TIMEOUT_MS) || 900000);
  let server;
  let browser;
  try {
    server = await startCodeServer({ ...o, extensionTestsPath: testsPath, env: { ...o.env, TABLETALK_VSCODE_RESULTS: resultsFile, ...(o.grep ? { TABLETALK_VSCODE_GREP: o.grep } : {}) } });
    browser = await launchBrowser();
    const page = await browser.newPage();
    await page.goto(server.url, { timeout: 60000 });
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (existsSync(resultsFile)) {
        const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
        if (results.done) return { results, logs: server.logs(), startMs: server.startMs, installMs: server.installMs };
      }
      await sleep(250);
    }
    const partial = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : 'no results file';
    throw new Error(`extension host tests did not finish within ${timeoutMs} ms (${partial.slice(0, 500)}).\ncode-server output:\n${server.logs().slice(-3000)}`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    rmSync(outDir, { recursive: true, force: true });
  }
}
