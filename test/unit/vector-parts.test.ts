// Pieces of the vector layer that need no server: remote endpoint parsing, cancellation wrapper, vector checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RemoteChroma } from '../../src/core/vector/endpoint';
import { abortable } from '../../src/core/vector/vector-store';
import { checkVectors, EmbeddingError } from '../../src/core/vector/embedder';

test('a remote Chroma URL becomes host/port/ssl with the token in a header', async () => {
  const c = await new RemoteChroma({ url: 'https://chroma.example.com', token: 't0k' }).connection();
  assert.deepEqual(c, { host: 'chroma.example.com', port: 443, ssl: true, headers: { Authorization: 'Bearer t0k' } });
  const d = await new RemoteChroma({ url: 'http://10.0.0.5:8000/', token: 'x', tokenHeader: 'X-Chroma-Token', tenant: 't', database: 'db' }).connection();
  assert.deepEqual(d, { host: '10.0.0.5', port: 8000, ssl: false, headers: { 'x-chroma-token': 'x' }, tenant: 't', database: 'db' });
  assert.equal(new RemoteChroma({ url: 'https://chroma.example.com/', token: 'secret' }).describe(), 'Chroma at https://chroma.example.com');
  assert.throws(() => new RemoteChroma({ url: 'chroma:8000' }), /must start with http/);
  assert.throws(() => new RemoteChroma({ url: 'not a url' }), /Invalid Chroma URL/);
});

test('abortable() rejects as soon as the signal aborts, and passes results through otherwise', async () => {
  assert.equal(await abortable(Promise.resolve(3), new AbortController().signal), 3);
  const ac = new AbortController();
  const slow = new Promise((r) => setTimeout(r, 5000));
  setTimeout(() => ac.abort(new Error('stop')), 20);
  const t = Date.now();
  await assert.rejects(abortable(slow, ac.signal), /stop/);
  assert.ok(Date.now() - t < 1000);
});

test('vectors with the wrong count, length or values are refused', () => {
  const e = { id: 'x', dimension: 2 };
  checkVectors(e, [[1, 0], [0, 1]], 2);
  assert.throws(() => checkVectors(e, [[1, 0]], 2), EmbeddingError);
  assert.throws(() => checkVectors(e, [[1, 0, 0], [0, 1, 0]], 2), /length 3 differs from 2/);
  assert.throws(() => checkVectors(e, [[1, NaN], [0, 1]], 2), /finite/);
  assert.throws(() => checkVectors({ id: 'y', dimension: 0 }, [[1], [1, 2]], 2), /differs/);
  assert.throws(() => checkVectors(e, 'nope', 1), EmbeddingError);
});
