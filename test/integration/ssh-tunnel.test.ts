// PostgreSQL and MariaDB reached through an SSH tunnel to a real OpenSSH server on loopback (test/support/sshd.mjs):
// Chinook's tables come through; each failure (SSH host down, login refused, bad key or passphrase, unknown or
// changed host key, database unreachable from the SSH server) is a clear DatasourceError; closing the driver
// closes the tunnel's listener and sockets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { connect, parseDatasourceUrl, type ConnectionOptions, type SshConfig, type UnknownHostKey } from '../../src/core/datasource';
import { DatasourceError } from '../../src/core/datasource/types';
import type { StartedSshd } from '../support/sshd.mjs' with { 'resolution-mode': 'import' };

const pgUrl = process.env.TABLETALK_TEST_PG_URL;
const myUrl = process.env.TABLETALK_TEST_MYSQL_URL;
let sshd: StartedSshd | undefined;
let sshdSkip: string | undefined;
let knownHosts = '';

before(async () => {
  const { startSshd } = await import('../support/sshd.mjs');
  const s = await startSshd();
  if (s.skip !== undefined) sshdSkip = s.skip;
  else {
    sshd = s;
    knownHosts = join(s.dir, 'known_hosts');
    writeFileSync(knownHosts, `# written by the test\n[127.0.0.1]:${s.port} ${s.hostPublicKey}\n`);
  }
});
after(async () => {
  await sshd?.stop();
});

const skipFor = (url: string | undefined, name: string) => () => sshdSkip ?? (url ? undefined : `${name} not started (run through npm test)`);

/** The datasource URL's server as seen from the SSH server (both on loopback here), through the tunnel. */
function through(url: string, ssh: Partial<SshConfig> = {}, extra: Partial<ConnectionOptions> = {}): ConnectionOptions {
  const s = sshd!;
  return { ...parseDatasourceUrl(url, {}), connectTimeoutMs: 8000, ssh: { host: '127.0.0.1', port: s.port, user: s.user, auth: 'key', keyFile: s.key, knownHostsFile: knownHosts, ...ssh }, ...extra };
}

function handles(): Record<string, number> {
  const count: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) count[r] = (count[r] ?? 0) + 1;
  return count;
}

async function refusedAt(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
}

function rejectsWith(code: string, pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof DatasourceError, `a DatasourceError, got ${String(e)}`);
    assert.equal(e.code, code, `code of "${e.text}"`);
    assert.match(e.message, pattern);
    return true;
  };
}

test('PostgreSQL through the tunnel: Chinook introspected and queried; close() removes the listener and sockets', async (t) => {
  const skip = skipFor(pgUrl, 'PostgreSQL')();
  if (skip) return t.skip(skip);
  const before = handles();
  const driver = await connect(through(pgUrl!));
  const port = (driver as unknown as { opts: ConnectionOptions }).opts.tunnel!.port;
  const schema = await driver.introspect();
  assert.equal(schema.tables.filter((x) => x.kind === 'table').length, 11);
  const r = await driver.queryReadOnly('SELECT count(*)::int AS n FROM artist');
  assert.equal(r.rows[0].n, 275);
  assert.match(sshd!.log(), /Accepted publickey/);
  await driver.close();
  assert.ok(await refusedAt(port), 'nothing listens on the tunnel port after close()');
  // Sockets finish closing on the next turns of the event loop: wait for the count, then check it.
  const settled = () => (handles().TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0) && !handles().TCPServerWrap;
  for (let i = 0; i < 50 && !settled(); i++) await new Promise((r) => setTimeout(r, 100));
  const now = handles();
  assert.ok((now.TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0), `no socket left open: ${JSON.stringify(now)} vs ${JSON.stringify(before)}`);
  assert.ok((now.TCPServerWrap ?? 0) <= (before.TCPServerWrap ?? 0), `no listener left open: ${JSON.stringify(now)}`);
});

test('MariaDB through the tunnel with a passphrase-protected key, host key trusted on first use', async (t) => {
  const skip = skipFor(myUrl, 'MariaDB')();
  if (skip) return t.skip(skip);
  const asked: UnknownHostKey[] = [];
  const options = through(myUrl!, { keyFile: sshd!.encryptedKey, knownHostsFile: join(sshd!.dir, 'no-known-hosts') }, {
    sshSecret: sshd!.passphrase,
    confirmHostKey: async (k) => (asked.push(k), true),
  });
  const driver = await connect(options);
  try {
    const r = await driver.queryReadOnly('SELECT COUNT(*) AS n FROM Artist');
    assert.equal(String(r.rows[0].n), '275');
    assert.deepEqual(asked.map((k) => k.fingerprint), [sshd!.hostFingerprint]);
    assert.equal(asked[0].type, 'ssh-ed25519');
  } finally {
    await driver.close();
  }
});

test('the SSH session dropped mid-query: a clear error, then the pool logs in again and answers', async (t) => {
  const skip = skipFor(pgUrl, 'PostgreSQL')();
  if (skip) return t.skip(skip);
  const driver = await connect(through(pgUrl!));
  try {
    await driver.queryReadOnly('SELECT 1 AS one');
    const running = driver.queryReadOnly('SELECT pg_sleep(20)', [], { timeoutMs: 60_000 });
    // Wait until the statement runs on the server, then cut the SSH session under it.
    const admin = await connect(parseDatasourceUrl(pgUrl!, {}));
    try {
      for (let i = 0; i < 100; i++) {
        const r = await admin.queryReadOnly("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'");
        if (r.rows[0].n === 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await admin.close();
    }
    assert.ok(sshd!.dropSessions() >= 1, 'a session was open');
    await assert.rejects(running, rejectsWith('ssh-unreachable', /The SSH connection to .* was lost/));
    const again = await driver.queryReadOnly('SELECT 2 AS two');
    assert.equal(again.rows[0].two, 2);
  } finally {
    await driver.close();
  }
});

test('an unknown host key without a way to confirm is refused, naming its fingerprint; the accepted one lets in', async (t) => {
  const skip = skipFor(pgUrl, 'PostgreSQL')();
  if (skip) return t.skip(skip);
  const unknown = join(sshd!.dir, 'empty-known-hosts');
  writeFileSync(unknown, '');
  await assert.rejects(connect(through(pgUrl!, { knownHostsFile: unknown })), rejectsWith('ssh-host-key', new RegExp(`not in known_hosts.*${sshd!.hostFingerprint.replace(/[+/]/g, '\\$&')}`)));
  await assert.rejects(connect(through(pgUrl!, { knownHostsFile: unknown }, { confirmHostKey: async () => false })), rejectsWith('ssh-host-key', /not in known_hosts/));
  const driver = await connect(through(pgUrl!, { knownHostsFile: unknown, hostKey: sshd!.hostFingerprint }));
  try {
    await driver.test();
  } finally {
    await driver.close();
  }
});

test('login failures: key not authorized, wrong or missing passphrase, unreadable key, password refused, SSH port closed', async (t) => {
  const skip = skipFor(pgUrl, 'PostgreSQL')();
  if (skip) return t.skip(skip);
  const s = sshd!;
  await assert.rejects(connect(through(pgUrl!, { keyFile: s.otherKey })), rejectsWith('ssh-auth', new RegExp(`refused user "${s.user}" with the key`)));
  await assert.rejects(connect(through(pgUrl!, { keyFile: s.encryptedKey }, { sshSecret: 'wrong passphrase' })), rejectsWith('ssh-key', /passphrase does not unlock/));
  await assert.rejects(connect(through(pgUrl!, { keyFile: s.encryptedKey })), rejectsWith('ssh-key', /protected by a passphrase/));
  await assert.rejects(connect(through(pgUrl!, { keyFile: join(s.dir, 'missing_key') })), rejectsWith('ssh-key', /Cannot read the SSH private key file/));
  await assert.rejects(connect(through(pgUrl!, { keyFile: `${s.key}.pub` })), rejectsWith('ssh-key', /holds a public key, not the private key/));
  await assert.rejects(connect(through(pgUrl!, { auth: 'password', keyFile: undefined }, { sshSecret: 'not-the-password' })), rejectsWith('ssh-auth', /refused user .* with this password/));
  const { freePort } = await import('../support/databases.mjs');
  const closed = await freePort();
  await assert.rejects(connect(through(pgUrl!, { port: closed })), rejectsWith('ssh-unreachable', new RegExp(`Cannot reach the SSH server 127.0.0.1:${closed}`)));
  assert.doesNotMatch(JSON.stringify(handles()), /TCPServerWrap/, 'failed logins leave no listener');
});

test('the database unreachable from the SSH server: a clear error naming both', async (t) => {
  const skip = skipFor(pgUrl, 'PostgreSQL')();
  if (skip) return t.skip(skip);
  const { freePort } = await import('../support/databases.mjs');
  const nothing = await freePort();
  const driver = await connect({ ...through(pgUrl!), port: nothing });
  try {
    await assert.rejects(driver.test(), rejectsWith('ssh-forward', new RegExp(`SSH server 127.0.0.1:${sshd!.port} could not reach the database at 127.0.0.1:${nothing}`)));
  } finally {
    await driver.close();
  }
});

test('a changed host key is refused with both fingerprints (accepted one) and against known_hosts', async (t) => {
  const skip = skipFor(pgUrl, 'PostgreSQL')();
  if (skip) return t.skip(skip);
  const s = sshd!;
  const old = s.hostFingerprint;
  await s.rotateHostKey();
  const now = s.hostFingerprint;
  assert.notEqual(now, old);
  const esc = (f: string) => f.replace(/[+/]/g, '\\$&');
  await assert.rejects(connect(through(pgUrl!)), rejectsWith('ssh-host-key', new RegExp(`presented host key ${esc(now)}, which does not match known_hosts`)));
  const none = join(s.dir, 'no-such-known-hosts');
  await assert.rejects(connect(through(pgUrl!, { knownHostsFile: none, hostKey: old })), rejectsWith('ssh-host-key', new RegExp(`presented host key ${esc(now)}, but ${esc(old)} was accepted`)));
  writeFileSync(knownHosts, `[127.0.0.1]:${s.port} ${s.hostPublicKey}\n`);
});

const cli = join(__dirname, '../../dist/cli.js');

/** Runs the built CLI with HOME in the sshd's temp dir (no ~/.ssh/known_hosts there). */
function runCli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, HOME: sshd!.dir, SSH_AUTH_SOCK: '', ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('CLI: introspect --ssh with a passphrase-protected key from the environment; an unknown host key is refused with its fingerprint', async (t) => {
  const skip = skipFor(pgUrl, 'PostgreSQL')();
  if (skip) return t.skip(skip);
  const s = sshd!;
  const target = `${s.user}@127.0.0.1:${s.port}`;
  const env = { TABLETALK_SSH_PASSPHRASE: s.passphrase };
  const unknown = runCli(['introspect', '--url', pgUrl!, '--ssh', target, '--ssh-key', s.encryptedKey, '--json'], env);
  assert.equal(unknown.status, 1);
  assert.ok(unknown.stderr.includes(s.hostFingerprint), unknown.stderr);
  assert.match(unknown.stderr, /--ssh-host-key SHA256:/);
  const ok = runCli(['introspect', '--url', pgUrl!, '--ssh', target, '--ssh-key', s.encryptedKey, '--ssh-host-key', s.hostFingerprint, '--json'], env);
  assert.equal(ok.status, 0, ok.stderr);
  const schema = JSON.parse(ok.stdout) as { tables: { kind: string }[] };
  assert.equal(schema.tables.filter((x) => x.kind === 'table').length, 11);
  const wrong = runCli(['introspect', '--url', pgUrl!, '--ssh', target, '--ssh-key', s.encryptedKey, '--ssh-host-key', s.hostFingerprint], { TABLETALK_SSH_PASSPHRASE: 'not-it-9f3c' });
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /passphrase does not unlock/);
  assert.ok(!wrong.stderr.includes('not-it-9f3c'), 'the passphrase is never printed');
  const asArg = runCli(['introspect', '--url', pgUrl!, '--ssh', target, '--ssh-passphrase', 'x']);
  assert.equal(asArg.status, 1);
  assert.match(asArg.stderr, /never from arguments/);
  const bad = runCli(['introspect', '--url', pgUrl!, '--ssh', `${s.user}@127.0.0.1:99999`]);
  assert.match(bad.stderr, /--ssh port "99999"/);
});

test('CLI: --ssh with the SSH agent (SSH_AUTH_SOCK) and known_hosts in HOME; MariaDB relations through the tunnel', async (t) => {
  const skip = skipFor(myUrl, 'MariaDB')();
  if (skip) return t.skip(skip);
  const s = sshd!;
  const sock = join(s.dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 50 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 100));
    execFileSync('ssh-add', [s.rsaKey], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
    mkdirSync(join(s.dir, '.ssh'), { recursive: true });
    writeFileSync(join(s.dir, '.ssh', 'known_hosts'), `[127.0.0.1]:${s.port} ${s.hostPublicKey}\n`);
    const r = runCli(['relations', '--url', myUrl!, '--ssh', `${s.user}@127.0.0.1:${s.port}`, '--json'], { SSH_AUTH_SOCK: sock });
    assert.equal(r.status, 0, r.stderr);
    const { relations } = JSON.parse(r.stdout) as { relations: { origin: string }[] };
    assert.equal(relations.filter((x) => x.origin === 'declared').length, 11);
  } finally {
    agent.kill();
    rmSync(join(s.dir, '.ssh'), { recursive: true, force: true });
  }
});

test('CLI: tabletalk mcp --ssh runs an agent query on PostgreSQL through the tunnel; the passphrase stays out of its output', async (t) => {
  const skip = skipFor(pgUrl, 'PostgreSQL')();
  if (skip) return t.skip(skip);
  const s = sshd!;
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const dir = join(s.dir, 'mcp-workspace');
  mkdirSync(join(dir, '.tabletalk', 'datasets'), { recursive: true });
  const url = new URL(pgUrl!);
  const password = decodeURIComponent(url.password);
  url.password = '';
  writeFileSync(join(dir, '.tabletalk', 'datasets', 'shop.json'), JSON.stringify({
    version: 1, name: 'shop', datasource: url.toString(), collection: 'shop-0001', tables: [{ name: 'artist', schema: 'public' }],
    terms: [], examples: [], modeling: { relationships: [], rejected: [], positions: {} },
  }));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'mcp', '--dir', dir, '--ssh', `${s.user}@127.0.0.1:${s.port}`, '--ssh-key', s.encryptedKey, '--ssh-host-key', s.hostFingerprint],
    env: { ...(process.env as Record<string, string>), HOME: s.dir, SSH_AUTH_SOCK: '', TABLETALK_PASSWORD: password, TABLETALK_SSH_PASSPHRASE: s.passphrase },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'tabletalk-test', version: '1.0.0' });
  const sessionsBefore = (s.log().match(/Accepted publickey/g) ?? []).length;
  await client.connect(transport);
  try {
    const r = await client.callTool({ name: 'tabletalk_run_query', arguments: { dataset: 'shop', sql: 'SELECT count(*)::int AS n FROM artist' } }) as { isError?: boolean; content: { text?: string }[] };
    const text = r.content.map((c) => c.text ?? '').join('\n');
    assert.ok(!r.isError, text);
    assert.deepEqual(JSON.parse(text).rows, [{ n: 275 }], text);
    assert.equal((s.log().match(/Accepted publickey/g) ?? []).length, sessionsBefore + 1, 'the query went through one new SSH session');
  } finally {
    await client.close();
  }
  assert.ok(!stderr.includes(s.passphrase), 'the passphrase is never printed');
});
