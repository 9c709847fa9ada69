// The modeling canvas shows why a relationship was suggested (its evidence), why one is broken or locked, and the
// model's problems. core/modeling writes these in English (the CLI and the dataset file keep them so); the host
// translates them by template before the state goes to the webview. Unknown texts are shown as they came.
import type { l10n } from 'vscode';
import type { CanvasRelationship, CanvasState } from '../../protocol/canvas';
import { english, templateTranslator, type L10n } from '../english-templates';

// Most specific first: a lazy {n} would otherwise swallow words such as "sampled".
const evidence = templateTranslator([
  ['declared foreign key', (l10n) => l10n.t('declared foreign key')],
  ['drawn on the modeling canvas', (l10n) => l10n.t('drawn on the modeling canvas')],
  ['{0} is the primary key of {1}: one-to-one', (l10n, a, b) => l10n.t('{0} is the primary key of {1}: one-to-one', a, b)],
  ['{0} is the unique of {1}: one-to-one', (l10n, a, b) => l10n.t('{0} is the unique of {1}: one-to-one', a, b)],
  ['target {0} is the primary key of {1}', (l10n, a, b) => l10n.t('target {0} is the primary key of {1}', a, b)],
  ['target {0} is the unique of {1}', (l10n, a, b) => l10n.t('target {0} is the unique of {1}', a, b)],
  ['target {0} is neither a primary key nor unique', (l10n, a) => l10n.t('target {0} is neither a primary key nor unique', a)],
  ['data not checked (no connection): names and types only', (l10n) => l10n.t('data not checked (no connection): names and types only')],
  ['data not checked: {0}; names and types only', (l10n, a) => l10n.t('data not checked: {0}; names and types only', a)],
  ['data not checked: {0}', (l10n, a) => l10n.t('data not checked: {0}', a)],
  ['values of {0} repeat: many-to-one', (l10n, a) => l10n.t('values of {0} repeat: many-to-one', a)],
  ['every value of {0} is distinct in all {1} rows: one-to-one', (l10n, a, b) => l10n.t('every value of {0} is distinct in all {1} rows: one-to-one', a, b)],
  ['{0} has the name of {1}\'s primary key', (l10n, a, b) => l10n.t('{0} has the name of {1}\'s primary key', a, b)],
  ['{0} names table {1} after a "{2}" prefix (without its table prefix)', (l10n, a, b, c) => l10n.t('{0} names table {1} after a "{2}" prefix (without its table prefix)', a, b, c)],
  ['{0} names table {1} after a "{2}" prefix', (l10n, a, b, c) => l10n.t('{0} names table {1} after a "{2}" prefix', a, b, c)],
  ['{0} starts with the name of table {1} (without its table prefix)', (l10n, a, b) => l10n.t('{0} starts with the name of table {1} (without its table prefix)', a, b)],
  ['{0} starts with the name of table {1}', (l10n, a, b) => l10n.t('{0} starts with the name of table {1}', a, b)],
  ['{0} names table {1} (without its table prefix)', (l10n, a, b) => l10n.t('{0} names table {1} (without its table prefix)', a, b)],
  ['{0} names table {1}', (l10n, a, b) => l10n.t('{0} names table {1}', a, b)],
  ['{0} ends in "by": it names who did something', (l10n, a) => l10n.t('{0} ends in "by": it names who did something', a)],
  ['{0} names a person\'s role ("{1}")', (l10n, a, b) => l10n.t('{0} names a person\'s role ("{1}")', a, b)],
  ['{0} looks like a table of staff', (l10n, a) => l10n.t('{0} looks like a table of staff', a)],
  ['{0} looks like a table of users', (l10n, a) => l10n.t('{0} looks like a table of users', a)],
  ['{0} looks like a table of people', (l10n, a) => l10n.t('{0} looks like a table of people', a)],
  ['{0} names a parent: a hierarchy within {1}', (l10n, a, b) => l10n.t('{0} names a parent: a hierarchy within {1}', a, b)],
  ['{0} names the person above in a hierarchy of {1}', (l10n, a, b) => l10n.t('{0} names the person above in a hierarchy of {1}', a, b)],
  ['{0} holds every column of {1}\'s composite primary key ({2})', (l10n, a, b, c) => l10n.t('{0} holds every column of {1}\'s composite primary key ({2})', a, b, c)],
  ['polymorphic: {0} points at {1} where {2} = \'{3}\'', (l10n, a, b, c, d) => l10n.t('polymorphic: {0} points at {1} where {2} = \'{3}\'', a, b, c, d)],
  ['no non-null values to check in the data', (l10n) => l10n.t('no non-null values to check in the data')],
  ['data: all {0} sampled distinct values found in the target ({1})', (l10n, a, b) => l10n.t('data: all {0} sampled distinct values found in the target ({1})', a, b)],
  ['data: all {0} distinct values found in the target ({1})', (l10n, a, b) => l10n.t('data: all {0} distinct values found in the target ({1})', a, b)],
  ['data: {0} of {1} sampled distinct values found in the target ({2}); the rest are orphans', (l10n, a, b, c) => l10n.t('data: {0} of {1} sampled distinct values found in the target ({2}); the rest are orphans', a, b, c)],
  ['data: {0} of {1} distinct values found in the target ({2}); the rest are orphans', (l10n, a, b, c) => l10n.t('data: {0} of {1} distinct values found in the target ({2}); the rest are orphans', a, b, c)],
  ['data: only {0} of {1} sampled distinct values found in the target ({2}): unlikely to be a reference', (l10n, a, b, c) => l10n.t('data: only {0} of {1} sampled distinct values found in the target ({2}): unlikely to be a reference', a, b, c)],
  ['data: only {0} of {1} distinct values found in the target ({2}): unlikely to be a reference', (l10n, a, b, c) => l10n.t('data: only {0} of {1} distinct values found in the target ({2}): unlikely to be a reference', a, b, c)],
  ['data: only {0} of {1} sampled distinct values found in the target ({2})', (l10n, a, b, c) => l10n.t('data: only {0} of {1} sampled distinct values found in the target ({2})', a, b, c)],
  ['data: only {0} of {1} distinct values found in the target ({2})', (l10n, a, b, c) => l10n.t('data: only {0} of {1} distinct values found in the target ({2})', a, b, c)],
  ['types match ({0})', (l10n, a) => l10n.t('types match ({0})', a)],
  ['types may match ({0})', (l10n, a) => l10n.t('types may match ({0})', a)],
  ['types are compatible ({0})', (l10n, a) => l10n.t('types are compatible ({0})', a)],
  ['types differ ({0})', (l10n, a) => l10n.t('types differ ({0})', a)],
  ['through junction table {0} ({1})', (l10n, a, b) => l10n.t('through junction table {0} ({1})', a, b)],
  ['derived from declared foreign keys; {0}\'s primary key is made of both references', (l10n, a) => l10n.t('derived from declared foreign keys; {0}\'s primary key is made of both references', a)],
  ['derived from declared foreign keys; {0} holds little besides both references', (l10n, a) => l10n.t('derived from declared foreign keys; {0} holds little besides both references', a)],
  ['derived from the relationships; {0}\'s primary key is made of both references', (l10n, a) => l10n.t('derived from the relationships; {0}\'s primary key is made of both references', a)],
  ['derived from the relationships; {0} holds little besides both references', (l10n, a) => l10n.t('derived from the relationships; {0} holds little besides both references', a)],
  // why a relationship is broken or locked
  ['table {0} is not in the dataset', (l10n, a) => l10n.t('table {0} is not in the dataset', a)],
  ['table {0} no longer exists in the database', (l10n, a) => l10n.t('table {0} no longer exists in the database', a)],
  ['columns {0} no longer exist', (l10n, a) => l10n.t('columns {0} no longer exist', a)],
  ['column {0} no longer exists', (l10n, a) => l10n.t('column {0} no longer exists', a)],
  ['{0} source columns but {1} target columns', (l10n, a, b) => l10n.t('{0} source columns but {1} target columns', a, b)],
  ['a foreign key declared in the database: change it there', (l10n) => l10n.t('a foreign key declared in the database: change it there')],
  // why a table is missing
  ['the database schema could not be read', (l10n) => l10n.t('the database schema could not be read')],
  ['{0} no longer exists in the database', (l10n, a) => l10n.t('{0} no longer exists in the database', a)],
]);

const problem = templateTranslator([
  ['1 relationship is broken (kept until you delete it): {0}', (l10n, a) => l10n.t('1 relationship is broken (kept until you delete it): {0}', a)],
  ['{0} relationships are broken (kept until you delete them): {1}', (l10n, a, b) => l10n.t('{0} relationships are broken (kept until you delete them): {1}', a, b)],
  ['Not in the database any more: {0}', (l10n, a) => l10n.t('Not in the database any more: {0}', a)],
]);

/** A text of core/modeling (evidence, broken or locked reason) in the display language; the host passes vscode.l10n. */
export function evidenceText(text: string, api: L10n | typeof l10n = english): string {
  return evidence(text, api);
}

/** The canvas state with every core/modeling text in the display language. */
export function localizedCanvasState(state: CanvasState, api: L10n | typeof l10n = english): CanvasState {
  const t = (text: string) => evidence(text, api);
  const relationship = (r: CanvasRelationship): CanvasRelationship => ({
    ...r,
    evidence: r.evidence.map(t),
    ...(r.broken ? { broken: t(r.broken) } : {}),
    ...(r.locked ? { locked: t(r.locked) } : {}),
  });
  return {
    ...state,
    tables: state.tables.map((table) => (table.missing ? { ...table, missing: t(table.missing) } : table)),
    relationships: state.relationships.map(relationship),
    suggestions: state.suggestions.map(relationship),
    problems: state.problems.map((p) => ({ ...p, message: problem(p.message, api) })),
  };
}
