import { belongsToDataset } from '../dataset/naming';
import type { DatasetDefinition } from '../dataset/types';
import type { VectorStore } from '../vector/vector-store';

/** Deletes every collection of a dataset (active and leftover staging): the "delete dataset" half in Chroma. */
export async function deleteDatasetCollections(store: VectorStore, dataset: Pick<DatasetDefinition, 'collection'>, signal?: AbortSignal): Promise<string[]> {
  const names = (await store.listCollections(signal)).filter((n) => belongsToDataset(dataset.collection, n));
  for (const n of names) await store.deleteCollection(n, signal);
  return names;
}
