// Builds the bundles: host (cjs/node, `vscode` external), CLI, webview apps (esm/browser), VS Code test modules.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, statSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { bundleExternals } from './scripts/externals.mjs';
import { modulesBundledTwice } from './scripts/module-graph.mjs';
import { mysql2Slim } from './scripts/mysql2-slim.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// Native or file-loading packages stay outside the bundle and ship in node_modules (one list: scripts/externals.mjs).
const nodeExternals = bundleExternals;

// The SQL guard's identity in this build (src/core/ask/guard-id.ts): every source of src/core/ask/ (over-inclusive
// on purpose: any change there counts as a new guard) and the SQL parser's version.
const guardId = (() => {
  const h = createHash('sha256');
  for (const f of listFiles('src/core/ask', /\.ts$/).sort()) h.update(f).update(readFileSync(f));
  h.update(JSON.parse(readFileSync('node_modules/node-sql-parser/package.json', 'utf8')).version);
  return h.digest('hex').slice(0, 16);
})();

// Licence comments of bundled packages stay (at the end of each file); scripts/third-party-notices.mjs lists the
// packages and their licence texts for the VSIX from the inputs recorded below.
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'eof', define: { __TABLETALK_GUARD_ID__: JSON.stringify(guardId) } };

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

// VS Code requires the extension's main as CommonJS, so dist/extension.js is a small entry
// (src/extension-entry.ts) that imports the host, built as an ES module together with what it loads with
// import() from src/core (drivers, SQL parser, Chroma and OpenAI clients, training, ask). That one build splits
// the shared code into chunks under dist/lazy/: every module exists once at run time (scripts/module-graph.mjs
// checks the metafile), and the heavy core is read on first use only.
const lazyCore = [...new Set(listFiles('src/host', /\.ts$/).flatMap((f) =>
  [...readFileSync(f, 'utf8').matchAll(/import\('((?:\.\.\/)+core\/[^']+)'\)/g)].map((m) => resolve(dirname(f), m[1]).replace(/\.js$/, '.ts')),
))].sort();
const lazyName = (abs) => `lazy/${relative(resolve('src/core'), abs).replace(/\.ts$/, '')}`;

/** The entry's import() of the host stays an import of the built ES module. */
const hostImport = {
  name: 'host-import',
  setup(build) {
    build.onResolve({ filter: /^\.\/extension\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: './host.mjs', external: true } : undefined));
  },
};

/**
 * `vscode` is not a package Node's ES-module loader can find: VS Code provides it to require() only. In the
 * ES-module host it is required through the createRequire of the banner (esbuild's __require).
 */
const vscodeByRequire = {
  name: 'vscode-by-require',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.kind === 'require-call' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-require' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-require' }, () => ({ contents: "module.exports = require('vscode');", loader: 'js' }));
  },
};
/** The bin's import() of the CLI stays an import of the built ES module. */
const cliImport = {
  name: 'cli-import',
  setup(build) {
    build.onResolve({ filter: /^\.\/cli\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: './cli-main.mjs', external: true } : undefined));
  },
};
/**
 * src/core/dataset/validate-dataset.ts compiles the dataset schema with ajv when it loads; the bundles get the
 * same validator precompiled instead (ajv standalone code, from that module's own options and schema).
 */
const precompiledDatasetValidator = {
  name: 'precompiled-dataset-validator',
  setup(build) {
    let code;
    build.onLoad({ filter: /[\\/]src[\\/]core[\\/]dataset[\\/]validate-dataset\.ts$/ }, async (args) => {
      code ??= (async () => {
        const source = await esbuild.build({ entryPoints: [args.path], bundle: true, write: false, platform: 'node', format: 'cjs', external: ['ajv'], logLevel: 'silent' });
        const mod = { exports: {} };
        new Function('module', 'exports', 'require', source.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
        const { datasetAjvOptions, datasetSchema } = mod.exports;
        const { default: Ajv } = await import('ajv');
        const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
        const ajv = new Ajv({ ...datasetAjvOptions, code: { source: true, esm: true } });
        return `${standaloneCode(ajv, ajv.compile(datasetSchema))}\nexport const validateDataset = validate;\nexport const datasetAjvOptions = ${JSON.stringify(datasetAjvOptions)};\nexport const datasetSchema = schema0;\n`;
      })();
      return { contents: await code, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

const hostExternals = nodeExternals.filter((p) => p !== 'vscode');

const webviewEntries = existsSync('webview')
  ? readdirSync('webview').filter((d) => existsSync(join('webview', d, 'main.tsx'))).map((d) => ({ in: join('webview', d, 'main.tsx'), out: d }))
  : [];

const builds = [
  { ...common, entryPoints: ['src/extension-entry.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals, plugins: [hostImport] },
  // The CLI (dist/cli-main.mjs, split per command: src/cli-entry.ts says why) is built here too, so it shares
  // the core's chunks with the host instead of shipping a second copy of them (about 1 MB of the VSIX).
  { ...common, entryPoints: { host: 'src/extension.ts', 'cli-main': 'src/cli.ts', ...Object.fromEntries(lazyCore.map((f) => [lazyName(f), f])) }, outdir: 'dist', outExtension: { '.js': '.mjs' }, splitting: true, chunkNames: 'lazy/chunks/[name]-[hash]', platform: 'node', format: 'esm', target: 'node20', external: hostExternals, plugins: [vscodeByRequire, precompiledDatasetValidator, mysql2Slim], banner: { js: esmBanner } },
  { ...common, entryPoints: ['src/cli-entry.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals, plugins: [cliImport], banner: { js: '#!/usr/bin/env node' } },
  // The SQLite connection runs in this child process so a runaway query can be killed (src/core/datasource/sqlite-process.ts).
  { ...common, entryPoints: ['src/core/datasource/sqlite-process.ts'], outfile: 'dist/sqlite-process.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals },
  // The embedded Chroma server's process: loads the platform's binding itself (src/core/vector/chroma-process.ts).
  { ...common, entryPoints: ['src/core/vector/chroma-process.ts'], outfile: 'dist/chroma-process.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals },
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
  builds.push({ ...common, entryPoints: vscodeTests, outdir: 'out/test/vscode', outbase: 'test/vscode', platform: 'node', format: 'cjs', target: 'node20', external: [...nodeExternals, 'mocha'], plugins: [mysql2Slim] });
}

// Chunk names carry content hashes: delete the previous builds' chunks (after writing, so a concurrent
// reader never finds the entry missing) so stale chunks never ship.
function removeStaleChunks(results) {
  const written = new Set(results.flatMap((r) => Object.keys(r.metafile.outputs)).map((f) => resolve(f)));
  // Previous layouts: the host bundle in dist/host/, the CLI's own chunks in dist/cli-chunks/.
  for (const d of ['dist/host', 'dist/cli-chunks']) rmSync(d, { recursive: true, force: true });
  for (const f of listFiles('dist/lazy', /\.mjs(\.map)?$/)) if (!written.has(resolve(f))) rmSync(f, { force: true });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  const t = Date.now();
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  removeStaleChunks(results);
  // What runs in the extension host: the CommonJS entry and the ES-module host graph.
  const hostMeta = results.slice(0, 2).map((r) => r.metafile);
  writeFileSync('dist/host-metafile.json', JSON.stringify(hostMeta));
  const twice = modulesBundledTwice(hostMeta);
  if (twice.length) {
    console.error(`esbuild: modules bundled more than once into the extension host:\n${twice.map((t) => `  ${t.input}: ${t.outputs.join(', ')}`).join('\n')}`);
    process.exit(1);
  }
  // Every source file that went into a shipped bundle (the VS Code test modules under out/ do not ship).
  const shipped = results.filter((r) => Object.keys(r.metafile.outputs).some((o) => o.startsWith('dist/')));
  writeFileSync('dist/bundled-inputs.json', `${JSON.stringify([...new Set(shipped.flatMap((r) => Object.keys(r.metafile.inputs)))].sort(), null, 1)}\n`);
  console.log(`esbuild: ${builds.length} bundles in ${Date.now() - t} ms`);
}
