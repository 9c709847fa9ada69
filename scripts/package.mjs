#!/usr/bin/env node
// Builds the VSIX: production bundles, the files .vscodeignore lets through, and node_modules holding only the
// packages that stay outside the bundles (scripts/externals.mjs) with the files they need at run time.
// Everything is copied into a staging folder (out/vsix/stage) and packed there by @vscode/vsce, because vsce
// either ships no node_modules at all (--no-dependencies) or every production dependency, whole.
// Native binaries are stripped of debug symbols; one too big even then (the Chroma server) is stored
// brotli-compressed with a small loader that unpacks it on first use (scripts/packed-native-loader.cjs).
// Usage: node scripts/package.mjs [--out file.vsix] [--skip-build]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { alwaysDropped, installTimeDependencies, shippedFiles, shippedPackages } from './externals.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'out', 'vsix');
const stage = join(work, 'stage');
const cache = join(work, 'cache');
// Binaries larger than this after stripping are shipped compressed (the VSIX target is under 15 MB).
const packAbove = 16 * 1024 * 1024;

class PackageError extends Error {}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw new PackageError(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new PackageError(`${[cmd, ...args].join(' ')} failed (exit ${r.status}):\n${(r.stderr || r.stdout || '').trim()}`);
  return r.stdout;
}

/** Minimal glob: `**` crosses folders, `*` and `?` stay within one. */
function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') { i++; re += '(?:.*/)?'; } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
const matcher = (globs) => {
  const yes = globs.filter((g) => !g.startsWith('!')).map(globToRegExp);
  const no = globs.filter((g) => g.startsWith('!')).map((g) => globToRegExp(g.slice(1)));
  return (file) => yes.some((r) => r.test(file)) && !no.some((r) => r.test(file));
};
const dropped = matcher(alwaysDropped);

function listFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : listFiles(p, base);
    return e.isFile() ? [relative(base, p).split(sep).join('/')] : [];
  });
}

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

function vsceCli() {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('@vscode/vsce/package.json');
  const bin = JSON.parse(readFileSync(pkgFile, 'utf8')).bin.vsce;
  return join(dirname(pkgFile), bin);
}

function vscodeTarget() {
  const { platform, arch } = process;
  if (platform === 'linux' && !process.report?.getReport().header.glibcVersionRuntime) return `alpine-${arch}`;
  return `${platform}-${arch}`;
}

/** Where Node would find `name` when required from `fromDir` (a package folder). */
function findPackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir || dir === root) return null;
  }
}

/** The shipped packages and everything they require, as package folders. */
function dependencyClosure() {
  const found = new Map();
  const visit = (dir) => {
    if (!dir || found.has(dir)) return;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    found.set(dir, manifest);
    const skip = installTimeDependencies[manifest.name] ?? [];
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      if (skip.includes(dep)) continue;
      const at = findPackage(dep, dir);
      if (!at) throw new PackageError(`${manifest.name} needs ${dep}, which is not installed. Run npm install.`);
      visit(at);
    }
    // Optional dependencies are platform packages (e.g. chromadb-js-bindings-<platform>): ship the installed ones.
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(findPackage(dep, dir));
  };
  for (const name of shippedPackages) {
    const dir = findPackage(name, root);
    if (!dir) throw new PackageError(`${name} is not installed in node_modules. Run npm install.`);
    visit(dir);
  }
  return found;
}

function strip(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  const r = spawnSync('strip', ['--strip-unneeded', '-o', to, from], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    console.log(`  note: could not strip ${relative(root, from)} (${r.error?.message ?? r.stderr.trim()}); shipping it as is. Install binutils to make the VSIX smaller.`);
    copyFileSync(from, to);
  }
}

/** Replaces a big native binary by its brotli-compressed form and a loader as the package's `main`. */
function packNative(pkgDir, file, manifest) {
  const full = join(pkgDir, file);
  const bytes = readFileSync(full);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const cached = join(cache, `${sha256}.br`);
  if (!existsSync(cached)) {
    console.log(`  compressing ${file} (${(bytes.length / 1048576).toFixed(1)} MB), about 30 s; cached for later runs`);
    const packed = brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_LGWIN]: 24, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
    mkdirSync(cache, { recursive: true });
    writeFileSync(`${cached}.tmp`, packed);
    copyFileSync(`${cached}.tmp`, cached);
    rmSync(`${cached}.tmp`);
  }
  if (manifest.main !== file) throw new PackageError(`${manifest.name}: cannot pack ${file}, it is not the package's main (${manifest.main}).`);
  copyFileSync(cached, `${full}.br`);
  rmSync(full);
  writeFileSync(join(pkgDir, 'packed.json'), `${JSON.stringify({ file, size: bytes.length, sha256 }, null, 2)}\n`);
  copyFileSync(join(root, 'scripts', 'packed-native-loader.cjs'), join(pkgDir, 'index.js'));
  manifest.main = 'index.js';
  manifest.files = [...(manifest.files ?? []), 'index.js', 'packed.json', `${file}.br`];
}

function stageNodeModules(closure) {
  for (const [dir, manifest] of closure) {
    const rel = relative(root, dir);
    const wanted = shippedFiles[manifest.name] ? matcher(shippedFiles[manifest.name]) : () => true;
    const files = listFiles(dir).filter((f) => wanted(f) && (f === 'package.json' || !dropped(f)));
    const out = join(stage, rel);
    for (const f of files) {
      if (f.endsWith('.node')) strip(join(dir, f), join(out, f));
      else copy(join(dir, f), join(out, f));
    }
    // The staged manifest must match what ships: no install-time dependencies, main pointing at the loader.
    const staged = { ...manifest };
    for (const dep of installTimeDependencies[manifest.name] ?? []) {
      staged.dependencies = { ...staged.dependencies };
      delete staged.dependencies[dep];
    }
    for (const f of files.filter((f) => f.endsWith('.node'))) {
      if (statSync(join(out, f)).size > packAbove) packNative(out, f, staged);
    }
    writeFileSync(join(out, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
    console.log(`  ${rel}@${manifest.version}`);
  }
}

function stageManifest(closure) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // Everything else is inside the bundles; the VSIX's manifest lists what its node_modules really hold.
  manifest.dependencies = Object.fromEntries(shippedPackages.map((name) => [name, closure.get(findPackage(name, root)).version]));
  delete manifest.devDependencies;
  delete manifest.scripts;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export function packageVsix({ out, skipBuild = false } = {}) {
  if (!existsSync(join(root, 'LICENSE'))) throw new PackageError('LICENSE is missing at the repository root; vsce needs one.');
  if (!skipBuild) {
    console.log('Building production bundles...');
    const r = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new PackageError('The production build failed (see above).');
  }
  if (!existsSync(join(root, 'dist', 'extension.js'))) throw new PackageError('dist/extension.js is missing: run without --skip-build.');
  const vsce = vsceCli();
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });

  // .vscodeignore decides which of the project's own files ship; vsce lists them the way it will apply it.
  const own = run(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root }).split('\n').map((l) => l.trim()).filter(Boolean);
  for (const f of own) if (f !== 'package.json') copy(join(root, f), join(stage, f));
  run(process.execPath, [join(root, 'scripts', 'third-party-notices.mjs'), '--out', join(stage, 'THIRD_PARTY_NOTICES.md')]);
  console.log(`Staged ${own.length} project files; node_modules:`);
  const closure = dependencyClosure();
  const manifest = stageManifest(closure);
  stageNodeModules(closure);

  const target = vscodeTarget();
  const vsix = resolve(out ?? join(root, `${manifest.name}-${target}-${manifest.version}.vsix`));
  console.log(`Packing for ${target}...`);
  run(process.execPath, [vsce, 'package', '--target', target, '--out', vsix, '--allow-missing-repository', '--no-rewrite-relative-links'], { cwd: stage });
  const size = statSync(vsix).size;
  return { vsix, size, target };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  try {
    const { vsix, size } = packageVsix({ out: outAt >= 0 ? args[outAt + 1] : undefined, skipBuild: args.includes('--skip-build') });
    console.log(`\nVSIX: ${vsix}\nSize: ${(size / 1048576).toFixed(2)} MB${size > 15 * 1048576 ? ' (over the 15 MB target)' : ''}`);
    const shown = relative(process.cwd(), vsix);
    console.log(`Install it in VS Code with: code --install-extension ${shown.startsWith('..') ? vsix : shown}`);
  } catch (e) {
    console.error(`Packaging failed: ${e instanceof PackageError ? e.message : e instanceof Error ? e.stack : e}`);
    process.exit(1);
  }
}
