/**
 * The SQL guard: accepts exactly one read-only query (SELECT, WITH ... SELECT, set operations of them) for the
 * datasource's dialect and refuses everything else with a reason a user can read. It is defence in depth: the
 * driver also runs the query in a read-only transaction/connection with a timeout and a row limit.
 *
 * Layers, cheapest first: a scanner that ignores literals and comments (statement count, first keyword,
 * locking clauses, foreign syntax, side-effect function calls), then a real parse with node-sql-parser's
 * grammar for the dialect and a walk of the whole tree (data-modifying statements hidden in CTEs or
 * subqueries, SELECT ... INTO, locks, assignments, functions).
 *
 * Not accepted on purpose: EXPLAIN, SHOW, PRAGMA, VALUES: none answers a question about the data.
 */
import { Parser as SqliteParser } from 'node-sql-parser/build/sqlite';
import { Parser as PostgresParser } from 'node-sql-parser/build/postgresql';
import { Parser as MariadbParser } from 'node-sql-parser/build/mariadb';
import { Parser as MysqlParser } from 'node-sql-parser/build/mysql';
import type { Dialect } from '../datasource/types';
import { codeWords, maskSql, splitStatements, type LexHazard } from './sqlLexer';
import { sideEffectOf } from './sideEffects';
import { isKnownFunction } from './knownFunctions';

export type GuardRefusalCode =
  | 'empty'
  | 'multiple-statements'
  | 'not-read-only'
  | 'not-a-query'
  | 'write-in-query'
  | 'select-into'
  | 'locking-read'
  | 'side-effect-function'
  | 'unknown-function'
  | 'executable-comment'
  | 'wrong-dialect'
  | 'unparsable';

export type GuardResult =
  | {
      ok: true;
      /** The statement as it will run: trimmed, without trailing semicolons; otherwise the LLM's text unchanged. */
      sql: string;
      /** Tables the query reads ("schema.table" when qualified), CTE names excluded, in order of appearance. */
      tables: string[];
    }
  | { ok: false; code: GuardRefusalCode; reason: string };

export const dialectNames: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL', mysql: 'MySQL/MariaDB' };

interface Grammar {
  parser: { astify(sql: string, opt?: { database?: string }): unknown; tableList(sql: string, opt?: { database?: string }): string[] };
  database: string;
}

let grammars: Record<Dialect, Grammar[]> | undefined;
/**
 * node-sql-parser's SQLite grammar lacks CROSS JOIN, EXCEPT/INTERSECT, NULLS LAST and `OVER (ORDER BY ...)`,
 * which SQLite has; its PostgreSQL grammar covers them, so SQLite falls back to it and a lint below refuses the
 * PostgreSQL-only syntax that fallback would let through. MySQL and MariaDB grammars back each other up.
 */
function grammarsFor(dialect: Dialect): Grammar[] {
  grammars ??= {
    sqlite: [{ parser: new SqliteParser(), database: 'sqlite' }, { parser: new PostgresParser(), database: 'PostgresQL' }],
    postgres: [{ parser: new PostgresParser(), database: 'PostgresQL' }],
    mysql: [{ parser: new MariadbParser(), database: 'MariaDB' }, { parser: new MysqlParser(), database: 'MySQL' }],
  };
  return grammars[dialect];
}

const writeKeywords: Record<string, string> = {
  INSERT: 'adds rows', UPDATE: 'changes rows', DELETE: 'deletes rows', MERGE: 'changes rows', REPLACE: 'replaces rows',
  UPSERT: 'changes rows', CREATE: 'creates objects', ALTER: 'changes the schema', DROP: 'drops objects',
  TRUNCATE: 'deletes every row', RENAME: 'renames objects', COMMENT: 'changes comments', GRANT: 'changes permissions',
  REVOKE: 'changes permissions', ATTACH: 'attaches a database file', DETACH: 'detaches a database', PRAGMA: 'reads or changes database settings',
  VACUUM: 'rewrites the database', REINDEX: 'rebuilds indexes', ANALYZE: 'updates statistics', SET: 'changes session settings',
  RESET: 'changes session settings', USE: 'switches database', BEGIN: 'controls transactions', START: 'controls transactions',
  COMMIT: 'controls transactions', ROLLBACK: 'controls transactions', SAVEPOINT: 'controls transactions', RELEASE: 'controls transactions',
  LOCK: 'takes locks', UNLOCK: 'releases locks', CALL: 'runs a procedure', EXEC: 'runs a procedure', EXECUTE: 'runs a prepared statement',
  DO: 'runs code', COPY: 'copies data to or from files', LOAD: 'loads data', HANDLER: 'opens a table handler', KILL: 'ends a session',
  SHUTDOWN: 'stops the server', FLUSH: 'flushes server state', INSTALL: 'installs a plugin', PREPARE: 'prepares a statement',
  DEALLOCATE: 'frees a statement', LISTEN: 'listens for notifications', NOTIFY: 'notifies sessions', REFRESH: 'refreshes a materialized view',
  CLUSTER: 'rewrites a table', DISCARD: 'discards session state', SECURITY: 'changes security labels', IMPORT: 'imports objects',
  OPTIMIZE: 'rebuilds a table', REPAIR: 'repairs a table', CHECKPOINT: 'forces a checkpoint',
};
const notQueries = new Set(['EXPLAIN', 'SHOW', 'DESCRIBE', 'DESC', 'VALUES', 'TABLE', 'HELP', 'CHECK', 'CHECKSUM']);

/** Statement types anywhere in the parse tree that write or change state. */
const writeNodeTypes = new Set([
  'insert', 'update', 'delete', 'replace', 'merge', 'create', 'drop', 'alter', 'truncate', 'rename', 'grant', 'revoke',
  'call', 'exec', 'execute', 'lock', 'unlock', 'set', 'use', 'transaction', 'load_data', 'copy', 'comment', 'declare',
]);

const refuse = (code: GuardRefusalCode, reason: string): GuardResult => ({ ok: false, code, reason });
const onlyReadOnly = 'TableTalk only runs a single read-only query (SELECT or WITH ... SELECT), so nothing was executed.';

export function guardSql(input: string, dialect: Dialect): GuardResult {
  const name = dialectNames[dialect];
  const statements = splitStatements(input, dialect);
  if (!statements.length) return refuse('empty', 'There is no SQL to run.');
  const masked = maskSql(input, dialect);
  if (masked.unterminated) return refuse('unparsable', `The SQL has an unclosed quote or comment, so it is not valid ${name}. ${onlyReadOnly}`);
  // Checked before anything else: the server reads these as code, so every later check would look at the wrong text.
  if (masked.hazard) return hazardRefusal(masked.hazard.kind, masked.hazard.text.replace(/\s+/g, ' ').trim());
  if (statements.length > 1) {
    const kinds = statements.map((s) => codeWords(s, dialect)[0]?.word ?? '?').join(', ');
    return refuse('multiple-statements', `The SQL holds ${statements.length} statements (${kinds}). ${onlyReadOnly}`);
  }
  const sql = statements[0];
  const words = codeWords(sql, dialect);
  const first = words[0]?.word ?? '';

  if (writeKeywords[first]) return refuse('not-read-only', `This is a ${first} statement: it ${writeKeywords[first]}. ${onlyReadOnly}`);
  if (notQueries.has(first)) return refuse('not-a-query', `${first} does not answer a question about the data. ${onlyReadOnly}`);
  if (first !== 'SELECT' && first !== 'WITH') {
    return refuse('unparsable', `The text does not start like a query ("${sql.slice(0, 40)}"): expected SELECT or WITH. ${onlyReadOnly}`);
  }

  const lexical = lexicalChecks(sql, dialect, words);
  if (lexical) return lexical;

  let ast: unknown;
  let grammar: Grammar | undefined;
  let firstError: unknown;
  for (const g of grammarsFor(dialect)) {
    try {
      ast = g.parser.astify(sql, { database: g.database });
      grammar = g;
      break;
    } catch (e) {
      firstError ??= e;
    }
  }
  if (!grammar) return refuse('unparsable', parseFailure(sql, name, firstError));

  const nodes = Array.isArray(ast) ? ast : [ast];
  if (nodes.length !== 1) return refuse('multiple-statements', `The SQL holds ${nodes.length} statements. ${onlyReadOnly}`);
  const root = nodes[0] as AstNode;
  if (root?.type !== 'select') {
    const kind = String(root?.type ?? 'unknown').toUpperCase();
    return refuse(writeNodeTypes.has(String(root?.type)) ? 'not-read-only' : 'not-a-query', `This is a ${kind} statement, not a query. ${onlyReadOnly}`);
  }
  const walked = walkChecks(root, dialect);
  if (walked) return walked;
  if (dialect === 'sqlite' && grammar.database !== 'sqlite') {
    const foreign = postgresOnlySyntax(sql);
    if (foreign) return refuse('wrong-dialect', `${foreign} is PostgreSQL syntax, not SQLite. Write the query for SQLite.`);
  }
  return { ok: true, sql, tables: tablesOf(grammar, sql) };
}

type AstNode = { type?: unknown; [key: string]: unknown };

function lexicalChecks(sql: string, dialect: Dialect, words: { word: string; index: number }[]): GuardResult | null {
  const name = dialectNames[dialect];
  const code = maskSql(sql, dialect, { maskIdentifiers: true }).code;
  const lock = /\bFOR\s+(NO\s+KEY\s+)?UPDATE\b|\bFOR\s+(KEY\s+)?SHARE\b|\bLOCK\s+IN\s+SHARE\s+MODE\b/i.exec(code);
  if (lock) return refuse('locking-read', `"${lock[0].replace(/\s+/g, ' ')}" locks rows for writing; a question never needs that. ${onlyReadOnly}`);
  const write = /\b(INSERT\s+(?:IGNORE\s+)?INTO|UPDATE\s+[^\s(]+\s+SET|DELETE\s+FROM|MERGE\s+INTO|REPLACE\s+INTO|TRUNCATE\s+TABLE|DROP\s+(?:TABLE|VIEW|INDEX|SCHEMA|DATABASE))\b/i.exec(code);
  if (write) {
    return refuse('write-in-query', `The query hides a data-changing statement ("${write[0].replace(/\s+/g, ' ')} ..."), for instance inside a WITH clause. ${onlyReadOnly}`);
  }
  const into = words.find((w) => w.word === 'INTO');
  if (into) return refuse('select-into', `SELECT ... INTO writes the result somewhere (a table, a file or variables) instead of returning it. ${onlyReadOnly}`);
  const called = maskSql(sql, dialect).code; // quoted identifiers visible: "pg_sleep"(1) is still a call
  for (const m of called.matchAll(/([A-Za-z_][A-Za-z0-9_$]*)["`\]]?\s*\(/g)) {
    const why = sideEffectOf(m[1]);
    if (why) return refuse('side-effect-function', `The query calls ${m[1]}(), which ${why}. ${onlyReadOnly}`);
  }
  if (/^\s*SELECT\s+(DISTINCT\s+)?TOP\s*\(?\s*\d/i.test(code)) {
    return refuse('wrong-dialect', `SELECT TOP n is SQL Server syntax, not ${name}; ${name} limits rows with LIMIT n.`);
  }
  if (dialect === 'postgres' && code.includes('`')) {
    return refuse('wrong-dialect', 'Backtick quoting is MySQL syntax, not PostgreSQL; PostgreSQL quotes identifiers with double quotes.');
  }
  if (dialect !== 'postgres' && code.includes('::')) {
    return refuse('wrong-dialect', `The :: cast is PostgreSQL syntax, not ${name}; use CAST(x AS type).`);
  }
  return null;
}

function postgresOnlySyntax(sql: string): string | null {
  const code = maskSql(sql, 'postgres', { maskIdentifiers: true }).code;
  if (code.includes('::')) return 'The :: cast';
  if (/\bILIKE\b/i.test(code)) return 'ILIKE';
  if (/\bDISTINCT\s+ON\b/i.test(code)) return 'DISTINCT ON';
  if (/~\*|!~/.test(code)) return 'The ~* regular-expression operator';
  if (/\bFETCH\s+(FIRST|NEXT)\b/i.test(code)) return 'FETCH FIRST';
  return null;
}

function hazardRefusal(kind: LexHazard, text: string): GuardResult {
  switch (kind) {
    case 'executable-comment':
      return refuse('executable-comment', `The SQL holds a MySQL executable comment ("${text}"): the server runs the text inside it as SQL. ${onlyReadOnly}`);
    case 'optimizer-hint':
      return refuse('executable-comment', `The SQL holds an optimizer hint comment ("${text}"), which TableTalk does not pass to the server. ${onlyReadOnly}`);
    case 'dash-dash':
      return refuse('executable-comment', `"${text}" is not a comment in MySQL/MariaDB (a comment needs a space after --): the server would run the text after it. ${onlyReadOnly}`);
  }
}

function walkChecks(root: AstNode, dialect: Dialect): GuardResult | null {
  const stack: { node: unknown; inWith: boolean }[] = [{ node: root, inWith: false }];
  while (stack.length) {
    const { node, inWith } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const n of node) stack.push({ node: n, inWith });
      continue;
    }
    const n = node as AstNode;
    const type = typeof n.type === 'string' ? n.type.toLowerCase() : '';
    if (writeNodeTypes.has(type) && (n.table !== undefined || n.name !== undefined || n.expr !== undefined || n.keyword !== undefined)) {
      return refuse('write-in-query', `The query contains ${inWith ? 'inside a WITH clause ' : ''}a ${type.toUpperCase()} statement, which changes the database. ${onlyReadOnly}`);
    }
    if (type === 'select') {
      const into = n.into as { expr?: unknown; keyword?: unknown } | undefined;
      if (into && (into.expr != null || into.keyword != null)) {
        return refuse('select-into', `SELECT ... INTO writes the result somewhere instead of returning it. ${onlyReadOnly}`);
      }
      if (n.locking_read || n.for_update) return refuse('locking-read', `The query locks rows (${String(n.locking_read ?? n.for_update)}). ${onlyReadOnly}`);
    }
    if (type === 'assign') return refuse('side-effect-function', `The query assigns a session variable, which changes session state. ${onlyReadOnly}`);
    if (type === 'function' || type === 'aggr_func' || type === 'window_func') {
      const fn = functionName(n.name);
      const schema = functionSchema(n.name);
      const why = fn && sideEffectOf(fn);
      if (why) return refuse('side-effect-function', `The query calls ${fn}(), which ${why}. ${onlyReadOnly}`);
      if (fn === null ? dialect !== 'sqlite' : !isKnownFunction(dialect, fn, schema)) {
        const shown = schema ? `${schema}.${fn ?? '?'}` : (fn ?? '?');
        return refuse('unknown-function', `The query calls ${shown}(), which is not a built-in function TableTalk knows to be free of side effects on ${dialectNames[dialect]}. ${onlyReadOnly}`);
      }
    }
    for (const [key, value] of Object.entries(n)) if (value && typeof value === 'object') stack.push({ node: value, inWith: inWith || key === 'with' });
  }
  return null;
}

function functionName(name: unknown): string | null {
  if (typeof name === 'string') return name;
  const parts = (name as { name?: { value?: unknown }[] } | undefined)?.name;
  const last = Array.isArray(parts) ? parts[parts.length - 1]?.value : undefined;
  return typeof last === 'string' ? last : null;
}

function functionSchema(name: unknown): string | null {
  const n = name as { schema?: { value?: unknown }; name?: { value?: unknown }[] } | undefined;
  const parts = Array.isArray(n?.name) ? n.name.slice(0, -1).map((p) => String(p?.value)) : [];
  const schema = typeof n?.schema?.value === 'string' ? n.schema.value : null;
  const all = [...(schema ? [schema] : []), ...parts];
  return all.length ? all.join('.') : null;
}

function tablesOf(grammar: Grammar, sql: string): string[] {
  let list: string[];
  try {
    list = grammar.parser.tableList(sql, { database: grammar.database });
  } catch {
    return [];
  }
  const ctes = new Set<string>();
  for (const m of sql.matchAll(/(?:\bWITH(?:\s+RECURSIVE)?|,)\s*["`[]?([A-Za-z_][\w$]*)["`\]]?\s*(?:\([^)]*\))?\s+AS\s*\(/gi)) ctes.add(m[1].toLowerCase());
  const out: string[] = [];
  for (const entry of list) {
    const [, schema, table] = entry.split('::');
    if (!table || ctes.has(table.toLowerCase())) continue;
    const qualified = schema && schema !== 'null' ? `${schema}.${table}` : table;
    if (!out.includes(qualified)) out.push(qualified);
  }
  return out;
}

function parseFailure(sql: string, name: string, error: unknown): string {
  const e = error as { location?: { start?: { offset?: number; line?: number; column?: number } }; message?: string };
  const start = e?.location?.start;
  if (start?.offset !== undefined) {
    const near = sql.slice(start.offset, start.offset + 30).replace(/\s+/g, ' ').trim();
    return `The SQL is not valid ${name} near "${near || 'the end'}" (line ${start.line}, column ${start.column}); it may be written for another database. ${onlyReadOnly}`;
  }
  return `The SQL is not valid ${name} (${e?.message ?? String(error)}). ${onlyReadOnly}`;
}
