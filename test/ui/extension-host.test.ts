// Runs the mocha suites of test/vscode inside the real VS Code extension host (code-server) and reports each
// of them here as its own node:test test, so the summary counts them one by one.
import { describe, it } from 'node:test';
import type { ExtensionHostRun } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };

describe('VS Code extension host', async () => {
  let run: ExtensionHostRun | undefined;
  let failure: unknown;
  try {
    // The harness is ESM; this test file is CommonJS for TypeScript, hence the dynamic import.
    const { runExtensionHostTests } = await import('../support/code-server.mjs');
    run = await runExtensionHostTests();
  } catch (err) {
    failure = err;
  }
  if (!run) {
    it('runs the extension host tests', () => {
      throw failure;
    });
    return;
  }
  const { results } = run;
  const m = results.metrics;
  console.log(`# code-server: install ${run.installMs ? `${(run.installMs / 1000).toFixed(1)} s` : 'cached'}, start ${run.startMs} ms`);
  console.log(`# activation: ${m.activationWallMs ?? '?'} ms load+activate, activate() ${m.activateMs ?? '?'} ms, logged ${m.activationLoggedMs ?? '?'} ms`);
  if (results.error) {
    it('loads the extension host test runner', () => {
      throw new Error(results.error);
    });
  }
  if (!results.tests.length) {
    it('finds extension host tests', () => {
      throw new Error(`no tests ran inside VS Code.\n${run.logs.slice(-2000)}`);
    });
  }
  for (const t of results.tests) {
    it(t.fullTitle, t.state === 'pending' ? { skip: t.skipReason ?? 'skipped inside VS Code' } : {}, () => {
      if (t.state === 'failed') throw new Error(t.error);
    });
  }
});
