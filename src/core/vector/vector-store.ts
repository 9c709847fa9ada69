// A thin layer over the chromadb client: we compute embeddings ourselves (batched, counted, cancellable), so
// collections get a stand-in embedding function that refuses to embed, and every collection records which
// embedder and dimension its vectors came from.
import { errorHintOf, errorTextOf, TableTalkError } from '../errors';
import { l10n } from '../messages';
import { type Message, type Text } from '../messages';
import { ChromaClient, ChromaNotFoundError, type Collection, type EmbeddingFunction, type Metadata, type Where } from 'chromadb';
import type { ChromaConnection, ChromaEndpoint } from './endpoint';
import type { Embedder } from './embedder';

/** Extra hits fetched beyond k so that ties at the k-th place are broken by id, not by the server. */
const TIE_MARGIN = 10;

export type MetaValue = string | number | boolean;
export type RecordMetadata = Record<string, MetaValue>;

export interface VectorRecord {
  id: string;
  document: string;
  metadata: RecordMetadata;
  embedding?: number[];
}

export interface QueryHit {
  id: string;
  document: string;
  metadata: RecordMetadata;
  /** Cosine distance: 0 is identical. */
  distance: number;
}

/** What TableTalk records on every collection it creates. */
export interface CollectionMeta {
  embedder: string;
  dimension: number;
  /** ddl | documentation | sql */
  kind?: string;
  /** Hash of the sorted item ids: equal hashes mean identical content. */
  contentHash?: string;
  items?: number;
  runId?: string;
}

export interface QueryOptions {
  /**
   * Ids and distances only (documents and metadata left empty): for callers that hold the records already (the
   * full strategy's in-memory corpus), so a search does not carry 90 documents over HTTP.
   */
  idsOnly?: boolean;
}

export class VectorStoreError extends TableTalkError {
  constructor(message: Text, hint?: Text, options?: { cause?: unknown }) {
    super('vector-store', message, { hint, cause: options?.cause });
  }
}

/** Querying a collection with another embedder than it was trained with: vectors would be meaningless. */
export class EmbedderMismatchError extends VectorStoreError {
  constructor(readonly collection: string, readonly trained: Text, readonly current: Text) {
    super(
      l10n.t('Collection {0} was trained with embedder "{1}", but the current embedder is "{2}"', collection, trained, current),
      l10n.t('Retrain the dataset with the current embedder (or switch back to the one it was trained with).'),
    );
    this.name = 'EmbedderMismatchError';
  }
}

// Chroma wants an embedding function per collection; ours never embeds because vectors always come with the call.
const precomputed: EmbeddingFunction = {
  name: 'tabletalk-precomputed',
  generate: async () => {
    throw new Error('TableTalk passes embeddings explicitly; the collection embedding function must not be called');
  },
};

/** Resolves when the promise does, rejects as soon as the signal aborts (Chroma's client takes no per-call signal). */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}

const ID_CHUNK = 500;

export class VectorStore {
  private client: ChromaClient | null = null;
  private clientKey = '';
  private readonly collections = new Map<string, Collection>();

  constructor(readonly endpoint: ChromaEndpoint, private readonly batchSize = 1000) {}

  describe(): string {
    return this.endpoint.describe();
  }

  private async getClient(): Promise<ChromaClient> {
    let conn: ChromaConnection;
    try {
      conn = await this.endpoint.connection();
    } catch (e) {
      throw new VectorStoreError(l10n.t('{0} is not available: {1}', this.label(), errorTextOf(e)), errorHintOf(e), { cause: e });
    }
    const key = JSON.stringify(conn);
    if (!this.client || key !== this.clientKey) {
      this.client = new ChromaClient({ host: conn.host, port: conn.port, ssl: conn.ssl, headers: conn.headers, tenant: conn.tenant, database: conn.database });
      this.clientKey = key;
      this.collections.clear();
    }
    return this.client;
  }

  /** Runs one Chroma operation, turning connection failures into a readable error. */
  /** The endpoint in a sentence, in the reader's language. */
  private label(): Message {
    return this.endpoint.label();
  }

  private async call<T>(what: Message, op: (client: ChromaClient) => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const client = await this.getClient();
    try {
      return await abortable(op(client), signal);
    } catch (e) {
      if (signal?.aborted) throw e;
      if (e instanceof VectorStoreError || e instanceof ChromaNotFoundError) throw e;
      const err = e as Error;
      if (err?.name === 'ChromaConnectionError') {
        this.collections.clear();
        throw new VectorStoreError(l10n.t('Lost the connection to {0} while trying to {1}', this.label(), what), l10n.t('Check that the Chroma server is running; TableTalk restarts the embedded one by itself. Then try again.'), { cause: e });
      }
      if (err?.name === 'ChromaUnauthorizedError' || err?.name === 'ChromaForbiddenError') {
        throw new VectorStoreError(l10n.t('{0} refused access while trying to {1}', this.label(), what), l10n.t('Check the Chroma auth token.'), { cause: e });
      }
      throw new VectorStoreError(l10n.t('Chroma failed to {0}: {1}', what, err?.message ?? String(e)), undefined, { cause: e });
    }
  }

  private async collection(name: string, signal?: AbortSignal): Promise<Collection> {
    const cached = this.collections.get(name);
    if (cached) return cached;
    const col = await this.call(l10n.t('open collection {0}', name), (c) => c.getCollection({ name, embeddingFunction: precomputed }), signal);
    this.collections.set(name, col);
    return col;
  }

  async heartbeat(signal?: AbortSignal): Promise<void> {
    await this.call(l10n.t('answer a heartbeat'), (c) => c.heartbeat(), signal);
  }

  async listCollections(signal?: AbortSignal): Promise<string[]> {
    const names: string[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await this.call(l10n.t('list collections'), (c) => c.listCollections({ limit: 100, offset }), signal);
      names.push(...page.map((p) => p.name));
      if (page.length < 100) return names;
    }
  }

  /** The TableTalk metadata of a collection, or null when it does not exist. */
  async info(name: string, signal?: AbortSignal): Promise<CollectionMeta | null> {
    try {
      const col = await this.collection(name, signal);
      const m = (col.metadata ?? {}) as Record<string, unknown>;
      return {
        embedder: String(m.embedder ?? ''),
        dimension: Number(m.dimension ?? 0),
        ...(m.kind !== undefined ? { kind: String(m.kind) } : {}),
        ...(m.contentHash !== undefined ? { contentHash: String(m.contentHash) } : {}),
        ...(m.items !== undefined ? { items: Number(m.items) } : {}),
        ...(m.runId !== undefined ? { runId: String(m.runId) } : {}),
      };
    } catch (e) {
      if (e instanceof ChromaNotFoundError) return null;
      throw e;
    }
  }

  async createCollection(name: string, meta: CollectionMeta, signal?: AbortSignal): Promise<void> {
    const metadata = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined)) as Metadata;
    const col = await this.call(
      l10n.t('create collection {0}', name),
      // Chroma searches new records exactly and compacted ones through HNSW, whose default ef_search (10) is below
      // the depth retrieval asks for: the same question would rank differently before and after compaction.
      (c) => c.createCollection({ name, metadata, embeddingFunction: precomputed, configuration: { hnsw: { space: 'cosine', ef_construction: 200, ef_search: 200 } } }),
      signal,
    );
    this.collections.set(name, col);
  }

  /** Deletes a collection; a missing one is not an error. */
  async deleteCollection(name: string, signal?: AbortSignal): Promise<void> {
    this.collections.delete(name);
    try {
      await this.call(l10n.t('delete collection {0}', name), (c) => c.deleteCollection({ name }), signal);
    } catch (e) {
      if (!(e instanceof ChromaNotFoundError) && !/could not be found|does not exist/i.test((e as Error).message)) throw e;
    }
  }

  async count(name: string, signal?: AbortSignal): Promise<number> {
    const col = await this.collection(name, signal);
    return this.call(l10n.t('count {0}', name), () => col.count(), signal);
  }

  /** The records with these ids that exist, with their embeddings when asked. */
  async getByIds(name: string, ids: string[], options: { embeddings?: boolean; signal?: AbortSignal } = {}): Promise<VectorRecord[]> {
    const col = await this.collection(name, options.signal);
    const out: VectorRecord[] = [];
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = ids.slice(i, i + ID_CHUNK);
      const res = await this.call(
        l10n.t('read {0}', name),
        () => col.get({ ids: chunk, include: options.embeddings ? ['documents', 'metadatas', 'embeddings'] : ['documents', 'metadatas'] }),
        options.signal,
      );
      out.push(...toRecords(res.ids, res.documents, res.metadatas, options.embeddings ? res.embeddings : undefined));
    }
    return out;
  }

  /** Records matching a metadata filter (e.g. { source: 'llm' }). */
  async getWhere(name: string, where: Where, options: { embeddings?: boolean; signal?: AbortSignal; limit?: number } = {}): Promise<VectorRecord[]> {
    const col = await this.collection(name, options.signal);
    const res = await this.call(
      l10n.t('read {0}', name),
      () => col.get({ where, limit: options.limit, include: options.embeddings ? ['documents', 'metadatas', 'embeddings'] : ['documents', 'metadatas'] }),
      options.signal,
    );
    return toRecords(res.ids, res.documents, res.metadatas, options.embeddings ? res.embeddings : undefined);
  }

  /** Writes records that carry their embeddings, in batches the server accepts. */
  async upsert(name: string, records: VectorRecord[], signal?: AbortSignal): Promise<void> {
    const col = await this.collection(name, signal);
    for (let i = 0; i < records.length; i += this.batchSize) {
      const chunk = records.slice(i, i + this.batchSize);
      if (chunk.some((r) => !r.embedding)) throw new Error('upsert needs an embedding for every record');
      await this.call(
        l10n.t('write to {0}', name),
        () => col.upsert({ ids: chunk.map((r) => r.id), embeddings: chunk.map((r) => r.embedding as number[]), documents: chunk.map((r) => r.document), metadatas: chunk.map((r) => r.metadata) }),
        signal,
      );
    }
  }

  /** Nearest records to a vector. */
  async query(name: string, embedding: number[], k: number, signal?: AbortSignal, options: QueryOptions = {}): Promise<QueryHit[]> {
    return (await this.queryMany(name, [embedding], k, signal, options))[0] ?? [];
  }

  /** Several searches of one collection in one request (batch retrieval), in the order of `embeddings`. */
  async queryMany(name: string, embeddings: number[][], k: number, signal?: AbortSignal, options: QueryOptions = {}): Promise<QueryHit[][]> {
    if (!embeddings.length) return [];
    const col = await this.collection(name, signal);
    // Records at the same distance (an English example and its Chinese twin embed alike) come back from Chroma in
    // an order that changes from one server process to the next, so the k-th place could go either way: fetch a
    // margin more, order ties by id, then cut, and identical runs rank identically.
    const res = await this.call(l10n.t('search {0}', name), () => col.query({ queryEmbeddings: embeddings, nResults: k + TIE_MARGIN, include: options.idsOnly ? ['distances'] : ['documents', 'metadatas', 'distances'] }), signal);
    return embeddings.map((_, q) =>
      (res.ids[q] ?? [])
        .map((id, i) => ({
          id,
          document: res.documents?.[q]?.[i] ?? '',
          metadata: (res.metadatas?.[q]?.[i] ?? {}) as RecordMetadata,
          distance: res.distances[q]?.[i] ?? 1,
        }))
        .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, k),
    );
  }

  /** Throws EmbedderMismatchError unless the collection was trained with this embedder. */
  async assertEmbedder(name: string, embedder: Pick<Embedder, 'id' | 'dimension'>, signal?: AbortSignal): Promise<CollectionMeta> {
    const meta = await this.info(name, signal);
    if (!meta) throw new VectorStoreError(l10n.t('Collection {0} does not exist in {1}', name, this.label()), l10n.t('Train the dataset again.'));
    if (meta.embedder !== embedder.id || (embedder.dimension && meta.dimension !== embedder.dimension)) throw new EmbedderMismatchError(name, l10n.t('{0} ({1} dimensions)', meta.embedder, meta.dimension), embedder.dimension ? l10n.t('{0} ({1} dimensions)', embedder.id, embedder.dimension) : embedder.id);
    return meta;
  }

  /** Embeds a text and searches a collection, after checking the collection's embedder. */
  async queryText(name: string, embedder: Embedder, text: string, k: number, signal?: AbortSignal): Promise<QueryHit[]> {
    await this.assertEmbedder(name, embedder, signal);
    const [vector] = await embedder.embed([text], signal);
    return this.query(name, vector, k, signal);
  }
}

function toRecords(ids: string[], documents: (string | null)[], metadatas: (Metadata | null)[], embeddings?: (number[] | null)[]): VectorRecord[] {
  return ids.map((id, i) => ({
    id,
    document: documents[i] ?? '',
    metadata: (metadatas[i] ?? {}) as RecordMetadata,
    ...(embeddings?.[i] ? { embedding: Array.from(embeddings[i] as number[]) } : {}),
  }));
}
