#!/usr/bin/env node
// Builds the VSIX: production bundles, the files .vscodeignore lets through, and node_modules holding only the
// packages that stay outside the bundles (scripts/externals.mjs) with the files they need at run time.
// Everything is copied into a staging folder (out/vsix/stage) and packed there by @vscode/vsce, because vsce
// either ships no node_modules at all (--no-dependencies) or every production dependency, whole.
// Native binaries are stripped of debug symbols; one too big even then (the Chroma server) is stored
// xz-compressed and unpacked by the server's process on its first start (src/core/vector/packed-binary.ts).
// One VSIX per platform (scripts/targets.mjs), each with its own Chroma server binding and nothing of the others,
// plus a universal one without any (remote Chroma only).
// Usage: node scripts/package.mjs [--target <t> | --all] [--out file.vsix] [--skip-build]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { alwaysDropped, shippedFiles, shippedPackages } from './externals.mjs';
import { targets } from './targets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'out', 'vsix');
const stage = join(work, 'stage');
const cache = join(work, 'cache');
// Compressed binaries and data, named by the SHA-256 of what they hold: kept outside the clone (like npm's cache),
// so a fresh clone or CI run on the same machine does not spend minutes compressing the same bindings again.
const packedCache = process.env.TABLETALK_VSIX_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tabletalk', 'vsix');
// Binaries larger than this after stripping are shipped compressed (each VSIX stays under 12 MB).
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

function hostTarget() {
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
function dependencyClosure(shipped) {
  const found = new Map();
  const visit = (dir) => {
    if (!dir || found.has(dir)) return;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    found.set(dir, manifest);
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      const at = findPackage(dep, dir);
      if (!at) throw new PackageError(`${manifest.name} needs ${dep}, which is not installed. Run npm install.`);
      visit(at);
    }
  };
  for (const name of shipped) {
    const dir = findPackage(name, root);
    if (!dir) throw new PackageError(`${name} is not installed in node_modules. Run npm install.`);
    visit(dir);
  }
  return found;
}

/** Strips debug symbols with the target's strip (ELF only: the Mach-O and PE bindings are published stripped). */
function strip(from, to, tool) {
  mkdirSync(dirname(to), { recursive: true });
  if (!tool) return copyFileSync(from, to);
  const r = spawnSync(tool, ['--strip-unneeded', '-o', to, from], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    console.log(`  note: could not strip ${relative(root, from)} with ${tool} (${r.error?.message ?? r.stderr.trim()}); shipping it as is. Install ${tool === 'strip' ? 'binutils' : 'binutils-aarch64-linux-gnu'} to make the VSIX smaller.`);
    copyFileSync(from, to);
  }
}

/** The binding package folder for a target: the installed one if it is that version, else fetched with npm pack into the cache. */
function bindingDir(t) {
  const installed = findPackage(t.binding, root);
  if (installed && JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version === t.version) return installed;
  const dir = join(cache, 'bindings', `${t.binding}-${t.version}`);
  if (existsSync(join(dir, 'package', 'package.json'))) return join(dir, 'package');
  console.log(`  fetching ${t.binding}@${t.version} (npm pack; cached for later runs)`);
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const tgz = run(npm, ['pack', `${t.binding}@${t.version}`, '--silent'], { cwd: tmp, shell: process.platform === 'win32' }).trim().split('\n').pop();
  run('tar', ['xzf', tgz], { cwd: tmp });
  rmSync(join(tmp, tgz));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  copyDir(tmp, dir);
  rmSync(tmp, { recursive: true, force: true });
  return join(dir, 'package');
}

function copyDir(from, to) {
  for (const f of listFiles(from)) copy(join(from, f), join(to, f));
}

/** The binary compressed as xz (about 1.6 MB smaller than brotli 9 on the Chroma server), or brotli without xz. */
function compressBinary(bytes, sha256, label) {
  const hasXz = spawnSync('xz', ['--version']).status === 0;
  const format = hasXz ? 'xz' : 'br';
  const cached = join(packedCache, hasXz ? `${sha256}.9e.xz` : `${sha256}.br`);
  if (existsSync(cached)) return { format, cached };
  mkdirSync(packedCache, { recursive: true });
  const started = Date.now();
  console.log(`  compressing ${label} (${(bytes.length / 1048576).toFixed(1)} MB) with ${hasXz ? 'xz -9e' : 'brotli 9 (no xz here: install xz-utils for a smaller VSIX)'}, up to a few minutes on a busy machine; cached for later runs`);
  let packed;
  if (hasXz) {
    // One thread: xz -9's 64 MB dictionary covers the whole binary (threads would split it into blocks); -9e
    // (extreme) saves another 30 KB on the Chroma server. No BCJ filter: xz-decompress's decoder has none.
    const r = spawnSync('xz', ['-9e', '--threads=1', '--stdout'], { input: bytes, maxBuffer: bytes.length + 1048576 });
    if (r.error || r.status !== 0) throw new PackageError(`xz failed on ${label}: ${r.error?.message ?? r.stderr.toString().trim()}`);
    packed = r.stdout;
  } else {
    packed = brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_LGWIN]: 24, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  }
  writeFileSync(`${cached}.${process.pid}.tmp`, packed);
  renameSync(`${cached}.${process.pid}.tmp`, cached);
  console.log(`  compressed to ${(packed.length / 1048576).toFixed(2)} MB in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { format, cached };
}

/**
 * Replaces a big native binary by its compressed form and a packed.json: the embedded Chroma server's process
 * unpacks it on first start (src/core/vector/packed-binary.ts).
 */
function packNative(pkgDir, file, manifest) {
  const full = join(pkgDir, file);
  const bytes = readFileSync(full);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { format, cached } = compressBinary(bytes, sha256, file);
  if (manifest.main !== file) throw new PackageError(`${manifest.name}: cannot pack ${file}, it is not the package's main (${manifest.main}).`);
  copyFileSync(cached, `${full}.${format}`);
  rmSync(full);
  writeFileSync(join(pkgDir, 'packed.json'), `${JSON.stringify({ file, size: bytes.length, sha256, format }, null, 2)}\n`);
  manifest.files = [...(manifest.files ?? []), 'packed.json', `${file}.${format}`];
}

/**
 * The lexicon's lines (`headword<TAB>glosses`, sorted) as two columns: headwords front-coded (the length shared with
 * the previous one, then the rest), then the glosses. Read back by readLexiconText (src/core/text/lexicon.ts).
 */
function lexiconColumns(bytes) {
  const lines = bytes.toString('utf8').replace(/\n$/, '').split('\n').map((l) => l.split('\t'));
  let previous = '';
  const heads = lines.map(([h]) => {
    let k = 0;
    while (k < 9 && k < previous.length && k < h.length && previous[k] === h[k]) k++;
    previous = h;
    return `${k}${h.slice(k)}`;
  });
  return Buffer.from(`tabletalk-lexicon-columns 1\n${heads.join('\n')}\n\n${lines.map((l) => l[1]).join('\n')}`);
}

/** Replaces a staged data file by its brotli form (`<file>.br`, read by its loader), after `transform`; cached by content. */
function compressData(file, transform = { name: 'data', apply: (b) => b }) {
  if (!existsSync(file)) return;
  const bytes = readFileSync(file);
  const cached = join(packedCache, `${createHash('sha256').update(bytes).digest('hex')}.${transform.name}.br`);
  if (!existsSync(cached)) {
    mkdirSync(packedCache, { recursive: true });
    writeFileSync(`${cached}.${process.pid}.tmp`, brotliCompressSync(transform.apply(bytes), { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_LGWIN]: 24, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
    renameSync(`${cached}.${process.pid}.tmp`, cached);
  }
  copyFileSync(cached, `${file}.br`);
  rmSync(file);
}

/** Ships a staged package's data file as brotli (`<file>.br`), listed in its manifest's files in place of the file. */
function compressStagedPackageFile(pkgDir, file) {
  compressData(join(pkgDir, file));
  const manifestFile = join(pkgDir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  if (manifest.files) manifest.files = manifest.files.map((f) => (f === file ? `${file}.br` : f));
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
}

function stageNodeModules(closure, stripTool) {
  for (const [dir, manifest] of closure) {
    const rel = dir.startsWith(cache) ? join('node_modules', manifest.name) : relative(root, dir);
    const wanted = shippedFiles[manifest.name] ? matcher(shippedFiles[manifest.name]) : () => true;
    const files = listFiles(dir).filter((f) => wanted(f) && (f === 'package.json' || !dropped(f)));
    const out = join(stage, rel);
    for (const f of files) {
      if (f.endsWith('.node')) strip(join(dir, f), join(out, f), manifest.name.startsWith('chromadb-js-bindings-') || !dir.startsWith(cache) ? stripTool : undefined);
      else copy(join(dir, f), join(out, f));
    }
    // The staged manifest must match what ships: main pointing at the loader of a packed binary.
    const staged = { ...manifest };
    for (const f of files.filter((f) => f.endsWith('.node'))) {
      if (statSync(join(out, f)).size > packAbove) packNative(out, f, staged);
    }
    writeFileSync(join(out, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
    console.log(`  ${rel}@${manifest.version}`);
  }
}

function stageManifest(closure, top) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // Everything else is inside the bundles; the VSIX's manifest lists what its node_modules really hold.
  manifest.dependencies = Object.fromEntries([...closure.values()].filter((m) => top.includes(m.name)).map((m) => [m.name, m.version]));
  delete manifest.devDependencies;
  delete manifest.scripts;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * vsce deflates with zlib's defaults; advzip (advancecomp) recompresses every entry with 7-Zip's deflate, still
 * plain deflate that VS Code reads: about 0.13 MB less per VSIX, for some 20 s.
 */
function recompressZip(vsix) {
  if (spawnSync('advzip', ['--version']).status !== 0) {
    console.log('  note: advzip not found; the VSIX keeps vsce\'s compression. Install advancecomp for a smaller VSIX.');
    return;
  }
  run('advzip', ['--recompress', '-3', '--quiet', vsix]);
}

export function packageVsix({ out, skipBuild = false, target = hostTarget() } = {}) {
  const t = targets[target];
  if (!t) throw new PackageError(`Unknown target ${target}. Targets: ${Object.keys(targets).join(', ')}.`);
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
  compressData(join(stage, 'data', 'zh-lexicon.txt'), { name: 'lexicon-columns', apply: lexiconColumns });
  run(process.execPath, [join(root, 'scripts', 'third-party-notices.mjs'), '--out', join(stage, 'THIRD_PARTY_NOTICES.md')]);
  console.log(`Staged ${own.length} project files; node_modules for ${target}:`);
  const top = [...shippedPackages];
  const closure = dependencyClosure(top);
  if (t.binding) {
    const dir = bindingDir(t);
    closure.set(dir, JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));
    top.push(t.binding);
  }
  const manifest = stageManifest(closure, top);
  stageNodeModules(closure, t.strip);
  // The WASM SQLite's binary: its loader reads the brotli form (src/core/datasource/sqlite-engines.ts).
  compressStagedPackageFile(join(stage, 'node_modules', 'node-sqlite3-wasm'), 'dist/node-sqlite3-wasm.wasm');
  writeFileSync(join(stage, 'dist', 'target.json'), `${JSON.stringify({ target, version: manifest.version, chromaBinding: t.binding ? `${t.binding}@${t.version}` : null })}\n`);

  const name = target === 'universal' ? `${manifest.name}-${manifest.version}.vsix` : `${manifest.name}-${target}-${manifest.version}.vsix`;
  const vsix = resolve(out ?? join(root, name));
  console.log(`Packing for ${target}...`);
  run(process.execPath, [vsce, 'package', ...(target === 'universal' ? [] : ['--target', target]), '--out', vsix, '--allow-missing-repository', '--no-rewrite-relative-links'], { cwd: stage });
  recompressZip(vsix);
  const size = statSync(vsix).size;
  return { vsix, size, target };
}

const MB = 1048576;
const limit = 12 * MB;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  try {
    const wanted = args.includes('--all') ? Object.keys(targets) : [value('--target') ?? hostTarget()];
    if (wanted.length > 1 && value('--out')) throw new PackageError('--out names one file; with --all each VSIX gets its own name.');
    const built = [];
    for (const [i, target] of wanted.entries()) {
      const { vsix, size } = packageVsix({ out: value('--out'), skipBuild: args.includes('--skip-build') || i > 0, target });
      built.push({ target, vsix, size });
      console.log(`\nVSIX: ${vsix}\nSize: ${(size / MB).toFixed(2)} MB${size > limit ? ' (over the 12 MB target)' : ''}`);
    }
    if (built.length > 1) {
      console.log('\nSizes:');
      for (const b of built) console.log(`  ${b.target.padEnd(13)} ${(b.size / MB).toFixed(2)} MB  ${relative(process.cwd(), b.vsix)}`);
    }
    const shown = relative(process.cwd(), built[0].vsix);
    console.log(`Install it in VS Code with: code --install-extension ${shown.startsWith('..') ? built[0].vsix : shown}`);
  } catch (e) {
    console.error(`Packaging failed: ${e instanceof PackageError ? e.message : e instanceof Error ? e.stack : e}`);
    process.exit(1);
  }
}
