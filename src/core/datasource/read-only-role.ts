// The SQL that creates a login TableTalk can only read with: what the least-privilege warning offers (the host
// opens it in an editor; the user reviews and runs it as an administrator). Names are quoted by the dialect; the
// password is a fresh random one the caller passes in, never the datasource's own. Comments are Messages, rendered
// by the caller in the reader's language.
import { l10n } from '../messages';
import { renderMessage, type Message, type Render } from '../messages';
import { quoteIdent } from './quote';
import type { Dialect } from './types';

export interface ReadOnlyRoleOptions {
  /** The database the datasource reads (PostgreSQL: for CONNECT; MySQL: the grant's scope). */
  database: string;
  /** PostgreSQL schemas holding the datasource's tables (default public). */
  schemas?: string[];
  role?: string;
  password: string;
}

export const DEFAULT_READ_ONLY_ROLE = 'tabletalk_reader';

/** A SQL string literal: quotes doubled (and, for MySQL, backslashes, which it reads as escapes). */
function literal(dialect: Dialect, value: string): string {
  const v = dialect === 'mysql' ? value.replace(/\\/g, '\\\\') : value;
  return `'${v.replace(/'/g, "''")}'`;
}

/** Script lines: SQL text, or a Message the caller renders as a `-- ` comment. */
export type ScriptLine = string | Message;

export function readOnlyRoleScript(dialect: Dialect, options: ReadOnlyRoleOptions): ScriptLine[] {
  const role = options.role ?? DEFAULT_READ_ONLY_ROLE;
  const password = literal(dialect, options.password);
  if (dialect === 'postgres') {
    const r = quoteIdent(dialect, role);
    const schemas = options.schemas?.length ? [...new Set(options.schemas)] : ['public'];
    return [
      l10n.t('A login for TableTalk that can only read database {0}. Review it, then run it as a superuser or the database owner.', options.database),
      l10n.t('The password below was generated for this script; TableTalk has not stored it. Use it when you edit the datasource.'),
      `CREATE ROLE ${r} LOGIN PASSWORD ${password};`,
      `ALTER ROLE ${r} SET default_transaction_read_only = on;`,
      `GRANT CONNECT ON DATABASE ${quoteIdent(dialect, options.database)} TO ${r};`,
      ...schemas.flatMap((s) => {
        const q = quoteIdent(dialect, s);
        return [`GRANT USAGE ON SCHEMA ${q} TO ${r};`, `GRANT SELECT ON ALL TABLES IN SCHEMA ${q} TO ${r};`, `ALTER DEFAULT PRIVILEGES IN SCHEMA ${q} GRANT SELECT ON TABLES TO ${r};`];
      }),
      l10n.t('Every role may call these functions by default (through PUBLIC): dblink opens its own writable connection, pg_terminate_backend and pg_cancel_backend stop sessions of the same role. Revoking them from PUBLIC affects every role that has no grant of its own.'),
      'DO $$',
      'DECLARE f regprocedure;',
      'BEGIN',
      "  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.proname LIKE 'dblink%' OR p.proname IN ('pg_terminate_backend', 'pg_cancel_backend') LOOP",
      "    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);",
      '  END LOOP;',
      'END $$;',
    ];
  }
  if (dialect === 'mysql') {
    const user = `${literal(dialect, role)}@'%'`;
    return [
      l10n.t('A login for TableTalk that can only read database {0}. Review it, then run it as an administrator.', options.database),
      l10n.t('The password below was generated for this script; TableTalk has not stored it. Use it when you edit the datasource.'),
      l10n.t("'%' lets the login connect from any host: narrow it to the host TableTalk connects from if you can."),
      `CREATE USER ${user} IDENTIFIED BY ${password};`,
      `GRANT SELECT, SHOW VIEW ON ${quoteIdent(dialect, options.database)}.* TO ${user};`,
    ];
  }
  return [l10n.t('SQLite files are opened read-only: no role is needed.')];
}

/** The script as text, each Message rendered as a comment by `render`. */
export function scriptText(lines: ScriptLine[], render: Render): string {
  return `${lines.map((l) => (typeof l === 'string' ? l : `-- ${renderMessage(l, render)}`)).join('\n')}\n`;
}
