// Evidence as data: inference writes items (a kind and its fields, see EvidenceItem in ../dataset/types.ts), the
// dataset file keeps them, and whoever shows them turns each into a Message here and renders it in its language.
// This table is the one place an item becomes a sentence.
import { l10n } from '../messages';
import type { Message, Text } from '../messages';
import type { Evidence, EvidenceItem } from '../dataset/types';

// One entry per kind: the fields it has and its Message. Fields hold identifiers and figures only.
const kinds = {
  declared: () => l10n.t('declared foreign key'),
  drawn: () => l10n.t('drawn on the modeling canvas'),
  'source-primary-key': (f: { columns: string; table: string }) => l10n.t('{0} is the primary key of {1}: one-to-one', f.columns, f.table),
  'source-unique': (f: { columns: string; table: string }) => l10n.t('{0} is unique in {1}: one-to-one', f.columns, f.table),
  'target-primary-key': (f: { columns: string; table: string }) => l10n.t('target {0} is the primary key of {1}', f.columns, f.table),
  'target-unique': (f: { columns: string; table: string }) => l10n.t('target {0} is unique in {1}', f.columns, f.table),
  'target-not-key': (f: { columns: string }) => l10n.t('target {0} is neither a primary key nor unique', f.columns),
  'no-connection': () => l10n.t('data not checked (no connection): names and types only'),
  'sampling-refused': (f: { error: string }) => l10n.t('data not checked: the database refused sampling queries ({0}); names and types only', f.error),
  'sampling-failed': (f: { error: string }) => l10n.t('data not checked: a sampling query failed ({0})', f.error),
  'values-repeat': (f: { columns: string }) => l10n.t('values of {0} repeat: many-to-one', f.columns),
  'all-distinct': (f: { columns: string; rows: number }) => l10n.t('every value of {0} is distinct in all {1} rows: one-to-one', f.columns, f.rows),
  'primary-key-name': (f: { column: string; table: string }) => l10n.t("{0} has the name of {1}'s primary key", f.column, f.table),
  'names-table': (f: { column: string; table: string }) => l10n.t('{0} names table {1}', f.column, f.table),
  'names-table-stripped': (f: { column: string; table: string }) => l10n.t('{0} names table {1} (without its table prefix)', f.column, f.table),
  'names-table-after-prefix': (f: { column: string; table: string; prefix: string }) =>
    l10n.t('{0} names table {1} after a "{2}" prefix', f.column, f.table, f.prefix),
  'names-table-after-prefix-stripped': (f: { column: string; table: string; prefix: string }) =>
    l10n.t('{0} names table {1} after a "{2}" prefix (without its table prefix)', f.column, f.table, f.prefix),
  'starts-with-table': (f: { column: string; table: string }) => l10n.t('{0} starts with the name of table {1}', f.column, f.table),
  'starts-with-table-stripped': (f: { column: string; table: string }) => l10n.t('{0} starts with the name of table {1} (without its table prefix)', f.column, f.table),
  'ends-in-by': (f: { column: string }) => l10n.t('{0} ends in "by": it names who did something', f.column),
  role: (f: { column: string; role: string }) => l10n.t('{0} names a person\'s role ("{1}")', f.column, f.role),
  'staff-table': (f: { table: string }) => l10n.t('{0} looks like a table of staff', f.table),
  'users-table': (f: { table: string }) => l10n.t('{0} looks like a table of users', f.table),
  'people-table': (f: { table: string }) => l10n.t('{0} looks like a table of people', f.table),
  parent: (f: { column: string; table: string }) => l10n.t('{0} names a parent: a hierarchy within {1}', f.column, f.table),
  hierarchy: (f: { column: string; table: string }) => l10n.t('{0} names the person above in a hierarchy of {1}', f.column, f.table),
  'composite-key': (f: { source: string; target: string; columns: string }) =>
    l10n.t("{0} holds every column of {1}'s composite primary key ({2})", f.source, f.target, f.columns),
  polymorphic: (f: { column: string; table: string; typeColumn: string; value: string }) =>
    l10n.t("polymorphic: {0} points at {1} where {2} = '{3}'", f.column, f.table, f.typeColumn, f.value),
  'no-values': () => l10n.t('no non-null values to check in the data'),
  // Data checks: `count` distinct source values were checked (all of the column's, or a sample), `percent` found.
  'data-all': (f: { count: number; percent: number }) => l10n.t('data: all {0} distinct values found in the target ({1}%)', f.count, f.percent),
  'data-all-sampled': (f: { count: number; percent: number }) => l10n.t('data: all {0} sampled distinct values found in the target ({1}%)', f.count, f.percent),
  'data-most': (f: { found: number; count: number; percent: number }) =>
    l10n.t('data: {0} of {1} distinct values found in the target ({2}%); the rest are orphans', f.found, f.count, f.percent),
  'data-most-sampled': (f: { found: number; count: number; percent: number }) =>
    l10n.t('data: {0} of {1} sampled distinct values found in the target ({2}%); the rest are orphans', f.found, f.count, f.percent),
  'data-some': (f: { found: number; count: number; percent: number }) =>
    l10n.t('data: only {0} of {1} distinct values found in the target ({2}%)', f.found, f.count, f.percent),
  'data-some-sampled': (f: { found: number; count: number; percent: number }) =>
    l10n.t('data: only {0} of {1} sampled distinct values found in the target ({2}%)', f.found, f.count, f.percent),
  'data-few': (f: { found: number; count: number; percent: number }) =>
    l10n.t('data: only {0} of {1} distinct values found in the target ({2}%): unlikely to be a reference', f.found, f.count, f.percent),
  'data-few-sampled': (f: { found: number; count: number; percent: number }) =>
    l10n.t('data: only {0} of {1} sampled distinct values found in the target ({2}%): unlikely to be a reference', f.found, f.count, f.percent),
  // Column types: an empty type (SQLite allows one) is shown as "?".
  'types-match': (f: { source: string; target: string }) => l10n.t('types match ({0} and {1})', f.source || '?', f.target || '?'),
  'types-may-match': (f: { source: string; target: string }) => l10n.t('types may match ({0} and {1})', f.source || '?', f.target || '?'),
  'types-compatible': (f: { source: string; target: string }) => l10n.t('types are compatible ({0} and {1})', f.source || '?', f.target || '?'),
  'types-differ': (f: { source: string; target: string }) => l10n.t('types differ ({0} and {1})', f.source || '?', f.target || '?'),
  // Many-to-many through a junction table: `a` and `b` are its two references ("columns -> table").
  junction: (f: { table: string; a: string; b: string }) => l10n.t('through junction table {0} ({1}, {2})', f.table, f.a, f.b),
  'junction-declared-key': (f: { table: string }) => l10n.t("derived from declared foreign keys; {0}'s primary key is made of both references", f.table),
  'junction-declared-little': (f: { table: string }) => l10n.t('derived from declared foreign keys; {0} holds little besides both references', f.table),
  'junction-key': (f: { table: string }) => l10n.t("derived from the relationships; {0}'s primary key is made of both references", f.table),
  'junction-little': (f: { table: string }) => l10n.t('derived from the relationships; {0} holds little besides both references', f.table),
  // A damaged item of a dataset file, kept as its JSON (see repairEvidence in ../dataset/schema.ts).
  unreadable: (f: { item: string }) => l10n.t('evidence this version of TableTalk cannot read: {0}', f.item),
} satisfies Record<string, (f: never) => Message>;

export type EvidenceKind = keyof typeof kinds;
type FieldsOf<K extends EvidenceKind> = Parameters<(typeof kinds)[K]> extends [infer F] ? F : Record<string, never>;

/** An evidence item of a known kind, its fields checked by the compiler. */
export function evidence<K extends EvidenceKind>(kind: K, ...fields: FieldsOf<K> extends Record<string, never> ? [] : [FieldsOf<K>]): EvidenceItem {
  return { kind, fields: { ...(fields[0] ?? {}) } as Record<string, string | number> };
}

export const isKind = (e: Evidence, kind: EvidenceKind): e is EvidenceItem => typeof e !== 'string' && e.kind === kind;

/**
 * The Message of an item; a plain string (an older file's English, or a hand edit) stays as it was written. An item
 * this version cannot read (an unknown kind, a missing field: a newer TableTalk's or a hand edit) says so, showing
 * the item as the file holds it; the file keeps it untouched.
 */
export function evidenceMessage(e: Evidence): Text {
  if (typeof e === 'string') return e;
  const make = Object.hasOwn(kinds, e.kind) ? (kinds[e.kind as EvidenceKind] as (f: Record<string, string | number>) => Message) : undefined;
  const m = make?.(e.fields ?? {});
  if (m && m.args.every((a) => typeof a === 'string' || typeof a === 'number')) return m;
  return kinds.unreadable({ item: JSON.stringify(e) });
}

/** An evidence item in the language of `render` (the host's vscode.l10n, the CLI's bundle, or `english`). */
export function renderEvidence(e: Evidence, render: (m: Message) => string): string {
  const m = evidenceMessage(e);
  return typeof m === 'string' ? m : render(m);
}
