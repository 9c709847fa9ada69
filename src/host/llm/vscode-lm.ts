// An LlmProvider over VS Code's Language Model API (vscode.lm): any chat model another extension provides
// (e.g. GitHub Copilot), used with the user's consent and without an API key of ours.
import * as vscode from 'vscode';
import { LlmError, type ChatMessage, type CompleteOptions, type LlmProvider } from '../../core/llm/provider';


export class VsCodeLmProvider implements LlmProvider {
  readonly id: string;
  readonly contextWindow: number;

  constructor(private readonly model: vscode.LanguageModelChat, contextWindow?: number) {
    this.id = `vscode-lm:${model.vendor}/${model.id}`;
    this.contextWindow = contextWindow || model.maxInputTokens || 8192;
  }

  async complete(messages: ChatMessage[], options: CompleteOptions = {}): Promise<string> {
    const { signal } = options;
    signal?.throwIfAborted();
    // The API has user and assistant turns only: system instructions go first as a user turn.
    const turns = messages.map((m) => (m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.content)));
    const cancel = new vscode.CancellationTokenSource();
    const onAbort = () => cancel.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.model.sendRequest(turns, { justification: vscode.l10n.t('TableTalk turns questions about your database into SQL.') }, cancel.token);
      let text = '';
      for await (const chunk of response.text) {
        signal?.throwIfAborted();
        text += chunk;
      }
      if (!text.trim()) throw new LlmError(vscode.l10n.t('The language model {0} returned an empty answer', this.model.name), vscode.l10n.t('Try again, or choose another model in tabletalk.llm.model.'));
      return text;
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      if (err instanceof LlmError) throw err;
      throw describeLmError(err, this.model.name);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      cancel.dispose();
    }
  }
}

function describeLmError(err: unknown, name: string): LlmError {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof vscode.LanguageModelError) {
    if (err.code === vscode.LanguageModelError.NoPermissions().code) return new LlmError(vscode.l10n.t('TableTalk may not use the language model {0}: {1}', name, message), vscode.l10n.t('Allow TableTalk to use the model when VS Code asks, or choose another LLM provider.'), { cause: err });
    if (err.code === vscode.LanguageModelError.Blocked().code) return new LlmError(vscode.l10n.t('The language model {0} refused the request: {1}', name, message), vscode.l10n.t('Wait a moment (rate limit) and try again.'), { cause: err });
    if (err.code === vscode.LanguageModelError.NotFound().code) return new LlmError(vscode.l10n.t('The language model {0} is no longer available', name), vscode.l10n.t('Choose another model with "TableTalk: Configure LLM".'), { cause: err });
  }
  return new LlmError(vscode.l10n.t('The language model {0} failed: {1}', name, message), vscode.l10n.t('Try again, or choose another LLM provider.'), { cause: err });
}

/** The chat model named by `selector` (id, family or name; empty: the first available), or a clear error. */
export async function selectVsCodeModel(selector: string): Promise<vscode.LanguageModelChat> {
  const models = await vscode.lm.selectChatModels();
  const wanted = selector.trim();
  const model = wanted ? models.find((m) => m.id === wanted || m.family === wanted || m.name === wanted || `${m.vendor}/${m.id}` === wanted) : models[0];
  if (model) return model;
  if (!models.length) {
    throw new LlmError(
      vscode.l10n.t('No VS Code language model is available'),
      vscode.l10n.t('Install and sign in to an extension that provides chat models (such as GitHub Copilot), or set tabletalk.llm.provider to "openai" or "none".'),
    );
  }
  throw new LlmError(
    vscode.l10n.t('No VS Code language model matches "{0}"', wanted),
    vscode.l10n.t('Available: {0}. Choose one with "TableTalk: Configure LLM".', models.map((m) => `${m.family} (${m.vendor})`).join(', ')),
  );
}
