// `npm run package` builds a VSIX that holds the production bundles and the runtime node_modules, nothing of
// the development setup, stays under 12 MB, and works when unpacked: the shipped CLI introspects the sample
// database with node:sqlite and the WASM SQLite engine, and the shipped Chroma server answers its heartbeat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { readLexiconText } from '../../src/core/text/lexicon';

const hasUnzip = spawnSync('unzip', ['-v']).status === 0;
const skip = hasUnzip ? undefined : 'unzip is not installed (apt-get install unzip)';
const work = mkdtempSync(join(tmpdir(), 'tt-vsix-'));
const vsix = join(work, 'tabletalk.vsix');
const ext = join(work, 'unpacked', 'extension');
let entries: string[] = [];
let packOutput = '';

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer().on('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as AddressInfo;
    s.close(() => resolve(port));
  });
});

test.before(() => {
  if (skip) return;
  const r = spawnSync(process.execPath, ['scripts/package.mjs', '--out', vsix], { encoding: 'utf8', timeout: 600_000 });
  packOutput = r.stdout + r.stderr;
  assert.equal(r.status, 0, packOutput);
  entries = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  // What the production build bundled (test.after rebuilds dist/ for development): the notices test compares.
  copyFileSync('dist/bundled-inputs.json', join(work, 'bundled-inputs.json'));
  assert.equal(spawnSync('unzip', ['-q', vsix, '-d', join(work, 'unpacked')]).status, 0);
});

test.after(() => {
  rmSync(work, { recursive: true, force: true });
  // Packaging left production bundles in dist/; the other suites expect the development build.
  spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'ignore' });
});

test('packaging prints the VSIX path and its size, under 12 MB', { skip }, () => {
  const size = statSync(vsix).size;
  console.log(`# VSIX size: ${(size / 1048576).toFixed(2)} MB`);
  assert.ok(packOutput.includes(`VSIX: ${vsix}`), packOutput);
  assert.ok(packOutput.includes(`Size: ${(size / 1048576).toFixed(2)} MB`), packOutput);
  // Issue 12: every VSIX under 12 MB (this machine's is linux-x64).
  assert.ok(size < 12 * 1048576, `${(size / 1048576).toFixed(2)} MB, over 12 MB`);
});

test('the VSIX holds the bundles, the manifest, the licence and the runtime packages', { skip }, () => {
  assert.ok(entries.some((e) => /^extension\/LICENSE(\.txt)?$/.test(e)), 'LICENSE is missing');
  // The host's lazily loaded core (dist/lazy/*.mjs, see esbuild.mjs) must ship, or features fail on first use.
  for (const f of ['extension/dist/extension.js', 'extension/data/zh-lexicon.txt.br', 'extension/data/NOTICE.md', 'extension/dist/lazy/ask/index.mjs', 'extension/dist/lazy/training/pipeline.mjs', 'extension/dist/lazy/datasource/index.mjs', 'extension/dist/cli.js', 'extension/package.json',
    'extension/node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm.br',
    'extension/dist/chroma-process.js', 'extension/dist/target.json']) {
    assert.ok(entries.includes(f), `${f} is missing`);
  }
  assert.ok(entries.some((e) => /^extension\/node_modules\/chromadb-js-bindings-[^/]+\/package\.json$/.test(e)), 'no chromadb-js-bindings package');
  // better-sqlite3 (built for Node 20's ABI) does not ship: VS Code's hosts use node:sqlite or the WASM engine.
  assert.deepEqual(entries.filter((e) => e.includes('better-sqlite3') || e.endsWith('node-sqlite3-wasm.wasm')), []);
  // The lexicon ships compressed and reads back to the repository's file.
  assert.equal(readLexiconText(join(ext, 'data', 'zh-lexicon.txt.br')), readFileSync('data/zh-lexicon.txt', 'utf8'));
  const apps = existsSync('webview') ? readdirSync('webview').filter((d) => existsSync(join('webview', d, 'main.tsx'))) : [];
  for (const app of apps) assert.ok(entries.includes(`extension/dist/webview/${app}.js`), `webview bundle ${app}.js is missing`);

  const manifest = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
  const source = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.equal(manifest.engines.vscode, source.engines.vscode);
  assert.equal(manifest.main, './dist/extension.js');
  assert.deepEqual(manifest.contributes, source.contributes);
  assert.equal(manifest.devDependencies, undefined);
});

test('Marketplace: the icon is a 128 px PNG, every README image ships inside the VSIX, the notices list every bundled package', { skip }, () => {
  const png = readFileSync(join(ext, 'media', 'icon.png'));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  const manifest = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
  assert.equal(manifest.icon, 'media/icon.png');
  assert.ok(manifest.categories.includes('AI') && manifest.categories.includes('Chat'), manifest.categories.join(', '));
  assert.ok(manifest.repository?.url && manifest.bugs?.url && manifest.homepage && manifest.galleryBanner?.color, 'repository, bugs, homepage, galleryBanner');
  assert.ok(existsSync(join(ext, 'changelog.md')) || existsSync(join(ext, 'CHANGELOG.md')), 'CHANGELOG');
  // The README the extension page shows: each image it links must be a file in the VSIX (or an absolute URL).
  const readmeName = readdirSync(ext).find((f) => /^readme\.md$/i.test(f));
  assert.ok(readmeName, 'README in the VSIX');
  const images = [...readFileSync(join(ext, readmeName), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length >= 5, `README images: ${images.join(', ')}`);
  for (const src of images) {
    if (/^https:\/\//.test(src)) continue;
    const file = join(ext, src);
    assert.ok(existsSync(file), `README image ${src} is not in the VSIX`);
    assert.equal(readFileSync(file).subarray(1, 4).toString('latin1'), 'PNG', src);
  }
  // Every npm package bundled into dist/ (esbuild's inputs, as packaging built them) has its licence in the notices.
  const notices = readFileSync(join(ext, 'THIRD_PARTY_NOTICES.md'), 'utf8');
  const inputs = JSON.parse(readFileSync(join(work, 'bundled-inputs.json'), 'utf8')) as string[];
  const dirs = [...new Set(inputs.map((f) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1]).filter((d): d is string => !!d))];
  assert.ok(dirs.length > 20, `${dirs.length} bundled packages`);
  for (const d of dirs) {
    const pkg = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { name: string; version: string; license?: unknown };
    const licence = typeof pkg.license === 'string' ? pkg.license : '';
    assert.ok(notices.includes(`## ${pkg.name} ${pkg.version}\n\nLicence: ${licence}`), `${pkg.name} ${pkg.version} (${licence}) is not in THIRD_PARTY_NOTICES.md`);
  }
  assert.match(notices, /## @dagrejs\/dagre [\d.]+\n\nLicence: MIT(?:(?!\n## )[\s\S])*?Permission is hereby granted, free of charge/);
});

test('the VSIX holds nothing of the development setup', { skip }, () => {
  const offending = entries.filter((e) =>
    /^extension\/(src|test|webview|bench|scripts|out|\.vscode-test|\.tabletalk-sample)\//.test(e) ||
    /\.(ts|tsx|map)$/.test(e) || /(^|\/)tsconfig[^/]*\.json$/.test(e) ||
    /^extension\/node_modules\/(typescript|esbuild|@esbuild|playwright-core|eslint|@vscode\/vsce|tsx|mocha|preact|@xyflow|pg|mysql2|openai|prebuild-install)\//.test(e));
  assert.deepEqual(offending, []);
});

test('the shipped CLI introspects the sample database on node:sqlite (Node 22) and on the WASM engine (Node 20)', { skip }, async (t) => {
  const { makeSampleDb } = await import('../../scripts/make-sample-db.mjs');
  const { ensureNode22 } = await import('../support/node22.mjs');
  const { path } = makeSampleDb(join(work, 'shop.sqlite'));
  const node22 = ensureNode22();
  const runtimes: [string, string, RegExp][] = [[process.execPath, 'Node 20', /SQLite: using node-sqlite3-wasm/]];
  if ('bin' in node22 && node22.bin) runtimes.push([node22.bin, 'Node 22', /SQLite: using Node's built-in node:sqlite/]);
  else t.diagnostic(`node:sqlite case not run: ${node22.skip}`);
  for (const [node, label, engine] of runtimes) {
    const r = spawnSync(node, [join(ext, 'dist', 'cli.js'), 'introspect', '--url', `sqlite://${path}`, '--json'], {
      cwd: work, encoding: 'utf8', timeout: 60_000, env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TABLETALK_SQLITE'))),
    });
    assert.equal(r.status, 0, `${label}: ${r.stderr}`);
    const schema = JSON.parse(r.stdout) as { tables: { name: string; foreignKeys: unknown[] }[] };
    assert.equal(schema.tables.length, 14, label);
    assert.equal(schema.tables.reduce((n, t) => n + t.foreignKeys.length, 0), 9, label);
    // The engine is named in the log, and better-sqlite3 (not in the VSIX) is not what ran.
    assert.match(r.stderr, engine, label);
  }
});

test('the shipped Chroma server unpacks its binary on first start and answers its heartbeat', { skip }, async () => {
  const port = await freePort();
  // TableTalk's own server script (src/core/vector/chroma-process.ts), next to the bundles.
  const cli = join(ext, 'dist', 'chroma-process.js');
  const child = spawn(process.execPath, [cli, 'run', '--path', join(work, 'chroma'), '--port', String(port)], {
    cwd: work, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    let ok = false;
    for (let i = 0; i < 120 && !ok && child.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 250));
      ok = await fetch(`http://127.0.0.1:${port}/api/v2/heartbeat`).then((r) => r.ok, () => false);
    }
    assert.ok(ok, `no heartbeat; server output:\n${output}`);
    const bindings = readdirSync(join(ext, 'node_modules')).find((d) => d.startsWith('chromadb-js-bindings-'))!;
    const packed = JSON.parse(readFileSync(join(ext, 'node_modules', bindings, 'packed.json'), 'utf8'));
    assert.equal(statSync(join(ext, 'node_modules', bindings, packed.file)).size, packed.size);
  } finally {
    // SIGTERM must end it (a signal listener in the script once kept it alive: the file then never finished).
    const gone = new Promise<string | null>((r) => child.once('exit', (_code, signal) => r(signal)));
    child.kill();
    const how = child.exitCode !== null ? 'exited before' : await Promise.race([gone, new Promise<string>((r) => setTimeout(() => r('still running 20 s after SIGTERM'), 20_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    assert.equal(how, 'SIGTERM');
  }
});

// Installing through VS Code's own CLI (code-server is VS Code 1.100) checks what vsce cannot: that VS Code
// accepts the manifest and the platform target, and refuses a VSIX that needs a newer VS Code, saying which.
async function codeServerEntry(): Promise<string | { skip: string }> {
  const { installCodeServer } = await import('../support/code-server.mjs');
  try {
    return (await installCodeServer()).entry;
  } catch (e) {
    return { skip: (e as Error).message };
  }
}

function installInto(entry: string, file: string, dir: string) {
  for (const d of ['ext', 'data']) mkdirSync(join(dir, d), { recursive: true });
  return spawnSync(process.execPath, [entry, '--extensions-dir', join(dir, 'ext'), '--user-data-dir', join(dir, 'data'), '--install-extension', file], { encoding: 'utf8', timeout: 120_000 });
}

test('VS Code installs the VSIX, and refuses one built for a newer VS Code with the version stated', { skip }, async (t) => {
  const entry = await codeServerEntry();
  if (typeof entry !== 'string') return t.skip(entry.skip);
  const ok = installInto(entry, vsix, join(work, 'vscode-ok'));
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /successfully installed/);
  const installed = readdirSync(join(work, 'vscode-ok', 'ext')).find((d) => d.startsWith('tabletalk.tabletalk-'));
  assert.ok(installed, 'the extension folder is missing');
  assert.ok(existsSync(join(work, 'vscode-ok', 'ext', installed, 'node_modules', 'node-sqlite3-wasm', 'dist', 'node-sqlite3-wasm.wasm.br')));

  // The same extension declaring engines.vscode ^1.999.0.
  const future = join(work, 'future');
  mkdirSync(join(future, 'dist'), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
  manifest.engines.vscode = '^1.999.0';
  delete manifest.dependencies;
  writeFileSync(join(future, 'package.json'), JSON.stringify(manifest));
  copyFileSync(join(ext, 'dist', 'extension.js'), join(future, 'dist', 'extension.js'));
  copyFileSync('LICENSE', join(future, 'LICENSE'));
  mkdirSync(join(future, 'media'), { recursive: true });
  copyFileSync(join(ext, 'media', 'icon.png'), join(future, 'media', 'icon.png')); // the manifest names it
  const vsce = join(dirname(createRequire(__filename).resolve('@vscode/vsce/package.json')), 'vsce');
  const pack = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', join(work, 'future.vsix')], { cwd: future, encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stdout + pack.stderr);
  const refused = installInto(entry, join(work, 'future.vsix'), join(work, 'vscode-old'));
  assert.notEqual(refused.status, 0);
  assert.match(refused.stdout + refused.stderr, /not compatible with VS Code '1\.\d+\.\d+'/);
});

