// Any OpenAI-compatible /v1/chat/completions endpoint. Key, base URL and model come from the caller
// (SecretStorage + settings in VS Code, env in the CLI); nothing here reads them itself.
import OpenAI from 'openai';
import { l10n } from '../messages';
import { LlmError, type ChatMessage, type CompleteOptions, type LlmProvider } from './provider';

export interface OpenAiChatOptions {
  baseURL: string;
  model: string;
  apiKey?: string;
  /** Defaults to 8192 tokens when the model's window is unknown. */
  contextWindow?: number;
  /** Per request; default 60 s. */
  timeoutMs?: number;
  /** Where the user changes the timeout, named in the timeout error's hint: a VS Code setting's name… */
  timeoutSetting?: string;
  /** …or an environment variable's (the CLI). */
  timeoutEnv?: string;
  /** Retries of failed requests; kept small so a broken endpoint fails fast. */
  maxRetries?: number;
}

export const DEFAULT_LLM_TIMEOUT_MS = 60_000;

export class OpenAiChatProvider implements LlmProvider {
  readonly id: string;
  readonly contextWindow: number;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiChatOptions) {
    this.id = `openai:${options.model}`;
    this.contextWindow = options.contextWindow ?? 8192;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      apiKey: options.apiKey || 'not-needed',
      timeout: options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
      maxRetries: options.maxRetries ?? 0,
    });
  }

  async complete(messages: ChatMessage[], options: CompleteOptions = {}): Promise<string> {
    options.signal?.throwIfAborted();
    let content: unknown;
    try {
      const res = await this.client.chat.completions.create(
        {
          model: this.options.model,
          messages,
          ...(options.maxTokens ? { max_tokens: options.maxTokens } : {}),
          ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        },
        { signal: options.signal },
      );
      content = res?.choices?.[0]?.message?.content;
    } catch (e) {
      if (options.signal?.aborted) throw options.signal.reason ?? e;
      throw describeFailure(e, this.options);
    }
    if (typeof content !== 'string' || !content.trim()) throw new LlmError(l10n.t('The LLM {0} at {1} returned an empty or malformed answer', this.options.model, this.options.baseURL), l10n.t('Check the model name and the server; try again.'));
    return content;
  }
}

// The server's own words (err.message) stay as they came; everything around them is a Message.
function describeFailure(e: unknown, o: OpenAiChatOptions): LlmError {
  const err = e as { status?: number; message?: string; name?: string };
  const [url, model] = [o.baseURL, o.model];
  if (e instanceof OpenAI.APIConnectionTimeoutError) {
    const s = Math.round((o.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS) / 1000);
    const hint = o.timeoutSetting
      ? l10n.t('Check that the server is running and not overloaded, or raise the setting {0}.', o.timeoutSetting)
      : o.timeoutEnv
        ? l10n.t('Check that the server is running and not overloaded, or raise {0}.', o.timeoutEnv)
        : l10n.t('Check that the server is running and not overloaded, or raise the timeout.');
    return new LlmError(l10n.t('The LLM endpoint {0} (model {1}) did not answer within {2} s', url, model, s), hint, { cause: e });
  }
  if (e instanceof OpenAI.APIConnectionError) return new LlmError(l10n.t('Cannot reach the LLM endpoint {0} (model {1})', url, model), l10n.t('Check the base URL and that the server is running.'), { cause: e });
  if (err?.status === 401 || err?.status === 403) return new LlmError(l10n.t('The LLM endpoint {0} (model {1}) refused the API key (HTTP {2})', url, model, err.status), l10n.t('Set a valid API key.'), { cause: e });
  if (err?.status === 404) return new LlmError(l10n.t('The LLM endpoint {0} (model {1}) answered 404: wrong base URL or unknown model', url, model), l10n.t('Check the base URL (it usually ends in /v1) and the model name.'), { cause: e });
  if (err?.status) {
    const text = err.message ? l10n.t('The LLM endpoint {0} (model {1}) failed with HTTP {2}: {3}', url, model, err.status, err.message) : l10n.t('The LLM endpoint {0} (model {1}) failed with HTTP {2}', url, model, err.status);
    return new LlmError(text, l10n.t('Check the server log and try again.'), { cause: e });
  }
  return new LlmError(l10n.t('The LLM endpoint {0} (model {1}) failed: {2}', url, model, err?.message ?? String(e)), l10n.t('Check the server and try again.'), { cause: e });
}
