// The LLM from settings: none, an OpenAI-compatible chat endpoint (key from SecretStorage), or a VS Code
// language model (vscode.lm). Training uses it for example questions; Ask uses it to write SQL.
import { TableTalkError } from '../../core/errors';
import * as vscode from 'vscode';
import type { LlmProvider } from '../../core/llm/provider';
import type { TableTalkContext } from '../context';
import { llmSettings, secretKeys } from '../vector/settings';
import { selectVsCodeModel, VsCodeLmProvider } from './vscode-lm';
import { endpointSecret } from '../vector/endpoint-secrets';


/** The configured LLM, or undefined when tabletalk.llm.provider is "none". Throws a clear error when it cannot be set up. */
export async function configuredLlm(ctx: TableTalkContext): Promise<LlmProvider | undefined> {
  const s = llmSettings();
  if (s.provider === 'none') return undefined;
  if (s.provider === 'vscode-lm') return new VsCodeLmProvider(await selectVsCodeModel(s.model), s.contextWindow || undefined);
  if (!s.baseUrl) throw new TableTalkError('config', vscode.l10n.t('tabletalk.llm.baseUrl is empty'), { hint: vscode.l10n.t('Run "TableTalk: Configure LLM" to set the endpoint.') });
  if (!s.model) throw new TableTalkError('config', vscode.l10n.t('tabletalk.llm.model is empty'), { hint: vscode.l10n.t('Run "TableTalk: Configure LLM" to choose the chat model.') });
  const { OpenAiChatProvider } = await import('../../core/llm/openai-chat.js');
  return new OpenAiChatProvider({ baseURL: s.baseUrl, model: s.model, apiKey: await endpointSecret(ctx, secretKeys.llmApiKey, 'llm.baseUrl', s.baseUrl, vscode.l10n.t('the LLM endpoint (API key, questions, schema and results)')), contextWindow: s.contextWindow || undefined, timeoutMs: s.timeoutSeconds * 1000, timeoutSetting: 'tabletalk.llm.timeoutSeconds' });
}
