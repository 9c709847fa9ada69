// What retrieve and eval share: the trained dataset, its run state, its embedder and the vector store, opened once.
import { resolve } from 'node:path';
import { RunStateStore } from '../core/dataset/run-state';
import { DatasetStore, datasetsDir } from '../core/dataset/store';
import type { DatasetDefinition, DatasetRunState } from '../core/dataset/types';
import type { Embedder } from '../core/vector/embedder';
import { stringFlag, type ParsedArgs } from './args';
import { embedderForId, openVectorStore, type VectorEnv } from './model-env';

export interface OpenDataset {
  dataset: DatasetDefinition;
  state: DatasetRunState;
  embedder: Embedder;
  vector: VectorEnv;
}

export async function openDataset(args: ParsedArgs): Promise<OpenDataset> {
  const name = stringFlag(args, 'name', true) as string;
  const dir = resolve(stringFlag(args, 'dir') ?? '.');
  const dataset = await new DatasetStore(datasetsDir(dir)).require(name);
  const state = await RunStateStore.forDirectory(dir).get(dataset);
  const embedder = embedderForId(state.embedder?.id ?? 'builtin-hash-v1-1024');
  return { dataset, state, embedder, vector: openVectorStore(args, dir) };
}

export function kFlag(args: ParsedArgs): number {
  const kText = stringFlag(args, 'k');
  const k = kText === undefined ? 5 : Number(kText);
  if (!Number.isInteger(k) || k < 1 || k > 100) throw new Error('--k must be a whole number from 1 to 100');
  return k;
}
