// An SSH tunnel (ssh2) to a database the SSH server can reach: one SSH session per datasource connection pool
// and a local listener on 127.0.0.1 (ephemeral port) whose connections are forwarded through it. Opened before the
// pool connects, closed with it; a dropped session is opened again by the next connection. The server's host key
// is checked against known_hosts, then against the fingerprint the user accepted for this datasource.
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { l10n } from '../messages';
import { checkKnownHosts, fingerprintOf, keyTypeOf } from './known-hosts';
import { DEFAULT_CONNECT_TIMEOUT_MS, scrub } from './errors';
import { DatasourceError, type ConnectionOptions, type SshConfig, type TunnelEnd, type UnknownHostKey } from './types';

/** The local end of a tunnel, what the database driver connects to. */
export type Tunnel = TunnelEnd;

type SshClient = import('ssh2').Client;
type TunnelOptions = ConnectionOptions & { ssh: SshConfig };

const where = (ssh: SshConfig) => `${ssh.user}@${ssh.host}:${ssh.port ?? 22}`;

/** The private key, decrypted with the passphrase, or a DatasourceError saying what is wrong with the file. */
function readKey(ssh: SshConfig, passphrase: string | undefined, parseKey: typeof import('ssh2').utils.parseKey): Buffer {
  const file = ssh.keyFile ?? '';
  if (!file) throw new DatasourceError(l10n.t('No private key file is set for the SSH connection to {0}.', where(ssh)), l10n.t('Choose the private key file (for example ~/.ssh/id_ed25519).'), { code: 'ssh-key' });
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    throw new DatasourceError(l10n.t('Cannot read the SSH private key file {0}: {1}', file, (e as Error).message), l10n.t('Choose a readable private key file.'), { code: 'ssh-key', cause: e });
  }
  const parsed = parseKey(data, passphrase);
  if (parsed instanceof Error) {
    if (/no passphrase given/i.test(parsed.message)) {
      throw new DatasourceError(l10n.t('The SSH private key {0} is protected by a passphrase, and none was given.', file), l10n.t('Enter the key\'s passphrase (for the CLI: env TABLETALK_SSH_PASSPHRASE).'), { code: 'ssh-key', cause: parsed });
    }
    if (/bad passphrase|integrity check failed|decrypt/i.test(parsed.message)) {
      throw new DatasourceError(l10n.t('The passphrase does not unlock the SSH private key {0}.', file), l10n.t('Enter the key\'s passphrase again (for the CLI: env TABLETALK_SSH_PASSPHRASE).'), { code: 'ssh-key', cause: parsed });
    }
    throw notPrivate(file, parsed.message, parsed);
  }
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!first?.isPrivateKey()) throw new DatasourceError(l10n.t('{0} holds a public key, not the private key.', file), l10n.t('Choose an OpenSSH or PEM private key file (not the .pub file).'), { code: 'ssh-key' });
  return data;
}

function notPrivate(file: string, why: string, cause?: unknown): DatasourceError {
  return new DatasourceError(l10n.t('{0} is not a private key TableTalk can use: {1}', file, why), l10n.t('Choose an OpenSSH or PEM private key file (not the .pub file).'), { code: 'ssh-key', cause });
}

function readKnownHosts(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // no known_hosts: trust on first use decides
  }
}

function changedKeyError(ssh: SshConfig, fingerprint: string, expected: string | undefined): DatasourceError {
  const message = expected
    ? l10n.t('The SSH server {0} presented host key {1}, but {2} was accepted for this datasource. The connection was refused.', `${ssh.host}:${ssh.port ?? 22}`, fingerprint, expected)
    : l10n.t('The SSH server {0} presented host key {1}, which does not match known_hosts. The connection was refused.', `${ssh.host}:${ssh.port ?? 22}`, fingerprint);
  return new DatasourceError(message, l10n.t('The server was reinstalled, or something is in the middle of the connection. Ask the server\'s administrator for its key fingerprint; if the new key is right, update known_hosts (ssh-keygen -R) or edit the datasource to accept it again.'), { code: 'ssh-host-key' });
}

export function unknownHostKeyError(key: UnknownHostKey): DatasourceError {
  return new DatasourceError(
    l10n.t('The SSH server {0} is not in known_hosts; its {1} host key has fingerprint {2}.', `${key.host}:${key.port}`, key.type, key.fingerprint),
    l10n.t('Check the fingerprint with the server\'s administrator, then accept it (CLI: --ssh-host-key {0}) or add the server to ~/.ssh/known_hosts.', key.fingerprint),
    { code: 'ssh-host-key' },
  );
}

/** The SSH client's error as a DatasourceError that names the SSH server (not the database). */
function sshError(e: unknown, ssh: SshConfig, timeoutMs: number, secret: string | undefined): DatasourceError {
  if (e instanceof DatasourceError) return e;
  const err = e as { level?: string; code?: string; message?: string };
  const msg = scrub(String(err?.message ?? e), secret);
  const at = `${ssh.host}:${ssh.port ?? 22}`;
  if (err?.level === 'client-authentication') {
    const message =
      ssh.auth === 'password' ? l10n.t('The SSH server {0} refused user "{1}" with this password.', at, ssh.user)
      : ssh.auth === 'key' ? l10n.t('The SSH server {0} refused user "{1}" with the key {2}.', at, ssh.user, ssh.keyFile ?? '')
      : l10n.t('The SSH server {0} refused user "{1}" with the keys of the SSH agent.', at, ssh.user);
    return new DatasourceError(message, l10n.t('Check the SSH user and credentials, and that the server accepts this kind of login.'), { code: 'ssh-auth', cause: e });
  }
  if (err?.level === 'client-timeout' || err?.code === 'ETIMEDOUT') {
    return new DatasourceError(l10n.t('No SSH answer from {0} within {1} s.', at, Math.round(timeoutMs / 1000)), l10n.t('Check the SSH host and port, and that a firewall lets you through.'), { code: 'ssh-unreachable', cause: e });
  }
  if (err?.level === 'client-socket' || err?.level === 'client-dns' || /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET/.test(`${err?.code} ${msg}`)) {
    return new DatasourceError(l10n.t('Cannot reach the SSH server {0}: {1}.', at, msg), l10n.t('Check the SSH host and port, and that an SSH server runs there.'), { code: 'ssh-unreachable', cause: e });
  }
  if (err?.level === 'agent') {
    return new DatasourceError(l10n.t('The SSH agent failed: {0}.', msg), l10n.t('Check that the agent runs (SSH_AUTH_SOCK) and holds a key the server accepts (ssh-add -l).'), { code: 'ssh-auth', cause: e });
  }
  return new DatasourceError(l10n.t('The SSH connection to {0} failed: {1}.', at, msg), l10n.t('Check the SSH settings of the datasource.'), { code: 'ssh-unreachable', cause: e });
}

/**
 * Logs in to the SSH server. An unknown host key is never accepted inside the handshake (the user may take
 * longer to decide than the server waits): the attempt ends, the caller asks, and logs in again.
 */
async function login(o: TunnelOptions, accepted: string | undefined): Promise<SshClient> {
  const ssh = o.ssh;
  // ssh2 is CommonJS: depending on the loader its exports sit on the namespace or on its default.
  const mod = (await import('ssh2')) as typeof import('ssh2') & { default?: typeof import('ssh2') };
  const { Client, utils } = mod.default ?? mod;
  const timeoutMs = o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const port = ssh.port ?? 22;
  const auth: Partial<ConnectConfig> = {};
  if (ssh.auth === 'key') {
    auth.privateKey = readKey(ssh, o.sshSecret, utils.parseKey);
    if (o.sshSecret) auth.passphrase = o.sshSecret;
  } else if (ssh.auth === 'agent') {
    const sock = process.env.SSH_AUTH_SOCK;
    if (!sock) throw new DatasourceError(l10n.t('No SSH agent is running (SSH_AUTH_SOCK is not set).'), l10n.t('Start ssh-agent and add your key (ssh-add), or choose a key file instead.'), { code: 'ssh-auth' });
    auth.agent = sock;
  } else {
    if (!o.sshSecret) throw new DatasourceError(l10n.t('No SSH password is stored for {0}.', where(ssh)), l10n.t('Edit the datasource and enter the SSH password (for the CLI: env TABLETALK_SSH_PASSWORD).'), { code: 'ssh-auth' });
    auth.password = o.sshSecret;
  }
  let refusal: DatasourceError | undefined;
  let unknown: UnknownHostKey | undefined;
  const knownHosts = readKnownHosts(ssh.knownHostsFile ?? join(homedir(), '.ssh', 'known_hosts'));
  const client = new Client();
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', (e) => reject(refusal ?? e));
      client.once('close', () => reject(refusal ?? new DatasourceError(l10n.t('The SSH server {0} closed the connection during login.', `${ssh.host}:${port}`), undefined, { code: 'ssh-unreachable' })));
      client.connect({
        host: ssh.host,
        port,
        username: ssh.user,
        ...auth,
        readyTimeout: timeoutMs,
        keepaliveInterval: 15_000,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer) => {
          const fingerprint = fingerprintOf(key);
          const verdict = checkKnownHosts(knownHosts, ssh.host, port, key);
          if (verdict === 'match') return true;
          if (verdict === 'changed') refusal = changedKeyError(ssh, fingerprint, undefined);
          else if (accepted === fingerprint) return true;
          else if (accepted) refusal = changedKeyError(ssh, fingerprint, accepted);
          else {
            unknown = { host: ssh.host, port, fingerprint, type: keyTypeOf(key) };
            refusal = unknownHostKeyError(unknown);
          }
          return false;
        },
      });
    });
  } catch (e) {
    client.end();
    if (unknown && o.confirmHostKey && (await o.confirmHostKey(unknown))) return login(o, unknown.fingerprint);
    throw sshError(e, ssh, timeoutMs, o.sshSecret);
  }
  // After login an 'error' (session lost) must not crash the process; 'close' tells the tunnel to log in again.
  client.on('error', (e) => o.log?.(`SSH ${where(ssh)}: ${scrub(e.message, o.sshSecret)}`));
  return client;
}

/** Opens the SSH session and the local listener. Throws a DatasourceError (ssh-* code) when login fails. */
export async function openTunnel(o: TunnelOptions): Promise<Tunnel> {
  const ssh = o.ssh;
  const dbHost = o.host ?? 'localhost';
  const dbPort = o.port ?? (o.dialect === 'postgres' ? 5432 : 3306);
  const timeoutMs = o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  // The fingerprint accepted during this login counts for the next logins of the same tunnel.
  let accepted = ssh.hostKey;
  const confirm = o.confirmHostKey;
  const opts: TunnelOptions = { ...o, confirmHostKey: confirm && (async (k) => (await confirm(k)) && ((accepted = k.fingerprint), true)) };
  let session: Promise<SshClient> | undefined;
  let lastFailure: DatasourceError | undefined;
  let closed = false;
  const sockets = new Set<Socket>();

  const connectSession = (): Promise<SshClient> => {
    const attempt = login(opts, accepted);
    session = attempt;
    attempt.then(
      (client) =>
        client.once('close', () => {
          if (session === attempt) session = undefined;
          if (!closed) {
            lastFailure = new DatasourceError(l10n.t('The SSH connection to {0} was lost.', where(ssh)), l10n.t('The next query connects again; check the network if this repeats.'), { code: 'ssh-unreachable' });
            o.log?.(`SSH ${where(ssh)}: session closed`);
          }
        }),
      () => {
        if (session === attempt) session = undefined;
      },
    );
    return attempt;
  };
  await connectSession();

  const forward = async (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let client: SshClient;
    try {
      client = await (session ?? connectSession());
    } catch (e) {
      lastFailure = e instanceof DatasourceError ? e : sshError(e, ssh, timeoutMs, o.sshSecret);
      socket.destroy();
      return;
    }
    if (socket.destroyed) return;
    client.forwardOut('127.0.0.1', socket.remotePort ?? 0, dbHost, dbPort, (err: Error | undefined, channel: ClientChannel) => {
      if (err) {
        lastFailure = new DatasourceError(
          l10n.t('The SSH server {0} could not reach the database at {1}: {2}.', `${ssh.host}:${ssh.port ?? 22}`, `${dbHost}:${dbPort}`, scrub(err.message, o.sshSecret)),
          l10n.t('The database host and port are as seen from the SSH server (often localhost); check them and that the database runs there.'),
          { code: 'ssh-forward', cause: err },
        );
        socket.destroy();
        return;
      }
      lastFailure = undefined;
      if (socket.destroyed) {
        channel.close();
        return;
      }
      socket.pipe(channel).pipe(socket);
      channel.on('error', () => socket.destroy());
      channel.once('close', () => socket.destroy());
      socket.once('close', () => channel.close());
    });
  };

  const server: Server = createServer((socket) => void forward(socket));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    closed = true;
    (await session?.catch(() => undefined))?.end();
    throw e;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  o.log?.(`SSH ${where(ssh)}: forwarding 127.0.0.1:${port} to ${dbHost}:${dbPort}`);

  return {
    host: '127.0.0.1',
    port,
    failure: () => lastFailure,
    async close() {
      if (closed) return;
      closed = true;
      const done = new Promise<void>((r) => server.close(() => r()));
      for (const s of sockets) s.destroy();
      const client = await session?.catch(() => undefined);
      if (client) {
        // A polite disconnect first; a server that does not answer it is cut off.
        const gone = new Promise<void>((r) => client.once('close', () => r()));
        client.end();
        const timer = setTimeout(() => client.destroy(), 2_000);
        await gone;
        clearTimeout(timer);
      }
      await done;
    },
  };
}
