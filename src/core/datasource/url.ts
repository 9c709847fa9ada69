// Datasource URLs for the CLI and tests: sqlite:///abs.db, sqlite:rel.db, postgres://..., mysql://...
import { resolve, basename } from 'node:path';
import { redactUrl } from '../redact';
import { DatasourceError, type ConnectionOptions, type DatasourceConfig, type Dialect, type SslMode } from './types';

const FORMS = 'sqlite:///abs/path.db, sqlite:rel/path.db, postgres://user[:pass]@host:port/db or mysql://user[:pass]@host:port/db';

const schemes: Record<string, Exclude<Dialect, 'sqlite'>> = { 'postgres:': 'postgres', 'postgresql:': 'postgres', 'mysql:': 'mysql', 'mariadb:': 'mysql' };
const defaultPorts: Record<Dialect, number> = { sqlite: 0, postgres: 5432, mysql: 3306 };

// libpq spellings are accepted as aliases of the three modes we implement.
const sslModes: Record<string, SslMode> = {
  disable: 'disable', require: 'require', 'verify-full': 'verify-full',
  prefer: 'prefer', preferred: 'prefer', 'verify-ca': 'verify-full', disabled: 'disable', required: 'require', verify_identity: 'verify-full',
};

function invalid(url: string, why: string): DatasourceError {
  return new DatasourceError(`Invalid datasource URL "${redactUrl(url)}": ${why}`, `Use ${FORMS}.`, { code: 'invalid-url' });
}

export { redactUrl };

/** Which part of a URL that `new URL` refused is wrong, as far as a look at its authority can tell. */
function brokenPart(text: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(text)?.[1];
  if (authority === undefined) return 'it is not a well-formed URL (scheme://user@host:port/database)';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const port = /^(?:\[[^\]]*\]|[^:]*):(.*)$/.exec(hostPort)?.[1];
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) return `port "${port}" is not a number between 1 and 65535`;
  if (!hostPort || hostPort.startsWith(':')) return 'the host is missing';
  return `the host "${hostPort.replace(/:\d+$/, '')}" is not a valid host name`;
}

function decode(url: string, part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(url, `the ${what} has a broken %-escape`);
  }
}

/**
 * Parses a datasource URL into connection options. The password comes from the URL or, when absent there,
 * from env TABLETALK_PASSWORD. Throws DatasourceError (with a hint) for anything it cannot read.
 */
export function parseDatasourceUrl(url: string, env: NodeJS.ProcessEnv = process.env, baseDir: string = process.cwd()): ConnectionOptions {
  const text = url.trim();
  if (!text) throw invalid(url, 'it is empty');
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(text)?.[1]?.toLowerCase();
  if (!scheme) throw invalid(url, 'it has no scheme such as sqlite:, postgres: or mysql:');

  if (scheme === 'sqlite:') {
    let rest = text.slice(scheme.length);
    if (rest.startsWith('//')) {
      // sqlite:///abs/path: empty authority then an absolute path; sqlite://x/... would silently drop "x".
      if (!rest.startsWith('///')) throw invalid(url, 'a SQLite URL is sqlite:///absolute/path or sqlite:relative/path');
      rest = rest.slice(2);
    }
    const q = rest.indexOf('?');
    if (q >= 0) rest = rest.slice(0, q);
    const path = decode(url, rest, 'file path');
    if (!path) throw invalid(url, 'the SQLite file path is missing');
    const file = resolve(baseDir, path);
    return { id: `sqlite:${file}`, name: basename(file), dialect: 'sqlite', file };
  }

  const dialect = schemes[scheme];
  if (!dialect) throw invalid(url, `unknown scheme "${scheme}"`);
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw invalid(url, brokenPart(text));
  }
  if (!u.hostname) throw invalid(url, 'the host is missing');
  let port = defaultPorts[dialect];
  if (u.port) {
    port = Number(u.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid(url, `port "${u.port}" is not a number between 1 and 65535`);
  }
  const user = decode(url, u.username, 'user name');
  if (!user) throw invalid(url, 'the user name is missing (user@host)');
  const database = decode(url, u.pathname.replace(/^\//, ''), 'database name');
  if (!database) throw invalid(url, 'the database name is missing (…/dbname)');
  if (database.includes('/')) throw invalid(url, `"${database}" is not a database name`);
  const password = u.password ? decode(url, u.password, 'password') : env.TABLETALK_PASSWORD || undefined;

  const opts: ConnectionOptions = {
    id: `${dialect}://${user}@${u.hostname}:${port}/${database}`,
    name: database,
    dialect,
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user,
    database,
    password,
  };
  const modeText = u.searchParams.get('sslmode') ?? u.searchParams.get('ssl-mode');
  const caFile = u.searchParams.get('sslrootcert') ?? u.searchParams.get('ssl-ca') ?? undefined;
  if (modeText !== null) {
    const mode = sslModes[modeText.toLowerCase()];
    if (!mode) throw invalid(url, `sslmode "${modeText}" is not one of disable, prefer, require, verify-full`);
    opts.ssl = { mode, ...(caFile ? { caFile: resolve(baseDir, caFile) } : {}) };
  } else if (caFile) {
    opts.ssl = { mode: 'verify-full', caFile: resolve(baseDir, caFile) };
  }
  // A client certificate (libpq's sslcert/sslkey, MySQL's ssl-cert/ssl-key); TLS at least "require" then.
  const certFile = u.searchParams.get('sslcert') ?? u.searchParams.get('ssl-cert');
  const keyFile = u.searchParams.get('sslkey') ?? u.searchParams.get('ssl-key');
  if (certFile || keyFile) {
    if (!certFile || !keyFile) throw invalid(url, 'a client certificate needs both sslcert and sslkey');
    const ssl = opts.ssl && opts.ssl.mode !== 'disable' ? opts.ssl : { mode: 'require' as const };
    opts.ssl = { ...ssl, certFile: resolve(baseDir, certFile), keyFile: resolve(baseDir, keyFile) };
  }
  const schema = u.searchParams.get('schema');
  if (schema) opts.schemas = [schema];
  return opts;
}

/** True when the text starts like a datasource URL (what Add Datasource treats as a pasted URL, not a choice). */
export function looksLikeDatasourceUrl(text: string): boolean {
  return /^\s*(?:postgres|postgresql|mysql|mariadb|sqlite):/i.test(text);
}

/**
 * A pasted URL as a datasource definition (no id) plus its password, which the caller keeps apart from the
 * definition (SecretStorage). Never reads env: a pasted URL says everything. Relative SQLite paths and CA files
 * resolve against `baseDir`. Throws DatasourceError naming the wrong part, with the password redacted.
 */
export function datasourceFromUrl(url: string, baseDir: string): { config: Omit<DatasourceConfig, 'id'>; password?: string } {
  const { id: _id, password, name, ...rest } = parseDatasourceUrl(url, {}, baseDir);
  const config: Omit<DatasourceConfig, 'id'> = rest.dialect === 'sqlite' ? { ...rest, name: name.replace(/\.[^.]+$/, '') } : { ...rest, name: `${rest.database}@${rest.host}` };
  return { config, ...(password ? { password } : {}) };
}
