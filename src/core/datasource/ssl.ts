// Maps our three SSL modes onto the options of `pg` and `mysql2` (both hand them to Node's tls.connect).
import { l10n } from '../messages';
import { readFileSync } from 'node:fs';
import { DatasourceError, type ConnectionOptions } from './types';

export interface TlsOptions {
  rejectUnauthorized: boolean;
  ca?: string;
  servername?: string;
}

/**
 * disable -> no TLS; require -> encrypted, certificate not checked (libpq's `require`);
 * verify-full -> certificate chain checked against the CA file (or the system CAs) and the host name checked
 * (Node's default checkServerIdentity runs whenever rejectUnauthorized is true).
 */
export function tlsOptions(opts: Pick<ConnectionOptions, 'ssl' | 'host'>, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): TlsOptions | undefined {
  const ssl = opts.ssl;
  if (!ssl || ssl.mode === 'disable') return undefined;
  if (ssl.mode === 'require') return { rejectUnauthorized: false };
  const out: TlsOptions = { rejectUnauthorized: true, servername: opts.host };
  if (ssl.caFile) {
    try {
      out.ca = readFile(ssl.caFile);
    } catch (e) {
      throw new DatasourceError(l10n.t('Cannot read the CA certificate file {0}: {1}', ssl.caFile ?? '', (e as Error).message), l10n.t('Choose a readable PEM file with the server\'s CA certificate, or use SSL mode "require".'), { cause: e });
    }
  }
  return out;
}

/** `pg` takes `ssl: false | tls options`. */
export function pgSsl(opts: Pick<ConnectionOptions, 'ssl' | 'host'>, readFile?: (path: string) => string): false | TlsOptions {
  return tlsOptions(opts, readFile) ?? false;
}

/** `mysql2` takes `ssl: undefined | tls options`. */
export function mysqlSsl(opts: Pick<ConnectionOptions, 'ssl' | 'host'>, readFile?: (path: string) => string): TlsOptions | undefined {
  return tlsOptions(opts, readFile);
}
