// The one list of packages that stay outside the esbuild bundles and ship inside the VSIX's node_modules.
// esbuild.mjs marks them external; scripts/package.mjs copies them (and what they require) into the VSIX.

/** Loaded from node_modules at run time: native addons, or packages that read files next to their code. */
export const runtimePackages = [
  'better-sqlite3', // native addon (falls back to node:sqlite, then WASM, where it does not load, e.g. in Electron)
  'node-sqlite3-wasm', // reads node-sqlite3-wasm.wasm from its own folder
  'chromadb-js-bindings-linux-x64-gnu', // the embedded Chroma server (native addon)
];

/** Never bundled and never shipped: provided by VS Code, or optional and not installed. */
export const providedPackages = ['vscode', 'pg-native', 'cpu-features'];

/**
 * Optional native speed-ups required inside try/catch by bundled packages, left out so the pure JavaScript path
 * runs (ssh2's sshcrypto.node: ssh2 then uses Node's crypto and its WASM poly1305).
 */
export const optionalNativeFiles = ['*/sshcrypto.node'];

/** External to the esbuild bundles. */
export const bundleExternals = [...providedPackages, ...runtimePackages, ...optionalNativeFiles];

/**
 * Shipped in the VSIX with their dependency closure. chromadb is bundled as a client; the embedded server is
 * the platform's chromadb-js-bindings-* package, which scripts/package.mjs adds per target (scripts/targets.mjs)
 * and dist/chroma-process.js loads. better-sqlite3 is not shipped: built here for Node 20's ABI, it would load only
 * in hosts on Node 20 (not desktop VS Code, not VS Code Server on Node 22, which use node:sqlite), and its 1 MB
 * would put the linux-x64 VSIX over 12 MB; those hosts use the WASM engine. It stays the engine of development
 * and of the tests' own runs.
 */
export const shippedPackages = ['node-sqlite3-wasm'];

/**
 * Which files of each shipped package are needed at run time (globs relative to the package folder);
 * packages not listed ship everything except the dev leftovers in `alwaysDropped`.
 */
export const shippedFiles = {
  'node-sqlite3-wasm': ['package.json', 'LICENSE', 'dist/node-sqlite3-wasm.js', 'dist/node-sqlite3-wasm.wasm'],
};

/** Never shipped from any package. */
export const alwaysDropped = ['**/*.map', '**/*.ts', '**/*.cts', '**/*.mts', '**/*.md', '!**/LICENSE*.md', 'test/**', 'tests/**', 'docs/**', 'example/**', 'examples/**', '.github/**'];
