export { LlmError, type LlmProvider, type ChatMessage, type CompleteOptions } from './provider';
export { OpenAiChatProvider, type OpenAiChatOptions } from './openai-chat';
