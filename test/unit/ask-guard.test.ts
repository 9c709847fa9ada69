import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardSql, type GuardRefusalCode } from '../../src/core/ask/guard';
import { extractSql } from '../../src/core/ask/extractSql';
import type { Dialect } from '../../src/core/datasource/types';

// Queries an LLM plausibly writes for each dialect: the guard must let every one through (a false refusal is a bug
// the user sees as "TableTalk refused a perfectly good query").
const accepted: Record<Dialect, string[]> = {
  sqlite: [
    'SELECT * FROM Track LIMIT 5',
    'SELECT * FROM Track t1 CROSS JOIN Track t2 LIMIT 3',
    "SELECT FirstName || ' ' || LastName AS name FROM Customer",
    'SELECT * FROM Invoice ORDER BY Total DESC NULLS LAST',
    'SELECT RANK() OVER (ORDER BY Total DESC) r, InvoiceId FROM Invoice',
    'SELECT ArtistId FROM Artist EXCEPT SELECT ArtistId FROM Album',
    "SELECT strftime('%Y', InvoiceDate) AS y, ROUND(SUM(Total), 2) FROM Invoice GROUP BY y",
    'WITH s AS (SELECT CustomerId, SUM(Total) t FROM Invoice GROUP BY CustomerId) SELECT c.Country, AVG(s.t) FROM s JOIN Customer c ON c.CustomerId = s.CustomerId GROUP BY c.Country',
    'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5) SELECT * FROM n',
    'SELECT "Name" FROM "Track" WHERE "TrackId" = 1;',
    "SELECT REPLACE(Name, 'a', 'b') FROM Artist",
    "SELECT 'DROP TABLE x; DELETE FROM y' AS text",
    'SELECT * FROM Track -- FOR UPDATE\nLIMIT 1',
    'SELECT COUNT(*) FROM Track WHERE Name LIKE \'%love%\' COLLATE NOCASE',
  ],
  postgres: [
    'SELECT * FROM track t1 CROSS JOIN track t2 LIMIT 3',
    "SELECT to_char(invoice_date, 'YYYY-MM') m, SUM(total)::numeric(10,2) FROM invoice GROUP BY m",
    'SELECT * FROM invoice ORDER BY total DESC NULLS LAST LIMIT 5',
    "SELECT * FROM track WHERE name ILIKE '%love%'",
    'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total) FROM invoice',
    'SELECT DISTINCT ON (customer_id) customer_id, total FROM invoice ORDER BY customer_id, total DESC',
    'SELECT a.name FROM artist a WHERE NOT EXISTS (SELECT 1 FROM album b WHERE b.artist_id = a.artist_id)',
    'SELECT "Name" FROM "Track" LIMIT 5',
    "SELECT $$it's; DROP TABLE x$$ AS t",
    'SELECT "a;b" FROM "odd;table"',
    'SELECT count(*) FILTER (WHERE total > 1), string_agg(name, \', \'), pg_catalog.lower(name) FROM track /* a /* nested */ comment */ GROUP BY name',
    "SELECT date_trunc('month', invoice_date) m, round(avg(total), 2) FROM invoice GROUP BY 1 ORDER BY 1",
  ],
  mysql: [
    'SELECT `Name` FROM `Track` LIMIT 5',
    'SELECT * FROM Track t1 CROSS JOIN Track t2 LIMIT 3',
    "SELECT DATE_FORMAT(InvoiceDate, '%Y-%m') m, SUM(Total) FROM Invoice GROUP BY m",
    "SELECT GROUP_CONCAT(Name SEPARATOR ', ') FROM Artist",
    'SELECT * FROM Track LIMIT 10, 5',
    "SELECT INSERT('abc', 1, 1, 'x') AS s",
    "SELECT 'it\\'s' AS s # comment with ; inside\n",
    'SELECT `a;b` FROM `odd;table`',
    'SELECT 1 -- a comment\n, 2 -- \tanother',
    'SELECT 5 - -3 AS n',
    "SELECT IFNULL(Composer, 'n/a'), ROUND(AVG(Milliseconds) / 1000, 1) FROM Track GROUP BY Composer",
  ],
};

for (const [dialect, list] of Object.entries(accepted) as [Dialect, string[]][]) {
  for (const sql of list) {
    test(`guard accepts on ${dialect}: ${sql.slice(0, 70)}`, () => {
      const r = guardSql(sql, dialect);
      assert.equal(r.ok, true, r.ok ? '' : r.reason);
    });
  }
}

const refused: [Dialect | 'all', string, GuardRefusalCode, RegExp][] = [
  ['all', '', 'empty', /no SQL/],
  ['all', 'SELECT 1; DROP TABLE Track', 'multiple-statements', /2 statements \(SELECT, DROP\)/],
  ['all', 'SELECT 1; SELECT 2;', 'multiple-statements', /2 statements/],
  ['all', 'DROP TABLE Track', 'not-read-only', /DROP statement: it drops objects/],
  ['all', 'delete from Track', 'not-read-only', /DELETE/],
  ['all', "UPDATE Track SET Name = 'x'", 'not-read-only', /UPDATE/],
  ['all', 'INSERT INTO Genre (Name) VALUES (1)', 'not-read-only', /INSERT/],
  ['all', 'TRUNCATE TABLE Track', 'not-read-only', /TRUNCATE/],
  ['all', 'CREATE TABLE x (a int)', 'not-read-only', /CREATE/],
  ['all', 'ALTER TABLE Track ADD c int', 'not-read-only', /ALTER/],
  ['all', 'EXPLAIN SELECT 1', 'not-a-query', /EXPLAIN/],
  ['sqlite', 'PRAGMA writable_schema = 1', 'not-read-only', /PRAGMA/],
  ['sqlite', "ATTACH 'x.db' AS y", 'not-read-only', /ATTACH/],
  ['postgres', 'WITH x AS (UPDATE track SET name = 1 RETURNING *) SELECT * FROM x', 'write-in-query', /UPDATE track SET/],
  ['postgres', 'WITH x AS (DELETE FROM track RETURNING *) SELECT count(*) FROM x', 'write-in-query', /DELETE FROM/],
  ['postgres', 'WITH x AS (INSERT INTO genre (name) VALUES (1) RETURNING *) SELECT * FROM x', 'write-in-query', /INSERT INTO/],
  ['postgres', 'SELECT * INTO newt FROM track', 'select-into', /INTO/],
  ['mysql', "SELECT * INTO OUTFILE '/tmp/x' FROM Track", 'select-into', /INTO/],
  ['mysql', 'SELECT 1 INTO @a', 'select-into', /INTO/],
  ['postgres', 'SELECT * FROM track FOR UPDATE', 'locking-read', /FOR UPDATE/],
  ['postgres', 'SELECT * FROM track FOR NO KEY UPDATE', 'locking-read', /FOR NO KEY UPDATE/],
  ['postgres', 'SELECT * FROM track FOR SHARE', 'locking-read', /FOR SHARE/],
  ['mysql', 'SELECT * FROM Track LOCK IN SHARE MODE', 'locking-read', /LOCK IN SHARE MODE/],
  ['postgres', 'SELECT pg_sleep(5)', 'side-effect-function', /pg_sleep\(\), which only waits/],
  ['postgres', 'SELECT pg_catalog.pg_sleep(5)', 'side-effect-function', /pg_sleep/],
  ['postgres', 'SELECT "pg_sleep"(5)', 'side-effect-function', /pg_sleep/],
  ['postgres', 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity', 'side-effect-function', /ends another session/],
  ['postgres', "SELECT pg_read_file('/etc/passwd')", 'side-effect-function', /file system/],
  ['postgres', "SELECT set_config('statement_timeout', '0', false)", 'side-effect-function', /setting/],
  ['postgres', "SELECT nextval('s')", 'side-effect-function', /sequence/],
  ['postgres', 'SELECT pg_advisory_lock(1)', 'side-effect-function', /advisory lock/],
  ['postgres', "SELECT * FROM dblink('host=x', 'select 1') AS t(a int)", 'side-effect-function', /another database/],
  ['postgres', "SELECT lo_import('/etc/passwd')", 'side-effect-function', /large objects/],
  ['postgres', "SELECT query_to_xml('delete from track', true, true, '')", 'side-effect-function', /query given as text/],
  ['mysql', 'SELECT SLEEP(5)', 'side-effect-function', /SLEEP\(\), which only waits/],
  ['mysql', "SELECT BENCHMARK(100000000, MD5('x'))", 'side-effect-function', /CPU/],
  ['mysql', "SELECT LOAD_FILE('/etc/passwd')", 'side-effect-function', /file system/],
  ['mysql', "SELECT GET_LOCK('x', 10)", 'side-effect-function', /lock/],
  ['mysql', 'SELECT @a := 1', 'side-effect-function', /session variable/],
  ['sqlite', "SELECT load_extension('/tmp/evil.so')", 'side-effect-function', /native code/],
  ['sqlite', "SELECT writefile('/tmp/x', 'y')", 'side-effect-function', /writes a file/],
  ['all', 'SELECT TOP 5 Name FROM Track', 'wrong-dialect', /SQL Server syntax/],
  ['postgres', 'SELECT `Name` FROM `Track` LIMIT 5', 'wrong-dialect', /Backtick quoting is MySQL/],
  ['mysql', "SELECT * FROM Track WHERE Name ILIKE '%a%'", 'unparsable', /not valid MySQL\/MariaDB near "ILIKE/],
  ['mysql', 'SELECT TrackId::text FROM Track', 'wrong-dialect', /:: cast is PostgreSQL/],
  ['sqlite', "SELECT * FROM Track WHERE Name ILIKE '%a%'", 'wrong-dialect', /ILIKE is PostgreSQL syntax, not SQLite/],
  ['sqlite', 'SELECT TrackId::text FROM Track', 'wrong-dialect', /PostgreSQL syntax, not SQLite/],
  // Issue 9: the server runs these although a naive scanner sees comments.
  ['mysql', "SELECT FirstName, Email FROM Customer /*! INTO OUTFILE '/tmp/x.csv' */", 'executable-comment', /executable comment \("\/\*! INTO OUTFILE/],
  ['mysql', "SELECT 1 /*!50000 , LOAD_FILE('/etc/passwd') */ AS f", 'executable-comment', /executable comment/],
  ['mysql', "SELECT 1 /*M! , LOAD_FILE('/etc/passwd') */ AS f", 'executable-comment', /executable comment/],
  ['mysql', 'SELECT /*+ MAX_EXECUTION_TIME(1) */ 1', 'executable-comment', /optimizer hint/],
  ['mysql', "SELECT 1 --1, LOAD_FILE('/etc/hostname') AS f", 'executable-comment', /"--1, LOAD_FILE\('" is not a comment in MySQL/],
  ['mysql', "SELECT 1 --\u00a0x", 'executable-comment', /not a comment in MySQL/],
  ['postgres', "SELECT 1 /* outer /* inner */ ' */, pg_sleep(1) --'", 'side-effect-function', /pg_sleep/],
  ['postgres', "SELECT E'\\'', pg_sleep(1) --'", 'side-effect-function', /pg_sleep/],
  ['postgres', 'SELECT a$b$, pg_sleep(1), 1 AS x$b$ FROM track', 'side-effect-function', /pg_sleep/],
  ['postgres', 'SELECT public.my_writer(1)', 'unknown-function', /public\.my_writer\(\), which is not a built-in function/],
  ['postgres', 'SELECT * FROM my_set_returning(1)', 'unknown-function', /my_set_returning/],
  ['postgres', "SELECT setseed(0.5)", 'unknown-function', /setseed/],
  ['mysql', 'SELECT Chinook.my_func(1)', 'unknown-function', /Chinook\.my_func/],
  ['mysql', 'SELECT my_func(Name) FROM Track', 'unknown-function', /my_func/],
  ['all', "SELECT 'unclosed FROM Track", 'unparsable', /unclosed quote/],
  ['all', 'SELECT FROM WHERE', 'unparsable', /not valid/],
  ['all', 'Here are the results you asked for', 'unparsable', /does not start like a query/],
];

for (const [where, sql, code, reason] of refused) {
  for (const dialect of where === 'all' ? (['sqlite', 'postgres', 'mysql'] as Dialect[]) : [where]) {
    test(`guard refuses on ${dialect} (${code}): ${sql.slice(0, 60)}`, () => {
      const r = guardSql(sql, dialect);
      assert.equal(r.ok, false, `accepted: ${sql}`);
      if (r.ok) return;
      assert.equal(r.code, code, r.reason);
      assert.match(r.reason, reason);
    });
  }
}

test('guard reports the tables a query reads, without CTE names', () => {
  const r = guardSql('WITH s AS (SELECT * FROM Invoice) SELECT * FROM s JOIN Customer c ON c.CustomerId = s.CustomerId', 'sqlite');
  assert.ok(r.ok);
  assert.deepEqual(r.tables, ['Invoice', 'Customer']);
  const pg = guardSql('SELECT * FROM public.track t JOIN "Invoice Line" l ON true', 'postgres');
  assert.ok(pg.ok);
  assert.deepEqual(pg.tables.sort(), ['Invoice Line', 'public.track']);
});

test('extractSql takes the SQL out of a fenced answer with prose around it', () => {
  const r = extractSql('Here is the query:\n```sql\nSELECT Name FROM Artist LIMIT 5;\n```\nIt lists five artists.', 'sqlite');
  assert.equal(r.sql, 'SELECT Name FROM Artist LIMIT 5');
  assert.ok(r.sql !== null && /five artists/.test(r.prose));
});

test('extractSql finds unfenced SQL after leading prose and stops where prose resumes', () => {
  const r = extractSql('Sure! The SQL is: SELECT COUNT(*)\nFROM Track;\nThis counts every track.', 'sqlite');
  assert.equal(r.sql, 'SELECT COUNT(*)\nFROM Track');
  const r2 = extractSql('SELECT a\nFROM t\nWHERE b = 1\nThis query filters rows by b.', 'sqlite');
  assert.equal(r2.sql, 'SELECT a\nFROM t\nWHERE b = 1');
  const r3 = extractSql('<think>maybe DELETE?</think>\nSELECT 1', 'sqlite');
  assert.equal(r3.sql, 'SELECT 1');
});

test('extractSql keeps every statement so the guard can refuse several', () => {
  const r = extractSql('```sql\nSELECT 1;\nDROP TABLE Track;\n```', 'sqlite');
  assert.equal(r.sql, 'SELECT 1;\nDROP TABLE Track');
  const two = extractSql('```sql\nSELECT 1\n```\nor\n```sql\nSELECT 2\n```', 'sqlite');
  assert.ok(two.sql);
  const g = guardSql(two.sql, 'sqlite');
  assert.ok(!g.ok && g.code === 'multiple-statements');
});

test('extractSql says "no SQL found" for a prose answer and quotes it', () => {
  const r = extractSql('I am sorry, I cannot answer that question from this schema.', 'postgres');
  assert.equal(r.sql, null);
  assert.ok(r.sql === null && /No SQL found in the model's answer: "I am sorry/.test(r.reason));
  const empty = extractSql('   ', 'postgres');
  assert.ok(empty.sql === null && /empty/.test(empty.reason));
});
