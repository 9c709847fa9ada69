// The embedded Chroma server as a real child process: start, store and query, restart after it is killed,
// adoption by a second instance, stop; and the same server used as a "remote" Chroma.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedChroma } from '../../src/core/vector/chroma-server';
import { RemoteChroma } from '../../src/core/vector/endpoint';
import { EmbedderMismatchError, VectorStore } from '../../src/core/vector/vector-store';
import { BuiltinEmbedder } from '../../src/core/vector/builtin-embedder';

const root = mkdtempSync(join(tmpdir(), 'tt-chroma-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

async function until(check: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('starts as a child process (execPath and env given), stores vectors, survives being killed, stops', async () => {
  const lines: string[] = [];
  const chroma = new EmbeddedChroma({ dataDir: join(root, 'a'), execPath: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' }, healthIntervalMs: 500, log: (l) => lines.push(l) });
  try {
    const conn = await chroma.start();
    assert.equal(conn.host, '127.0.0.1');
    const res = await fetch(`${chroma.url}/api/v2/heartbeat`);
    assert.equal(res.status, 200);
    const pid = chroma.pid as number;
    assert.ok(pid && pid !== process.pid);

    const store = new VectorStore(chroma);
    const emb = new BuiltinEmbedder(64);
    await store.createCollection('test-abc', { embedder: emb.id, dimension: 64, kind: 'ddl' });
    const docs = ['CREATE TABLE Album (AlbumId INTEGER, Title TEXT)', 'CREATE TABLE Customer (CustomerId INTEGER, Country TEXT)'];
    const vectors = await emb.embed(docs);
    await store.upsert('test-abc', docs.map((d, i) => ({ id: `d${i}`, document: d, metadata: { table: i ? 'Customer' : 'Album' }, embedding: vectors[i] })));
    const hits = await store.queryText('test-abc', emb, 'albums and their titles', 2);
    assert.equal(hits[0].metadata.table, 'Album');
    assert.ok(hits[0].distance < hits[1].distance);

    // Killed from outside: the server comes back by itself with its data.
    process.kill(pid, 'SIGKILL');
    await until(() => chroma.pid !== null && chroma.pid !== pid, 20_000, 'a new Chroma process');
    await until(async () => (await fetch(`${chroma.url}/api/v2/heartbeat`).then((r) => r.ok, () => false)), 20_000, 'the restarted server');
    assert.equal(await store.count('test-abc'), 2, 'data survives the restart');
    assert.ok(lines.some((l) => /restarting/.test(l)));

    // A collection queried with another embedder is a clear error that says to retrain.
    await assert.rejects(store.queryText('test-abc', new BuiltinEmbedder(128), 'x', 1), (e: unknown) => e instanceof EmbedderMismatchError && /Retrain/.test(e.hint ?? ''));

    const last = chroma.pid as number;
    await chroma.stop();
    await until(() => !alive(last), 5000, 'the server to exit');
    assert.ok(!existsSync(chroma.pidFile));
    await assert.rejects(store.count('test-abc'), /not available|stopped/);
  } finally {
    await chroma.stop();
  }
});

test('a second instance on the same data uses the running server and leaves it to its owner', async () => {
  const dataDir = join(root, 'b');
  const first = new EmbeddedChroma({ dataDir });
  const second = new EmbeddedChroma({ dataDir });
  try {
    await first.start();
    await second.start();
    assert.equal(second.url, first.url);
    assert.equal(second.pid, first.pid);
    // The owner (first) is alive, so stopping the second leaves the server running.
    await second.stop();
    assert.ok(alive(first.pid as number));
    // The remote option works against any Chroma URL.
    const remote = new VectorStore(new RemoteChroma({ url: first.url }));
    await remote.heartbeat();
    assert.ok(Array.isArray(await remote.listCollections()));
  } finally {
    await first.stop();
  }
});

test('a server whose owner was killed ends by itself, and the next start replaces it (one server per data dir)', async () => {
  const dataDir = join(root, 'orphan');
  const modulePath = join(__dirname, '../../src/core/vector/chroma-server.ts');
  const code = `const { EmbeddedChroma } = require(${JSON.stringify(modulePath)}); const c = new EmbeddedChroma({ dataDir: ${JSON.stringify(dataDir)} }); c.start().then(() => console.log('ready ' + c.pid));`;
  const owner = spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    owner.stdout.on('data', (d: Buffer) => { out += d.toString(); if (/ready \d+/.test(out)) resolve(); });
    owner.once('exit', () => reject(new Error('owner exited early')));
  });
  const orphan = Number(/ready (\d+)/.exec(out)?.[1]);
  owner.kill('SIGKILL');
  await until(() => owner.exitCode !== null || owner.signalCode !== null, 5000, 'the owner to die');
  await until(() => !alive(orphan), 30_000, 'the orphaned server to end with its owner');
  const next = new EmbeddedChroma({ dataDir });
  try {
    await next.start();
    assert.notEqual(next.pid, orphan);
    assert.ok(alive(next.pid as number));
  } finally {
    await next.stop();
  }
});

test('a start that cannot work fails with the server output instead of hanging', async () => {
  const chroma = new EmbeddedChroma({ dataDir: join(root, 'c'), cliPath: join(root, 'missing-cli.mjs'), startTimeoutMs: 10_000 });
  const t = Date.now();
  await assert.rejects(chroma.start(), /exited|did not answer/);
  assert.ok(Date.now() - t < 15_000);
  await chroma.stop();
});
