// A small OpenAI-compatible server on loopback for tests: POST /v1/chat/completions and /v1/embeddings.
// The only stand-in the project allows: the real `openai` client talks to it over real HTTP.
//
//   const ai = await startFakeOpenAI({ dimension: 64 });
//   ai.onChat((body, n) => '[{"question":"...","sql":"..."}]');     // canned answer
//   ai.onChat(() => ({ status: 500, json: { error: { message: 'boom' } } }));
//   ai.onEmbeddings(() => ({ delayMs: 5000 }));                       // slow, then the default answer
//   ai.onEmbeddings(() => ({ body: '<html>garbage', contentType: 'text/html' }));
//   ai.calls.embeddings, ai.requests.chat[0].messages, ai.url ("http://127.0.0.1:PORT/v1"), await ai.close()
//
// A handler returns: a string (chat content) | { content } | { vectors } (embeddings) | { status, json } |
// { status, body, contentType } | { hang: true } (never answers) | { destroy: true } (drops the connection),
// optionally with delayMs; undefined means the default answer. Delays end early when the client disconnects.
import { createServer } from 'node:http';

/** Deterministic bag-of-words vectors, so similar texts get similar vectors even from the fake. */
export function fakeVector(text, dimension) {
  const v = new Array(dimension).fill(0);
  for (const w of String(text).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
    let h = 2166136261;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619) >>> 0;
    v[h % dimension] += 1;
  }
  const norm = Math.hypot(...v) || 1;
  if (!v.some(Boolean)) v[0] = 1;
  return v.map((x) => x / norm);
}

export async function startFakeOpenAI({ dimension = 64, defaultChat = '[]' } = {}) {
  const handlers = { chat: null, embeddings: null };
  const calls = { chat: 0, embeddings: 0 };
  const requests = { chat: [], embeddings: [] };
  const sockets = new Set();

  const send = (res, status, body, contentType = 'application/json') => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      const kind = req.url.endsWith('/chat/completions') ? 'chat' : req.url.endsWith('/embeddings') ? 'embeddings' : null;
      if (req.method !== 'POST' || !kind) return send(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, 400, { error: { message: 'invalid JSON' } });
      }
      const n = calls[kind]++;
      requests[kind].push(body);
      let reply = handlers[kind] ? await handlers[kind](body, n) : undefined;
      if (reply && typeof reply === 'object' && reply.delayMs) {
        const closed = await new Promise((resolve) => {
          const t = setTimeout(() => resolve(false), reply.delayMs);
          res.on('close', () => { clearTimeout(t); resolve(true); });
        });
        if (closed || res.writableEnded) return;
      }
      if (reply?.hang) return;
      if (reply?.destroy) return req.socket.destroy();
      if (reply?.status) return send(res, reply.status, reply.json ?? reply.body ?? '', reply.contentType);
      if (reply?.body !== undefined) return send(res, 200, reply.body, reply.contentType ?? 'application/json');
      if (kind === 'chat') {
        const content = typeof reply === 'string' ? reply : reply?.content ?? defaultChat;
        return send(res, 200, {
          id: `chatcmpl-${n}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
      }
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      const vectors = reply?.vectors ?? inputs.map((t) => fakeVector(t, dimension));
      send(res, 200, {
        object: 'list',
        model: body.model,
        data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    port,
    url: `http://127.0.0.1:${port}/v1`,
    dimension,
    calls,
    requests,
    onChat(fn) { handlers.chat = fn; },
    onEmbeddings(fn) { handlers.embeddings = fn; },
    reset() {
      handlers.chat = handlers.embeddings = null;
      calls.chat = calls.embeddings = 0;
      requests.chat.length = requests.embeddings.length = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
