// Vector store: the embedded Chroma server, a remote Chroma, the VectorStore wrapper and the embedders.
export { EmbeddedChroma, ChromaUnavailableError, chromaCliPath, freeLoopbackPort, type EmbeddedChromaOptions } from './chroma-server';
export { RemoteChroma, type ChromaEndpoint, type ChromaConnection, type RemoteChromaOptions } from './endpoint';
export { VectorStore, VectorStoreError, EmbedderMismatchError, abortable, type VectorRecord, type QueryHit, type CollectionMeta, type RecordMetadata } from './vector-store';
export { embedAll, checkVectors, EmbeddingError, type Embedder, type EmbedderStats } from './embedder';
export { BuiltinEmbedder } from './builtin-embedder';
export { OpenAiEmbedder, type OpenAiEmbedderOptions } from './openai-embedder';
