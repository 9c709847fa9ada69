/**
 * Functions that change state, touch the server's files, take locks, or only wait, whichever database the SQL
 * targets. A read-only transaction stops most writes, but not these: pg_terminate_backend, advisory locks,
 * set_config, SLEEP, LOAD_FILE and friends work inside one. The list is applied for every dialect (a
 * PostgreSQL function in SQLite SQL would fail anyway) so no dialect slips through by a naming accident.
 */

const exact: Record<string, string> = {
  // PostgreSQL
  pg_sleep: 'only waits',
  pg_sleep_for: 'only waits',
  pg_sleep_until: 'only waits',
  pg_terminate_backend: "ends another session's connection",
  pg_cancel_backend: "cancels another session's query",
  pg_reload_conf: 'reloads the server configuration',
  pg_rotate_logfile: 'rotates the server log',
  pg_promote: 'promotes a standby server',
  pg_switch_wal: 'switches the write-ahead log',
  pg_create_restore_point: 'writes a restore point',
  pg_start_backup: 'starts a backup',
  pg_stop_backup: 'stops a backup',
  pg_backup_start: 'starts a backup',
  pg_backup_stop: 'stops a backup',
  pg_notify: 'sends a notification to other sessions',
  pg_logical_emit_message: 'writes to the write-ahead log',
  pg_import_system_collations: 'creates collations',
  pg_log_backend_memory_contexts: 'writes to the server log',
  pg_stat_file: "reads the server's file system",
  set_config: 'changes a server setting',
  nextval: 'advances a sequence',
  setval: 'changes a sequence',
  lastval: 'reads session sequence state',
  loread: 'reads a large object',
  lowrite: 'writes a large object',
  query_to_xml: 'runs a query given as text, which the guard cannot check',
  query_to_xml_and_xmlschema: 'runs a query given as text, which the guard cannot check',
  query_to_xmlschema: 'runs a query given as text, which the guard cannot check',
  cursor_to_xml: 'reads from a cursor',
  // MySQL / MariaDB
  sleep: 'only waits',
  benchmark: 'only burns CPU time',
  load_file: "reads the server's file system",
  get_lock: 'takes a named lock',
  release_lock: 'releases a named lock',
  release_all_locks: 'releases named locks',
  master_pos_wait: 'waits for replication',
  source_pos_wait: 'waits for replication',
  master_gtid_wait: 'waits for replication',
  sys_exec: 'runs an operating-system command',
  sys_eval: 'runs an operating-system command',
  // SQLite
  load_extension: 'loads native code into the database process',
  writefile: 'writes a file',
  readfile: 'reads a file',
  edit: 'opens an editor',
  fts3_tokenizer: 'registers native code (a known attack vector)',
};

const prefixes: [RegExp, string][] = [
  [/^dblink/, 'connects to another database'],
  [/^lo_/, 'reads or writes large objects on the server'],
  [/^pg_read_/, "reads the server's file system"],
  [/^pg_ls_/, "lists the server's file system"],
  [/^pg_file_/, "writes the server's file system"],
  [/^pg_(try_)?advisory/, 'takes or releases an advisory lock'],
  [/replication_slot/, 'changes replication state'],
  [/^pg_replication_origin_/, 'changes replication state'],
  [/^pg_stat_reset/, 'resets server statistics'],
  [/^pg_wal_replay_/, 'pauses or resumes replication'],
];

/** Why the function is refused, or null when it is fine. `name` is matched case-insensitively. */
export function sideEffectOf(name: string): string | null {
  const n = name.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(exact, n)) return exact[n];
  for (const [re, why] of prefixes) if (re.test(n)) return why;
  return null;
}
