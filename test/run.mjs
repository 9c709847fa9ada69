// Runs every suite (unit, integration on real databases, webview in Chromium, extension in real VS Code) and
// ends with one line: "N passed, N failed, N skipped". `npm test -- <filter>...` runs only files whose path
// contains one of the filters (e.g. `npm test -- unit`, `npm test -- introspect`).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, tmpdir } from 'node:os';
import { startPostgres, startMariadb, chinookDir } from './support/databases.mjs';

const order = ['unit', 'integration', 'webview', 'ui'];
const filters = process.argv.slice(2);

function list(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? list(p) : /\.test\.(ts|tsx|mjs)$/.test(n) ? [p] : [];
  }).sort();
}
const files = order.flatMap((s) => list(join('test', s))).filter((f) => !filters.length || filters.some((x) => f.includes(x)));
if (!files.length) {
  console.error(`No test files match ${filters.join(', ')}`);
  process.exit(1);
}

// `npm test` does its own setup on a fresh machine: missing Debian packages, then npm dependencies, then the
// build; each step only when needed, so `npm test -- unit` starts at once. Unit tests run from source through
// tsx: they need neither Debian packages (databases, Chromium) nor the build.
const unitOnly = files.every((f) => f.includes(join('test', 'unit')));
if (!unitOnly) {
  const setup = spawnSync('bash', ['scripts/setup-system.sh'], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(setup.status ?? 1);
}
if (!existsSync('node_modules/.package-lock.json')) {
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (ci.status !== 0) process.exit(ci.status ?? 1);
}

/** Newest modification time (ms) of the files under the given paths. */
function newest(paths) {
  let t = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newest(readdirSync(p).map((n) => join(p, n))) : st.mtimeMs);
  }
  return t;
}
/** Oldest modification time of the build's entry outputs (0 when one is missing). */
function oldestOutput() {
  const webviews = existsSync('webview') ? readdirSync('webview').filter((d) => existsSync(join('webview', d, 'main.tsx'))).map((d) => join('dist', 'webview', `${d}.js`)) : [];
  const outputs = ['dist/extension.js', 'dist/cli.js', 'dist/sqlite-process.js', ...webviews];
  return Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
}
const buildInputs = ['src', 'webview', 'media', 'test/vscode', 'esbuild.mjs', 'scripts/externals.mjs', 'package.json', 'package-lock.json'];
if (!unitOnly && newest(buildInputs) > oldestOutput()) {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env = { ...process.env, TABLETALK_CHINOOK_DIR: chinookDir };
const servers = [];
const needsDb = files.some((f) => !f.includes(`${'test'}/unit/`) && !f.includes('test/webview/'));
if (needsDb && !process.env.TABLETALK_NO_DB) {
  for (const [name, start, key] of [['PostgreSQL', startPostgres, 'TABLETALK_TEST_PG_URL'], ['MariaDB', startMariadb, 'TABLETALK_TEST_MYSQL_URL']]) {
    try {
      const s = await start();
      if (s.skip) {
        env[`${key}_SKIP`] = s.skip;
        console.log(`# ${name}: ${s.skip}`);
        continue;
      }
      servers.push(s);
      env[key] = s.chinookUrl ?? s.url();
      env[`${key.replace('_URL', '')}_ADMIN_URL`] = s.url();
      console.log(`# ${name} on 127.0.0.1:${s.port}`);
    } catch (e) {
      env[`${key}_SKIP`] = `${name} failed to start: ${e.message}`;
      console.log(`# ${name} failed to start: ${e.message}`);
    }
  }
}
// The node:sqlite engine's suites need Node 22 (this runtime may be older): fetched once into the test cache.
if (needsDb && files.some((f) => /introspect|sqlite/.test(f))) {
  const { ensureNode22 } = await import('./support/node22.mjs');
  const n = ensureNode22();
  if (n.bin) env.TABLETALK_SQLITE_NODE = n.bin;
  else {
    env.TABLETALK_SQLITE_NODE_SKIP = n.skip;
    console.log(`# ${n.skip}`);
  }
}
const stopAll = () => servers.splice(0).forEach((s) => s.stop());
process.on('SIGINT', () => { stopAll(); process.exit(130); });

// Unit files share nothing (temp dirs, no servers): they run side by side on every core. The others share the
// database servers and code-server, and some measure memory or kill processes: one file at a time.
const concurrency = unitOnly ? availableParallelism() : 1;
const out = mkdtempSync(join(tmpdir(), 'tt-results-'));
const countsFile = join(out, 'counts.json');
const child = spawn(process.execPath, [
  '--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=600000',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=./test/support/count-reporter.mjs', `--test-reporter-destination=${countsFile}`,
  ...files,
], { stdio: 'inherit', env });
const code = await new Promise((r) => child.on('exit', (c, sig) => r(c ?? (sig ? 1 : 0))));
stopAll();

let counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
try { counts = JSON.parse(readFileSync(countsFile, 'utf8')); } catch { counts.failed++; counts.failures.push('test runner produced no results'); }
rmSync(out, { recursive: true, force: true });
if (code !== 0 && counts.failed === 0) { counts.failed++; counts.failures.push(`test runner exited with ${code}`); }
if (counts.failures.length) console.log(`\nFailed:\n${counts.failures.map((f) => `  - ${f}`).join('\n')}`);
console.log(`\n${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(counts.failed ? 1 : 0);
