// "Configure Vector Store" and "Configure Embeddings": settings get the non-secret values, SecretStorage the token
// or key. From code (tests, walkthroughs) an input object skips the prompts.
import * as vscode from 'vscode';
import type { TableTalkContext } from '../context';
import { originOf } from '../secrets';
import { embeddingsSettings, secretKeys, updateSetting, vectorStoreSettings, type EmbeddingsProvider, type SettingsScope, type VectorStoreKind } from './settings';


/** `token`: undefined keeps the stored one, '' removes it, anything else replaces it. */
export interface VectorStoreInput {
  kind: VectorStoreKind;
  url?: string;
  token?: string;
  tokenHeader?: 'Authorization' | 'X-Chroma-Token';
  tenant?: string;
  database?: string;
  scope?: SettingsScope;
}

export interface EmbeddingsInput {
  provider: EmbeddingsProvider;
  baseUrl?: string;
  model?: string;
  apiKey?: string;
  scope?: SettingsScope;
}

export function checkUrl(value: string): string | undefined {
  try {
    const u = new URL(value.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : vscode.l10n.t('The URL must start with http:// or https://');
  } catch {
    return vscode.l10n.t('Enter a URL such as http://127.0.0.1:8000');
  }
}

/**
 * Stores (a value), removes ('') or keeps (undefined) a secret, bound to the origin of `url`: the endpoint the user
 * just configured through TableTalk (a kept secret moves with it).
 */
export async function applySecret(ctx: TableTalkContext, key: string, value: string | undefined, url: string): Promise<void> {
  if (value === '') await ctx.secrets.delete(key);
  else if (value !== undefined) await ctx.secrets.storeFor(key, value, originOf(url));
  else await ctx.secrets.rebind(key, originOf(url));
}

async function askSecret(ctx: TableTalkContext, key: string, title: string, prompt: string): Promise<string | undefined | null> {
  const has = await ctx.secrets.has(key);
  const value = await vscode.window.showInputBox({
    title,
    prompt: has ? vscode.l10n.t('{0} (leave blank to keep the stored one; enter "-" to remove it)', prompt) : vscode.l10n.t('{0} (leave blank if none)', prompt),
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return null;
  if (value === '-') return '';
  return value === '' ? undefined : value;
}

export async function configureVectorStore(ctx: TableTalkContext, input?: VectorStoreInput): Promise<VectorStoreInput | undefined> {
  let answers = input && typeof input === 'object' && 'kind' in input ? input : undefined;
  if (answers) {
    if (answers.kind !== 'embedded' && answers.kind !== 'remote') throw new Error(vscode.l10n.t('"kind" must be "embedded" or "remote"'));
    if (answers.kind === 'remote') {
      const problem = checkUrl(answers.url ?? vectorStoreSettings().url);
      if (problem) throw new Error(problem);
    }
  } else {
    const title = vscode.l10n.t('Configure Vector Store');
    const current = vectorStoreSettings();
    const kinds: (vscode.QuickPickItem & { store: VectorStoreKind })[] = [
      { label: vscode.l10n.t('Embedded Chroma'), description: vscode.l10n.t('a local server TableTalk starts by itself; data in VS Code storage'), store: 'embedded' },
      { label: vscode.l10n.t('Remote Chroma'), description: vscode.l10n.t('a team server or Chroma Cloud, shared by everyone who uses it'), store: 'remote' },
    ];
    const pick = await vscode.window.showQuickPick(kinds.map((k) => ({ ...k, picked: k.store === current.kind })), { title, placeHolder: vscode.l10n.t('Where should trained models be stored? (now: {0})', current.kind), ignoreFocusOut: true });
    if (!pick) return undefined;
    answers = { kind: pick.store };
    if (pick.store === 'remote') {
      const url = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Chroma URL'), value: current.url || 'http://127.0.0.1:8000', validateInput: checkUrl, ignoreFocusOut: true });
      if (!url) return undefined;
      const token = await askSecret(ctx, secretKeys.chromaToken, title, vscode.l10n.t('Auth token, kept in VS Code secret storage'));
      if (token === null) return undefined;
      answers = { kind: 'remote', url: url.trim(), token };
    }
  }
  if (answers.kind === 'remote') {
    if (answers.url !== undefined) await updateSetting('vectorStore.url', answers.url.trim(), answers.scope);
    if (answers.tokenHeader !== undefined) await updateSetting('vectorStore.tokenHeader', answers.tokenHeader, answers.scope);
    if (answers.tenant !== undefined) await updateSetting('vectorStore.tenant', answers.tenant || undefined, answers.scope);
    if (answers.database !== undefined) await updateSetting('vectorStore.database', answers.database || undefined, answers.scope);
  }
  await applySecret(ctx, secretKeys.chromaToken, answers.token, answers.url?.trim() || vectorStoreSettings().url);
  await updateSetting('vectorStore.kind', answers.kind, answers.scope);
  ctx.log.info(`Vector store set to ${answers.kind}${answers.kind === 'remote' ? ` (${vectorStoreSettings().url})` : ''}`);
  const { token: _secret, ...shown } = answers;
  return shown;
}

export async function configureEmbeddings(ctx: TableTalkContext, input?: EmbeddingsInput): Promise<EmbeddingsInput | undefined> {
  let answers = input && typeof input === 'object' && 'provider' in input ? input : undefined;
  if (answers) {
    if (answers.provider !== 'builtin' && answers.provider !== 'openai') throw new Error(vscode.l10n.t('"provider" must be "builtin" or "openai"'));
    if (answers.provider === 'openai' && answers.baseUrl !== undefined) {
      const problem = checkUrl(answers.baseUrl);
      if (problem) throw new Error(problem);
    }
  } else {
    const title = vscode.l10n.t('Configure Embeddings');
    const current = embeddingsSettings();
    const providers: (vscode.QuickPickItem & { provider: EmbeddingsProvider })[] = [
      { label: vscode.l10n.t('Built-in'), description: vscode.l10n.t('offline, no download, no key; good for table and column names'), provider: 'builtin' },
      { label: vscode.l10n.t('OpenAI-compatible endpoint'), description: vscode.l10n.t('OpenAI, Azure, Ollama, vLLM, LM Studio: /v1/embeddings'), provider: 'openai' },
    ];
    const pick = await vscode.window.showQuickPick(providers.map((p) => ({ ...p, picked: p.provider === current.provider })), { title, placeHolder: vscode.l10n.t('Which embeddings? Changing them means training datasets again.'), ignoreFocusOut: true });
    if (!pick) return undefined;
    answers = { provider: pick.provider };
    if (pick.provider === 'openai') {
      const baseUrl = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Base URL (ends in /v1)'), value: current.baseUrl, validateInput: checkUrl, ignoreFocusOut: true });
      if (!baseUrl) return undefined;
      const model = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Embedding model'), value: current.model, validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A model name is required.')), ignoreFocusOut: true });
      if (!model) return undefined;
      const apiKey = await askSecret(ctx, secretKeys.embeddingsApiKey, title, vscode.l10n.t('API key, kept in VS Code secret storage'));
      if (apiKey === null) return undefined;
      answers = { provider: 'openai', baseUrl: baseUrl.trim(), model: model.trim(), apiKey };
    }
  }
  if (answers.baseUrl !== undefined) await updateSetting('embeddings.baseUrl', answers.baseUrl.trim(), answers.scope);
  await applySecret(ctx, secretKeys.embeddingsApiKey, answers.apiKey, answers.baseUrl?.trim() || embeddingsSettings().baseUrl);
  if (answers.model !== undefined) await updateSetting('embeddings.model', answers.model.trim(), answers.scope);
  await updateSetting('embeddings.provider', answers.provider, answers.scope);
  ctx.log.info(`Embeddings set to ${answers.provider}${answers.provider === 'openai' ? ` (${embeddingsSettings().model} at ${embeddingsSettings().baseUrl})` : ''}`);
  const { apiKey: _secret, ...shown } = answers;
  return shown;
}
