// Builds the bundles: host (cjs/node, `vscode` external), CLI, webview apps (esm/browser), VS Code test modules.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, statSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname, relative } from 'node:path';
import { bundleExternals } from './scripts/externals.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// Native or file-loading packages stay outside the bundle and ship in node_modules (one list: scripts/externals.mjs).
const nodeExternals = bundleExternals;

// Licence comments of bundled packages stay (at the end of each file); scripts/third-party-notices.mjs lists the
// packages and their licence texts for the VSIX from the inputs recorded below.
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'eof' };

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

// The host is CommonJS (VS Code requires it at once: no ES-module loader on the activation path). What it
// loads with import() from src/core (drivers, SQL parser, Chroma and OpenAI clients, training, ask) is built
// separately as ES modules split into shared chunks under dist/lazy/, loaded on first use.
const lazyCore = [...new Set(listFiles('src/host', /\.ts$/).flatMap((f) =>
  [...readFileSync(f, 'utf8').matchAll(/import\('((?:\.\.\/)+core\/[^']+)'\)/g)].map((m) => resolve(dirname(f), m[1]).replace(/\.js$/, '.ts')),
))].sort();
const lazyName = (abs) => relative(resolve('src/core'), abs).replace(/\.ts$/, '');

const lazyCoreImports = {
  name: 'lazy-core-imports',
  setup(build) {
    build.onResolve({ filter: /\/core\// }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const abs = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      return lazyCore.includes(abs) ? { path: `./lazy/${lazyName(abs)}.mjs`, external: true } : undefined;
    });
  },
};

const webviewEntries = existsSync('webview')
  ? readdirSync('webview').filter((d) => existsSync(join('webview', d, 'main.tsx'))).map((d) => ({ in: join('webview', d, 'main.tsx'), out: d }))
  : [];

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals, plugins: [lazyCoreImports] },
  { ...common, entryPoints: Object.fromEntries(lazyCore.map((f) => [lazyName(f), f])), outdir: 'dist/lazy', outExtension: { '.js': '.mjs' }, splitting: true, chunkNames: 'chunks/[name]-[hash]', platform: 'node', format: 'esm', target: 'node20', external: nodeExternals, banner: { js: esmBanner } },
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
  rmSync('dist/host', { recursive: true, force: true }); // the previous layout of the host bundle
  for (const f of listFiles('dist/lazy', /\.mjs(\.map)?$/)) if (!written.has(resolve(f))) rmSync(f, { force: true });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  const t = Date.now();
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  removeStaleChunks(results);
  // Every source file that went into a shipped bundle (the VS Code test modules under out/ do not ship).
  const shipped = results.filter((r) => Object.keys(r.metafile.outputs).some((o) => o.startsWith('dist/')));
  writeFileSync('dist/bundled-inputs.json', `${JSON.stringify([...new Set(shipped.flatMap((r) => Object.keys(r.metafile.inputs)))].sort(), null, 1)}\n`);
  console.log(`esbuild: ${builds.length} bundles in ${Date.now() - t} ms`);
}
