// What the connected login may do beyond reading: TableTalk runs read-only, but a login that can write, read
// server files or reach other databases turns any gap in the guard into damage. The host shows these as a
// warning (with a script that creates a read-only role); the catalog queries here are TableTalk's own, fixed SQL.
import type { Driver } from './types';

export type PrivilegeRisk =
  | 'superuser'
  | 'write-tables'
  | 'server-files'
  | 'server-programs'
  | 'other-connections'
  | 'file-functions'
  | 'global-admin';

export interface LoginPrivileges {
  /** Empty when the login can only read (or the datasource is a SQLite file, opened read-only). */
  risks: PrivilegeRisk[];
  /** Evidence per risk: a role, a privilege, or up to five table or function names. */
  details: Partial<Record<PrivilegeRisk, string[]>>;
}

const postgresChecks = `
SELECT
  (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
  ARRAY(SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
          AND (has_table_privilege(c.oid, 'INSERT') OR has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE') OR has_table_privilege(c.oid, 'TRUNCATE'))
        ORDER BY 1 LIMIT 5) AS writable,
  ARRAY(SELECT r FROM unnest(ARRAY['pg_read_server_files', 'pg_write_server_files']) r
        WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) AND pg_has_role(current_user, r, 'MEMBER')) AS file_roles,
  (EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pg_execute_server_program') AND pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER')) AS programs,
  ARRAY(SELECT DISTINCT p.proname::text FROM pg_proc p WHERE p.proname LIKE 'dblink%' AND has_function_privilege(p.oid, 'EXECUTE') ORDER BY 1 LIMIT 5) AS dblink,
  ARRAY(SELECT DISTINCT p.proname::text FROM pg_proc p
        WHERE p.proname IN ('pg_read_file', 'pg_read_binary_file', 'pg_ls_dir', 'lo_import', 'lo_export', 'pg_terminate_backend')
          AND has_function_privilege(p.oid, 'EXECUTE') ORDER BY 1) AS file_functions`;

/** Reads what the login may do. SQLite answers "read only": its file is opened read-only. */
export async function loginPrivileges(driver: Driver): Promise<LoginPrivileges> {
  const out: LoginPrivileges = { risks: [], details: {} };
  const add = (risk: PrivilegeRisk, detail: string[]) => {
    out.risks.push(risk);
    out.details[risk] = detail;
  };
  if (driver.dialect === 'postgres') {
    const r = (await driver.queryReadOnly(postgresChecks, [], { maxRows: 1 })).rows[0] as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    if (r.superuser === true) add('superuser', ['rolsuper']);
    if (list(r.writable).length) add('write-tables', list(r.writable));
    if (list(r.file_roles).length) add('server-files', list(r.file_roles));
    if (r.programs === true) add('server-programs', ['pg_execute_server_program']);
    if (list(r.dblink).length) add('other-connections', list(r.dblink));
    // Superusers may call every function: say it once, under superuser, rather than list them all.
    if (r.superuser !== true && list(r.file_functions).length) add('file-functions', list(r.file_functions));
  } else if (driver.dialect === 'mysql') {
    const grants = (await driver.queryReadOnly('SHOW GRANTS', [], { maxRows: 200 })).rows.map((row) => String(Object.values(row)[0]));
    const privileges = (g: string) => /^GRANT\s+(.*?)\s+ON\s+/i.exec(g)?.[1].toUpperCase() ?? '';
    const global = grants.filter((g) => /\sON\s+\*\.\*\s/i.test(g)).map(privileges).join(', ');
    const all = /\bALL PRIVILEGES\b/.test(global);
    if (all || /\bFILE\b/.test(global)) add('server-files', ['FILE']);
    const admin = ['SUPER', 'PROCESS', 'SHUTDOWN', 'RELOAD', 'CREATE USER', 'GRANT OPTION'].filter((p) => all || new RegExp(`\\b${p}\\b`).test(global));
    if (admin.length) add('global-admin', all ? ['ALL PRIVILEGES'] : admin);
    const writes = grants.filter((g) => /\b(ALL PRIVILEGES|INSERT|UPDATE|DELETE|DROP|ALTER|CREATE|INDEX)\b/.test(privileges(g))).map((g) => /\sON\s+(\S+)\s/i.exec(g)?.[1] ?? g);
    if (writes.length) add('write-tables', writes.slice(0, 5));
  }
  return out;
}
