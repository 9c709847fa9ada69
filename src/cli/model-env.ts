// What the CLI's train/retrieve/ask commands share: the vector store (embedded Chroma under --dir, or
// --chroma-url), the embedder and the LLM, configured from flags and environment variables (never files).
import { TableTalkError } from '../core/errors';
import { join } from 'node:path';
import { BuiltinEmbedder } from '../core/vector/builtin-embedder';
import { EmbeddedChroma } from '../core/vector/chroma-server';
import type { Embedder } from '../core/vector/embedder';
import { RemoteChroma, type ChromaEndpoint } from '../core/vector/endpoint';
import { OpenAiEmbedder } from '../core/vector/openai-embedder';
import { VectorStore } from '../core/vector/vector-store';
import { OpenAiChatProvider } from '../core/llm/openai-chat';
import type { LlmProvider } from '../core/llm/provider';
import { stringFlag, type ParsedArgs } from './args';

export const envHelp = `Environment:
  TABLETALK_OPENAI_BASE_URL  OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1
  TABLETALK_OPENAI_API_KEY   its API key (optional for local servers)
  TABLETALK_EMBEDDING_MODEL  embedding model for --embedder openai, e.g. text-embedding-3-small
  TABLETALK_LLM_MODEL        chat model; when set, training asks it for example questions (else templates)
  TABLETALK_LLM_TIMEOUT_SECONDS  seconds to wait for one LLM answer (default 60)
  TABLETALK_CHROMA_TOKEN     auth token sent to --chroma-url (Authorization: Bearer)
  TABLETALK_PASSWORD         database password when the URL has none
  TABLETALK_CHROMA_IDLE_SECONDS  seconds the embedded Chroma server stays up after the last call, shared by the
                             next calls (default 600; 0 stops it when the call ends); "tabletalk daemon stop" ends it`;

export interface VectorEnv {
  store: VectorStore;
  /** Stops the embedded Chroma server this command started (no-op for a remote one). */
  close(): Promise<void>;
}

/** Where the CLI's embedded Chroma keeps its data for the folder --dir. */
export function embeddedDataDir(dir: string): string {
  return join(dir, '.tabletalk', 'chroma');
}

/** How long the shared embedded server stays up without use: TABLETALK_CHROMA_IDLE_SECONDS, default 10 minutes. */
export function chromaIdleMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.TABLETALK_CHROMA_IDLE_SECONDS;
  if (text === undefined || text.trim() === '') return 600_000;
  const seconds = Number(text);
  if (!(Number.isFinite(seconds) && seconds >= 0 && seconds <= 86_400)) throw new TableTalkError('config', `TABLETALK_CHROMA_IDLE_SECONDS must be a number of seconds from 0 to 86400, not "${text}"`, { hint: '0 stops the embedded Chroma server when each call ends.' });
  return Math.round(seconds * 1000);
}

/** Embedded Chroma with its data in <dir>/.tabletalk/chroma, or the server at --chroma-url. */
export function openVectorStore(args: ParsedArgs, dir: string, env: NodeJS.ProcessEnv = process.env): VectorEnv {
  const url = stringFlag(args, 'chroma-url');
  let endpoint: ChromaEndpoint;
  let close = async () => {};
  if (url) {
    endpoint = new RemoteChroma({ url, token: env.TABLETALK_CHROMA_TOKEN || undefined });
  } else {
    const chroma = new EmbeddedChroma({ dataDir: embeddedDataDir(dir), daemon: { root: dir, idleMs: chromaIdleMs(env) }, log: env.TABLETALK_DEBUG ? (l) => console.error(l) : undefined });
    endpoint = chroma;
    close = () => chroma.stop();
  }
  return { store: new VectorStore(endpoint), close };
}

function openAiBase(env: NodeJS.ProcessEnv, what: string): { baseURL: string; apiKey?: string } {
  const baseURL = env.TABLETALK_OPENAI_BASE_URL;
  if (!baseURL) throw new TableTalkError('config', `${what} needs TABLETALK_OPENAI_BASE_URL`, { hint: 'Set it to an OpenAI-compatible endpoint such as https://api.openai.com/v1.' });
  return { baseURL, apiKey: env.TABLETALK_OPENAI_API_KEY || undefined };
}

/** "builtin" (default) or "openai" (TABLETALK_OPENAI_BASE_URL + TABLETALK_EMBEDDING_MODEL). */
export function makeEmbedder(kind: string | undefined, env: NodeJS.ProcessEnv = process.env): Embedder {
  if (!kind || kind === 'builtin') return new BuiltinEmbedder();
  if (kind === 'openai') {
    const model = env.TABLETALK_EMBEDDING_MODEL;
    if (!model) throw new TableTalkError('config', '--embedder openai needs TABLETALK_EMBEDDING_MODEL', { hint: 'Set it to the embedding model name, e.g. text-embedding-3-small.' });
    return new OpenAiEmbedder({ ...openAiBase(env, '--embedder openai'), model });
  }
  throw new Error(`--embedder must be builtin or openai, not "${kind}"`);
}

/** The embedder a dataset was trained with, from the id recorded in its run state. */
export function embedderForId(id: string, env: NodeJS.ProcessEnv = process.env): Embedder {
  const builtin = /^builtin-hash-v\d+-(\d+)$/.exec(id);
  if (builtin) return new BuiltinEmbedder(Number(builtin[1]));
  if (id.startsWith('openai:')) {
    const model = id.slice('openai:'.length);
    return new OpenAiEmbedder({ ...openAiBase(env, `The dataset's embedder ${id}`), model });
  }
  throw new Error(`Unknown embedder "${id}" recorded for this dataset; train it again`);
}

/** The LLM for --llm openai, or automatically when TABLETALK_LLM_MODEL is set; none with --llm none. */
export function makeLlm(kind: string | undefined, env: NodeJS.ProcessEnv = process.env): LlmProvider | undefined {
  if (kind === 'none') return undefined;
  const model = env.TABLETALK_LLM_MODEL;
  if (!model) {
    if (kind === 'openai') throw new TableTalkError('config', '--llm openai needs TABLETALK_LLM_MODEL', { hint: 'Set it to the chat model name.' });
    return undefined;
  }
  if (kind && kind !== 'openai') throw new Error(`--llm must be openai or none, not "${kind}"`);
  const seconds = env.TABLETALK_LLM_TIMEOUT_SECONDS;
  const timeout = seconds === undefined || seconds === '' ? undefined : Number(seconds);
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0 && timeout <= 3600)) throw new Error(`TABLETALK_LLM_TIMEOUT_SECONDS must be a number of seconds from 1 to 3600, not "${seconds}"`);
  return new OpenAiChatProvider({ ...openAiBase(env, 'The LLM'), model, timeoutMs: timeout === undefined ? undefined : timeout * 1000, timeoutEnv: 'TABLETALK_LLM_TIMEOUT_SECONDS' });
}
