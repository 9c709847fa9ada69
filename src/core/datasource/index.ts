// Entry point of the datasource layer: connect(), URL parsing and identifier quoting. Each dialect's driver
// module (and its native/database package) loads only when a datasource of that dialect connects, so the
// extension activates without loading pg, mysql2 or better-sqlite3.
import { settlePrefer } from './tls-probe';
import { DatasourceError, type ConnectionOptions, type Driver } from './types';

export * from './types';
export { parseDatasourceUrl, redactUrl } from './url';
export { quoteIdent, qualify } from './quote';
export { fingerprintOf } from './known-hosts';
export { loginPrivileges } from './privileges';
export type { LoginPrivileges, PrivilegeRisk } from './privileges';

/** With `ssh`, opens the tunnel first (SSH login errors surface here) and points the driver at its local end. */
async function throughSsh(options: ConnectionOptions): Promise<ConnectionOptions> {
  if (!options.ssh) return options;
  const { openTunnel } = await import('./ssh-tunnel.js');
  return { ...options, tunnel: await openTunnel({ ...options, ssh: options.ssh }) };
}

/** A server driver behind its tunnel (if any) with sslmode=prefer settled; a driver that cannot be made closes the tunnel. */
async function build(options: ConnectionOptions, make: (o: ConnectionOptions) => Driver): Promise<Driver> {
  const o = await throughSsh(options);
  try {
    return make(await settlePrefer(o));
  } catch (e) {
    await o.tunnel?.close();
    throw e;
  }
}

/** Opens a pooled Driver for the datasource. Connection problems surface on the first call (test/introspect/query). */
export async function connect(options: ConnectionOptions): Promise<Driver> {
  switch (options.dialect) {
    case 'sqlite': {
      const { SqliteDriver } = await import('./sqlite.js');
      return new SqliteDriver(options);
    }
    case 'postgres': {
      const { PostgresDriver } = await import('./postgres.js');
      return build(options, (o) => new PostgresDriver(o));
    }
    case 'mysql': {
      const { MysqlDriver } = await import('./mysql.js');
      return build(options, (o) => new MysqlDriver(o));
    }
    default:
      throw new DatasourceError(`Unknown dialect "${String((options as { dialect?: unknown }).dialect)}".`, 'Use sqlite, postgres or mysql.');
  }
}
