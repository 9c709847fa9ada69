#!/usr/bin/env node
// `npm run test:desktop`: the extension-host suites (test/vscode) inside desktop VS Code (Electron), through
// @vscode/test-electron, which downloads VS Code into .vscode-test/. Where VS Code cannot be downloaded (no
// internet, as on the development machine) it says so in one line and exits non-zero, without hanging.
// On Linux without a display run it under `xvfb-run -a` (CI does).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const version = process.env.TABLETALK_VSCODE_VERSION ?? 'stable';
const downloadLimitMs = Number(process.env.TABLETALK_VSCODE_DOWNLOAD_TIMEOUT_MS) || 120_000;

function fail(line, code = 2) {
  console.error(`test:desktop: ${line}`);
  process.exit(code);
}

const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron').catch(() => fail('@vscode/test-electron is not installed (npm install).'));

let vscodeExecutablePath;
// The download's own timeout is an idle timeout; this one bounds the whole attempt.
const guard = setTimeout(() => fail(`desktop VS Code (${version}) could not be downloaded within ${downloadLimitMs / 1000} s; run this where update.code.visualstudio.com is reachable.`), downloadLimitMs);
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: join(root, '.vscode-test'), timeout: 15_000, reporter: { report() {}, error() {} } });
} catch (e) {
  fail(`desktop VS Code (${version}) could not be downloaded (${String(e?.message ?? e).split('\n')[0]}); run this where update.code.visualstudio.com is reachable.`);
}
clearTimeout(guard);

if (!process.argv.includes('--skip-build')) {
  const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) fail('the build failed (see above).', 1);
}
const testsPath = join(root, 'out', 'test', 'vscode', 'index.js');
if (!existsSync(testsPath)) fail(`${testsPath} is missing after the build.`, 1);

const out = mkdtempSync(join(tmpdir(), 'tt-desktop-'));
const resultsFile = join(out, 'results.json');
let code;
try {
  const workspace = mkdtempSync(join(tmpdir(), 'tt-desktop-ws-'));
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: testsPath,
    extensionTestsEnv: { TABLETALK_VSCODE_RESULTS: resultsFile },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    const tests = results.tests ?? [];
    for (const t of tests) console.log(`${t.state === 'passed' ? 'ok' : t.state === 'pending' ? 'skip' : 'FAIL'} ${t.fullTitle}${t.error ? `\n    ${t.error.split('\n')[0]}` : ''}`);
    const failed = tests.filter((t) => t.state === 'failed').length;
    console.log(`\n${tests.filter((t) => t.state === 'passed').length} passed, ${failed} failed, ${tests.filter((t) => t.state === 'pending').length} skipped (desktop VS Code ${version})`);
    if (failed || results.error || !tests.length) code = code || 1;
  } else code = code || 1;
} catch (e) {
  console.error(`test:desktop: ${String(e?.message ?? e).split('\n')[0]}`);
  code = 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(code);
