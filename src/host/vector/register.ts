// Model services for every feature that trains or asks: the vector store, the embedder and the LLM from
// settings, plus the three "Configure ..." commands. Called once from activate().
import { registerCommand } from '../commands';
import type { LlmProvider } from '../../core/llm/provider';
import type { Embedder } from '../../core/vector/embedder';
import type { VectorStore } from '../../core/vector/vector-store';
import type { TableTalkContext } from '../context';
import { configureLlm } from '../llm/configure';
import { configuredLlm } from '../llm/providers';
import { configureEmbeddings, configureVectorStore } from './configure';
import { configuredEmbedder, embedderForId } from './embedders';
import { VectorService } from './service';

export interface ModelsFeature {
  /** The vector store for the current settings (starts the embedded Chroma server on first use). */
  vectorStore(): Promise<VectorStore>;
  /** The embedder training uses now (tabletalk.embeddings.*). */
  embedder(): Promise<Embedder>;
  /** The embedder a trained dataset was trained with (DatasetRunState.embedder.id): use it to query. */
  embedderForId(id: string): Promise<Embedder>;
  /** The LLM from tabletalk.llm.*, undefined for "none"; throws a clear error when it cannot be set up. */
  llm(): Promise<LlmProvider | undefined>;
  vector: VectorService;
  /** Stops the embedded Chroma server (awaited on deactivate). */
  shutdown(): Promise<void>;
}

export function registerModels(ctx: TableTalkContext): ModelsFeature {
  const vector = ctx.register(new VectorService(ctx));
  registerCommand(ctx, 'tabletalk.configureVectorStore', (input?: Parameters<typeof configureVectorStore>[1]) => configureVectorStore(ctx, input));
  registerCommand(ctx, 'tabletalk.configureEmbeddings', (input?: Parameters<typeof configureEmbeddings>[1]) => configureEmbeddings(ctx, input));
  registerCommand(ctx, 'tabletalk.configureLlm', (input?: Parameters<typeof configureLlm>[2]) => configureLlm(ctx, () => configuredLlm(ctx), input));
  return {
    vectorStore: () => vector.store(),
    embedder: () => configuredEmbedder(ctx),
    embedderForId: (id) => embedderForId(ctx, id),
    llm: () => configuredLlm(ctx),
    vector,
    shutdown: () => vector.reset(),
  };
}
