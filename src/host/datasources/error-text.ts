// Errors of src/core in VS Code's display language. A TableTalkError carries its message and hint as data
// (src/core/messages.ts) and is rendered from the bundle; the areas not converted yet (the LLM and embedding
// endpoints, the vector store, training) still write English, translated here by template. The server's own
// words inside them ({n} parts) stay as they came.
import type { l10n } from 'vscode';
import { describe, TableTalkError } from '../../core/errors';
import { english, templateTranslator, type L10n } from '../english-templates';

const translate = templateTranslator([
  // the LLM and embedding endpoints (src/core/llm, src/core/vector)
  ['The LLM endpoint {0} (model {1}) timed out', (l10n, a, b) => l10n.t('The LLM endpoint {0} (model {1}) timed out', a, b)],
  ['The LLM endpoint {0} (model {1}) did not answer within {2} s', (l10n, a, b, c) => l10n.t('The LLM endpoint {0} (model {1}) did not answer within {2} s', a, b, c)],
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
  ['Check that the server is running and not overloaded, or raise the setting tabletalk.llm.timeoutSeconds.', (l10n) => l10n.t('Check that the server is running and not overloaded, or raise the setting tabletalk.llm.timeoutSeconds.')],
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
]);

/** A datasource error message or hint in the display language (the host passes vscode.l10n). */
export function errorText(text: string, api: L10n | typeof l10n = english): string {
  return translate(text, api);
}

/** Message and hint of an error in the display language: a TableTalkError's data from the bundle, else by template. */
export function errorParts(err: unknown, api: L10n | typeof l10n = english): { message: string; hint?: string } {
  if (err instanceof TableTalkError) return describe(err, (m) => api.t(m.message, ...m.args));
  const d = describe(err, (m) => api.t(m.message, ...m.args));
  return { message: errorText(d.message, api), ...(d.hint ? { hint: errorText(d.hint, api) } : {}) };
}

/** Like describeError (message, hint, cause) in ../logging.ts, with the message and hint in the display language. */
export function describeErrorIn(err: unknown, api: L10n | typeof l10n = english): string {
  if (!(err instanceof Error)) return String(err);
  const { message, hint } = errorParts(err, api);
  const parts = [message];
  if (hint) parts.push(hint);
  const cause = err.cause;
  if (cause instanceof Error && cause.message && !err.message.includes(cause.message)) parts.push(`(${cause.message})`);
  return parts.join(' ');
}
