// Starts a real OpenSSH server (Debian's openssh-server) on a loopback port, as the current user, with its own
// config, host key and authorized key in a temp dir. Tunnel tests connect to it with the generated client keys.
// sshd started by a non-root user can log in only that same user; as root it runs with privilege separation.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync, mkdirSync, chmodSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './databases.mjs';

const SSHD = '/usr/sbin/sshd';

function keygen(file, passphrase = '', type = 'ed25519') {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', 'tabletalk-test', '-f', file], { stdio: 'ignore' });
}

/** SHA256:… of a public key file, as OpenSSH prints it. */
function fingerprint(pubFile) {
  return execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile]).toString().split(' ')[1];
}

function waitForBanner(port, ms) {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = netConnect(port, '127.0.0.1');
      s.once('data', (d) => {
        s.destroy();
        if (String(d).startsWith('SSH-')) resolve();
        else retry(new Error(`unexpected banner ${String(d)}`));
      });
      s.once('error', retry);
    };
    const retry = (e) => (Date.now() > end ? reject(new Error(`sshd did not answer within ${ms} ms: ${e.message}`)) : setTimeout(attempt, 100));
    attempt();
  });
}

/**
 * Starts sshd. Returns { port, user, dir, key (passphrase-less private key file), encryptedKey (protected by
 * `passphrase`), passphrase, otherKey (not authorized), hostFingerprint, hostPublicKey (known_hosts key text),
 * rotateHostKey() (restarts with a new host key), connections() (sessions open now), stop() } or { skip }.
 */
export async function startSshd() {
  if (!existsSync(SSHD)) return { skip: 'sshd not found (apt-get install openssh-server, or run scripts/setup-system.sh)' };
  const dir = mkdtempSync(join(tmpdir(), 'tt-sshd-'));
  chmodSync(dir, 0o755); // sshd's privilege-separated child reads the authorized keys as the user
  const user = userInfo().username;
  const hostKey = join(dir, 'host_key');
  keygen(hostKey);
  const key = join(dir, 'client_key');
  keygen(key);
  const passphrase = 'correct horse battery';
  const encryptedKey = join(dir, 'client_key_protected');
  keygen(encryptedKey, passphrase);
  const otherKey = join(dir, 'stranger_key');
  keygen(otherKey);
  const rsaKey = join(dir, 'client_key_rsa');
  keygen(rsaKey, '', 'rsa');
  writeFileSync(join(dir, 'authorized_keys'), [key, encryptedKey, rsaKey].map((k) => readFileSync(`${k}.pub`, 'utf8').trim()).join('\n') + '\n');
  // As root, sshd needs its privilege separation directory (systemd usually creates it).
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const cfg = join(dir, 'sshd_config');
  writeFileSync(cfg, [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    'StrictModes no',
    'AllowTcpForwarding yes',
    'LogLevel VERBOSE',
    '',
  ].join('\n'));
  let proc;
  let log = '';
  const start = async () => {
    proc = spawn(SSHD, ['-D', '-e', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr.on('data', (d) => (log += d));
    const exited = new Promise((_, reject) => proc.once('exit', (code) => reject(new Error(`sshd exited with ${code}: ${log}`))));
    exited.catch(() => {});
    await Promise.race([waitForBanner(port, 10_000), exited]);
  };
  await start();
  const stopProc = () => {
    if (proc && proc.exitCode === null) {
      proc.kill('SIGTERM');
      return new Promise((r) => proc.once('exit', r));
    }
    return Promise.resolve();
  };
  return {
    port,
    user,
    dir,
    key,
    encryptedKey,
    passphrase,
    otherKey,
    rsaKey,
    get hostFingerprint() {
      return fingerprint(`${hostKey}.pub`);
    },
    /** "type base64" of the host key, for a known_hosts line. */
    get hostPublicKey() {
      return readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
    },
    /** The server's log so far (LogLevel VERBOSE): accepted keys, forwarding requests, disconnects. */
    log: () => log,
    /**
     * Ends every open SSH session abruptly (the per-connection sshd processes this server started are killed), as a
     * network drop would; the server keeps listening. Returns how many sessions were cut.
     */
    dropSessions() {
      const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(proc.pid)]).toString().trim();
      const pids = out ? out.split(/\s+/).map(Number) : [];
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      return pids.length;
    },
    /** Restarts the server with a new host key (as after a reinstall, or a machine in the middle). */
    async rotateHostKey() {
      await stopProc();
      rmSync(hostKey, { force: true });
      rmSync(`${hostKey}.pub`, { force: true });
      keygen(hostKey);
      await start();
    },
    async stop() {
      await stopProc();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
