// The compressed Chroma binding's unpacking (src/core/vector/packed-binary.ts): the first start writes the
// verified file; a damaged or half-written file left from an earlier start is replaced; two processes unpacking
// at once end with one good file; a damaged archive gives a clear error and leaves nothing behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { ensureUnpacked, readPackedHead, readPackedInfo, type PackedInfo } from '../../src/core/vector/packed-binary';

const hasXz = spawnSync('xz', ['--version']).status === 0;
const xzSkip = hasXz ? undefined : 'xz is not installed (apt-get install xz-utils)';
const work = mkdtempSync(join(tmpdir(), 'tt-packed-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

// A binary-like payload: an ELF header, then compressible and random parts (3 MB, so decoding takes several chunks).
const payload = Buffer.concat([Buffer.from('7f454c46020101000000000000000000', 'hex'), Buffer.alloc(1 << 20, 'chroma'), randomBytes(1 << 20), Buffer.alloc(1 << 20, 7)]);
const sha256 = createHash('sha256').update(payload).digest('hex');

function packageDir(name: string, format: 'xz' | 'br'): { dir: string; info: PackedInfo } {
  const dir = join(work, name);
  const info: PackedInfo = { file: 'server.node', size: payload.length, sha256, format };
  spawnSync('mkdir', ['-p', dir]);
  const packed = format === 'xz' ? spawnSync('xz', ['-6', '--stdout'], { input: payload, maxBuffer: 64 << 20 }).stdout : brotliCompressSync(payload, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } });
  writeFileSync(join(dir, `server.node.${format}`), packed);
  writeFileSync(join(dir, 'packed.json'), JSON.stringify(info));
  return { dir, info };
}
const same = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex') === sha256;
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

test('the first start unpacks the xz binary next to itself, verified; the next start reuses it', { skip: xzSkip }, async () => {
  const { dir } = packageDir('first', 'xz');
  const info = readPackedInfo(dir)!;
  const file = await ensureUnpacked(dir, info);
  assert.equal(file, join(dir, 'server.node'));
  assert.ok(same(file));
  assert.deepEqual(leftovers(dir), []);
  // The file header is read by decompressing only the start (what the package test checks per platform).
  assert.deepEqual(await readPackedHead(join(dir, 'server.node.xz'), 'xz', 16), payload.subarray(0, 16));
  const before = readFileSync(file);
  assert.equal(await ensureUnpacked(dir, info), file);
  assert.deepEqual(readFileSync(file), before);
});

test('VSIXes packed with brotli (no xz where they were built) unpack the same way', async () => {
  const { dir, info } = packageDir('brotli', 'br');
  assert.ok(same(await ensureUnpacked(dir, info)));
});

test('a damaged or half-written unpacked file is detected and replaced', { skip: xzSkip }, async () => {
  const { dir, info } = packageDir('damaged', 'xz');
  const file = join(dir, 'server.node');
  // Half-written (a crash during an older unpack): wrong size.
  writeFileSync(file, payload.subarray(0, 1000));
  assert.ok(same(await ensureUnpacked(dir, info)));
  // Same size, one byte changed.
  const bad = Buffer.from(payload);
  bad[bad.length - 1] ^= 1;
  writeFileSync(file, bad);
  assert.ok(same(await ensureUnpacked(dir, info)));
  truncateSync(file, 0);
  assert.ok(same(await ensureUnpacked(dir, info)));
  assert.deepEqual(leftovers(dir), []);
});

test('a damaged archive gives a clear error and leaves no file behind', { skip: xzSkip }, async () => {
  const { dir, info } = packageDir('corrupt', 'xz');
  const packed = readFileSync(join(dir, 'server.node.xz'));
  packed[Math.floor(packed.length / 2)] ^= 0xff;
  writeFileSync(join(dir, 'server.node.xz'), packed);
  await assert.rejects(ensureUnpacked(dir, info), /server\.node\.xz is damaged .*reinstall the TableTalk extension/);
  assert.deepEqual(readdirSync(dir).sort(), ['packed.json', 'server.node.xz']);
  // A checksum that does not match what the archive holds is refused the same way.
  const { dir: dir2, info: info2 } = packageDir('wrong-sum', 'xz');
  await assert.rejects(ensureUnpacked(dir2, { ...info2, sha256: '0'.repeat(64) }), /is damaged/);
  assert.deepEqual(readdirSync(dir2).sort(), ['packed.json', 'server.node.xz']);
});

test('two processes unpacking at once (two windows starting) end with one good file', { skip: xzSkip }, async () => {
  const { dir } = packageDir('race', 'xz');
  const module = resolve('src/core/vector/packed-binary.ts');
  const script = `const m = require(${JSON.stringify(module)}); m.ensureUnpacked(process.argv[1], m.readPackedInfo(process.argv[1])).then((f) => console.log(f), (e) => { console.error(e.message); process.exit(1); });`;
  const run = () => new Promise<{ code: number | null; out: string }>((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => done({ code, out }));
  });
  const results = await Promise.all([run(), run(), run()]);
  for (const r of results) {
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out.trim().split('\n').pop(), join(dir, 'server.node'));
  }
  assert.ok(same(join(dir, 'server.node')));
  assert.deepEqual(leftovers(dir), []);
});

test('a read-only package folder unpacks into the fallback folder', { skip: xzSkip || (process.getuid?.() === 0 ? 'root ignores folder permissions' : undefined) }, async () => {
  const { dir, info } = packageDir('readonly', 'xz');
  spawnSync('chmod', ['a-w', dir]);
  try {
    const fallback = join(work, 'fallback');
    const file = await ensureUnpacked(dir, info, fallback);
    assert.equal(file, join(fallback, 'server.node'));
    assert.ok(same(file));
  } finally {
    spawnSync('chmod', ['u+w', dir]);
  }
});
