// One module graph in the extension host: the build's metafile (dist/host-metafile.json, written by esbuild.mjs)
// shows every module in exactly one output, and the entry VS Code requires holds no module of the host itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
type ModuleGraph = typeof import('../../scripts/module-graph.mjs', { with: { 'resolution-mode': 'import' } });
const load = async () => (await import('../../scripts/module-graph.mjs')) as ModuleGraph;

const root = join(__dirname, '..', '..');

test('no module is bundled twice into the extension host', async () => {
  const { modulesBundledTwice } = await load();
  const metafiles = JSON.parse(readFileSync(join(root, 'dist', 'host-metafile.json'), 'utf8')) as Parameters<ModuleGraph['modulesBundledTwice']>[0];
  const outputs = metafiles.flatMap((m) => Object.keys(m.outputs));
  assert.ok(outputs.includes('dist/host.mjs') && outputs.some((o) => o.startsWith('dist/lazy/chunks/')), `host graph outputs: ${outputs.join(', ')}`);
  assert.deepEqual(modulesBundledTwice(metafiles), []);
  const entry = Object.keys(metafiles[0].outputs['dist/extension.js'].inputs);
  assert.deepEqual(entry, ['src/extension-entry.ts'], 'the CommonJS entry only imports the host');
});
