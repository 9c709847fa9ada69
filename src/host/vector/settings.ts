// The model settings (vector store, embeddings, LLM) as typed values, and the SecretStorage keys of their
// credentials. Settings never hold a token or key: those live in SecretStorage only.
import * as vscode from 'vscode';

export const secretKeys = {
  chromaToken: 'tabletalk.vectorStore.token',
  embeddingsApiKey: 'tabletalk.embeddings.apiKey',
  llmApiKey: 'tabletalk.llm.apiKey',
} as const;

export type VectorStoreKind = 'embedded' | 'remote';
export type EmbeddingsProvider = 'builtin' | 'openai';
export type LlmProviderKind = 'none' | 'openai' | 'vscode-lm';

export interface VectorStoreSettings {
  kind: VectorStoreKind;
  url: string;
  tokenHeader: 'Authorization' | 'X-Chroma-Token';
  tenant: string;
  database: string;
}

export interface EmbeddingsSettings {
  provider: EmbeddingsProvider;
  baseUrl: string;
  model: string;
}

export interface LlmSettings {
  provider: LlmProviderKind;
  baseUrl: string;
  model: string;
  /** 0: the model's own limit (VS Code models) or 8192 (OpenAI-compatible). */
  contextWindow: number;
  /** Seconds to wait for one answer of an OpenAI-compatible endpoint. */
  timeoutSeconds: number;
}

const cfg = () => vscode.workspace.getConfiguration('tabletalk');
const str = (key: string, fallback = '') => String(cfg().get<string>(key) ?? fallback).trim();

export function vectorStoreSettings(): VectorStoreSettings {
  return {
    kind: str('vectorStore.kind', 'embedded') === 'remote' ? 'remote' : 'embedded',
    url: str('vectorStore.url'),
    tokenHeader: str('vectorStore.tokenHeader') === 'X-Chroma-Token' ? 'X-Chroma-Token' : 'Authorization',
    tenant: str('vectorStore.tenant'),
    database: str('vectorStore.database'),
  };
}

export function embeddingsSettings(): EmbeddingsSettings {
  return {
    provider: str('embeddings.provider', 'builtin') === 'openai' ? 'openai' : 'builtin',
    baseUrl: str('embeddings.baseUrl', 'https://api.openai.com/v1'),
    model: str('embeddings.model', 'text-embedding-3-small'),
  };
}

export function llmSettings(): LlmSettings {
  const provider = str('llm.provider', 'none');
  const contextWindow = Number(cfg().get<number>('llm.contextWindow') ?? 0);
  const timeout = Number(cfg().get<number>('llm.timeoutSeconds') ?? 60);
  return {
    provider: provider === 'openai' || provider === 'vscode-lm' ? provider : 'none',
    baseUrl: str('llm.baseUrl', 'https://api.openai.com/v1'),
    model: str('llm.model'),
    contextWindow: Number.isFinite(contextWindow) && contextWindow > 0 ? Math.floor(contextWindow) : 0,
    timeoutSeconds: Number.isFinite(timeout) && timeout >= 1 ? Math.min(3600, Math.floor(timeout)) : 60,
  };
}

export type SettingsScope = 'user' | 'workspace';

/** Writes `tabletalk.<key>`; undefined removes it from that scope. */
export async function updateSetting(key: string, value: unknown, scope: SettingsScope = 'user'): Promise<void> {
  await cfg().update(key, value, scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
}
