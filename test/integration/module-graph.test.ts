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

// The CLI is built with the host (it shares the core's chunks instead of shipping a copy): what it loads, by
// static or dynamic import, must hold no host module and not `vscode`, which plain Node cannot load.
test('the CLI shares the core chunks with the host and loads nothing of the host or vscode', () => {
  const metafiles = JSON.parse(readFileSync(join(root, 'dist', 'host-metafile.json'), 'utf8')) as { outputs: Record<string, { imports: { path: string }[]; inputs: Record<string, unknown> }> }[];
  const { outputs } = metafiles[1];
  assert.ok(outputs['dist/cli-main.mjs'], 'dist/cli-main.mjs is built with the host');
  const reached = new Set<string>();
  for (const todo = ['dist/cli-main.mjs']; todo.length;) {
    const o = todo.pop()!;
    if (reached.has(o)) continue;
    reached.add(o);
    for (const i of outputs[o].imports) if (outputs[i.path]) todo.push(i.path);
  }
  const shared = [...reached].filter((o) => o.startsWith('dist/lazy/chunks/'));
  assert.ok(shared.length > 5, `chunks the CLI loads: ${[...reached].join(', ')}`);
  const host = [...reached].flatMap((o) => Object.keys(outputs[o].inputs).filter((i) => i.startsWith('vscode-require:') || i.startsWith('src/host/') || i === 'src/extension.ts').map((i) => `${o}: ${i}`));
  assert.deepEqual(host, []);
});
