// Turns driver and network errors into DatasourceErrors that say what happened and what to do.
import { redactText } from '../redact';
import { l10n } from '../messages';
import { DatasourceError, type ConnectionOptions } from './types';

type Endpoint = Pick<ConnectionOptions, 'host' | 'port' | 'user' | 'database' | 'password' | 'connectTimeoutMs'>;

const tlsCodes = /^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|CERT_|HOSTNAME_MISMATCH|EPROTO$)/;

/** The driver's message with the password (if any) blanked out and on one line. */
export function scrub(message: string, password?: string): string {
  return redactText(message.replace(/\s*\n\s*/g, ' ').trim(), [password]);
}

/** Network, TLS and timeout failures that look the same for every server dialect; undefined when not one of them. */
export function networkError(e: unknown, product: string, ep: Endpoint): DatasourceError | undefined {
  const err = e as { code?: string; message?: string; errno?: string };
  const code = String(err?.code ?? err?.errno ?? '');
  const msg = scrub(String(err?.message ?? e), ep.password);
  const where = `${ep.host}:${ep.port}`;
  if (code === 'ECONNREFUSED') {
    return new DatasourceError(l10n.t('Nothing accepts connections at {0} (connection refused).', where), l10n.t('Check the host and port, and that the {0} server is running.', product), { code: 'unreachable', cause: e });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new DatasourceError(l10n.t('The host name "{0}" cannot be resolved.', ep.host ?? ''), l10n.t('Check the host name (or use an IP address).'), { code: 'unreachable', cause: e });
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ECONNRESET' || code === 'EPIPE') {
    return new DatasourceError(l10n.t('Cannot reach {0}: {1}.', where, msg), l10n.t('Check the host, port, network and firewall, and that the {0} server is running.', product), { code: 'unreachable', cause: e });
  }
  if (code === 'ETIMEDOUT' || /timeout expired|timeout exceeded|connection timeout|timed out|connect ETIMEDOUT/i.test(msg)) {
    const s = Math.round((ep.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS) / 1000);
    return new DatasourceError(l10n.t('No answer from {0} within {1} s.', where, s), l10n.t('Check the host and port, firewalls, and that the {0} server is running and reachable from here.', product), { code: 'connect-timeout', cause: e });
  }
  if (tlsCodes.test(code) || /SSL|TLS|certificate/i.test(msg)) {
    return new DatasourceError(l10n.t('The SSL/TLS connection to {0} failed: {1}.', where, msg), l10n.t('Check the SSL mode: "disable" if the server has no TLS, "require" to encrypt without checking the certificate, "verify-full" with the server\'s CA file.'), { code: 'ssl', cause: e });
  }
  return undefined;
}

export function cancelledError(): DatasourceError {
  return new DatasourceError(l10n.t('The query was cancelled.'), undefined, { code: 'cancelled' });
}

export function timeoutError(ms: number): DatasourceError {
  return new DatasourceError(l10n.t('The query ran longer than {0} ms and was stopped.', ms), l10n.t('Narrow the query (filters, LIMIT) or raise the timeout.'), { code: 'timeout' });
}

export function tooLargeError(maxBytes: number): DatasourceError {
  const mb = Math.round(maxBytes / (1024 * 1024));
  return new DatasourceError(l10n.t('The result is larger than {0} MB, so TableTalk stopped reading it.', mb), l10n.t('Select fewer or shorter columns (for instance a substring of a long text), or add a LIMIT.'), { code: 'too-large' });
}

/**
 * Resident memory the SQLite process may use (it holds a result up to DEFAULT_MAX_RESULT_BYTES, as JavaScript
 * strings and once more serialised for the parent) before it is stopped.
 */
export const SQLITE_CHILD_MAX_BYTES = 400 * 1024 * 1024;

/** The SQLite process passed SQLITE_CHILD_MAX_BYTES and was stopped. */
export function memoryLimitError(): DatasourceError {
  const mb = Math.round(SQLITE_CHILD_MAX_BYTES / (1024 * 1024));
  return new DatasourceError(l10n.t('The query needed more than {0} MB of memory, so TableTalk stopped it.', mb), l10n.t('Select fewer or shorter columns (for instance a substring of a long text), or add a LIMIT.'), { code: 'too-large' });
}

/** Values longer than this many characters (text) or bytes (binary) are cut and marked. */
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;
/** Bytes a result may take on the wire before reading stops (the statement is cancelled). */
export const DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024;

/**
 * One value cut to `max` when longer (undefined when it fits): text ends with a visible marker saying how long it
 * was, so a cut value can never pass for the real one. `length` is the value's real length when the database
 * already cut it (SQLite, see sqlite-engines.ts), so the marker still tells the truth.
 */
export function cutValue(v: unknown, max: number, length?: number): string | Uint8Array | undefined {
  if (typeof v === 'string' && v.length > max) return `${v.slice(0, max)}… [truncated: ${length ?? v.length} characters]`;
  if (v instanceof Uint8Array && v.byteLength > max) return v.subarray(0, max);
  return undefined;
}

/** Cuts text and binary values longer than `max` (see cutValue). Returns how many values were cut. */
export function capValues(rows: Record<string, unknown>[], max: number): number {
  let cut = 0;
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      const v = cutValue(row[key], max);
      if (v !== undefined) {
        row[key] = v;
        cut++;
      }
    }
  }
  return cut;
}

/** Counts the bytes a socket receives and calls `over` once when they pass `max`. Returns the detach function. */
export function countBytes(stream: { on(e: 'data', f: (b: Buffer) => void): unknown; off(e: 'data', f: (b: Buffer) => void): unknown } | undefined, max: number, over: () => void): () => void {
  if (!stream) return () => {};
  let bytes = 0;
  let fired = false;
  const onData = (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > max && !fired) {
      fired = true;
      over();
    }
  };
  stream.on('data', onData);
  return () => void stream.off('data', onData);
}

export function readOnlyError(product: string, detail: string): DatasourceError {
  return new DatasourceError(l10n.t('{0} refused a change, because TableTalk runs queries read-only: {1}', product, detail), l10n.t('Ask for a SELECT; TableTalk never writes to your data.'), { code: 'read-only' });
}

/** Connection attempts give up after this, so an unreachable server answers within 10 s, never hangs. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 8_000;

/** Default for queryReadOnly when the caller gives no limits. */
export const DEFAULT_MAX_ROWS = 1000;
export const DEFAULT_TIMEOUT_MS = 30_000;
