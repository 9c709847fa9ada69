// The one-line explanation of an Ask answer comes from core/ask in English (explain() in src/core/ask/ask.ts);
// the panel and the chat show it in VS Code's display language, refusals of the SQL guard included. The
// database's own error messages, SQL fragments and English detail phrases stay as they came, quoted inside.
import type { l10n } from 'vscode';
import { english, templateTranslator, type L10n } from '../english-templates';

const main = templateTranslator([
  ['Ran a read-only {0} query reading {1} in {2} ms; it returned more than {3} rows: only the first {4} are shown (the row limit). Add a filter or LIMIT to see specific rows.',
    (l10n, a, b, c, d, e) => l10n.t('Ran a read-only {0} query reading {1} in {2} ms; it returned more than {3} rows: only the first {4} are shown (the row limit). Add a filter or LIMIT to see specific rows.', a, b, c, d, e)],
  ['Ran a read-only {0} query in {1} ms; it returned more than {2} rows: only the first {3} are shown (the row limit). Add a filter or LIMIT to see specific rows.',
    (l10n, a, b, c, d) => l10n.t('Ran a read-only {0} query in {1} ms; it returned more than {2} rows: only the first {3} are shown (the row limit). Add a filter or LIMIT to see specific rows.', a, b, c, d)],
  ['Ran a read-only {0} query reading {1} in {2} ms; it returned {3} rows.', (l10n, a, b, c, d) => l10n.t('Ran a read-only {0} query reading {1} in {2} ms; it returned {3} rows.', a, b, c, d)],
  ['Ran a read-only {0} query reading {1} in {2} ms; it returned {3} row.', (l10n, a, b, c, d) => l10n.t('Ran a read-only {0} query reading {1} in {2} ms; it returned {3} row.', a, b, c, d)],
  ['Ran a read-only {0} query in {1} ms; it returned {2} rows.', (l10n, a, b, c) => l10n.t('Ran a read-only {0} query in {1} ms; it returned {2} rows.', a, b, c)],
  ['Ran a read-only {0} query in {1} ms; it returned {2} row.', (l10n, a, b, c) => l10n.t('Ran a read-only {0} query in {1} ms; it returned {2} row.', a, b, c)],
  ['Generated a read-only {0} query reading {1}; it was not run.', (l10n, a, b) => l10n.t('Generated a read-only {0} query reading {1}; it was not run.', a, b)],
  ['Generated a read-only {0} query; it was not run.', (l10n, a) => l10n.t('Generated a read-only {0} query; it was not run.', a)],
  ['The query failed on {0}: {1}', (l10n, a, b) => l10n.t('The query failed on {0}: {1}', a, b)],
  ['No language model is configured, so no SQL was generated. The question most likely needs no trained table; the closest trained examples are shown below. {0}',
    (l10n, a) => l10n.t('No language model is configured, so no SQL was generated. The question most likely needs no trained table; the closest trained examples are shown below. {0}', a)],
  ['No language model is configured, so no SQL was generated. The question most likely needs {0}; the closest trained examples are shown below. {1}',
    (l10n, a, b) => l10n.t('No language model is configured, so no SQL was generated. The question most likely needs {0}; the closest trained examples are shown below. {1}', a, b)],
]);

/** Refusals of the SQL guard (src/core/ask/guard.ts) and of the answer extraction; most end with ONLY_READ_ONLY. */
const refusal = templateTranslator([
  ['There is no SQL to run.', (l10n) => l10n.t('There is no SQL to run.')],
  ['The SQL has an unclosed quote or comment, so it is not valid {0}.', (l10n, a) => l10n.t('The SQL has an unclosed quote or comment, so it is not valid {0}.', a)],
  ['The SQL holds {0} statements ({1}).', (l10n, a, b) => l10n.t('The SQL holds {0} statements ({1}).', a, b)],
  ['The SQL holds {0} statements.', (l10n, a) => l10n.t('The SQL holds {0} statements.', a)],
  ['This is a {0} statement: it {1}.', (l10n, a, b) => l10n.t('This is a {0} statement: it {1}.', a, b)],
  ['This is a {0} statement, not a query.', (l10n, a) => l10n.t('This is a {0} statement, not a query.', a)],
  ['{0} does not answer a question about the data.', (l10n, a) => l10n.t('{0} does not answer a question about the data.', a)],
  ['The text does not start like a query ("{0}"): expected SELECT or WITH.', (l10n, a) => l10n.t('The text does not start like a query ("{0}"): expected SELECT or WITH.', a)],
  ['The SQL is not valid {0} near "{1}" (line {2}, column {3}); it may be written for another database.',
    (l10n, a, b, c, d) => l10n.t('The SQL is not valid {0} near "{1}" (line {2}, column {3}); it may be written for another database.', a, b, c, d)],
  ['The SQL is not valid {0} ({1}).', (l10n, a, b) => l10n.t('The SQL is not valid {0} ({1}).', a, b)],
  ['{0} is PostgreSQL syntax, not SQLite. Write the query for SQLite.', (l10n, a) => l10n.t('{0} is PostgreSQL syntax, not SQLite. Write the query for SQLite.', a)],
  ['"{0}" locks rows for writing; a question never needs that.', (l10n, a) => l10n.t('"{0}" locks rows for writing; a question never needs that.', a)],
  ['The query hides a data-changing statement ("{0} ..."), for instance inside a WITH clause.', (l10n, a) => l10n.t('The query hides a data-changing statement ("{0} ..."), for instance inside a WITH clause.', a)],
  ['SELECT ... INTO writes the result somewhere (a table, a file or variables) instead of returning it.', (l10n) => l10n.t('SELECT ... INTO writes the result somewhere (a table, a file or variables) instead of returning it.')],
  ['SELECT ... INTO writes the result somewhere instead of returning it.', (l10n) => l10n.t('SELECT ... INTO writes the result somewhere instead of returning it.')],
  ['The query calls {0}(), which is not a built-in function TableTalk knows to be free of side effects on {1}.',
    (l10n, a, b) => l10n.t('The query calls {0}(), which is not a built-in function TableTalk knows to be free of side effects on {1}.', a, b)],
  ['The query calls {0}(), which {1}.', (l10n, a, b) => l10n.t('The query calls {0}(), which {1}.', a, b)],
  ['The SQL holds a MySQL executable comment ("{0}"): the server runs the text inside it as SQL.',
    (l10n, a) => l10n.t('The SQL holds a MySQL executable comment ("{0}"): the server runs the text inside it as SQL.', a)],
  ['The SQL holds an optimizer hint comment ("{0}"), which TableTalk does not pass to the server.',
    (l10n, a) => l10n.t('The SQL holds an optimizer hint comment ("{0}"), which TableTalk does not pass to the server.', a)],
  ['"{0}" is not a comment in MySQL/MariaDB (a comment needs a space after --): the server would run the text after it.',
    (l10n, a) => l10n.t('"{0}" is not a comment in MySQL/MariaDB (a comment needs a space after --): the server would run the text after it.', a)],
  ['SELECT TOP n is SQL Server syntax, not {0}; {1} limits rows with LIMIT n.', (l10n, a, b) => l10n.t('SELECT TOP n is SQL Server syntax, not {0}; {1} limits rows with LIMIT n.', a, b)],
  ['Backtick quoting is MySQL syntax, not PostgreSQL; PostgreSQL quotes identifiers with double quotes.', (l10n) => l10n.t('Backtick quoting is MySQL syntax, not PostgreSQL; PostgreSQL quotes identifiers with double quotes.')],
  ['The :: cast is PostgreSQL syntax, not {0}; use CAST(x AS type).', (l10n, a) => l10n.t('The :: cast is PostgreSQL syntax, not {0}; use CAST(x AS type).', a)],
  ['The query contains inside a WITH clause a {0} statement, which changes the database.', (l10n, a) => l10n.t('The query contains inside a WITH clause a {0} statement, which changes the database.', a)],
  ['The query contains a {0} statement, which changes the database.', (l10n, a) => l10n.t('The query contains a {0} statement, which changes the database.', a)],
  ['The query locks rows ({0}).', (l10n, a) => l10n.t('The query locks rows ({0}).', a)],
  ['The query assigns a session variable, which changes session state.', (l10n) => l10n.t('The query assigns a session variable, which changes session state.')],
  ['No SQL found in the model\'s answer (it was empty).', (l10n) => l10n.t('No SQL found in the model\'s answer (it was empty).')],
  ['No SQL found in the model\'s answer: "{0}".', (l10n, a) => l10n.t('No SQL found in the model\'s answer: "{0}".', a)],
]);
const ONLY_READ_ONLY = ' TableTalk only runs a single read-only query (SELECT or WITH ... SELECT), so nothing was executed.';

/** A refusal: its sentence, then the read-only rule when it is there. */
function refusalText(text: string, l10n: L10n): string {
  if (!text.endsWith(ONLY_READ_ONLY)) return refusal(text, l10n);
  const head = text.slice(0, -ONLY_READ_ONLY.length);
  return `${refusal(head, l10n)}${l10n.t(' TableTalk only runs a single read-only query (SELECT or WITH ... SELECT), so nothing was executed.')}`;
}

const correction = templateTranslator([
  [' The first query failed ({0}), so the model was asked once to correct it.', (l10n, a) => l10n.t(' The first query failed ({0}), so the model was asked once to correct it.', a)],
  [' The first query was refused ({0}), so the model was asked once to correct it.', (l10n, a) => l10n.t(' The first query was refused ({0}), so the model was asked once to correct it.', a)],
]);

/** An Ask explanation in the display language (the host passes vscode.l10n). */
export function explanationText(text: string, api: L10n | typeof l10n = english): string {
  const m = /^([\s\S]*?)( The first query (?:failed|was refused) \([\s\S]*\), so the model was asked once to correct it\.)$/.exec(text);
  const [head, tail] = m ? [m[1], correction(m[2], api)] : [text, ''];
  const translated = main(head, api);
  return `${translated === head ? refusalText(head, api) : translated}${tail}`;
}
