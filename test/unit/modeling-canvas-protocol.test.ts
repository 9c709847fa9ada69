// The canvas protocol: what the host accepts from the webview, and request/response matching by id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/protocol/canvas';
import { RpcClient, RequestError } from '../../src/protocol/rpc';

test('valid messages pass typed; anything else is refused with a reason and, for requests, the id', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
  const move = parseWebviewMessage({ type: 'request', id: 3, method: 'moveNodes', params: { positions: { t: { x: 1, y: 2 } } } });
  assert.ok(move.ok && move.message.type === 'request' && move.message.method === 'moveNodes');
  const ok = (m: unknown) => parseWebviewMessage(m).ok;
  assert.ok(ok({ type: 'request', id: 1, method: 'acceptSuggestions', params: { minConfidence: 0.5 } }));
  assert.ok(ok({ type: 'request', id: 1, method: 'undo', params: {} }));
  assert.ok(ok({ type: 'request', id: 1, method: 'exportImage', params: { format: 'png', dataUrl: 'data:image/png;base64,AAAA' } }));

  const bad = (m: unknown) => parseWebviewMessage(m) as { ok: false; error: string; id?: number };
  assert.match(bad(null).error, /object with a "type"/);
  assert.match(bad({ type: 'hello' }).error, /unknown message type "hello"/);
  assert.deepEqual(bad({ type: 'request', id: 7, method: 'dropDatabase', params: {} }), { ok: false, id: 7, error: 'unknown request "dropDatabase"' });
  assert.match(bad({ type: 'request', id: 7, method: 'moveNodes', params: { positions: { t: { x: 'a', y: 0 } } } }).error, /invalid parameters for moveNodes/);
  assert.match(bad({ type: 'request', id: 7, method: 'createRelationship', params: { source: 'a', sourceColumns: ['x', 'y'], target: 'b', targetColumns: ['z'] } }).error, /invalid parameters/);
  assert.match(bad({ type: 'request', id: 7, method: 'acceptSuggestions', params: { minConfidence: 2 } }).error, /invalid parameters/);
  assert.match(bad({ type: 'request', id: 7, method: 'exportImage', params: { format: 'png', dataUrl: 'javascript:alert(1)' } }).error, /invalid parameters/);
  assert.match(bad({ type: 'request', id: 7, method: 'updateRelationship', params: { id: 'r', type: 'some-to-few' } }).error, /invalid parameters/);
});

test('RpcClient resolves and rejects by id, ignores strangers, and times out', async () => {
  const sent: { id: number; method: string }[] = [];
  type M = { ping: { params: { n: number }; result: number } };
  const rpc = new RpcClient<M>((m) => sent.push(m), 50);
  const a = rpc.request('ping', { n: 1 });
  const b = rpc.request('ping', { n: 2 });
  assert.deepEqual(sent.map((m) => m.id), [1, 2]);
  assert.equal(rpc.handle({ type: 'state' }), false);
  rpc.handle({ type: 'response', id: 2, ok: false, error: 'refused' });
  rpc.handle({ type: 'response', id: 1, ok: true, result: 42 });
  assert.equal(await a, 42);
  await assert.rejects(b, (e: Error) => e instanceof RequestError && e.message === 'refused');
  await assert.rejects(rpc.request('ping', { n: 3 }), /ping: no answer within 50 ms/);
});
