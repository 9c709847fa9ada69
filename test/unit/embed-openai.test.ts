// The OpenAI-compatible embedder against the loopback test server: batching, counting, and clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeOpenAI } from '../support/fake-openai.mjs' with { 'resolution-mode': 'import' };
import { startFakeOpenAI } from '../support/train-setup';
import { OpenAiEmbedder } from '../../src/core/vector/openai-embedder';
import { EmbeddingError, embedAll } from '../../src/core/vector/embedder';

let ai: FakeOpenAI;
test.before(async () => { ai = await startFakeOpenAI({ dimension: 32 }); });
test.after(() => ai.close());
test.beforeEach(() => ai.reset());

const make = (extra: Partial<ConstructorParameters<typeof OpenAiEmbedder>[0]> = {}) => new OpenAiEmbedder({ baseURL: ai.url, model: 'emb-test', apiKey: 'k', maxRetries: 0, ...extra });

test('embeds in batches of maxBatch, one request per batch, in order, and learns the dimension', async () => {
  const emb = make({ maxBatch: 10 });
  assert.equal(emb.dimension, 0);
  const texts = Array.from({ length: 25 }, (_, i) => `text number ${i}`);
  const vectors = await embedAll(emb, texts, { batchSize: 64 });
  assert.equal(vectors.length, 25);
  assert.equal(ai.calls.embeddings, 3);
  assert.deepEqual(emb.stats, { calls: 3, texts: 25 });
  assert.deepEqual(ai.requests.embeddings.map((r) => (r.input as string[]).length), [10, 10, 5]);
  assert.equal(ai.requests.embeddings[0].encoding_format, 'float');
  assert.equal(emb.dimension, 32);
  assert.equal(emb.id, 'openai:emb-test');
  // Answers arriving out of order are put back in input order.
  ai.onEmbeddings((body) => ({ body: JSON.stringify({ object: 'list', data: (body.input as string[]).map((_, i) => ({ index: i, embedding: Array(32).fill(i + 1) })).reverse() }) }));
  const [a, b] = await emb.embed(['x', 'y']);
  assert.equal(a[0], 1);
  assert.equal(b[0], 2);
});

test('HTTP errors become EmbeddingError with what to do', async () => {
  ai.onEmbeddings(() => ({ status: 500, json: { error: { message: 'model crashed' } } }));
  await assert.rejects(make().embed(['a']), (e: unknown) => e instanceof EmbeddingError && /HTTP 500/.test(e.message) && !!e.hint);
  ai.onEmbeddings(() => ({ status: 401, json: { error: { message: 'bad key' } } }));
  await assert.rejects(make().embed(['a']), (e: unknown) => e instanceof EmbeddingError && /API key/.test(e.message));
  ai.onEmbeddings(() => ({ status: 404, json: { error: { message: 'no such model' } } }));
  await assert.rejects(make().embed(['a']), (e: unknown) => e instanceof EmbeddingError && /wrong base URL or unknown model/.test(e.message));
});

test('garbage answers are refused, not stored', async () => {
  const cases = [
    { body: '<html>not json</html>', contentType: 'text/html' },
    { body: JSON.stringify({ data: [] }) },
    { body: JSON.stringify({ data: [{ index: 0, embedding: ['a', 'b'] }] }) },
    { body: JSON.stringify({ data: [{ index: 0, embedding: [1, 2] }, { index: 1, embedding: [1, 2, 3] }] }) },
    { body: JSON.stringify({ data: [{ index: 0, embedding: [] }, { index: 1, embedding: [] }] }) },
  ];
  for (const c of cases) {
    ai.onEmbeddings(() => c);
    await assert.rejects(make().embed(['a', 'b']), (e: unknown) => e instanceof EmbeddingError && /unusable vectors|failed/.test(e.message), JSON.stringify(c));
  }
});

test('a timeout is an error that says so', async () => {
  ai.onEmbeddings(() => ({ delayMs: 5000 }));
  const t = Date.now();
  await assert.rejects(make({ timeoutMs: 300 }).embed(['a']), (e: unknown) => e instanceof EmbeddingError && /timed out/.test(e.message));
  assert.ok(Date.now() - t < 3000);
});

test('an AbortSignal ends a slow request at once', async () => {
  ai.onEmbeddings(() => ({ delayMs: 10_000 }));
  const ac = new AbortController();
  setTimeout(() => ac.abort(new Error('stop')), 100);
  const t = Date.now();
  await assert.rejects(make().embed(['a'], ac.signal));
  assert.ok(Date.now() - t < 1000, `took ${Date.now() - t} ms`);
});

test('an unreachable endpoint says to check the URL', async () => {
  const emb = new OpenAiEmbedder({ baseURL: 'http://127.0.0.1:9/v1', model: 'm', maxRetries: 0 });
  await assert.rejects(emb.embed(['a']), (e: unknown) => e instanceof EmbeddingError && /Cannot reach/.test(e.message));
});
