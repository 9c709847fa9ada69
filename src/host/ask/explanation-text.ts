// The one-line explanation of an Ask answer comes from core/ask in English (explain() in src/core/ask/ask.ts);
// the panel and the chat show it in VS Code's display language. Refusal reasons of the SQL guard and the
// database's own error messages stay as they came (they are quoted inside the translated sentence).
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

const correction = templateTranslator([
  [' The first query failed ({0}), so the model was asked once to correct it.', (l10n, a) => l10n.t(' The first query failed ({0}), so the model was asked once to correct it.', a)],
  [' The first query was refused ({0}), so the model was asked once to correct it.', (l10n, a) => l10n.t(' The first query was refused ({0}), so the model was asked once to correct it.', a)],
]);

/** An Ask explanation in the display language (the host passes vscode.l10n). */
export function explanationText(text: string, api: L10n | typeof l10n = english): string {
  const m = /^([\s\S]*?)( The first query (?:failed|was refused) \([\s\S]*\), so the model was asked once to correct it\.)$/.exec(text);
  return m ? `${main(m[1], api)}${correction(m[2], api)}` : main(text, api);
}
