// Maps our three SSL modes onto the options of `pg` and `mysql2` (both hand them to Node's tls.connect).
import { l10n } from '../messages';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { DatasourceError, type ConnectionOptions } from './types';

export interface TlsOptions {
  rejectUnauthorized: boolean;
  ca?: string;
  servername?: string;
  /** verify-full: the certificate is checked for the datasource's host, also when the socket is a tunnel's. */
  checkServerIdentity?: (name: string, cert: PeerCertificate) => Error | undefined;
  /** Client certificate and key (mutual TLS). */
  cert?: string;
  key?: string;
}

/**
 * disable -> no TLS; prefer -> TLS when the server offers it, certificate not checked (connect() asks the server
 * first and falls back to plain, as libpq does); require -> encrypted, certificate not checked (libpq's `require`);
 * verify-full -> certificate chain checked against the CA file (or the system CAs) and the host name checked
 * (Node's default checkServerIdentity runs whenever rejectUnauthorized is true). certFile + keyFile add a client
 * certificate in any TLS mode.
 */
export function tlsOptions(opts: Pick<ConnectionOptions, 'ssl' | 'host'>, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): TlsOptions | undefined {
  const ssl = opts.ssl;
  if (!ssl || ssl.mode === 'disable') return undefined;
  const host = opts.host ?? 'localhost';
  // SNI takes names only (RFC 6066); the identity check gets the datasource's host either way.
  const out: TlsOptions = ssl.mode === 'verify-full'
    ? { rejectUnauthorized: true, ...(isIP(host) ? {} : { servername: host }), checkServerIdentity: (_name, cert) => checkServerIdentity(host, cert) }
    : { rejectUnauthorized: false };
  if (ssl.mode === 'verify-full' && ssl.caFile) {
    try {
      out.ca = readFile(ssl.caFile);
    } catch (e) {
      throw new DatasourceError(l10n.t('Cannot read the CA certificate file {0}: {1}', ssl.caFile ?? '', (e as Error).message), l10n.t('Choose a readable PEM file with the server\'s CA certificate, or use SSL mode "require".'), { cause: e });
    }
  }
  if (ssl.certFile || ssl.keyFile) {
    if (!ssl.certFile || !ssl.keyFile) {
      throw new DatasourceError(l10n.t('A client certificate needs both files: the certificate and its private key.'), l10n.t('Choose both PEM files (certFile and keyFile), or neither.'), { code: 'ssl' });
    }
    for (const [field, file] of [['cert', ssl.certFile], ['key', ssl.keyFile]] as const) {
      try {
        out[field] = readFile(file);
      } catch (e) {
        throw new DatasourceError(l10n.t('Cannot read the client certificate file {0}: {1}', file, (e as Error).message), l10n.t('Choose readable PEM files for the client certificate and its key.'), { code: 'ssl', cause: e });
      }
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
