// "Configure LLM": none, an OpenAI-compatible chat endpoint (key in SecretStorage), or a VS Code language model.
import * as vscode from 'vscode';
import type { LlmProvider } from '../../core/llm/provider';
import { describe } from '../../core/errors';
import type { TableTalkContext } from '../context';
import { applySecret, checkUrl } from '../vector/configure';
import { llmSettings, secretKeys, updateSetting, type LlmProviderKind, type SettingsScope } from '../vector/settings';
import { formatDuration } from '../format';


/** `apiKey`: undefined keeps the stored key, '' removes it. */
export interface LlmInput {
  provider: LlmProviderKind;
  baseUrl?: string;
  model?: string;
  contextWindow?: number;
  apiKey?: string;
  scope?: SettingsScope;
  /** Send a one-line test request after saving (always when configured through the prompts). */
  test?: boolean;
}

export interface LlmTestResult {
  ok: boolean;
  ms?: number;
  error?: string;
}

/** One tiny request to the model just configured: the user learns now, not at the first Ask, whether it answers. */
async function testLlm(ctx: TableTalkContext, llm: () => Promise<LlmProvider | undefined>): Promise<LlmTestResult | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing the language model…'), cancellable: true }, async (_p, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const started = performance.now();
    try {
      const provider = await llm();
      if (!provider) return undefined;
      await provider.complete([{ role: 'user', content: 'Reply with the single word OK.' }], { maxTokens: 5, temperature: 0, signal: controller.signal });
      const ms = Math.round(performance.now() - started);
      ctx.log.info(`LLM test call to ${provider.id} answered in ${ms} ms`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Language model set: {0} answered in {1}.', provider.id, formatDuration(ms, vscode.env.language)));
      return { ok: true, ms };
    } catch (err) {
      const d = describe(err, (m) => vscode.l10n.t(m.message, ...m.args));
      const error = d.hint ? `${d.message} ${d.hint}` : d.message;
      ctx.log.warn(`LLM test call failed: ${error}`);
      const again = vscode.l10n.t('Configure Again');
      void vscode.window.showWarningMessage(vscode.l10n.t('The settings are saved, but the language model did not answer: {0}', error), again).then((c) => {
        if (c === again) void vscode.commands.executeCommand('tabletalk.configureLlm');
      });
      return { ok: false, error };
    }
  });
}

async function askOpenAi(ctx: TableTalkContext, title: string): Promise<LlmInput | undefined> {
  const current = llmSettings();
  const baseUrl = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Base URL (ends in /v1)'), value: current.baseUrl, validateInput: checkUrl, ignoreFocusOut: true });
  if (!baseUrl) return undefined;
  const model = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Chat model'), value: current.model || 'gpt-4o-mini', validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A model name is required.')), ignoreFocusOut: true });
  if (!model) return undefined;
  const has = await ctx.secrets.has(secretKeys.llmApiKey);
  const key = await vscode.window.showInputBox({
    title,
    prompt: has ? vscode.l10n.t('API key, kept in VS Code secret storage (leave blank to keep the stored one; "-" removes it)') : vscode.l10n.t('API key, kept in VS Code secret storage (leave blank if none)'),
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) return undefined;
  return { provider: 'openai', baseUrl: baseUrl.trim(), model: model.trim(), apiKey: key === '-' ? '' : key || undefined };
}

async function askVsCodeModel(title: string): Promise<LlmInput | undefined> {
  const models = await vscode.lm.selectChatModels();
  if (!models.length) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No VS Code language model is available. Install and sign in to an extension that provides chat models (such as GitHub Copilot), or use an OpenAI-compatible endpoint.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m.name, description: `${m.vendor} · ${m.family}`, detail: vscode.l10n.t('{0} input tokens', m.maxInputTokens), id: m.id })),
    { title, placeHolder: vscode.l10n.t('Which language model?'), ignoreFocusOut: true },
  );
  return pick ? { provider: 'vscode-lm', model: pick.id } : undefined;
}

export async function configureLlm(ctx: TableTalkContext, llm: () => Promise<LlmProvider | undefined>, input?: LlmInput): Promise<(Omit<LlmInput, 'apiKey' | 'test'> & { test?: LlmTestResult }) | undefined> {
  let answers = input && typeof input === 'object' && 'provider' in input ? input : undefined;
  const prompted = !answers;
  if (answers) {
    if (!['none', 'openai', 'vscode-lm'].includes(answers.provider)) throw new Error(vscode.l10n.t('"provider" must be "none", "openai" or "vscode-lm"'));
    if (answers.baseUrl !== undefined) {
      const problem = checkUrl(answers.baseUrl);
      if (problem) throw new Error(problem);
    }
    if (answers.contextWindow !== undefined && !(Number.isInteger(answers.contextWindow) && answers.contextWindow >= 0)) throw new Error(vscode.l10n.t('"contextWindow" must be a whole number of tokens (0: automatic)'));
  } else {
    const title = vscode.l10n.t('Configure LLM');
    const current = llmSettings();
    const providers: (vscode.QuickPickItem & { provider: LlmProviderKind })[] = [
      { label: vscode.l10n.t('None'), description: vscode.l10n.t('training builds example questions from templates; Ask shows the retrieved context'), provider: 'none' },
      { label: vscode.l10n.t('OpenAI-compatible endpoint'), description: vscode.l10n.t('OpenAI, Azure, Ollama, vLLM, LM Studio: /v1/chat/completions'), provider: 'openai' },
      { label: vscode.l10n.t('VS Code language model'), description: vscode.l10n.t('a chat model from another extension, e.g. GitHub Copilot'), provider: 'vscode-lm' },
    ];
    const pick = await vscode.window.showQuickPick(providers.map((p) => ({ ...p, picked: p.provider === current.provider })), { title, placeHolder: vscode.l10n.t('Which LLM writes SQL? (now: {0})', current.provider), ignoreFocusOut: true });
    if (!pick) return undefined;
    answers = pick.provider === 'openai' ? await askOpenAi(ctx, title) : pick.provider === 'vscode-lm' ? await askVsCodeModel(title) : { provider: 'none' };
    if (!answers) return undefined;
  }
  if (answers.baseUrl !== undefined) await updateSetting('llm.baseUrl', answers.baseUrl.trim(), answers.scope);
  await applySecret(ctx, secretKeys.llmApiKey, answers.apiKey, answers.baseUrl?.trim() || llmSettings().baseUrl);
  if (answers.model !== undefined) await updateSetting('llm.model', answers.model.trim(), answers.scope);
  if (answers.contextWindow !== undefined) await updateSetting('llm.contextWindow', answers.contextWindow || undefined, answers.scope);
  await updateSetting('llm.provider', answers.provider, answers.scope);
  ctx.log.info(`LLM set to ${answers.provider}${answers.model ? ` (${answers.model})` : ''}`);
  const { apiKey: _secret, test: wanted, ...shown } = answers;
  if (answers.provider === 'none' || !(prompted || wanted)) return shown;
  const test = await testLlm(ctx, llm);
  return test ? { ...shown, test } : shown;
}
