// The SQLite helper process as a user's machine sees it: it holds none of the parent's secrets in its
// environment, and it ends when its parent is killed (kill -9), even in the middle of a long statement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chinookSqlite, removeTempDirs, sqliteEngines, tempDir } from './introspect-support';
import { copyFileSync } from 'node:fs';

test.after(removeTempDirs);
const linux = process.platform === 'linux' ? undefined : 'reads /proc (Linux only)';
const root = resolve(__dirname, '../..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const { engine, skip } of sqliteEngines) {
  test(`sqlite (${engine}): the helper has no secret in its environment and dies with its killed parent mid-statement`, { skip: linux ?? skip ?? (existsSync(chinookSqlite) ? undefined : 'no Chinook') }, async () => {
    const file = join(tempDir(), 'c.sqlite');
    copyFileSync(chinookSqlite, file);
    const script = `(async () => {
      const { connect, parseDatasourceUrl } = require(${JSON.stringify(join(root, 'src/core/datasource/index.ts'))});
      const d = await connect({ ...parseDatasourceUrl(${JSON.stringify(`sqlite://${file}`)}), sqliteEngine: ${JSON.stringify(engine)} });
      await d.test();
      console.log('ready');
      // Runs for ever: only a kill stops it.
      await d.queryReadOnly('WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c) SELECT count(*) FROM c', [], { timeoutMs: 3_600_000 });
    })();`;
    const secrets = { TABLETALK_PASSWORD: 'Pw-9f8e7d6c5b', OPENAI_API_KEY: 'sk-test-4a3b2c1d0e', TABLETALK_LLM_API_KEY: 'key-1q2w3e4r' };
    const parent = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, env: { ...process.env, ...secrets }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout.on('data', (d) => (out += d));
    try {
      await until('the parent to connect', () => out.includes('ready') || parent.exitCode !== null);
      assert.equal(parent.exitCode, null, 'the parent process ended early');
      const children = () => readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      await until('the helper process', () => children().length > 0);
      const helper = children()[0];
      const environ = readFileSync(`/proc/${helper}/environ`, 'utf8');
      for (const [k, v] of Object.entries(secrets)) {
        assert.ok(!environ.includes(v), `${k}'s value is in the helper's environment`);
        assert.ok(!environ.includes(`${k}=`), `${k} is in the helper's environment`);
      }
      // Busy in one long sqlite3_step when the parent dies.
      await new Promise((r) => setTimeout(r, 300));
      parent.kill('SIGKILL');
      await until(`helper ${helper} to exit after its parent was killed`, () => !alive(helper));
    } finally {
      parent.kill('SIGKILL');
    }
  });
}

test('embedded Chroma: the server process has no secret in its environment and dies with its killed parent', { skip: linux }, async () => {
  const dataDir = join(tempDir(), 'chroma');
  const script = `(async () => {
    const { EmbeddedChroma } = require(${JSON.stringify(join(root, 'src/core/vector/chroma-server.ts'))});
    const c = new EmbeddedChroma({ dataDir: ${JSON.stringify(dataDir)} });
    await c.start();
    console.log('ready ' + c.pid);
    setInterval(() => {}, 1000);
  })();`;
  const secrets = { TABLETALK_PASSWORD: 'Pw-9f8e7d6c5b', OPENAI_API_KEY: 'sk-test-4a3b2c1d0e' };
  const parent = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, env: { ...process.env, ...secrets }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  parent.stdout.on('data', (d) => (out += d));
  try {
    await until('the server to answer', () => /ready \d+/.test(out) || parent.exitCode !== null, 120_000);
    assert.equal(parent.exitCode, null, 'the parent process ended early');
    const server = Number(/ready (\d+)/.exec(out)?.[1]);
    const environ = readFileSync(`/proc/${server}/environ`, 'utf8');
    for (const [k, v] of Object.entries(secrets)) assert.ok(!environ.includes(v) && !environ.includes(`${k}=`), `${k} is in the server's environment`);
    assert.match(readFileSync(`/proc/${server}/cmdline`, 'utf8'), /chroma-process/, 'started through TableTalk\'s own server script');
    parent.kill('SIGKILL');
    await until(`Chroma server ${server} to exit after its parent was killed`, () => !alive(server));
  } finally {
    parent.kill('SIGKILL');
  }
});
