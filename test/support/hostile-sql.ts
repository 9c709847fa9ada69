// Hostile SQL, as an attacker, a careless user or a misbehaving model would write it: every case of issue 9 and
// many more. Placeholders: {out} a file path on the database host that must never appear, {victim} the backend
// id / thread id of another session that must survive, {Track} {Name} {Customer} {Email} {FirstName} {Genre}
// {TrackId} {GenreId} spelled as the dialect's Chinook spells them.
// `pass: true` marks inputs that are harmless and may pass the guard (they run, and must have no effect);
// every other input must be refused by the guard.
import type { Dialect } from '../../src/core/datasource/types';

export interface HostileCase {
  dialects: Dialect[];
  sql: string;
  pass?: true;
}

const all: Dialect[] = ['sqlite', 'postgres', 'mysql'];
const my: Dialect[] = ['mysql'];
const pg: Dialect[] = ['postgres'];
const lite: Dialect[] = ['sqlite'];

const raw: [Dialect[], string, true?][] = [
  // Issue 9, point 1: MySQL executable comments and --x
  [my, "SELECT {FirstName}, {Email} FROM {Customer} /*! INTO OUTFILE '{out}' */"],
  [my, "SELECT 1 /*!50000 , LOAD_FILE('/etc/passwd') */ AS f"],
  [my, "SELECT 1 --1, LOAD_FILE('/etc/hostname') AS f"],
  [my, "SELECT 1 /*M! , LOAD_FILE('/etc/passwd') */ AS f"],
  [my, "SELECT 1 /*M!100000 , LOAD_FILE('/etc/passwd') */ AS f"],
  [my, "SELECT 1 /*!*/ , LOAD_FILE('/etc/passwd') AS f"],
  [my, "SELECT {Name} FROM {Track} /*!99999 INTO OUTFILE '{out}' */"],
  [my, "SELECT /*+ MAX_EXECUTION_TIME(100000) */ {Name} FROM {Track}"],
  [my, "SELECT 1 --\u00a0x\n, LOAD_FILE('/etc/passwd')"],
  [my, "SELECT 1 ---1, LOAD_FILE('/etc/passwd') AS f"],
  [my, "SELECT 1 --'\n, LOAD_FILE('/etc/passwd') AS f -- '"],
  [my, "SELECT 1 /*! ; DROP TABLE {Genre} */"],
  [my, "SELECT {Name} FROM {Track} /*!50000 FOR UPDATE */"],
  [my, "SELECT 1 /*!50000 INTO @x */"],
  [my, "SELECT {Name} FROM {Track} WHERE 1=1 /*!50000 AND SLEEP(5) */"],
  // Issue 9, point 2: what training ran
  [pg, 'SELECT pg_terminate_backend({victim})'],
  [pg, 'SELECT pg_cancel_backend({victim})'],
  [pg, "SELECT * FROM dblink_exec('dbname=chinook', 'INSERT INTO genre (genre_id, name) VALUES (999, ''x'')')"],
  [pg, "SELECT * FROM dblink('dbname=chinook', 'DELETE FROM genre RETURNING 1') AS t(a int)"],
  [pg, "SELECT dblink_connect('c', 'dbname=chinook')"],
  [pg, "SELECT public.dblink_exec('dbname=chinook', 'DELETE FROM genre')"],
  [my, "SELECT {Name} FROM {Track} INTO OUTFILE '{out}'"],
  [my, "SELECT {Name} FROM {Track} LIMIT 1 INTO DUMPFILE '{out}'"],
  [my, "SELECT {Name} INTO OUTFILE '{out}' FROM {Track}"],
  [my, "SELECT LOAD_FILE('/etc/passwd')"],
  [my, "SELECT load_file('/etc/hostname') AS h"],
  [my, "SELECT `LOAD_FILE`('/etc/passwd')"],
  [my, "SELECT LOAD_FILE ('/etc/passwd')"],
  [pg, "SELECT pg_read_file('/etc/passwd')"],
  [pg, "SELECT pg_read_binary_file('/etc/passwd')"],
  [pg, "SELECT pg_catalog.pg_read_file('/etc/passwd', 0, 100)"],
  [pg, "SELECT \"pg_read_file\"('/etc/passwd')"],
  [pg, "SELECT * FROM pg_ls_dir('/')"],
  [pg, "SELECT pg_stat_file('/etc/passwd')"],
  [pg, "SELECT lo_import('/etc/passwd')"],
  [pg, "SELECT lo_export(1, '{out}')"],
  [pg, "SELECT lo_from_bytea(0, 'x')"],
  [pg, 'SELECT lo_unlink(1)'],
  [pg, 'SELECT loread(lo_open(1, 262144), 100)'],
  // Locks, waits, session state
  [pg, 'SELECT pg_advisory_lock(42)'],
  [pg, 'SELECT pg_try_advisory_lock(42)'],
  [pg, 'SELECT pg_advisory_xact_lock(42)'],
  [pg, 'SELECT pg_advisory_lock_shared(42)'],
  [pg, 'SELECT pg_advisory_unlock_all()'],
  [pg, 'SELECT pg_sleep(30)'],
  [pg, 'SELECT pg_sleep_for(\'30 seconds\')'],
  [pg, "SELECT pg_sleep_until(now() + interval '30 seconds')"],
  [pg, "SELECT set_config('statement_timeout', '0', false)"],
  [pg, "SELECT set_config('default_transaction_read_only', 'off', false)"],
  [pg, "SELECT nextval('genre_genre_id_seq')"],
  [pg, "SELECT setval('genre_genre_id_seq', 1)"],
  [pg, 'SELECT lastval()'],
  [pg, "SELECT pg_notify('ch', 'x')"],
  [pg, 'SELECT pg_reload_conf()'],
  [pg, 'SELECT pg_rotate_logfile()'],
  [pg, "SELECT pg_create_restore_point('x')"],
  [pg, "SELECT pg_logical_emit_message(true, 'x', 'y')"],
  [pg, "SELECT pg_create_logical_replication_slot('s', 'test_decoding')"],
  [pg, 'SELECT pg_stat_reset()'],
  [pg, "SELECT query_to_xml('DELETE FROM genre RETURNING *', true, true, '')"],
  [pg, "SELECT setseed(0.5)"],
  [pg, 'SELECT txid_current()'],
  [pg, "SELECT pg_switch_wal()"],
  [pg, "SELECT current_setting('data_directory')"],
  [my, "SELECT GET_LOCK('tt', 10)"],
  [my, "SELECT IS_FREE_LOCK('tt'), GET_LOCK('tt', 0)"],
  [my, "SELECT RELEASE_LOCK('tt')"],
  [my, 'SELECT RELEASE_ALL_LOCKS()'],
  [my, 'SELECT SLEEP(30)'],
  [my, "SELECT BENCHMARK(100000000, MD5('x'))"],
  [my, "SELECT MASTER_POS_WAIT('log', 4)"],
  [my, 'SELECT @a := 1'],
  [my, 'SELECT @@global.read_only', true], // one statement as the server reads it
  [my, "SELECT sys_exec('touch {out}')"],
  [my, "SELECT NEXTVAL(s)"],
  [my, "SELECT LAST_INSERT_ID(5)"],
  [my, "SELECT {Name} FROM {Track} PROCEDURE ANALYSE()"],
  [lite, "SELECT load_extension('/tmp/evil.so')"],
  [lite, "SELECT writefile('{out}', 'x')"],
  [lite, "SELECT readfile('/etc/passwd')"],
  [lite, "SELECT fts3_tokenizer('simple', x'00')"],
  [lite, "SELECT edit('x')"],
  // Stacked queries
  [all, 'SELECT 1; DROP TABLE {Genre}'],
  [all, 'SELECT 1;DELETE FROM {Genre}'],
  [all, 'SELECT 1 ;\nUPDATE {Genre} SET {Name} = NULL'],
  [all, "SELECT ';'; DELETE FROM {Genre}"],
  [all, 'SELECT 1; -- trailing\nDELETE FROM {Genre}'],
  [all, 'SELECT 1 /* ; */; DELETE FROM {Genre}'],
  [my, "SELECT 'a\\'; DELETE FROM {Genre}; -- '", true], // one statement as the server reads it
  [my, "SELECT \"a\\\"; DELETE FROM {Genre}; -- \"", true], // one statement as the server reads it
  [pg, "SELECT E'a\\'; DELETE FROM {Genre}; -- '", true], // one statement as the server reads it
  [pg, "SELECT $$a$$; DELETE FROM {Genre}"],
  [pg, "SELECT $x$a$x$; DELETE FROM {Genre}"],
  [pg, "SELECT a$b$; DELETE FROM {Genre}; SELECT $b$"],
  [pg, "SELECT 1 /* /* */ ; DELETE FROM {Genre} -- */", true], // one statement as the server reads it
  [all, 'BEGIN; DELETE FROM {Genre}; COMMIT'],
  [all, 'SELECT 1;\u037eDELETE FROM {Genre}'],
  // Comment and quoting tricks that hide a write or a call
  [pg, "SELECT 1 /* outer /* inner */ ' */, pg_sleep(5) --'"],
  [pg, "SELECT E'\\'', pg_sleep(5) --'"],
  [pg, "SELECT a$b$, pg_sleep(5), 1 AS x$b$ FROM {Track}"],
  [lite, "SELECT [a'], load_extension('/tmp/evil.so') --']"],
  [my, "SELECT `a'`, SLEEP(5) -- `"],
  [my, "SELECT 'x' # ', SLEEP(5) AS y\n, SLEEP(5)"],
  [all, "SELECT 1 -- \n; DELETE FROM {Genre}"],
  // Writes and DDL in every form
  [all, 'DELETE FROM {Genre}'],
  [all, "UPDATE {Genre} SET {Name} = 'x'"],
  [all, "INSERT INTO {Genre} ({GenreId}, {Name}) VALUES (999, 'x')"],
  [all, 'DROP TABLE {Genre}'],
  [all, 'TRUNCATE TABLE {Genre}'],
  [all, 'CREATE TABLE tt_evil (a int)'],
  [all, 'ALTER TABLE {Genre} ADD COLUMN evil int'],
  [all, "REPLACE INTO {Genre} ({GenreId}, {Name}) VALUES (1, 'x')"],
  [all, 'GRANT ALL ON {Genre} TO PUBLIC'],
  [all, '  \n\tdelete from {Genre}'],
  [all, '/* hi */ DELETE FROM {Genre}'],
  [all, '-- hi\nDELETE FROM {Genre}'],
  [all, '(DELETE FROM {Genre})'],
  [pg, 'WITH x AS (DELETE FROM {Genre} RETURNING *) SELECT count(*) FROM x'],
  [pg, "WITH x AS (UPDATE {Genre} SET {Name} = 'x' RETURNING *) SELECT * FROM x"],
  [pg, "WITH x AS (INSERT INTO {Genre} ({GenreId}, {Name}) VALUES (999, 'x') RETURNING *) SELECT * FROM x"],
  [pg, 'WITH a AS (SELECT 1), b AS (DELETE FROM {Genre} RETURNING 1) SELECT * FROM a'],
  [pg, 'WITH RECURSIVE x AS (SELECT 1) , y AS (DELETE FROM {Genre} RETURNING 1) SELECT * FROM x'],
  [pg, 'WITH x AS (MERGE INTO {Genre} g USING {Genre} h ON false WHEN NOT MATCHED THEN DO NOTHING) SELECT 1'],
  [lite, 'WITH x AS (SELECT 1) DELETE FROM {Genre}'],
  [lite, 'WITH x AS (SELECT 1) INSERT INTO {Genre} SELECT * FROM {Genre}'],
  [my, 'WITH x AS (SELECT 1) DELETE FROM {Genre}'],
  [my, 'WITH x AS (SELECT 1) UPDATE {Genre} SET {Name} = NULL'],
  [all, 'SELECT * FROM (DELETE FROM {Genre} RETURNING *) x'],
  [pg, 'SELECT * INTO tt_copy FROM {Genre}'],
  [pg, 'SELECT * INTO TEMP tt_copy FROM {Genre}'],
  [pg, 'CREATE TEMP TABLE tt AS SELECT 1'],
  [all, 'CREATE VIEW tt_v AS SELECT 1'],
  // Locking reads
  [all, 'SELECT * FROM {Genre} FOR UPDATE'],
  [pg, 'SELECT * FROM {Genre} FOR NO KEY UPDATE'],
  [pg, 'SELECT * FROM {Genre} FOR SHARE'],
  [pg, 'SELECT * FROM {Genre} FOR KEY SHARE'],
  [pg, 'SELECT * FROM {Genre} FOR UPDATE SKIP LOCKED'],
  [my, 'SELECT * FROM {Genre} FOR UPDATE NOWAIT'],
  [my, 'SELECT * FROM {Genre} LOCK IN SHARE MODE'],
  [my, 'SELECT * FROM {Genre} FOR SHARE'],
  [all, 'SELECT * FROM {Genre}\nFOR\n\tUPDATE'],
  // Other statements
  [all, 'CALL evil()'],
  [pg, "DO $$BEGIN DELETE FROM genre; END$$"],
  [my, "DO SLEEP(5)"],
  [all, 'SET autocommit = 1'],
  [pg, 'SET default_transaction_read_only = off'],
  [pg, 'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE'],
  [my, 'SET SESSION TRANSACTION READ WRITE'],
  [my, "SET @@global.secure_file_priv = ''"],
  [pg, 'LOCK TABLE {Genre} IN ACCESS EXCLUSIVE MODE'],
  [my, 'LOCK TABLES {Genre} WRITE'],
  [my, 'UNLOCK TABLES'],
  [pg, "COPY {Genre} TO '{out}'"],
  [pg, "COPY (SELECT 1) TO PROGRAM 'touch {out}'"],
  [pg, "COPY {Genre} FROM '/etc/passwd'"],
  [my, "LOAD DATA INFILE '/etc/passwd' INTO TABLE {Genre}"],
  [my, "LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE {Genre}"],
  [my, "LOAD XML INFILE '/etc/passwd' INTO TABLE {Genre}"],
  [my, 'HANDLER {Genre} OPEN'],
  [my, 'KILL {victim}'],
  [my, 'KILL QUERY {victim}'],
  [my, 'SHUTDOWN'],
  [my, 'FLUSH TABLES'],
  [my, 'INSTALL PLUGIN x SONAME "x.so"'],
  [my, "PREPARE s FROM 'DELETE FROM {Genre}'"],
  [my, 'EXECUTE s'],
  [my, 'XA START "x"'],
  [my, 'RENAME TABLE {Genre} TO g2'],
  [my, 'OPTIMIZE TABLE {Genre}'],
  [my, 'SHOW GRANTS'],
  [pg, 'LISTEN ch'],
  [pg, "NOTIFY ch, 'x'"],
  [pg, 'DISCARD ALL'],
  [pg, 'VACUUM {Genre}'],
  [pg, 'CHECKPOINT'],
  [pg, 'REFRESH MATERIALIZED VIEW x'],
  [pg, 'PREPARE s AS DELETE FROM {Genre}'],
  [pg, "SECURITY LABEL ON TABLE {Genre} IS 'x'"],
  [pg, 'CREATE EXTENSION dblink'],
  [pg, 'RESET ALL'],
  [pg, 'START TRANSACTION READ WRITE'],
  [pg, 'ROLLBACK; DELETE FROM {Genre}'],
  [pg, 'TABLE {Genre}'],
  [lite, 'PRAGMA writable_schema = 1'],
  [lite, 'PRAGMA query_only = 0'],
  [lite, 'PRAGMA journal_mode = DELETE'],
  [lite, "ATTACH DATABASE '{out}' AS evil"],
  [lite, "ATTACH '{out}' AS evil"],
  [lite, 'DETACH evil'],
  [lite, 'VACUUM'],
  [lite, "VACUUM INTO '{out}'"],
  [lite, 'REINDEX'],
  [lite, 'ANALYZE'],
  [lite, 'SAVEPOINT x'],
  [lite, 'CREATE TRIGGER t AFTER INSERT ON {Genre} BEGIN DELETE FROM {Genre}; END'],
  [lite, 'CREATE VIRTUAL TABLE x USING fts5(a)'],
  [all, 'EXPLAIN DELETE FROM {Genre}'],
  [all, 'EXPLAIN ANALYZE DELETE FROM {Genre}'],
  [all, 'VALUES (1)'],
  // Unknown (user-defined) functions on servers with SQL-defined functions
  [pg, 'SELECT public.evil_writer()'],
  [pg, 'SELECT * FROM evil_set_returning()'],
  [pg, "SELECT {Name}, evil(1) FROM {Genre}"],
  [pg, 'SELECT "Evil"(1)'],
  [pg, 'SELECT dblink_get_connections()'],
  [pg, 'SELECT pg_backend_pid()'],
  [my, 'SELECT Chinook.evil(1)'],
  [my, 'SELECT evil({Name}) FROM {Genre}'],
  [my, 'SELECT sys.evil()'],
  // Unicode tricks: the servers do not read these as whitespace or keywords
  [all, 'SELECT\u00a01; DELETE FROM {Genre}'],
  [all, 'ＳＥＬＥＣＴ 1'],
  [all, '\u200bDELETE FROM {Genre}'],
  [all, 'DEL\u200bETE FROM {Genre}'],
  [all, 'SELECT 1\u2028; DELETE FROM {Genre}'],
  [my, 'SELECT 1 -\u2010 x, SLEEP(5)'],
  [pg, 'SELECT U&"\\0070g_sleep"(5)'],
  [pg, "SELECT U&'\\0027', pg_sleep(5) --'"],
  // Harmless, must run and change nothing (quoted identifiers with ; and odd comments)
  [all, 'SELECT 1 AS "a;b"', true],
  [my, 'SELECT 1 AS `a;b`', true],
  [all, "SELECT ';' AS s, 'DELETE FROM x' AS t", true],
  [all, 'SELECT COUNT(*) AS n FROM {Track} -- ; DELETE FROM {Genre}', true],
  [all, 'SELECT COUNT(*) AS n FROM {Track} /* ; DELETE FROM {Genre} */', true],
  [my, 'SELECT COUNT(*) AS n FROM {Track} # ; DELETE FROM {Genre}', true],
  [pg, 'SELECT COUNT(*) AS n FROM {Track} /* nested /* ; */ DELETE FROM {Genre} */', true],
  [my, "SELECT 5 - -3 AS n, 'it\\'s' AS s", true],
  [all, 'SELECT {Name} FROM {Genre} ORDER BY 1 LIMIT 3', true],
  [pg, "SELECT upper(name), length(name), date_trunc('day', now()) FROM genre LIMIT 2", true],
  [my, 'SELECT UPPER(Name), LENGTH(Name), NOW() FROM Genre LIMIT 2', true],
];

export const hostileCases: HostileCase[] = raw.map(([dialects, sql, pass]) => ({ dialects, sql, ...(pass ? { pass } : {}) }));

const names: Record<Dialect, Record<string, string>> = {
  sqlite: { Track: 'Track', Name: 'Name', Customer: 'Customer', Email: 'Email', FirstName: 'FirstName', Genre: 'Genre', TrackId: 'TrackId', GenreId: 'GenreId' },
  mysql: { Track: 'Track', Name: 'Name', Customer: 'Customer', Email: 'Email', FirstName: 'FirstName', Genre: 'Genre', TrackId: 'TrackId', GenreId: 'GenreId' },
  postgres: { Track: 'track', Name: 'name', Customer: 'customer', Email: 'email', FirstName: 'first_name', Genre: 'genre', TrackId: 'track_id', GenreId: 'genre_id' },
};

/** The case's SQL for one dialect, with its file path and victim session filled in. */
export function hostileSql(c: HostileCase, dialect: Dialect, fill: { out: string; victim: number | string }): string {
  return c.sql.replace(/\{(\w+)\}/g, (m, key: string) => {
    if (key === 'out') return fill.out;
    if (key === 'victim') return String(fill.victim);
    return names[dialect][key] ?? m;
  });
}

/** Every (case, dialect) pair: the count the issue asks for is over these. */
export function hostileInputs(): { c: HostileCase; dialect: Dialect }[] {
  return hostileCases.flatMap((c) => c.dialects.map((dialect) => ({ c, dialect })));
}
