// Every platform's VSIX (scripts/targets.mjs) and the universal one, from one production build: each native part
// carries its platform's file header (ELF x86-64 / aarch64, Mach-O x86_64 / arm64, PE32+ x86-64), nothing of another
// platform is inside, and the size is printed. (Its own file: with package-vsix it would pass the per-file limit.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const hasUnzip = spawnSync('unzip', ['-v']).status === 0;
const skip = hasUnzip ? undefined : 'unzip is not installed (apt-get install unzip)';
const work = mkdtempSync(join(tmpdir(), 'tt-vsix-targets-'));

test.after(() => {
  rmSync(work, { recursive: true, force: true });
  // Packaging left production bundles in dist/; the other suites expect the development build.
  spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'ignore' });
});

// Every other platform's VSIX (and the universal one), built from the same bundles: each native part carries
// its platform's file header, nothing of another platform is inside, and the size is printed.
// From an empty compression cache each binding takes xz about a minute (several on a busy machine): more than the
// runner's default 600 s for six VSIXes.
test('each platform VSIX holds only its own platform\'s native parts (checked by file header)', { skip, timeout: 2_400_000 }, async () => {
  const { targets, nativeHeader } = await import('../../scripts/targets.mjs');
  // A compressed binding is checked by the header of what it unpacks to.
  const { readPackedHead } = await import('../../src/core/vector/packed-binary.js');
  let first = true;
  const bindings = Object.values(targets).map((t) => (t as { binding?: string }).binding).filter(Boolean) as string[];
  for (const [target, t] of Object.entries(targets) as [string, { binding?: string; header?: string }][]) {
    const file = join(work, `${target}.vsix`);
    {
      // The first build makes the production bundles; the others reuse them.
      const args: string[] = ['scripts/package.mjs', '--target', target, '--out', file];
      if (!first) args.push('--skip-build');
      const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 1_200_000 });
      first = false;
      assert.equal(r.status, 0, r.stdout + r.stderr);
    }
    const dir = join(work, `x-${target}`);
    assert.equal(spawnSync('unzip', ['-q', '-o', file, '-d', dir]).status, 0);
    const names = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    const natives = names.filter((n) => /\.node(\.br|\.xz)?$/.test(n) || /\.(dll|dylib|so)$/.test(n));
    const headers: [string, string | undefined][] = [];
    for (const n of natives) {
      const packed = /\.(br|xz)$/.exec(n)?.[1] as 'br' | 'xz' | undefined;
      headers.push([n, nativeHeader(packed ? await readPackedHead(join(dir, n), packed, 4096) : readFileSync(join(dir, n)))]);
    }
    const size = statSync(file).size;
    console.log(`# ${target}: ${(size / 1048576).toFixed(2)} MB, native parts: ${headers.map(([n, h]) => `${n.split('/').pop()} (${h})`).join(', ') || 'none'}`);
    for (const [n, h] of headers) assert.equal(h, t.header, `${n} in the ${target} VSIX is ${h}`);
    const others = bindings.filter((b) => b !== t.binding);
    assert.deepEqual(names.filter((n) => others.some((b) => n.includes(`/${b}/`))), [], `another platform's binding in the ${target} VSIX`);
    if (t.binding) assert.ok(headers.some(([n]) => n.includes(t.binding as string)), `no Chroma binding in the ${target} VSIX`);
    else assert.deepEqual(headers, [], 'the universal VSIX holds no native code');
    assert.equal(JSON.parse(readFileSync(join(dir, 'extension', 'dist', 'target.json'), 'utf8')).target, target);
    // Issue 12: every VSIX under 12 MB (sizes in the README's table).
    assert.ok(size < 12 * 1048576, `${target}: ${(size / 1048576).toFixed(2)} MB, over 12 MB`);
  }
});
