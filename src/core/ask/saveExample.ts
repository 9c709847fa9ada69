import { TableTalkError } from '../errors';
/**
 * "Save as Example": a good question/SQL pair goes into the dataset file (so a team reviews and commits it, and
 * every later training keeps it) and, at once, into the active example collection, so the very next question
 * retrieves it. The record is the one training would build for a user example (same content-derived id), so the
 * next training neither duplicates nor re-embeds it.
 */
import type { Dialect } from '../datasource/types';
import type { DatasetStore } from '../dataset/store';
import type { DatasetDefinition, DatasetRunState } from '../dataset/types';
import { exampleItem } from '../training/examples';
import { tablesMentioned } from '../training/words';
import type { Embedder } from '../vector/embedder';
import type { VectorStore } from '../vector/vector-store';
import { guardSql } from './guard';
import { addToLoadedCorpus } from './strategy';

export interface SaveExampleDeps {
  datasets: DatasetStore;
  /** Run state of the dataset; without an active model the pair is only written to the file. */
  state: DatasetRunState | null | undefined;
  store: VectorStore;
  /** The embedder the dataset was trained with. */
  embedder: Embedder;
  dialect: Dialect;
  signal?: AbortSignal;
}

export interface SaveExampleResult {
  dataset: DatasetDefinition;
  /** False when the file already held this exact pair. */
  addedToFile: boolean;
  /** True when the pair is now in the active example collection (false: not trained yet; it trains next time). */
  upserted: boolean;
  /** The example record's id in the collection. */
  id: string;
}

export class ExampleRefusedError extends TableTalkError {
  declare readonly hint: string;
  constructor(reason: string) {
    super('example-refused', `This SQL cannot be saved as an example: ${reason}`, { hint: 'Only a single read-only query can be saved as an example; fix the SQL and save again.' });
  }
}

export async function saveExample(datasetName: string, question: string, sql: string, deps: SaveExampleDeps): Promise<SaveExampleResult> {
  const q = question.trim();
  if (!q) throw new TableTalkError('empty-question', 'The example has no question', { hint: 'Give the question the SQL answers.' });
  // An example teaches the model: a write or a foreign dialect must never become one.
  const guarded = guardSql(sql, deps.dialect);
  if (!guarded.ok) throw new ExampleRefusedError(guarded.reason);

  // Re-read the file right before writing, so edits made since the dataset was loaded are kept.
  const current = await deps.datasets.require(datasetName);
  const exists = current.examples.some((e) => e.question === q && e.sql.trim() === guarded.sql);
  const dataset: DatasetDefinition = exists ? current : { ...current, examples: [...current.examples, { question: q, sql: guarded.sql }] };
  if (!exists) await deps.datasets.save(dataset);

  const item = exampleItem({ question: q, sql: guarded.sql, source: 'user', tables: tablesMentioned(guarded.sql, dataset.tables.map((t) => t.name)) });
  const active = deps.state?.activeCollections;
  if (!active) return { dataset, addedToFile: !exists, upserted: false, id: item.id };

  await deps.store.assertEmbedder(active.sql, deps.embedder, deps.signal);
  const [embedding] = await deps.embedder.embed([item.embedText], deps.signal);
  await deps.store.upsert(active.sql, [{ id: item.id, document: item.document, metadata: item.metadata, embedding }], deps.signal);
  await addToLoadedCorpus(deps.state!, { id: item.id, document: item.document, metadata: item.metadata });
  return { dataset, addedToFile: !exists, upserted: true, id: item.id };
}
