// Core reports training progress in English (the CLI prints it as it is); the notification and the Datasets view
// show it in VS Code's display language. Each template mirrors one message of src/core/training/pipeline.ts,
// most specific first; a message that matches none (a new one) is shown as it came.
import type { l10n } from 'vscode';
import { english, templateTranslator, type L10n, type Template } from '../english-templates';

export { english, type L10n };

export const progressTemplates: Template[] = [
  ['reading the schema', (l10n) => l10n.t('reading the schema')],
  ['checking the vector store', (l10n) => l10n.t('checking the vector store')],
  ['{0} CREATE TABLE statements', (l10n, a) => l10n.t('{0} CREATE TABLE statements', a)],
  ['switching to the new model', (l10n) => l10n.t('switching to the new model')],
  ['done in {0} ms: {1} DDL, {2} documentation, {3} examples ({4} dropped)', (l10n, a, b, c, d, e) => l10n.t('done in {0} ms: {1} DDL, {2} documentation, {3} examples ({4} dropped)', a, b, c, d, e)],
  ['done in {0} ms: {1} DDL, {2} documentation, {3} examples', (l10n, a, b, c, d) => l10n.t('done in {0} ms: {1} DDL, {2} documentation, {3} examples', a, b, c, d)],
  ['{0} items unchanged, kept', (l10n, a) => l10n.t('{0} items unchanged, kept', a)],
  ['{0} of {1} items ({2} kept from the previous model)', (l10n, a, b, c) => l10n.t('{0} of {1} items ({2} kept from the previous model)', a, b, c)],
  ['{0} of {1} items embedded', (l10n, a, b) => l10n.t('{0} of {1} items embedded', a, b)],
  ['{0} items', (l10n, a) => l10n.t('{0} items', a)],
  ['{0} tables', (l10n, a) => l10n.t('{0} tables', a)],
  ['{0} examples checked against the database, {1} dropped', (l10n, a, b) => l10n.t('{0} examples checked against the database, {1} dropped', a, b)],
  ['{0} examples for {1} kept from the previous model', (l10n, a, b) => l10n.t('{0} examples for {1} kept from the previous model', a, b)],
  ['asking {0} about {1}', (l10n, a, b) => l10n.t('asking {0} about {1}', a, b)],
  ['asking {0}', (l10n, a) => l10n.t('asking {0}', a)],
  ['building examples from the schema', (l10n) => l10n.t('building examples from the schema')],
];

const translate = templateTranslator(progressTemplates);

/** A pipeline progress message in the display language (the host passes vscode.l10n). */
export function progressMessage(message: string, api: L10n | typeof l10n = english): string {
  return translate(message, api);
}
