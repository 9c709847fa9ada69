import { TableTalkError } from '../errors';
import { l10n } from '../messages';
import { english, type Message } from '../messages';

/** Where a Chroma server answers; resolved before every use because the embedded one can restart. */
export interface ChromaConnection {
  host: string;
  port: number;
  ssl: boolean;
  headers?: Record<string, string>;
  tenant?: string;
  database?: string;
}

export interface ChromaEndpoint {
  /** Waits until the server is usable (starting or restarting the embedded one as needed). */
  connection(): Promise<ChromaConnection>;
  /** For messages: "embedded Chroma (/path)" or the remote URL. */
  /** For logs, in English. */
  describe(): string;
  /** The same, as a Message for sentences shown to the user. */
  label(): Message;
}

export interface RemoteChromaOptions {
  /** e.g. https://chroma.example.com or http://127.0.0.1:8000 */
  url: string;
  /** Sent as `Authorization: Bearer <token>` or `x-chroma-token: <token>` (Chroma Cloud). */
  token?: string;
  tokenHeader?: 'Authorization' | 'X-Chroma-Token';
  tenant?: string;
  database?: string;
}

/** A team's Chroma server or Chroma Cloud: how a team shares one trained model. */
export class RemoteChroma implements ChromaEndpoint {
  private readonly conn: ChromaConnection;

  constructor(readonly options: RemoteChromaOptions) {
    let u: URL;
    try {
      u = new URL(options.url);
    } catch {
      throw new TableTalkError('invalid-chroma-url', l10n.t('Invalid Chroma URL "{0}": use e.g. http://127.0.0.1:8000 or https://host', options.url));
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TableTalkError('invalid-chroma-url', l10n.t('Invalid Chroma URL "{0}": it must start with http:// or https://', options.url));
    const ssl = u.protocol === 'https:';
    const headers: Record<string, string> = {};
    if (options.token) {
      if (options.tokenHeader === 'X-Chroma-Token') headers['x-chroma-token'] = options.token;
      else headers.Authorization = `Bearer ${options.token}`;
    }
    this.conn = {
      host: u.hostname,
      port: u.port ? Number(u.port) : ssl ? 443 : 80,
      ssl,
      headers,
      ...(options.tenant ? { tenant: options.tenant } : {}),
      ...(options.database ? { database: options.database } : {}),
    };
  }

  async connection(): Promise<ChromaConnection> {
    return this.conn;
  }

  describe(): string {
    return english(this.label());
  }

  label(): Message {
    return l10n.t('Chroma at {0}', new URL(this.options.url).origin);
  }
}
