// SecretStorage is the only place passwords and API keys live. Each secret is stored with the destination it was
// saved for (a database: dialect, host, port, user, database; an endpoint: its origin), and is sent only there:
// when the settings now point elsewhere (a workspace's .vscode/settings.json can), the user is asked first, in a
// modal dialog, and nothing is sent if they decline. Values handled here are remembered (in memory) so the logger
// can scrub them from anything it prints.
import * as vscode from 'vscode';

/** What is stored under a key: the secret and where it may go. */
interface BoundSecret {
  v: 1;
  secret: string;
  for: string;
}

/** The destination changed and the user did not allow sending there; nothing was sent. */
export class DestinationRefusedError extends Error {
  readonly code = 'destination-refused';
  constructor(message: string, readonly hint: string) {
    super(message);
    this.name = 'DestinationRefusedError';
  }
}

type DestinationParts = { dialect: string; host?: string; port?: number; user?: string; database?: string; file?: string; ssh?: { host: string; port?: number; user: string } };

const sshHop = (s: NonNullable<DestinationParts['ssh']>) => `ssh://${s.user}@${s.host.toLowerCase()}:${s.port ?? 22}`;

/**
 * A datasource's destination: `postgres://user@host:port/database` (no password; the identity a password is for),
 * plus ` via ssh://user@host:port` through a tunnel: the SSH server relays the login, so another SSH server is
 * another destination (it could answer as the database itself).
 */
export function datasourceDestination(c: DestinationParts): string {
  if (c.dialect === 'sqlite') return `sqlite:${c.file ?? ''}`;
  const port = c.port ?? (c.dialect === 'postgres' ? 5432 : 3306);
  const direct = `${c.dialect}://${c.user ?? ''}@${(c.host ?? '').toLowerCase()}:${port}/${c.database ?? ''}`;
  return c.ssh ? `${direct} via ${sshHop(c.ssh)}` : direct;
}

/**
 * Where an SSH password or key passphrase may be used: the SSH login and the database behind it, e.g.
 * `ssh://deploy@bastion:22 -> postgres://app@10.0.0.5:5432/shop`. A workspace that points the tunnel at another
 * server (or another database) gets nothing without the user's say.
 */
export function sshDestination(c: DestinationParts): string {
  const { ssh, ...direct } = c;
  return `${ssh ? sshHop(ssh) : 'ssh://'} -> ${datasourceDestination(direct)}`;
}

/** An endpoint's origin (scheme, host, port), what an API key is bound to; the text itself when it is no URL. */
export function originOf(url: string): string {
  try {
    return new URL(url.trim()).origin;
  } catch {
    return url.trim();
  }
}

function parse(raw: string): BoundSecret | null {
  if (!raw.startsWith('{')) return null;
  try {
    const v = JSON.parse(raw) as Partial<BoundSecret>;
    return v.v === 1 && typeof v.secret === 'string' && typeof v.for === 'string' ? (v as BoundSecret) : null;
  } catch {
    return null;
  }
}

export class SecretStore {
  private readonly seen = new Set<string>();
  /** "key|destination" pairs the user allowed in this session. */
  private readonly allowed = new Set<string>();

  constructor(private readonly storage: vscode.SecretStorage) {}

  static datasourcePasswordKey(datasourceId: string): string {
    return `tabletalk.datasource.${datasourceId}.password`;
  }

  /** The SSH password or private key passphrase of a datasource's tunnel. */
  static sshSecretKey(datasourceId: string): string {
    return `tabletalk.datasource.${datasourceId}.sshSecret`;
  }

  /** The stored secret and its destination; a value from an earlier version (no destination) has `for: null`. */
  private async read(key: string): Promise<{ secret: string; for: string | null } | undefined> {
    const raw = await this.storage.get(key);
    if (raw === undefined) return undefined;
    const bound = parse(raw);
    const secret = bound ? bound.secret : raw;
    if (secret) this.seen.add(secret);
    return { secret, for: bound ? bound.for : null };
  }

  /** What is stored under a key and the destination it is bound to (null: not bound yet), without sending it anywhere. */
  stored(key: string): Promise<{ secret: string; for: string | null } | undefined> {
    return this.read(key);
  }

  /** Whether a secret is stored under the key (its value is not needed, nor sent anywhere). */
  async has(key: string): Promise<boolean> {
    return (await this.storage.get(key)) !== undefined;
  }

  /**
   * The secret for `destination`. A secret saved for another destination is given only if the user allows it now
   * (modal); otherwise DestinationRefusedError. A secret from an earlier version is bound on first use to
   * `legacyFor` (the user's own settings' destination, not a workspace's), then checked like any other.
   */
  async getFor(key: string, destination: string, what: string, legacyFor: string = destination): Promise<string | undefined> {
    const stored = await this.read(key);
    if (!stored) return undefined;
    let savedFor = stored.for;
    if (savedFor === null) {
      savedFor = legacyFor;
      await this.storeFor(key, stored.secret, savedFor);
    }
    if (savedFor !== destination) await this.confirmSend(key, what, savedFor, destination);
    return stored.secret;
  }

  /**
   * Asks before anything goes to `destination` when the user's own settings named `savedFor` (a workspace changed
   * it); remembers a "yes" for this session. Throws DestinationRefusedError on "no".
   */
  async confirmSend(key: string, what: string, savedFor: string, destination: string): Promise<void> {
    if (savedFor === destination || this.allowed.has(`${key}|${destination}`)) return;
    const send = vscode.l10n.t('Send to {0}', destination);
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Use {0} for {1}?', what, destination),
      { modal: true, detail: vscode.l10n.t('It was saved for {0}. The settings now point at {1} (workspace settings, such as .vscode/settings.json, can change them). Nothing is sent there unless you allow it.', savedFor, destination) },
      send,
    );
    if (answer !== send) {
      throw new DestinationRefusedError(
        vscode.l10n.t('Nothing was sent to {0}: {1} was saved for {2}.', destination, what, savedFor),
        vscode.l10n.t('Check the workspace settings (.vscode/settings.json); to use the new destination, edit it through TableTalk and enter the secret again.'),
      );
    }
    this.allowed.add(`${key}|${destination}`);
  }

  async storeFor(key: string, value: string, destination: string): Promise<void> {
    this.seen.add(value);
    await this.storage.store(key, JSON.stringify({ v: 1, secret: value, for: destination } satisfies BoundSecret));
  }

  /** After the user changed a destination through TableTalk itself: the stored secret now belongs there. */
  async rebind(key: string, destination: string): Promise<void> {
    const stored = await this.read(key);
    if (stored && stored.for !== destination) await this.storeFor(key, stored.secret, destination);
  }

  async delete(key: string): Promise<void> {
    await this.storage.delete(key);
  }

  getDatasourcePassword(id: string, destination: string, what: string, legacyFor?: string): Promise<string | undefined> {
    return this.getFor(SecretStore.datasourcePasswordKey(id), destination, what, legacyFor);
  }

  hasDatasourcePassword(id: string): Promise<boolean> {
    return this.has(SecretStore.datasourcePasswordKey(id));
  }

  setDatasourcePassword(id: string, password: string, destination: string): Promise<void> {
    return this.storeFor(SecretStore.datasourcePasswordKey(id), password, destination);
  }

  deleteDatasourcePassword(id: string): Promise<void> {
    return this.delete(SecretStore.datasourcePasswordKey(id));
  }

  /** Every secret value seen in this session, for log redaction. */
  knownValues(): Iterable<string> {
    return this.seen;
  }
}
