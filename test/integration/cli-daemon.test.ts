// The CLI's shared embedded Chroma server, as a user meets it: real `tabletalk` processes on Chinook and a real
// Chroma server. A second call adopts the server (same pid), a killed server is replaced, a state file naming a
// dead pid or another server's port is not trusted, two calls at once start one server, `daemon stop` stops it,
// and a server left idle exits by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedChroma } from '../../src/core/vector/chroma-server';
import { chinookCopy, cli, noChinook, noCli, startCli, tempDir } from '../support/train-setup';

const linux = process.platform === 'linux' ? undefined : 'counts server processes through /proc (Linux only)';
const skip = noChinook ?? noCli ?? linux;

const dir = tempDir('tt-cli-daemon-');
const dataDir = join(dir, '.tabletalk', 'chroma');
const stateFile = join(dir, '.tabletalk', 'state', 'chroma-server.json');
let trained = false;

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Pids of the Chroma server processes serving this test's data directory. */
function servers(): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a.endsWith('chroma-process.js')) && args.includes(dataDir)) out.push(Number(name));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

interface Status { running: boolean; pid: number | null; port: number | null; dataDir: string | null; idleSeconds: number | null; clients: number }

async function status(env: NodeJS.ProcessEnv = {}): Promise<Status> {
  const r = await cli(['daemon', 'status', '--dir', dir, '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  return r.json as unknown as Status;
}

const question = ['--name', 'chinook', '--dir', dir, '--question', 'Which artists have the most albums?', '--json'];

/** A retrieve the user would be happy with: it names the album and artist tables. */
async function retrieve(env: NodeJS.ProcessEnv = {}) {
  const r = await cli(['retrieve', ...question], env);
  assert.equal(r.code, 0, r.stderr);
  const tables = (r.json as { tables: string[] }).tables;
  assert.ok(tables.includes('Album') && tables.includes('Artist'), tables.join(', '));
  return r;
}

async function ensureTrained(): Promise<void> {
  if (trained) return;
  const { url } = chinookCopy(dir);
  const r = await cli(['train', '--url', url, '--name', 'chinook', '--dir', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  trained = true;
}

test.after(async () => {
  if (existsSync(dir)) await cli(['daemon', 'stop', '--dir', dir]);
  rmSync(dir, { recursive: true, force: true });
});

test('the server outlives the call that started it, and the next call uses it (same process)', { skip }, async () => {
  await ensureTrained();
  const first = await status();
  assert.equal(first.running, true, 'train left the shared server running');
  assert.equal(first.dataDir, dataDir);
  assert.equal(first.idleSeconds, 600, 'default idle period');
  assert.equal(first.clients, 0, 'no call uses it now');
  const pid = first.pid as number;
  assert.ok(alive(pid));
  await retrieve();
  await retrieve();
  assert.equal((await status()).pid, pid, 'the later calls adopted the same server');
  assert.deepEqual(servers(), [pid], 'one server for the data directory');
});

test('a killed server is replaced by the next call', { skip }, async () => {
  await ensureTrained();
  await retrieve();
  const old = (await status()).pid as number;
  process.kill(old, 'SIGKILL');
  await until(`server ${old} to die`, () => !alive(old));
  await retrieve();
  const now = await status();
  assert.equal(now.running, true);
  assert.notEqual(now.pid, old);
  assert.deepEqual(servers(), [now.pid]);
});

test('a state file naming a dead pid is not trusted', { skip }, async () => {
  await ensureTrained();
  await cli(['daemon', 'stop', '--dir', dir]);
  const gone = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => gone.once('exit', r));
  const dead = gone.pid as number;
  writeFileSync(stateFile, JSON.stringify({ pid: dead, port: 9, dataDir, storeId: 'x', idleMs: 600_000, startedAt: new Date().toISOString() }));
  assert.equal((await status()).running, false, 'status does not report the dead server');
  await retrieve();
  const now = await status();
  assert.equal(now.running, true);
  assert.notEqual(now.pid, dead);
  assert.deepEqual(servers(), [now.pid]);
});

test('a state file naming a live pid and a port now served by another Chroma is not trusted, and that server is left alone', { skip }, async () => {
  await ensureTrained();
  await retrieve();
  const recorded = JSON.parse(readFileSync(stateFile, 'utf8')) as { storeId: string };
  await cli(['daemon', 'stop', '--dir', dir]);
  const other = new EmbeddedChroma({ dataDir: join(dir, 'someone-else') });
  try {
    await other.start();
    const otherPid = other.pid as number;
    const port = Number(new URL(other.url).port);
    // Pid alive, heartbeat answering, our data dir and marker id written down: only the marker check can tell.
    writeFileSync(stateFile, JSON.stringify({ pid: otherPid, port, dataDir, storeId: recorded.storeId, idleMs: 600_000, startedAt: new Date().toISOString() }));
    assert.equal((await status()).running, false, 'status does not report the other server as ours');
    await retrieve();
    const now = await status();
    assert.equal(now.running, true);
    assert.notEqual(now.pid, otherPid);
    assert.notEqual(now.port, port);
    assert.ok(alive(otherPid), 'the other server was not killed');
    assert.deepEqual(servers(), [now.pid]);
  } finally {
    await other.stop();
  }
});

test('two calls at once with no server running start one server between them', { skip }, async () => {
  await ensureTrained();
  await cli(['daemon', 'stop', '--dir', dir]);
  assert.deepEqual(servers(), []);
  const seen = new Set<number>();
  const runs = [startCli(['retrieve', ...question]), startCli(['retrieve', ...question])];
  let done = false;
  const watching = (async () => {
    while (!done) {
      for (const p of servers()) seen.add(p);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const results = await Promise.all(runs.map((r) => r.done));
  done = true;
  await watching;
  for (const r of results) {
    assert.equal(r.code, 0, r.stderr);
    assert.ok((r.json as { tables: string[] }).tables.includes('Album'));
  }
  const now = await status();
  assert.equal(now.running, true);
  assert.deepEqual([...seen], [now.pid], 'only one server process was ever started');
});

test('`daemon stop` stops the server, and status says so', { skip }, async () => {
  await ensureTrained();
  await retrieve();
  const pid = (await status()).pid as number;
  const r = await cli(['daemon', 'stop', '--dir', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.json, { stopped: true, pid });
  assert.equal(alive(pid), false);
  assert.equal((await status()).running, false);
  assert.deepEqual(servers(), []);
  const again = await cli(['daemon', 'stop', '--dir', dir, '--json']);
  assert.deepEqual(again.json, { stopped: false, pid: null });
});

test('a server left idle for TABLETALK_CHROMA_IDLE_SECONDS exits by itself', { skip }, async () => {
  await ensureTrained();
  await cli(['daemon', 'stop', '--dir', dir]);
  const env = { TABLETALK_CHROMA_IDLE_SECONDS: '2' };
  await retrieve(env);
  const s = await status();
  assert.equal(s.idleSeconds, 2);
  const pid = s.pid as number;
  await until(`idle server ${pid} to exit`, () => !alive(pid));
  assert.equal(existsSync(stateFile), false, 'the state file went with it');
  assert.deepEqual(servers(), []);
});

test('TABLETALK_CHROMA_IDLE_SECONDS that is not a number of seconds is a clear error', { skip }, async () => {
  await ensureTrained();
  const r = await cli(['retrieve', ...question], { TABLETALK_CHROMA_IDLE_SECONDS: 'soon' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /TABLETALK_CHROMA_IDLE_SECONDS must be a number of seconds from 0 to 86400, not "soon"/);
});

test('an unchanged retrain records the guard its examples passed, and re-checks a model stamped by another guard', { skip }, async () => {
  await ensureTrained();
  const runs = join(dir, '.tabletalk', 'state', 'runs');
  const file = join(runs, readdirSync(runs).filter((f) => f.endsWith('.json'))[0]);
  const stamp = (JSON.parse(readFileSync(file, 'utf8')) as { examplesGuard?: string }).examplesGuard;
  assert.match(stamp ?? '', /^[0-9a-f]{16}$/, 'the built CLI stamps the model with its guard');
  const train = async () => {
    const r = await cli(['train', '--url', `sqlite://${join(dir, 'chinook.sqlite')}`, '--name', 'chinook', '--dir', dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    return r.json as { status: string; counts: { sql: number }; unchanged: string[]; embeddingCalls: number };
  };
  const same = await train();
  assert.equal(same.status, 'completed');
  assert.deepEqual([...same.unchanged].sort(), ['ddl', 'documentation', 'sql']);
  assert.equal(same.embeddingCalls, 0);
  const state = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...state, examplesGuard: 'another-guard' }));
  const other = await train();
  assert.equal(other.status, 'completed');
  assert.equal(other.counts.sql, same.counts.sql, 'every example passes this guard again');
  assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { examplesGuard?: string }).examplesGuard, stamp, 're-stamped with this guard');
});
