import { TableTalkError } from '../errors';
import { l10n } from '../messages';
import { type Message, type Text } from '../messages';

/** Turns texts into vectors. One `embed` call is one request to the provider (callers batch). */
export interface Embedder {
  /** Stable id recorded on every collection, e.g. "builtin-hash-v1-1024" or "openai:text-embedding-3-small". */
  readonly id: string;
  /** Vector length; 0 until known for providers that reveal it only with their first answer. */
  readonly dimension: number;
  /** Largest batch one call accepts. */
  readonly maxBatch: number;
  /** Calls and texts embedded so far, for benchmarks and the "no re-embedding" guarantee. */
  readonly stats: EmbedderStats;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

export interface EmbedderStats {
  calls: number;
  texts: number;
}

/** An embedding provider failed or answered nonsense; `hint` says what to do. */
export class EmbeddingError extends TableTalkError {
  constructor(message: Text, hint?: Text, options?: { cause?: unknown }) {
    super('embedding', message, { hint, cause: options?.cause });
  }
}

/** Embeds any number of texts in batches of at most `batchSize` (and the embedder's maxBatch), in order. */
export async function embedAll(embedder: Embedder, texts: string[], options: { batchSize?: number; signal?: AbortSignal; onBatch?: (done: number, total: number) => void } = {}): Promise<number[][]> {
  const size = Math.max(1, Math.min(options.batchSize ?? 128, embedder.maxBatch));
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i += size) {
    options.signal?.throwIfAborted();
    const batch = texts.slice(i, i + size);
    const vectors = await embedder.embed(batch, options.signal);
    checkVectors(embedder, vectors, batch.length);
    out.push(...vectors);
    options.onBatch?.(out.length, texts.length);
  }
  return out;
}

/** Rejects answers a vector store would choke on: wrong count, ragged or non-finite vectors. */
export function checkVectors(embedder: Pick<Embedder, 'id' | 'dimension'>, vectors: unknown, expected: number): asserts vectors is number[][] {
  const bad = (why: Message) => new EmbeddingError(l10n.t('Embedder {0} returned unusable vectors: {1}', embedder.id, why), l10n.t('Check the embedding endpoint and model; they must return one numeric vector per input.'));
  if (!Array.isArray(vectors) || vectors.length !== expected) throw bad(l10n.t('expected {0} vectors, got {1}', expected, Array.isArray(vectors) ? vectors.length : typeof vectors));
  const dim = embedder.dimension || (Array.isArray(vectors[0]) ? vectors[0].length : 0);
  for (const v of vectors) {
    if (!Array.isArray(v) || v.length === 0) throw bad(l10n.t('a vector is empty or not an array'));
    if (v.length !== dim) throw bad(l10n.t('vector length {0} differs from {1}', v.length, dim));
    for (const x of v) if (typeof x !== 'number' || !Number.isFinite(x)) throw bad(l10n.t('a vector holds a value that is not a finite number'));
  }
}
