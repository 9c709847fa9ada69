// `npm run test:desktop` where desktop VS Code cannot be downloaded fails fast with one line (the download is
// made unreachable through a dead proxy, so this holds on machines with internet too), and the CI workflow
// that runs it on ubuntu, macOS and Windows is valid YAML naming every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

const root = resolve(__dirname, '../..');

test('test:desktop without a reachable VS Code download says so in one line and exits non-zero', async () => {
  // A port that was free a moment ago: connections to it are refused.
  const port = await new Promise<number>((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => res(p));
    });
  });
  const env = { ...process.env, npm_config_proxy: `http://127.0.0.1:${port}`, TABLETALK_VSCODE_DOWNLOAD_TIMEOUT_MS: '60000' };
  const child = spawn(process.execPath, [join(root, 'scripts', 'test-desktop.mjs'), '--skip-build'], { cwd: root, env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  // A safety net only: the script's own limit (60 s here) must end it first.
  const killer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('exit', (c, s) => r([c, s])));
  clearTimeout(killer);
  assert.equal(signal, null, 'the script hung and was killed');
  assert.notEqual(code, 0);
  assert.equal(out, '');
  const lines = err.trim().split('\n');
  assert.equal(lines.length, 1, err);
  assert.match(lines[0], /^test:desktop: desktop VS Code \(stable\) could not be downloaded .*; run this where update\.code\.visualstudio\.com is reachable\.$/);
});

test('the CI workflow is valid YAML, names every step, and runs test:desktop with each platform\'s VSIX on ubuntu, macOS and Windows', () => {
  const wf = parseYaml(readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8')) as { jobs: Record<string, { 'runs-on': string; steps: { name?: string; run?: string; uses?: string }[]; strategy?: { matrix: { include: { os: string; target: string }[] } } }> };
  for (const [id, job] of Object.entries(wf.jobs)) {
    for (const step of job.steps) assert.ok(step.name && step.name.trim(), `a step of job ${id} has no name: ${JSON.stringify(step)}`);
  }
  const desktop = Object.values(wf.jobs).find((j) => j.steps.some((s) => s.run?.includes('npm run test:desktop')));
  assert.ok(desktop, 'no job runs npm run test:desktop');
  const include = desktop.strategy?.matrix.include ?? [];
  assert.deepEqual(include.map((i) => i.os.split('-')[0]).sort(), ['macos', 'ubuntu', 'windows']);
  assert.ok(desktop.steps.some((s) => s.run?.includes('npm run package -- --target ${{ matrix.target }}')), 'the platform VSIX is not built');
  const timeouts = Object.values(wf.jobs).map((j) => (j as { 'timeout-minutes'?: number })['timeout-minutes'] ?? 360);
  assert.ok(timeouts.every((t) => t <= 45), `every job is bounded by 45 minutes: ${timeouts}`);
});
