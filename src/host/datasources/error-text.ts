// Errors of src/core (datasources: connection, authentication, TLS, files, timeouts; the LLM and embedding
// endpoints; the vector store; training) are written in English with a hint of what to do; the host shows both in VS Code's display
// language, by template. The server's own words inside them ({n} parts) stay as they came.
import type { l10n } from 'vscode';
import { english, templateTranslator, type L10n } from '../english-templates';

const translate = templateTranslator([
  // what happened
  ['Nothing accepts connections at {0} (connection refused).', (l10n, a) => l10n.t('Nothing accepts connections at {0} (connection refused).', a)],
  ['The host name "{0}" cannot be resolved.', (l10n, a) => l10n.t('The host name "{0}" cannot be resolved.', a)],
  ['Cannot reach {0}: {1}.', (l10n, a, b) => l10n.t('Cannot reach {0}: {1}.', a, b)],
  ['No answer from {0} within {1} s.', (l10n, a, b) => l10n.t('No answer from {0} within {1} s.', a, b)],
  ['The SSL/TLS connection to {0} failed: {1}.', (l10n, a, b) => l10n.t('The SSL/TLS connection to {0} failed: {1}.', a, b)],
  ['The query was cancelled.', (l10n) => l10n.t('The query was cancelled.')],
  ['The query ran longer than {0} ms and was stopped.', (l10n, a) => l10n.t('The query ran longer than {0} ms and was stopped.', a)],
  ['The result is larger than {0} MB, so TableTalk stopped reading it.', (l10n, a) => l10n.t('The result is larger than {0} MB, so TableTalk stopped reading it.', a)],
  ['MySQL: the statement returned no result set (it is not a query).', (l10n) => l10n.t('MySQL: the statement returned no result set (it is not a query).')],
  ['{0} refused a change, because TableTalk runs queries read-only: {1}', (l10n, a, b) => l10n.t('{0} refused a change, because TableTalk runs queries read-only: {1}', a, b)],
  ['MySQL at {0}: user "{1}" has no access to database "{2}".', (l10n, a, b, c) => l10n.t('MySQL at {0}: user "{1}" has no access to database "{2}".', a, b, c)],
  ['{0} at {1} rejected the password for user "{2}".', (l10n, a, b, c) => l10n.t('{0} at {1} rejected the password for user "{2}".', a, b, c)],
  ['{0} at {1} refused user "{2}": {3}.', (l10n, a, b, c, d) => l10n.t('{0} at {1} refused user "{2}": {3}.', a, b, c, d)],
  ['{0} at {1} has no database "{2}".', (l10n, a, b, c) => l10n.t('{0} at {1} has no database "{2}".', a, b, c)],
  ['{0} at {1} needs a password for user "{2}".', (l10n, a, b, c) => l10n.t('{0} at {1} needs a password for user "{2}".', a, b, c)],
  ['{0} at {1} does not accept SSL connections.', (l10n, a, b) => l10n.t('{0} at {1} does not accept SSL connections.', a, b)],
  ['The PostgreSQL server at {0} closed the connection: {1}.', (l10n, a, b) => l10n.t('The PostgreSQL server at {0} closed the connection: {1}.', a, b)],
  ['The connection to MySQL at {0} was closed by the server.', (l10n, a) => l10n.t('The connection to MySQL at {0} was closed by the server.', a)],
  ['SQLite file not found: {0}', (l10n, a) => l10n.t('SQLite file not found: {0}', a)],
  ['{0} is a folder, not a SQLite database file.', (l10n, a) => l10n.t('{0} is a folder, not a SQLite database file.', a)],
  ['{0} is not a SQLite database.', (l10n, a) => l10n.t('{0} is not a SQLite database.', a)],
  ['Cannot open {0}: {1}.', (l10n, a, b) => l10n.t('Cannot open {0}: {1}.', a, b)],
  ['The datasource was closed.', (l10n) => l10n.t('The datasource was closed.')],
  ['A SQLite datasource needs a file path.', (l10n) => l10n.t('A SQLite datasource needs a file path.')],
  ['The SQLite process is not running.', (l10n) => l10n.t('The SQLite process is not running.')],
  ['The SQLite process stopped ({0}): {1}.', (l10n, a, b) => l10n.t('The SQLite process stopped ({0}): {1}.', a, b)],
  ['The SQLite process stopped ({0}).', (l10n, a) => l10n.t('The SQLite process stopped ({0}).', a)],
  ['Cannot read the CA certificate file {0}: {1}', (l10n, a, b) => l10n.t('Cannot read the CA certificate file {0}: {1}', a, b)],
  // the LLM and embedding endpoints (src/core/llm, src/core/vector)
  ['The LLM endpoint {0} (model {1}) timed out', (l10n, a, b) => l10n.t('The LLM endpoint {0} (model {1}) timed out', a, b)],
  ['Cannot reach the LLM endpoint {0} (model {1})', (l10n, a, b) => l10n.t('Cannot reach the LLM endpoint {0} (model {1})', a, b)],
  ['The LLM endpoint {0} (model {1}) refused the API key (HTTP {2})', (l10n, a, b, c) => l10n.t('The LLM endpoint {0} (model {1}) refused the API key (HTTP {2})', a, b, c)],
  ['The LLM endpoint {0} (model {1}) answered 404: wrong base URL or unknown model', (l10n, a, b) => l10n.t('The LLM endpoint {0} (model {1}) answered 404: wrong base URL or unknown model', a, b)],
  ['The LLM endpoint {0} (model {1}) failed with HTTP {2}: {3}', (l10n, a, b, c, d) => l10n.t('The LLM endpoint {0} (model {1}) failed with HTTP {2}: {3}', a, b, c, d)],
  ['The LLM endpoint {0} (model {1}) failed: {2}', (l10n, a, b, c) => l10n.t('The LLM endpoint {0} (model {1}) failed: {2}', a, b, c)],
  ['The LLM {0} at {1} returned an empty or malformed answer', (l10n, a, b) => l10n.t('The LLM {0} at {1} returned an empty or malformed answer', a, b)],
  ['The embedding endpoint {0} (model {1}) timed out', (l10n, a, b) => l10n.t('The embedding endpoint {0} (model {1}) timed out', a, b)],
  ['Cannot reach the embedding endpoint {0} (model {1})', (l10n, a, b) => l10n.t('Cannot reach the embedding endpoint {0} (model {1})', a, b)],
  ['The embedding endpoint {0} (model {1}) refused the API key (HTTP {2})', (l10n, a, b, c) => l10n.t('The embedding endpoint {0} (model {1}) refused the API key (HTTP {2})', a, b, c)],
  ['The embedding endpoint {0} (model {1}) answered 404: wrong base URL or unknown model', (l10n, a, b) => l10n.t('The embedding endpoint {0} (model {1}) answered 404: wrong base URL or unknown model', a, b)],
  ['The embedding endpoint {0} (model {1}) failed with HTTP {2}: {3}', (l10n, a, b, c, d) => l10n.t('The embedding endpoint {0} (model {1}) failed with HTTP {2}: {3}', a, b, c, d)],
  ['The embedding endpoint {0} (model {1}) failed: {2}', (l10n, a, b, c) => l10n.t('The embedding endpoint {0} (model {1}) failed: {2}', a, b, c)],
  // the vector store (src/core/vector)
  ['The embedded Chroma server was stopped', (l10n) => l10n.t('The embedded Chroma server was stopped')],
  ['The embedded Chroma server did not start', (l10n) => l10n.t('The embedded Chroma server did not start')],
  ['The embedded Chroma server did not answer within {0} ms: {1}', (l10n, a, b) => l10n.t('The embedded Chroma server did not answer within {0} ms: {1}', a, b)],
  ['The embedded Chroma server keeps dying ({0}); gave up after {1} restarts: {2}', (l10n, a, b, c) => l10n.t('The embedded Chroma server keeps dying ({0}); gave up after {1} restarts: {2}', a, b, c)],
  ['The embedded Chroma server {0} while starting: {1}', (l10n, a, b) => l10n.t('The embedded Chroma server {0} while starting: {1}', a, b)],
  ['Lost the connection to {0} while trying to {1}', (l10n, a, b) => l10n.t('Lost the connection to {0} while trying to {1}', a, b)],
  ['{0} refused access while trying to {1}', (l10n, a, b) => l10n.t('{0} refused access while trying to {1}', a, b)],
  ['{0} is not available: {1}', (l10n, a, b) => l10n.t('{0} is not available: {1}', a, b)],
  ['Chroma failed to {0}: {1}', (l10n, a, b) => l10n.t('Chroma failed to {0}: {1}', a, b)],
  ['Collection {0} does not exist in {1}', (l10n, a, b) => l10n.t('Collection {0} does not exist in {1}', a, b)],
  ['Embedder {0} returned unusable vectors: {1}', (l10n, a, b) => l10n.t('Embedder {0} returned unusable vectors: {1}', a, b)],
  ['See the TableTalk log for the Chroma server output.', (l10n) => l10n.t('See the TableTalk log for the Chroma server output.')],
  ['Reload the window to try again, or see the TableTalk log.', (l10n) => l10n.t('Reload the window to try again, or see the TableTalk log.')],
  ['Check that the Chroma server is running; TableTalk restarts the embedded one by itself. Then try again.', (l10n) => l10n.t('Check that the Chroma server is running; TableTalk restarts the embedded one by itself. Then try again.')],
  ['Check the Chroma auth token.', (l10n) => l10n.t('Check the Chroma auth token.')],
  ['Check the embedding endpoint and model; they must return one numeric vector per input.', (l10n) => l10n.t('Check the embedding endpoint and model; they must return one numeric vector per input.')],
  ['Train the dataset again.', (l10n) => l10n.t('Train the dataset again.')],
  // training (src/core/training/pipeline.ts)
  ['Dataset "{0}" has no tables', (l10n, a) => l10n.t('Dataset "{0}" has no tables', a)],
  ['Cannot read the schema of the datasource: {0}', (l10n, a) => l10n.t('Cannot read the schema of the datasource: {0}', a)],
  ['Table {0} of dataset "{1}" no longer exists in the database', (l10n, a, b) => l10n.t('Table {0} of dataset "{1}" no longer exists in the database', a, b)],
  ['Tables {0} of dataset "{1}" no longer exist in the database', (l10n, a, b) => l10n.t('Tables {0} of dataset "{1}" no longer exist in the database', a, b)],
  ['Embedder {0} changed its vector length from {1} to {2} during training', (l10n, a, b, c) => l10n.t('Embedder {0} changed its vector length from {1} to {2} during training', a, b, c)],
  ['The vector store holds {0} of {1} {2} items after writing', (l10n, a, b, c) => l10n.t('The vector store holds {0} of {1} {2} items after writing', a, b, c)],
  // what to do
  ['Check that the server is running and not overloaded, or raise the timeout.', (l10n) => l10n.t('Check that the server is running and not overloaded, or raise the timeout.')],
  ['Check that the server is running and not overloaded, then train again.', (l10n) => l10n.t('Check that the server is running and not overloaded, then train again.')],
  ['Check the base URL and that the server is running.', (l10n) => l10n.t('Check the base URL and that the server is running.')],
  ['Set a valid API key.', (l10n) => l10n.t('Set a valid API key.')],
  ['Check the base URL (it usually ends in /v1) and the model name.', (l10n) => l10n.t('Check the base URL (it usually ends in /v1) and the model name.')],
  ['Check the server log and try again.', (l10n) => l10n.t('Check the server log and try again.')],
  ['Check the server and try again.', (l10n) => l10n.t('Check the server and try again.')],
  ['Check the server log, then train again.', (l10n) => l10n.t('Check the server log, then train again.')],
  ['Check the server, then train again.', (l10n) => l10n.t('Check the server, then train again.')],
  ['Check the model name and the server; try again.', (l10n) => l10n.t('Check the model name and the server; try again.')],
  ['Choose the tables to train (Change Tables, or --tables) and train again.', (l10n) => l10n.t('Choose the tables to train (Change Tables, or --tables) and train again.')],
  ['Check that the database is running and reachable.', (l10n) => l10n.t('Check that the database is running and reachable.')],
  ['Remove them from the dataset (or restore them in the database) and train again.', (l10n) => l10n.t('Remove them from the dataset (or restore them in the database) and train again.')],
  ['Check the embedding model setting and train again.', (l10n) => l10n.t('Check the embedding model setting and train again.')],
  ['Check the Chroma server log and train again.', (l10n) => l10n.t('Check the Chroma server log and train again.')],
  ['Check the host and port, and that the {0} server is running.', (l10n, a) => l10n.t('Check the host and port, and that the {0} server is running.', a)],
  ['Check the host name (or use an IP address).', (l10n) => l10n.t('Check the host name (or use an IP address).')],
  ['Check the host, port, network and firewall, and that the {0} server is running.', (l10n, a) => l10n.t('Check the host, port, network and firewall, and that the {0} server is running.', a)],
  ['Check the host and port, firewalls, and that the {0} server is running and reachable from here.', (l10n, a) => l10n.t('Check the host and port, firewalls, and that the {0} server is running and reachable from here.', a)],
  ['Check the SSL mode: "disable" if the server has no TLS, "require" to encrypt without checking the certificate, "verify-full" with the server\'s CA file.',
    (l10n) => l10n.t('Check the SSL mode: "disable" if the server has no TLS, "require" to encrypt without checking the certificate, "verify-full" with the server\'s CA file.')],
  ['Narrow the query (filters, LIMIT) or raise the timeout.', (l10n) => l10n.t('Narrow the query (filters, LIMIT) or raise the timeout.')],
  ['Select fewer or shorter columns (for instance a substring of a long text), or add a LIMIT.', (l10n) => l10n.t('Select fewer or shorter columns (for instance a substring of a long text), or add a LIMIT.')],
  ['TableTalk only shows the rows a SELECT returns.', (l10n) => l10n.t('TableTalk only shows the rows a SELECT returns.')],
  ['Ask for a SELECT; TableTalk never writes to your data.', (l10n) => l10n.t('Ask for a SELECT; TableTalk never writes to your data.')],
  ['Check the user name and password (stored password, or TABLETALK_PASSWORD for the CLI).', (l10n) => l10n.t('Check the user name and password (stored password, or TABLETALK_PASSWORD for the CLI).')],
  ['Check the user name, and that pg_hba.conf allows this user, database and address.', (l10n) => l10n.t('Check the user name, and that pg_hba.conf allows this user, database and address.')],
  ['Check the database name.', (l10n) => l10n.t('Check the database name.')],
  ['Enter the password (stored password, or TABLETALK_PASSWORD for the CLI).', (l10n) => l10n.t('Enter the password (stored password, or TABLETALK_PASSWORD for the CLI).')],
  ['Set the SSL mode to "disable".', (l10n) => l10n.t('Set the SSL mode to "disable".')],
  ['Check that the server is running (it may have been restarted), then try again.', (l10n) => l10n.t('Check that the server is running (it may have been restarted), then try again.')],
  ['Grant the user access, or choose another database.', (l10n) => l10n.t('Grant the user access, or choose another database.')],
  ['Check that the port belongs to a MySQL/MariaDB server, then retry.', (l10n) => l10n.t('Check that the port belongs to a MySQL/MariaDB server, then retry.')],
  ['Check the path. TableTalk opens existing files only and never creates one.', (l10n) => l10n.t('Check the path. TableTalk opens existing files only and never creates one.')],
  ['Choose the database file itself.', (l10n) => l10n.t('Choose the database file itself.')],
  ['Choose a SQLite database file (.sqlite, .db); TableTalk opens it read-only.', (l10n) => l10n.t('Choose a SQLite database file (.sqlite, .db); TableTalk opens it read-only.')],
  ['Check that the file is readable by you.', (l10n) => l10n.t('Check that the file is readable by you.')],
  ['Choose the database file.', (l10n) => l10n.t('Choose the database file.')],
  ['Reconnect to it.', (l10n) => l10n.t('Reconnect to it.')],
  ['Retry; if it keeps failing, the file may be damaged.', (l10n) => l10n.t('Retry; if it keeps failing, the file may be damaged.')],
  ['Retry.', (l10n) => l10n.t('Retry.')],
  ['Choose a readable PEM file with the server\'s CA certificate, or use SSL mode "require".', (l10n) => l10n.t('Choose a readable PEM file with the server\'s CA certificate, or use SSL mode "require".')],
]);

/** A datasource error message or hint in the display language (the host passes vscode.l10n). */
export function errorText(text: string, api: L10n | typeof l10n = english): string {
  return translate(text, api);
}

/** Like describeError (message, hint, cause) in ../logging.ts, with the message and hint in the display language. */
export function describeErrorIn(err: unknown, api: L10n | typeof l10n = english): string {
  if (!(err instanceof Error)) return String(err);
  const parts = [errorText(err.message, api)];
  const hint = (err as { hint?: unknown }).hint;
  if (typeof hint === 'string' && hint) parts.push(errorText(hint, api));
  const cause = err.cause;
  if (cause instanceof Error && cause.message && !err.message.includes(cause.message)) parts.push(`(${cause.message})`);
  return parts.join(' ');
}
