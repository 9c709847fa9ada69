import { l10n } from '../messages';
import type { Message } from '../messages';

/**
 * Functions that change state, touch the server's files, take locks, or only wait, whichever database the SQL
 * targets. A read-only transaction stops most writes, but not these: pg_terminate_backend, advisory locks,
 * set_config, SLEEP, LOAD_FILE and friends work inside one. The list is applied for every dialect (a
 * PostgreSQL function in SQLite SQL would fail anyway) so no dialect slips through by a naming accident.
 */

const exact: Record<string, Message> = {
  // PostgreSQL
  pg_sleep: l10n.t('only waits'),
  pg_sleep_for: l10n.t('only waits'),
  pg_sleep_until: l10n.t('only waits'),
  pg_terminate_backend: l10n.t("ends another session's connection"),
  pg_cancel_backend: l10n.t("cancels another session's query"),
  pg_reload_conf: l10n.t('reloads the server configuration'),
  pg_rotate_logfile: l10n.t('rotates the server log'),
  pg_promote: l10n.t('promotes a standby server'),
  pg_switch_wal: l10n.t('switches the write-ahead log'),
  pg_create_restore_point: l10n.t('writes a restore point'),
  pg_start_backup: l10n.t('starts a backup'),
  pg_stop_backup: l10n.t('stops a backup'),
  pg_backup_start: l10n.t('starts a backup'),
  pg_backup_stop: l10n.t('stops a backup'),
  pg_notify: l10n.t('sends a notification to other sessions'),
  pg_logical_emit_message: l10n.t('writes to the write-ahead log'),
  pg_import_system_collations: l10n.t('creates collations'),
  pg_log_backend_memory_contexts: l10n.t('writes to the server log'),
  pg_stat_file: l10n.t("reads the server's file system"),
  set_config: l10n.t('changes a server setting'),
  nextval: l10n.t('advances a sequence'),
  setval: l10n.t('changes a sequence'),
  lastval: l10n.t('reads session sequence state'),
  loread: l10n.t('reads a large object'),
  lowrite: l10n.t('writes a large object'),
  query_to_xml: l10n.t('runs a query given as text, which the guard cannot check'),
  query_to_xml_and_xmlschema: l10n.t('runs a query given as text, which the guard cannot check'),
  query_to_xmlschema: l10n.t('runs a query given as text, which the guard cannot check'),
  cursor_to_xml: l10n.t('reads from a cursor'),
  // MySQL / MariaDB
  sleep: l10n.t('only waits'),
  benchmark: l10n.t('only burns CPU time'),
  load_file: l10n.t("reads the server's file system"),
  get_lock: l10n.t('takes a named lock'),
  release_lock: l10n.t('releases a named lock'),
  release_all_locks: l10n.t('releases named locks'),
  master_pos_wait: l10n.t('waits for replication'),
  source_pos_wait: l10n.t('waits for replication'),
  master_gtid_wait: l10n.t('waits for replication'),
  sys_exec: l10n.t('runs an operating-system command'),
  sys_eval: l10n.t('runs an operating-system command'),
  // SQLite
  load_extension: l10n.t('loads native code into the database process'),
  writefile: l10n.t('writes a file'),
  readfile: l10n.t('reads a file'),
  edit: l10n.t('opens an editor'),
  fts3_tokenizer: l10n.t('registers native code (a known attack vector)'),
};

const prefixes: [RegExp, Message][] = [
  [/^dblink/, l10n.t('connects to another database')],
  [/^lo_/, l10n.t('reads or writes large objects on the server')],
  [/^pg_read_/, l10n.t("reads the server's file system")],
  [/^pg_ls_/, l10n.t("lists the server's file system")],
  [/^pg_file_/, l10n.t("writes the server's file system")],
  [/^pg_(try_)?advisory/, l10n.t('takes or releases an advisory lock')],
  [/replication_slot/, l10n.t('changes replication state')],
  [/^pg_replication_origin_/, l10n.t('changes replication state')],
  [/^pg_stat_reset/, l10n.t('resets server statistics')],
  [/^pg_wal_replay_/, l10n.t('pauses or resumes replication')],
];

/** Why the function is refused, or null when it is fine. `name` is matched case-insensitively. */
export function sideEffectOf(name: string): Message | null {
  const n = name.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(exact, n)) return exact[n];
  for (const [re, why] of prefixes) if (re.test(n)) return why;
  return null;
}
