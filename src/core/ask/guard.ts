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
import { l10n } from '../messages';
import type { Message } from '../messages';
import { renderExplanation, type ExplanationPart } from './explanation';

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
  | {
      ok: false;
      code: GuardRefusalCode;
      /** The refusal in English (logs, the CLI's JSON, the agent tools). */
      reason: string;
      /** The same as data, sentence by sentence (rendered and joined without a separator: each part brings its space). */
      text: ExplanationPart[];
    };

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

const writeKeywords: Record<string, Message> = {
  INSERT: l10n.t('adds rows'), UPDATE: l10n.t('changes rows'), DELETE: l10n.t('deletes rows'), MERGE: l10n.t('changes rows'), REPLACE: l10n.t('replaces rows'),
  UPSERT: l10n.t('changes rows'), CREATE: l10n.t('creates objects'), ALTER: l10n.t('changes the schema'), DROP: l10n.t('drops objects'),
  TRUNCATE: l10n.t('deletes every row'), RENAME: l10n.t('renames objects'), COMMENT: l10n.t('changes comments'), GRANT: l10n.t('changes permissions'),
  REVOKE: l10n.t('changes permissions'), ATTACH: l10n.t('attaches a database file'), DETACH: l10n.t('detaches a database'), PRAGMA: l10n.t('reads or changes database settings'),
  VACUUM: l10n.t('rewrites the database'), REINDEX: l10n.t('rebuilds indexes'), ANALYZE: l10n.t('updates statistics'), SET: l10n.t('changes session settings'),
  RESET: l10n.t('changes session settings'), USE: l10n.t('switches database'), BEGIN: l10n.t('controls transactions'), START: l10n.t('controls transactions'),
  COMMIT: l10n.t('controls transactions'), ROLLBACK: l10n.t('controls transactions'), SAVEPOINT: l10n.t('controls transactions'), RELEASE: l10n.t('controls transactions'),
  LOCK: l10n.t('takes locks'), UNLOCK: l10n.t('releases locks'), CALL: l10n.t('runs a procedure'), EXEC: l10n.t('runs a procedure'), EXECUTE: l10n.t('runs a prepared statement'),
  DO: l10n.t('runs code'), COPY: l10n.t('copies data to or from files'), LOAD: l10n.t('loads data'), HANDLER: l10n.t('opens a table handler'), KILL: l10n.t('ends a session'),
  SHUTDOWN: l10n.t('stops the server'), FLUSH: l10n.t('flushes server state'), INSTALL: l10n.t('installs a plugin'), PREPARE: l10n.t('prepares a statement'),
  DEALLOCATE: l10n.t('frees a statement'), LISTEN: l10n.t('listens for notifications'), NOTIFY: l10n.t('notifies sessions'), REFRESH: l10n.t('refreshes a materialized view'),
  CLUSTER: l10n.t('rewrites a table'), DISCARD: l10n.t('discards session state'), SECURITY: l10n.t('changes security labels'), IMPORT: l10n.t('imports objects'),
  OPTIMIZE: l10n.t('rebuilds a table'), REPAIR: l10n.t('repairs a table'), CHECKPOINT: l10n.t('forces a checkpoint'),
};
const notQueries = new Set(['EXPLAIN', 'SHOW', 'DESCRIBE', 'DESC', 'VALUES', 'TABLE', 'HELP', 'CHECK', 'CHECKSUM']);

/** Statement types anywhere in the parse tree that write or change state. */
const writeNodeTypes = new Set([
  'insert', 'update', 'delete', 'replace', 'merge', 'create', 'drop', 'alter', 'truncate', 'rename', 'grant', 'revoke',
  'call', 'exec', 'execute', 'lock', 'unlock', 'set', 'use', 'transaction', 'load_data', 'copy', 'comment', 'declare',
]);

function refuse(code: GuardRefusalCode, sentence: ExplanationPart, readOnlyRule = false): GuardResult {
  const text = readOnlyRule ? [sentence, onlyReadOnly()] : [sentence];
  return { ok: false, code, reason: renderExplanation(text), text };
}
const onlyReadOnly = () => l10n.t(' TableTalk only runs a single read-only query (SELECT or WITH ... SELECT), so nothing was executed.');

export function guardSql(input: string, dialect: Dialect): GuardResult {
  const name = dialectNames[dialect];
  const statements = splitStatements(input, dialect);
  if (!statements.length) return refuse('empty', l10n.t('There is no SQL to run.'));
  const masked = maskSql(input, dialect);
  if (masked.unterminated) return refuse('unparsable', l10n.t('The SQL has an unclosed quote or comment, so it is not valid {0}.', name), true);
  // Checked before anything else: the server reads these as code, so every later check would look at the wrong text.
  if (masked.hazard) return hazardRefusal(masked.hazard.kind, masked.hazard.text.replace(/\s+/g, ' ').trim());
  if (statements.length > 1) {
    const kinds = statements.map((s) => codeWords(s, dialect)[0]?.word ?? '?').join(', ');
    return refuse('multiple-statements', l10n.t('The SQL holds {0} statements ({1}).', statements.length, kinds), true);
  }
  const sql = statements[0];
  const words = codeWords(sql, dialect);
  const first = words[0]?.word ?? '';

  if (writeKeywords[first]) return refuse('not-read-only', { ...l10n.t('This is a {0} statement: it {1}.'), args: [first, [writeKeywords[first]]] }, true);
  if (notQueries.has(first)) return refuse('not-a-query', l10n.t('{0} does not answer a question about the data.', first), true);
  if (first !== 'SELECT' && first !== 'WITH') {
    return refuse('unparsable', l10n.t('The text does not start like a query ("{0}"): expected SELECT or WITH.', sql.slice(0, 40)), true);
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
  if (!grammar) return refuse('unparsable', parseFailure(sql, name, firstError), true);

  const nodes = Array.isArray(ast) ? ast : [ast];
  if (nodes.length !== 1) return refuse('multiple-statements', l10n.t('The SQL holds {0} statements.', nodes.length), true);
  const root = nodes[0] as AstNode;
  if (root?.type !== 'select') {
    const kind = String(root?.type ?? 'unknown').toUpperCase();
    return refuse(writeNodeTypes.has(String(root?.type)) ? 'not-read-only' : 'not-a-query', l10n.t('This is a {0} statement, not a query.', kind), true);
  }
  const walked = walkChecks(root, dialect);
  if (walked) return walked;
  if (dialect === 'sqlite' && grammar.database !== 'sqlite') {
    const foreign = postgresOnlySyntax(sql);
    if (foreign) return refuse('wrong-dialect', l10n.t('{0} is PostgreSQL syntax, not SQLite. Write the query for SQLite.', foreign));
  }
  return { ok: true, sql, tables: tablesOf(grammar, sql) };
}

type AstNode = { type?: unknown; [key: string]: unknown };

function lexicalChecks(sql: string, dialect: Dialect, words: { word: string; index: number }[]): GuardResult | null {
  const name = dialectNames[dialect];
  const code = maskSql(sql, dialect, { maskIdentifiers: true }).code;
  const lock = /\bFOR\s+(NO\s+KEY\s+)?UPDATE\b|\bFOR\s+(KEY\s+)?SHARE\b|\bLOCK\s+IN\s+SHARE\s+MODE\b/i.exec(code);
  if (lock) return refuse('locking-read', l10n.t('"{0}" locks rows for writing; a question never needs that.', lock[0].replace(/\s+/g, ' ')), true);
  const write = /\b(INSERT\s+(?:IGNORE\s+)?INTO|UPDATE\s+[^\s(]+\s+SET|DELETE\s+FROM|MERGE\s+INTO|REPLACE\s+INTO|TRUNCATE\s+TABLE|DROP\s+(?:TABLE|VIEW|INDEX|SCHEMA|DATABASE))\b/i.exec(code);
  if (write) {
    return refuse('write-in-query', l10n.t('The query hides a data-changing statement ("{0} ..."), for instance inside a WITH clause.', write[0].replace(/\s+/g, ' ')), true);
  }
  const into = words.find((w) => w.word === 'INTO');
  if (into) return refuse('select-into', l10n.t('SELECT ... INTO writes the result somewhere (a table, a file or variables) instead of returning it.'), true);
  const called = maskSql(sql, dialect).code; // quoted identifiers visible: "pg_sleep"(1) is still a call
  for (const m of called.matchAll(/([A-Za-z_][A-Za-z0-9_$]*)["`\]]?\s*\(/g)) {
    const why = sideEffectOf(m[1]);
    if (why) return refuse('side-effect-function', { ...l10n.t('The query calls {0}(), which {1}.'), args: [m[1], [why]] }, true);
  }
  if (/^\s*SELECT\s+(DISTINCT\s+)?TOP\s*\(?\s*\d/i.test(code)) {
    return refuse('wrong-dialect', l10n.t('SELECT TOP n is SQL Server syntax, not {0}; {1} limits rows with LIMIT n.', name, name));
  }
  if (dialect === 'postgres' && code.includes('`')) {
    return refuse('wrong-dialect', l10n.t('Backtick quoting is MySQL syntax, not PostgreSQL; PostgreSQL quotes identifiers with double quotes.'));
  }
  if (dialect !== 'postgres' && code.includes('::')) {
    return refuse('wrong-dialect', l10n.t('The :: cast is PostgreSQL syntax, not {0}; use CAST(x AS type).', name));
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
      return refuse('executable-comment', l10n.t('The SQL holds a MySQL executable comment ("{0}"): the server runs the text inside it as SQL.', text), true);
    case 'optimizer-hint':
      return refuse('executable-comment', l10n.t('The SQL holds an optimizer hint comment ("{0}"), which TableTalk does not pass to the server.', text), true);
    case 'dash-dash':
      return refuse('executable-comment', l10n.t('"{0}" is not a comment in MySQL/MariaDB (a comment needs a space after --): the server would run the text after it.', text), true);
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
      return refuse('write-in-query', inWith ? l10n.t('The query contains inside a WITH clause a {0} statement, which changes the database.', type.toUpperCase()) : l10n.t('The query contains a {0} statement, which changes the database.', type.toUpperCase()), true);
    }
    if (type === 'select') {
      const into = n.into as { expr?: unknown; keyword?: unknown } | undefined;
      if (into && (into.expr != null || into.keyword != null)) {
        return refuse('select-into', l10n.t('SELECT ... INTO writes the result somewhere instead of returning it.'), true);
      }
      if (n.locking_read || n.for_update) return refuse('locking-read', l10n.t('The query locks rows ({0}).', String(n.locking_read ?? n.for_update)), true);
    }
    if (type === 'assign') return refuse('side-effect-function', l10n.t('The query assigns a session variable, which changes session state.'), true);
    if (type === 'function' || type === 'aggr_func' || type === 'window_func') {
      const fn = functionName(n.name);
      const schema = functionSchema(n.name);
      const why = fn && sideEffectOf(fn);
      if (why) return refuse('side-effect-function', { ...l10n.t('The query calls {0}(), which {1}.'), args: [fn, [why]] }, true);
      if (fn === null ? dialect !== 'sqlite' : !isKnownFunction(dialect, fn, schema)) {
        const shown = schema ? `${schema}.${fn ?? '?'}` : (fn ?? '?');
        return refuse('unknown-function', l10n.t('The query calls {0}(), which is not a built-in function TableTalk knows to be free of side effects on {1}.', shown, dialectNames[dialect]), true);
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

function parseFailure(sql: string, name: string, error: unknown): Message {
  const e = error as { location?: { start?: { offset?: number; line?: number; column?: number } }; message?: string };
  const start = e?.location?.start;
  if (start?.offset !== undefined) {
    const near = sql.slice(start.offset, start.offset + 30).replace(/\s+/g, ' ').trim();
    const [line, column] = [start.line ?? '?', start.column ?? '?'];
    if (!near) return l10n.t('The SQL is not valid {0}: it ends too early (line {1}, column {2}); it may be written for another database.', name, line, column);
    return l10n.t('The SQL is not valid {0} near "{1}" (line {2}, column {3}); it may be written for another database.', name, near, line, column);
  }
  return l10n.t('The SQL is not valid {0} ({1}).', name, e?.message ?? String(error));
}
