// Builds the bundles: host (cjs/node, `vscode` external), CLI, webview apps (esm/browser), VS Code test modules.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, statSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleExternals } from './scripts/externals.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// Native or file-loading packages stay outside the bundle and ship in node_modules (one list: scripts/externals.mjs).
const nodeExternals = bundleExternals;

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

function listFiles(dir, re) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, re));
    else if (re.test(name)) out.push(p);
  }
  return out;
}

// ESM chunks get CommonJS globals, so bundled CommonJS packages and code that uses __dirname keep working.
const esmBanner = [
  "import { createRequire as __ttCreateRequire } from 'node:module';",
  "import { fileURLToPath as __ttFileURLToPath } from 'node:url';",
  "import { dirname as __ttDirname } from 'node:path';",
  'const require = __ttCreateRequire(import.meta.url);',
  'const __filename = __ttFileURLToPath(import.meta.url);',
  'const __dirname = __ttDirname(__filename);',
].join('\n');

// `vscode` exists only for CommonJS require() inside the extension host: import it through require.
const vscodeFromRequire = {
  name: 'vscode-from-require',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-cjs' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-cjs' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-cjs' }, () => ({ contents: "module.exports = require('vscode');", loader: 'js' }));
  },
};

const webviewEntries = existsSync('webview')
  ? readdirSync('webview').filter((d) => existsSync(join('webview', d, 'main.tsx'))).map((d) => ({ in: join('webview', d, 'main.tsx'), out: d }))
  : [];

const builds = [
  // Host: an ES module bundle split into chunks (heavy parts load on first use), behind a CommonJS `main`.
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist/host', outExtension: { '.js': '.mjs' }, splitting: true, chunkNames: 'chunks/[name]-[hash]', platform: 'node', format: 'esm', target: 'node20', external: nodeExternals.filter((p) => p !== 'vscode'), banner: { js: esmBanner }, plugins: [vscodeFromRequire] },
  { entryPoints: ['src/extension-loader.cjs'], outfile: 'dist/extension.js', bundle: false, logLevel: 'warning' },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals, banner: { js: '#!/usr/bin/env node' } },
  // The SQLite connection runs in this child process so a runaway query can be killed (src/core/datasource/sqlite-process.ts).
  { ...common, entryPoints: ['src/core/datasource/sqlite-process.ts'], outfile: 'dist/sqlite-process.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals },
];
if (webviewEntries.length) {
  builds.push({
    ...common,
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat', 'react/jsx-runtime': 'preact/jsx-runtime' },
    loader: { '.css': 'css' },
  });
}
const vscodeTests = listFiles('test/vscode', /\.ts$/);
if (!production && vscodeTests.length) {
  builds.push({ ...common, entryPoints: vscodeTests, outdir: 'out/test/vscode', outbase: 'test/vscode', platform: 'node', format: 'cjs', target: 'node20', external: [...nodeExternals, 'mocha'] });
}

// Chunk names carry content hashes: delete the previous builds' chunks (after writing, so a concurrent
// reader never finds the entry missing) so stale chunks never ship.
function removeStaleChunks(results) {
  const written = new Set(results.flatMap((r) => Object.keys(r.metafile.outputs)).map((f) => resolve(f)));
  for (const f of listFiles('dist/host/chunks', /\.mjs(\.map)?$/)) if (!written.has(resolve(f))) rmSync(f, { force: true });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  const t = Date.now();
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  removeStaleChunks(results);
  console.log(`esbuild: ${builds.length} bundles in ${Date.now() - t} ms`);
}
