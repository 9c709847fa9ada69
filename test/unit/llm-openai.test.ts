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
  await assert.rejects(make(300).complete([{ role: 'user', content: 'q' }]), (e: unknown) => e instanceof LlmError && /timed out/.test(e.message));
});

test('an AbortSignal cancels a slow completion at once', async () => {
  ai.onChat(() => ({ delayMs: 10_000 }));
  const ac = new AbortController();
  setTimeout(() => ac.abort(new Error('cancelled')), 100);
  const t = Date.now();
  await assert.rejects(make().complete([{ role: 'user', content: 'q' }], { signal: ac.signal }));
  assert.ok(Date.now() - t < 1000, `took ${Date.now() - t} ms`);
});
