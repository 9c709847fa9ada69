// The OpenAI-compatible chat provider against the loopback test server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeOpenAI } from '../support/fake-openai.mjs' with { 'resolution-mode': 'import' };
import { startFakeOpenAI } from '../support/train-setup';
import { OpenAiChatProvider } from '../../src/core/llm/openai-chat';
import { LlmError } from '../../src/core/llm/provider';

let ai: FakeOpenAI;
test.before(async () => { ai = await startFakeOpenAI(); });
test.after(() => ai.close());
test.beforeEach(() => ai.reset());

const make = (timeoutMs?: number) => new OpenAiChatProvider({ baseURL: ai.url, model: 'chat-test', apiKey: 'secret', contextWindow: 16000, timeoutMs });

test('sends the messages and returns the answer text', async () => {
  ai.onChat((body) => `echo: ${body.messages.at(-1)?.content}`);
  const llm = make();
  assert.equal(await llm.complete([{ role: 'system', content: 's' }, { role: 'user', content: 'hello 你好' }]), 'echo: hello 你好');
  assert.equal(ai.calls.chat, 1);
  assert.equal(ai.requests.chat[0].model, 'chat-test');
  assert.equal(llm.id, 'openai:chat-test');
  assert.equal(llm.contextWindow, 16000);
});

test('errors, empty answers and timeouts are LlmErrors with a hint, without retries', async () => {
  ai.onChat(() => ({ status: 503, json: { error: { message: 'overloaded' } } }));
  await assert.rejects(make().complete([{ role: 'user', content: 'q' }]), (e: unknown) => e instanceof LlmError && /HTTP 503/.test(e.message) && !!e.hint);
  assert.equal(ai.calls.chat, 1, 'no retries by default');
  ai.onChat(() => ({ body: JSON.stringify({ choices: [] }) }));
  await assert.rejects(make().complete([{ role: 'user', content: 'q' }]), (e: unknown) => e instanceof LlmError && /empty or malformed/.test(e.message));
  ai.onChat(() => ({ delayMs: 5000 }));
  await assert.rejects(make(300).complete([{ role: 'user', content: 'q' }]), (e: unknown) => e instanceof LlmError && /did not answer within 0 s/.test(e.message) && /raise the timeout/.test(e.hint ?? ''));
});

test('a silent endpoint fails after the configured timeout, and the hint names the real setting', async () => {
  ai.onChat(() => ({ hang: true }));
  const llm = new OpenAiChatProvider({ baseURL: ai.url, model: 'chat-test', timeoutMs: 1000, timeoutSetting: 'tabletalk.llm.timeoutSeconds' });
  await assert.rejects(llm.complete([{ role: 'user', content: 'q' }]), (e: unknown) => {
    assert.ok(e instanceof LlmError);
    assert.match(e.message, /LLM endpoint .* \(model chat-test\) did not answer within 1 s/);
    assert.match(e.hint ?? '', /raise the setting tabletalk\.llm\.timeoutSeconds\.$/);
    return true;
  });
  assert.equal(ai.calls.chat, 1, 'no retry doubles the wait');
});

test('the CLI reads its LLM timeout from TABLETALK_LLM_TIMEOUT_SECONDS and refuses nonsense', async () => {
  const { makeLlm } = await import('../../src/cli/model-env.js');
  ai.onChat(() => ({ hang: true }));
  const llm = makeLlm('openai', { TABLETALK_OPENAI_BASE_URL: ai.url, TABLETALK_LLM_MODEL: 'chat-test', TABLETALK_LLM_TIMEOUT_SECONDS: '1' });
  await assert.rejects((llm as OpenAiChatProvider).complete([{ role: 'user', content: 'q' }]), (e: unknown) => e instanceof LlmError && /within 1 s/.test(e.message) && /TABLETALK_LLM_TIMEOUT_SECONDS/.test(e.hint ?? ''));
  assert.throws(() => makeLlm('openai', { TABLETALK_OPENAI_BASE_URL: ai.url, TABLETALK_LLM_MODEL: 'm', TABLETALK_LLM_TIMEOUT_SECONDS: 'soon' }), /TABLETALK_LLM_TIMEOUT_SECONDS must be a number of seconds/);
});

test('an AbortSignal cancels a slow completion at once', async () => {
  ai.onChat(() => ({ delayMs: 10_000 }));
  const ac = new AbortController();
  setTimeout(() => ac.abort(new Error('cancelled')), 100);
  const t = Date.now();
  await assert.rejects(make().complete([{ role: 'user', content: 'q' }], { signal: ac.signal }));
  assert.ok(Date.now() - t < 1000, `took ${Date.now() - t} ms`);
});
