#!/usr/bin/env node
// `npm start`: builds TableTalk, installs code-server (VS Code for the browser) on first use, starts it on
// loopback with the extension loaded from this checkout, prints the URL, and stops cleanly on Ctrl+C.
// Options: --port N (default 8080; another free port is used when it is taken), --folder DIR (workspace to open),
//          --locale zh-cn (VS Code's display language; kept in the profile until another --locale, e.g. en).
// Settings and datasources persist in .vscode-test/run/ between runs.
// The steps are exported for scripts/demo.mjs (`npm run demo`), which adds the sample database.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { codeServerDebianPackages, missingDebianPackages, root, startCodeServer } from '../test/support/code-server.mjs';

/** The --port value as a port number; exits with a clear message when it is not one. */
export function parsePort(value) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`--port must be a number from 1 to 65535 (got "${value}").`);
    process.exit(2);
  }
  return port;
}

/** The line printed once VS Code is up: the install (first run only) and the start, each with its own time. */
export function readyLine({ installMs, startMs }) {
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  return `TableTalk is running in VS Code (code-server ${installMs ? `installed in ${s(installMs)}, ` : ''}started in ${s(startMs)}).`;
}

/** A fresh clone has no node_modules: `npm ci` first. Exits if it fails. */
export function installNpmPackages() {
  if (existsSync(join(root, 'node_modules', '.package-lock.json'))) return;
  console.log('Installing the project\'s npm packages (npm ci)…');
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (ci.status !== 0) process.exit(ci.status ?? 1);
}

/** The Debian packages code-server builds with: installs the missing ones (as root or through sudo), or exits saying which. */
export function installDebianPackages() {
  const missing = missingDebianPackages(codeServerDebianPackages);
  if (!missing.length) return;
  const isRoot = process.getuid?.() === 0;
  const hasSudo = spawnSync('sh', ['-c', 'command -v sudo']).status === 0;
  if (!isRoot && !hasSudo) {
    console.error(`code-server needs these Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing Debian packages code-server needs: ${missing.join(' ')}`);
  const apt = (args) => spawnSync(isRoot ? 'apt-get' : 'sudo', isRoot ? args : ['apt-get', ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (apt(['update', '-qq']).status !== 0 || apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]).status !== 0) {
    console.error(`Installing ${missing.join(' ')} failed (see above). Install them yourself with: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
}

/** Builds the extension bundles; exits if the build fails. */
export function build() {
  const result = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed (see above); nothing was started.');
    process.exit(result.status ?? 1);
  }
}

/**
 * Starts code-server with TableTalk loaded, prints the URL (and `notes`, one per line), and stops it cleanly on
 * Ctrl+C or SIGTERM (exit 0). Exits 1 if it cannot start or stops by itself.
 * @param {{ port: number, folder: string, profileDir: string, locale?: string, notes?: string[] }} o
 */
export async function serve({ port, folder, profileDir, locale, notes = [] }) {
  mkdirSync(folder, { recursive: true });
  let server;
  try {
    server = await startCodeServer({ port, folder, profileDir, locale, log: (m) => console.log(m) });
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
  if (server.requestedPortTaken) console.log(`Port ${port} is taken; using port ${server.port} instead.`);
  console.log(`\n${readyLine(server)}`);
  console.log(`Open this URL in your browser (the TableTalk icon is in the activity bar on the left):\n\n  ${server.url}\n`);
  for (const note of notes) console.log(note);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  async function stop(signal) {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal === 'exit' ? 'code-server stopped' : 'Stopping'}…`);
    await server.stop();
    process.exit(signal === 'exit' ? 1 : 0);
  }
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  server.exited.then((code) => {
    if (stopping) return;
    console.error(`code-server exited unexpectedly (code ${code}). Its last output:\n${server.logs().slice(-3000)}`);
    void stop('exit');
  });
  return server;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: process.env.PORT ?? '8080' }, folder: { type: 'string' }, locale: { type: 'string' } } });
  const port = parsePort(values.port);
  // Setup a fresh clone needs: the project's packages, and the Debian packages code-server builds with.
  installNpmPackages();
  installDebianPackages();
  build();
  const runDir = join(root, '.vscode-test', 'run');
  await serve({ port, folder: values.folder ? resolve(values.folder) : join(runDir, 'workspace'), profileDir: join(runDir, 'profile'), locale: values.locale });
}
