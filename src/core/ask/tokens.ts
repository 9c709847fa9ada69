/**
 * Token estimates for prompt budgeting. The LLM can be any OpenAI-compatible model (OpenAI, Ollama, vLLM, VS Code's
 * models), each with its own tokenizer, so no single tokenizer package is right; a character estimate that errs on
 * the high side is. Latin text and code average about 4 characters per token with OpenAI's and Llama's tokenizers,
 * identifiers and punctuation-heavy DDL closer to 3.5: we count 3.5. CJK characters are mostly 1 token each, some
 * 2: we count 1.3.
 */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff00-\uffef]/g;

export function estimateTokens(text: string): number {
  if (!text) return 0;
  const cjk = text.match(CJK)?.length ?? 0;
  return Math.ceil((text.length - cjk) / 3.5 + cjk * 1.3);
}

/** Chat formats wrap each message in a few tokens of role markers. */
export const MESSAGE_OVERHEAD_TOKENS = 6;
