// OpenSSH's known_hosts, read the way `ssh` reads it: plain and hashed (|1|salt|hash) host names, [host]:port for
// ports other than 22, * and ? wildcards, !negations, and @revoked keys. @cert-authority lines are skipped (a
// host certificate is not what we are shown).
import { createHash, createHmac } from 'node:crypto';

export type KnownHostsVerdict =
  /** A line lists this host with exactly this key. */
  | 'match'
  /** The host is listed with another key of the same type, or this key is @revoked: refuse. */
  | 'changed'
  /** The host is not listed (or only with keys of other types). */
  | 'unknown';

/** "SHA256:…" of a public key blob (SSH wire format), as `ssh-keygen -l` prints it. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written at the start of a public key blob (e.g. ssh-ed25519). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return '';
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString('latin1');
}

/** The name known_hosts uses for a server: `host` on port 22, else `[host]:port`. */
export function hostEntryName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function wildcard(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return wildcard(pattern, name);
}

/** Whether a comma-separated host pattern list names this host (a matching !negation excludes it). */
function hostListed(patterns: string, name: string): boolean {
  let hit = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), name)) return false;
    } else if (patternMatches(p, name)) hit = true;
  }
  return hit;
}

/** What the known_hosts text says about `blob` offered by host:port. */
export function checkKnownHosts(text: string, host: string, port: number, blob: Buffer): KnownHostsVerdict {
  const name = hostEntryName(host, port);
  const type = keyTypeOf(blob);
  const key = blob.toString('base64');
  let verdict: KnownHostsVerdict = 'unknown';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: string | undefined;
    if (fields[0].startsWith('@')) marker = fields.shift();
    const [patterns, lineType, lineKey] = fields;
    if (!patterns || !lineType || !lineKey || marker === '@cert-authority') continue;
    if (marker === '@revoked') {
      if (lineKey === key) return 'changed';
      continue;
    }
    if (!hostListed(patterns, name)) continue;
    if (lineKey === key) verdict = 'match';
    else if (lineType === type && verdict !== 'match') verdict = 'changed';
  }
  return verdict;
}
