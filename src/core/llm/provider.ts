import { TableTalkError } from '../errors';
import type { Text } from '../messages';
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompleteOptions {
  signal?: AbortSignal;
  /** Upper bound on the answer's tokens. */
  maxTokens?: number;
  temperature?: number;
}

/** A chat model. Implementations: OpenAiChatProvider here, the vscode.lm provider in src/host. */
export interface LlmProvider {
  /** e.g. "openai:gpt-4o-mini" or "vscode-lm:copilot/gpt-4o" */
  readonly id: string;
  /** Tokens the model accepts (prompt + answer), for prompt budgeting. */
  readonly contextWindow: number;
  complete(messages: ChatMessage[], options?: CompleteOptions): Promise<string>;
}

/** The LLM failed (HTTP error, timeout, empty answer); `hint` says what to do. */
export class LlmError extends TableTalkError {
  constructor(message: Text, hint?: Text, options?: { cause?: unknown }) {
    super('llm', message, { hint, cause: options?.cause });
  }
}
