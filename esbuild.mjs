// Builds the bundles: host (cjs/node, `vscode` external), CLI, webview apps (esm/browser), VS Code test modules.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

const webviewEntries = existsSync('webview')
  ? readdirSync('webview').filter((d) => existsSync(join('webview', d, 'main.tsx'))).map((d) => ({ in: join('webview', d, 'main.tsx'), out: d }))
  : [];

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals },
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

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  const t = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`esbuild: ${builds.length} bundles in ${Date.now() - t} ms`);
}
