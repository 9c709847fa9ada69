import { createHash } from 'node:crypto';
import type { CollectionKind } from '../dataset/naming';
import type { RecordMetadata } from '../vector/vector-store';

/** One thing to train: the stored document, the text its vector comes from, and metadata retrieval uses. */
export interface TrainingItem {
  id: string;
  kind: CollectionKind;
  document: string;
  embedText: string;
  metadata: RecordMetadata;
}

export function sha(text: string, length = 32): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Ids derive from content, so an unchanged item keeps its id (and its vector) from run to run. */
export function makeItem(kind: CollectionKind, document: string, embedText: string, metadata: RecordMetadata): TrainingItem {
  const meta = Object.fromEntries(Object.entries(metadata).sort(([a], [b]) => a.localeCompare(b)));
  const id = `${kind}-${sha(`${kind}\u0000${embedText}\u0000${document}\u0000${JSON.stringify(meta)}`)}`;
  return { id, kind, document, embedText, metadata: { ...meta, kind } };
}

/** Same content twice trains once. */
export function dedupe(items: TrainingItem[]): TrainingItem[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}

/** Table names as one metadata string "|Album|Artist|" (Chroma metadata values are scalars). */
export function tablesTag(tables: Iterable<string>): string {
  const list = [...new Set(tables)];
  return list.length ? `|${list.join('|')}|` : '';
}

export function parseTablesTag(tag: unknown): string[] {
  return typeof tag === 'string' ? tag.split('|').filter(Boolean) : [];
}

/** Hash of a collection's content: equal for equal item sets, whatever the order. */
export function contentHash(items: TrainingItem[]): string {
  return sha(items.map((i) => i.id).sort().join('\n'));
}
