// Any OpenAI-compatible /v1/embeddings endpoint (OpenAI, Azure, Ollama, vLLM, LM Studio). The key is passed in
// by the caller (SecretStorage in VS Code, env in the CLI); nothing here reads settings or files.
import OpenAI from 'openai';
import { l10n } from '../messages';
import { checkVectors, EmbeddingError, type Embedder, type EmbedderStats } from './embedder';

export interface OpenAiEmbedderOptions {
  baseURL: string;
  model: string;
  apiKey?: string;
  /** Known vector length; otherwise learnt from the first answer. */
  dimension?: number;
  /** Texts per request; providers cap this (OpenAI 2048, many local servers less). */
  maxBatch?: number;
  timeoutMs?: number;
  maxRetries?: number;
}

export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  readonly maxBatch: number;
  readonly stats: EmbedderStats = { calls: 0, texts: 0 };
  private dim: number;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.id = `openai:${options.model}`;
    this.dim = options.dimension ?? 0;
    this.maxBatch = options.maxBatch ?? 128;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      // Local servers need no key, but the client refuses to start without one.
      apiKey: options.apiKey || 'not-needed',
      timeout: options.timeoutMs ?? 60_000,
      maxRetries: options.maxRetries ?? 1,
    });
  }

  get dimension(): number {
    return this.dim;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    signal?.throwIfAborted();
    this.stats.calls++;
    this.stats.texts += texts.length;
    let data: { index?: number; embedding?: unknown }[];
    try {
      // Floats, not the client's default base64: Ollama and others do not implement base64.
      const res = await this.client.embeddings.create({ model: this.options.model, input: texts, encoding_format: 'float' }, { signal });
      data = Array.isArray(res?.data) ? res.data : [];
    } catch (e) {
      if (signal?.aborted) throw signal.reason ?? e;
      throw describeFailure(e, this.options.baseURL, this.options.model);
    }
    const vectors = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((d) => d.embedding);
    checkVectors(this, vectors, texts.length);
    if (!this.dim) this.dim = vectors[0].length;
    return vectors;
  }
}

// The server's own words (err.message) stay as they came; everything around them is a Message.
function describeFailure(e: unknown, url: string, model: string): EmbeddingError {
  const err = e as { status?: number; message?: string; name?: string };
  if (e instanceof OpenAI.APIConnectionTimeoutError) return new EmbeddingError(l10n.t('The embedding endpoint {0} (model {1}) timed out', url, model), l10n.t('Check that the server is running and not overloaded, then train again.'), { cause: e });
  if (e instanceof OpenAI.APIConnectionError) return new EmbeddingError(l10n.t('Cannot reach the embedding endpoint {0} (model {1})', url, model), l10n.t('Check the base URL and that the server is running.'), { cause: e });
  if (err?.status === 401 || err?.status === 403) return new EmbeddingError(l10n.t('The embedding endpoint {0} (model {1}) refused the API key (HTTP {2})', url, model, err.status), l10n.t('Set a valid API key.'), { cause: e });
  if (err?.status === 404) return new EmbeddingError(l10n.t('The embedding endpoint {0} (model {1}) answered 404: wrong base URL or unknown model', url, model), l10n.t('Check the base URL (it usually ends in /v1) and the model name.'), { cause: e });
  if (err?.status) {
    const text = err.message ? l10n.t('The embedding endpoint {0} (model {1}) failed with HTTP {2}: {3}', url, model, err.status, err.message) : l10n.t('The embedding endpoint {0} (model {1}) failed with HTTP {2}', url, model, err.status);
    return new EmbeddingError(text, l10n.t('Check the server log, then train again.'), { cause: e });
  }
  return new EmbeddingError(l10n.t('The embedding endpoint {0} (model {1}) failed: {2}', url, model, err?.message ?? String(e)), l10n.t('Check the server, then train again.'), { cause: e });
}
