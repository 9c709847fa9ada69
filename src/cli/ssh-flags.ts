// The SSH tunnel flags shared by every command that connects: --ssh user@host[:port], --ssh-key FILE,
// --ssh-agent, --ssh-host-key SHA256:…. Secrets come from the environment only (TABLETALK_SSH_PASSWORD,
// TABLETALK_SSH_PASSPHRASE), never from arguments, as the database password does (TABLETALK_PASSWORD).
import { resolve } from 'node:path';
import type { ConnectionOptions, SshConfig } from '../core/datasource/index';
import { parseSshTarget } from '../core/datasource/ssh-target';
import { stringFlag, type ParsedArgs } from './args';

export const sshHelp = `  --ssh user@host[:port]   connect through an SSH tunnel (the URL's host and port are then as seen from the SSH server)
  --ssh-key FILE           log in with this private key (passphrase from env TABLETALK_SSH_PASSPHRASE)
  --ssh-agent              log in with the keys of the SSH agent (SSH_AUTH_SOCK); the default without --ssh-key
                           and TABLETALK_SSH_PASSWORD (the SSH password, from the environment only)
  --ssh-host-key SHA256:…  the server's host key fingerprint, when ~/.ssh/known_hosts does not list it`;

/** Parses user@host[:port]; throws a message that says which part is wrong. */
export function parseSshFlag(text: string): Pick<SshConfig, 'user' | 'host' | 'port'> {
  const t = parseSshTarget(text);
  if ('error' in t) throw new Error(t.error === 'port' ? `--ssh port "${t.port}" is not a number between 1 and 65535` : `--ssh "${text}" is not user@host or user@host:port`);
  return t;
}

/** The tunnel the --ssh flags ask for, or undefined without --ssh; refuses the other --ssh-* flags without it. */
export function sshTunnelFromFlags(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): Pick<ConnectionOptions, 'ssh' | 'sshSecret'> | undefined {
  const target = stringFlag(args, 'ssh');
  const key = stringFlag(args, 'ssh-key');
  const hostKey = stringFlag(args, 'ssh-host-key');
  for (const f of Object.keys(args.flags)) {
    if (/^ssh-(pass(word|phrase)?|secret)$/.test(f)) throw new Error(`--${f} is not accepted: SSH secrets come from the environment (TABLETALK_SSH_PASSWORD, TABLETALK_SSH_PASSPHRASE), never from arguments`);
  }
  if (!target) {
    const stray = ['ssh-key', 'ssh-agent', 'ssh-host-key'].find((f) => args.flags[f] !== undefined);
    if (stray) throw new Error(`--${stray} needs --ssh user@host[:port]`);
    return undefined;
  }
  if (hostKey !== undefined && !/^SHA256:[A-Za-z0-9+/]{43}$/.test(hostKey)) throw new Error(`--ssh-host-key "${hostKey}" is not a SHA256 fingerprint (SHA256: followed by 43 characters, as ssh-keygen -l prints it)`);
  const password = env.TABLETALK_SSH_PASSWORD || undefined;
  const auth: SshConfig['auth'] = key ? 'key' : args.flags['ssh-agent'] === true || !password ? 'agent' : 'password';
  const ssh: SshConfig = { ...parseSshFlag(target), auth, ...(key ? { keyFile: resolve(key) } : {}), ...(hostKey ? { hostKey } : {}) };
  const sshSecret = auth === 'key' ? env.TABLETALK_SSH_PASSPHRASE || undefined : auth === 'password' ? password : undefined;
  return { ssh, ...(sshSecret ? { sshSecret } : {}) };
}

/** Adds the tunnel to the connection options when --ssh is given. */
export function applySshFlags(options: ConnectionOptions, args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): ConnectionOptions {
  const tunnel = sshTunnelFromFlags(args, env);
  if (!tunnel) return options;
  if (options.dialect === 'sqlite') throw new Error('--ssh works with PostgreSQL and MySQL URLs, not SQLite files');
  return { ...options, ...tunnel };
}
