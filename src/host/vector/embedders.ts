// The embedder from settings (built-in offline, or an OpenAI-compatible /v1/embeddings endpoint with its key from
// SecretStorage), and the embedder a trained dataset needs for querying (the one recorded with its collections).
import { TableTalkError } from '../../core/errors';
import * as vscode from 'vscode';
import type { Embedder } from '../../core/vector/embedder';
import type { TableTalkContext } from '../context';
import { embeddingsSettings, llmSettings, secretKeys } from './settings';
import { endpointSecret } from './endpoint-secrets';


/** The embeddings key; an LLM key for the same endpoint is used when no embeddings key is stored. */
async function embeddingsKey(ctx: TableTalkContext, baseUrl: string): Promise<string | undefined> {
  const what = vscode.l10n.t('the embeddings endpoint (API key and the texts to embed)');
  const own = await endpointSecret(ctx, secretKeys.embeddingsApiKey, 'embeddings.baseUrl', baseUrl, what);
  if (own) return own;
  const llm = llmSettings();
  // The LLM's key, only where it was saved for (the LLM endpoint is the embeddings endpoint here).
  return llm.provider === 'openai' && llm.baseUrl === baseUrl ? endpointSecret(ctx, secretKeys.llmApiKey, 'llm.baseUrl', baseUrl, what) : undefined;
}

async function openAiEmbedder(ctx: TableTalkContext, model: string): Promise<Embedder> {
  const s = embeddingsSettings();
  if (!s.baseUrl) throw new TableTalkError('config', vscode.l10n.t('tabletalk.embeddings.baseUrl is empty'), { hint: vscode.l10n.t('Run "TableTalk: Configure Embeddings" to set the endpoint.') });
  const { OpenAiEmbedder } = await import('../../core/vector/openai-embedder.js');
  return new OpenAiEmbedder({ baseURL: s.baseUrl, model, apiKey: await embeddingsKey(ctx, s.baseUrl) });
}

/** The embedder training uses now. */
export async function configuredEmbedder(ctx: TableTalkContext): Promise<Embedder> {
  const s = embeddingsSettings();
  if (s.provider === 'openai') {
    if (!s.model) throw new TableTalkError('config', vscode.l10n.t('tabletalk.embeddings.model is empty'), { hint: vscode.l10n.t('Run "TableTalk: Configure Embeddings" to choose the embedding model.') });
    return openAiEmbedder(ctx, s.model);
  }
  const { BuiltinEmbedder } = await import('../../core/vector/builtin-embedder.js');
  return new BuiltinEmbedder();
}

/**
 * The embedder a dataset was trained with (its run state records the id), so questions are embedded the same way.
 * An OpenAI-compatible embedder uses the endpoint and key from settings with the recorded model.
 */
export async function embedderForId(ctx: TableTalkContext, id: string): Promise<Embedder> {
  const builtin = /^builtin-hash-v\d+-(\d+)$/.exec(id);
  if (builtin) {
    const { BuiltinEmbedder } = await import('../../core/vector/builtin-embedder.js');
    return new BuiltinEmbedder(Number(builtin[1]));
  }
  if (id.startsWith('openai:')) return openAiEmbedder(ctx, id.slice('openai:'.length));
  throw new TableTalkError('config', vscode.l10n.t('The dataset was trained with an unknown embedder "{0}"', id), { hint: vscode.l10n.t('Train the dataset again.') });
}
