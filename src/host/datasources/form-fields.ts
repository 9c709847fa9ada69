// The form's fields <-> a datasource definition. No vscode import: the unit tests run it as it is.
import * as os from 'node:os';
import type { DatasourceConfig, SshConfig } from '../../core/datasource/types';
import { emptyFields, suggestedName, type FormFields } from '../../protocol/datasource-form';

/** A stored (or parsed) definition as the form shows it; secrets are not part of it. */
export function fieldsFromConfig(c: Omit<DatasourceConfig, 'id'>): FormFields {
  const f = emptyFields(c.dialect);
  return {
    ...f,
    name: c.name ?? '',
    file: c.file ?? '',
    host: c.host ?? f.host,
    port: c.port !== undefined ? String(c.port) : f.port,
    database: c.database ?? '',
    user: c.user ?? '',
    sslMode: c.ssl?.mode ?? 'disable',
    caFile: c.ssl?.caFile ?? '',
    certFile: c.ssl?.certFile ?? '',
    keyFile: c.ssl?.keyFile ?? '',
    ssh: !!c.ssh,
    sshHost: c.ssh?.host ?? '',
    sshPort: String(c.ssh?.port ?? 22),
    sshUser: c.ssh?.user ?? '',
    sshAuth: c.ssh?.auth ?? 'key',
    sshKeyFile: c.ssh?.keyFile ?? '',
    sshRetrust: false,
  };
}

const expandHome = (file: string) => file.trim().replace(/^~(?=$|[/\\])/, os.homedir());

/**
 * The definition the fields describe (call validateFields first). `previous`: the definition being edited, whose
 * settings the form does not show (schemas, known_hosts file) and trusted host key (kept for the same SSH server
 * unless the user asked to trust a new key) carry over.
 */
export function configFromFields(f: FormFields, previous?: Omit<DatasourceConfig, 'id'>): Omit<DatasourceConfig, 'id'> {
  const name = f.name.trim() || suggestedName(f);
  if (f.dialect === 'sqlite') return { name, dialect: 'sqlite', file: f.file.trim() };
  const ssl: DatasourceConfig['ssl'] | undefined =
    f.sslMode === 'disable'
      ? previous?.ssl ? { mode: 'disable' } : undefined
      : {
          mode: f.sslMode,
          ...(f.sslMode === 'verify-full' && f.caFile.trim() ? { caFile: f.caFile.trim() } : {}),
          ...(f.certFile.trim() && f.keyFile.trim() ? { certFile: f.certFile.trim(), keyFile: f.keyFile.trim() } : {}),
        };
  let ssh: SshConfig | undefined;
  if (f.ssh) {
    const port = Number(f.sshPort);
    const old = previous?.ssh;
    const sameServer = old && old.host === f.sshHost.trim() && (old.port ?? 22) === port && !f.sshRetrust;
    ssh = {
      host: f.sshHost.trim(),
      port,
      user: f.sshUser.trim(),
      auth: f.sshAuth,
      ...(f.sshAuth === 'key' ? { keyFile: expandHome(f.sshKeyFile) } : {}),
      ...(sameServer && old.hostKey ? { hostKey: old.hostKey } : {}),
      ...(old?.knownHostsFile ? { knownHostsFile: old.knownHostsFile } : {}),
    };
  }
  return {
    name,
    dialect: f.dialect,
    host: f.host.trim(),
    port: Number(f.port),
    database: f.database.trim(),
    user: f.user.trim(),
    ...(ssl ? { ssl } : {}),
    ...(ssh ? { ssh } : {}),
    ...(previous?.schemas && previous.dialect === f.dialect ? { schemas: previous.schemas } : {}),
  };
}
