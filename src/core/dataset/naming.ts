import { createHash, randomBytes } from 'node:crypto';
import { TableTalkError } from '../errors';
import { l10n } from '../messages';

/** Chroma's rule for collection names: 3–512 chars of [a-zA-Z0-9._-], alphanumeric at both ends. */
export const CHROMA_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$/;

/** Room left after the prefix for staging suffixes such as "-doc-<runid>". */
const MAX_SLUG = 40;

export function isValidCollectionName(name: string): boolean {
  return CHROMA_NAME.test(name);
}

/** ASCII slug of a dataset name: "Sales (EU)" -> "sales-eu"; empty for names without Latin letters or digits (e.g. 销售). */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/g, '');
}

/**
 * A new collection prefix for a dataset: slug of the name (or "ds-" plus a hash of the name when the slug is
 * too short, as for Chinese names) and a random suffix, so two datasets of the same name never share a model.
 * Generated once on create and stored in the definition, which keeps it stable across renames.
 */
export function generateCollectionName(datasetName: string, taken: Iterable<string> = [], random: () => string = () => randomBytes(4).toString('hex')): string {
  const used = new Set(taken);
  let slug = slugify(datasetName);
  if (slug.length < 2) slug = `ds-${createHash('sha256').update(datasetName).digest('hex').slice(0, 6)}`;
  for (let i = 0; i < 100; i++) {
    const name = `${slug}-${random()}`;
    if (isValidCollectionName(name) && !used.has(name)) return name;
  }
  throw new TableTalkError('collection-name', l10n.t('Could not generate a unique collection name for dataset "{0}"', datasetName));
}

export type CollectionKind = 'ddl' | 'documentation' | 'sql';
export const COLLECTION_KINDS: readonly CollectionKind[] = ['ddl', 'documentation', 'sql'];
const kindSuffix: Record<CollectionKind, string> = { ddl: 'ddl', documentation: 'doc', sql: 'sql' };

/** The collection a run writes for one kind: "<prefix>-ddl-<runId>"; it becomes active only when the run succeeds. */
export function stagingCollectionName(prefix: string, kind: CollectionKind, runId: string): string {
  const name = `${prefix}-${kindSuffix[kind]}-${runId}`;
  if (!isValidCollectionName(name)) throw new TableTalkError('collection-name', l10n.t('Collection name "{0}" is not valid for Chroma', name), { hint: l10n.t('Shorten the dataset\'s "collection" field.') });
  return name;
}

/** True when a collection name belongs to the dataset with this prefix (any kind, any run). */
export function belongsToDataset(prefix: string, collectionName: string): boolean {
  return /^(ddl|doc|sql)-[a-z0-9]+$/.test(collectionName.startsWith(`${prefix}-`) ? collectionName.slice(prefix.length + 1) : '');
}

/** Short, sortable, Chroma-safe run id. */
export function newRunId(now = Date.now()): string {
  return `${now.toString(36)}${randomBytes(3).toString('hex')}`;
}
