// Runs inside the VS Code extension host (extensionTestsPath): mocha over the bundled *.test.js files next to
// this module. The browser that opened the workbench has no exit code, so results go to the JSON file named by
// TABLETALK_VSCODE_RESULTS (set by test/support/code-server.mjs), one entry per test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

interface TestResult {
  title: string;
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
  skipReason?: string;
}

type Reported = Mocha.Runnable & { skipReason?: string };

function listTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listTests(p) : e.name.endsWith('.test.js') ? [p] : [];
  }).sort();
}

/**
 * Activates TableTalk before any suite does, so the figure does not depend on which suite runs first:
 * wall time of loading dist/extension.js plus activate(), as any caller of the extension sees it.
 */
async function measureActivation(): Promise<void> {
  const metrics = ((globalThis as { tabletalkTestMetrics?: Record<string, unknown> }).tabletalkTestMetrics ??= {});
  const ext = vscode.extensions.getExtension<{ activationMs?: number }>('tabletalk.tabletalk');
  if (!ext) return;
  if (ext.isActive) {
    metrics.activationWallMs = null;
    return;
  }
  const started = performance.now();
  const api = await ext.activate();
  metrics.activationWallMs = Math.round((performance.now() - started) * 10) / 10;
  metrics.activateMs = api?.activationMs === undefined ? null : Math.round(api.activationMs * 10) / 10;
}

export async function run(): Promise<void> {
  const resultsFile = process.env.TABLETALK_VSCODE_RESULTS;
  const tests: TestResult[] = [];
  const write = (extra: Record<string, unknown>) => {
    if (!resultsFile) return;
    const metrics = (globalThis as { tabletalkTestMetrics?: Record<string, unknown> }).tabletalkTestMetrics ?? {};
    fs.writeFileSync(`${resultsFile}.tmp`, JSON.stringify({ tests, metrics, ...extra }, null, 2));
    fs.renameSync(`${resultsFile}.tmp`, resultsFile); // the harness polls: never let it read half a file
  };
  try {
    await measureActivation();
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', grep: process.env.TABLETALK_VSCODE_GREP || undefined });
    for (const f of listTests(__dirname)) mocha.addFile(f);
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      const record = (t: Reported, state: TestResult['state'], err?: Error) => {
        tests.push({
          title: t.title,
          fullTitle: t.fullTitle(),
          state,
          durationMs: t.duration ?? 0,
          ...(err ? { error: `${err.message}\n${err.stack ?? ''}` } : {}),
          ...(state === 'pending' ? { skipReason: t.skipReason ?? 'skipped without a reason' } : {}),
        });
        write({ done: false });
      };
      runner.on('pass', (t) => record(t, 'passed'));
      runner.on('fail', (t, err: Error) => record(t, 'failed', err));
      runner.on('pending', (t) => record(t, 'pending'));
    });
    write({ done: true });
  } catch (err) {
    write({ done: true, error: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) });
  }
}
