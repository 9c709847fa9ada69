// scripts/module-graph.mjs: the check esbuild.mjs runs on the extension host's metafile (a module bundled into
// two outputs runs twice). The real build's metafile is checked in test/integration/module-graph.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
type ModuleGraph = typeof import('../../scripts/module-graph.mjs', { with: { 'resolution-mode': 'import' } });
const load = async () => (await import('../../scripts/module-graph.mjs')) as ModuleGraph;

test('a module bundled into two outputs is reported with both outputs; source maps do not count', async () => {
  const { modulesBundledTwice } = await load();
  const cjs = { outputs: { 'dist/extension.js': { inputs: { 'src/extension-entry.ts': {}, 'src/core/dataset/run-state.ts': {} } }, 'dist/extension.js.map': { inputs: {} } } };
  const esm = { outputs: { 'dist/host.mjs': { inputs: { 'src/extension.ts': {} } }, 'dist/lazy/chunks/chunk-A.mjs': { inputs: { 'src/core/dataset/run-state.ts': {}, 'src/core/errors.ts': {} } } } };
  assert.deepEqual(modulesBundledTwice([cjs, esm]), [{ input: 'src/core/dataset/run-state.ts', outputs: ['dist/extension.js', 'dist/lazy/chunks/chunk-A.mjs'] }]);
  assert.deepEqual(modulesBundledTwice([esm]), []);
});
