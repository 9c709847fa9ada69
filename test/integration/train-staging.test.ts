// The training pipeline against a real embedded Chroma and real databases: staging and swap, cancellation,
// refusal of a concurrent run, incremental retraining, and every kind of bad input. After each failure the
// previous model must still answer retrieve().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { connect, parseDatasourceUrl, type Driver } from '../../src/core/datasource/index';
import { DatasetStore, datasetsDir } from '../../src/core/dataset/store';
import { RunStateStore } from '../../src/core/dataset/run-state';
import { belongsToDataset } from '../../src/core/dataset/naming';
import type { DatasetDefinition } from '../../src/core/dataset/types';
import { EmbeddedChroma } from '../../src/core/vector/chroma-server';
import { VectorStore } from '../../src/core/vector/vector-store';
import { BuiltinEmbedder } from '../../src/core/vector/builtin-embedder';
import { OpenAiEmbedder } from '../../src/core/vector/openai-embedder';
import type { Embedder } from '../../src/core/vector/embedder';
import { OpenAiChatProvider } from '../../src/core/llm/openai-chat';
import { train, type TrainOptions } from '../../src/core/training/pipeline';
import { deleteDatasetCollections } from '../../src/core/training/collections';
import { TrainingError, TrainingInProgressError } from '../../src/core/training/errors';
import type { TrainingProgress } from '../../src/core/training/progress';
import { retrieve, NotTrainedError } from '../../src/core/ask/retrieve';
import type { FakeOpenAI } from '../support/fake-openai.mjs' with { 'resolution-mode': 'import' };
import { chinookCopy, noChinook, startFakeOpenAI, tempDir } from '../support/train-setup';

const root = tempDir('tt-staging-');
let chroma: EmbeddedChroma;
let store: VectorStore;
let ai: FakeOpenAI;
const drivers: Driver[] = [];

test.before(async () => {
  chroma = new EmbeddedChroma({ dataDir: join(root, 'chroma'), healthIntervalMs: 500 });
  store = new VectorStore(chroma);
  ai = await startFakeOpenAI({ dimension: 48 });
});
test.after(async () => {
  for (const d of drivers) await d.close().catch(() => {});
  await chroma?.stop();
  await ai?.close();
  rmSync(root, { recursive: true, force: true });
});
test.beforeEach(() => ai?.reset());

let counter = 0;

/** A fresh Chinook copy, a dataset over all its tables, and its own run-state file. */
async function setup(embedder: Embedder = new BuiltinEmbedder(), url?: string) {
  const dir = join(root, `ds${++counter}`);
  mkdirSync(join(root, `db${counter}`));
  const dbUrl = url ?? chinookCopy(join(root, `db${counter}`)).url;
  const driver = await connect(parseDatasourceUrl(dbUrl));
  drivers.push(driver);
  const datasets = new DatasetStore(datasetsDir(dir));
  const schema = await driver.introspect();
  const dataset = await datasets.create({ name: `chinook${counter}`, datasource: dbUrl, tables: schema.tables.filter((t) => t.kind === 'table').map((t) => ({ name: t.name, schema: t.schema })) });
  const runState = RunStateStore.forDirectory(dir);
  const deps = { driver, store, embedder, runState };
  return { dir, dbUrl, driver, datasets, dataset, runState, deps, embedder };
}

type Setup = Awaited<ReturnType<typeof setup>>;

function openaiEmbedder(timeoutMs = 30_000): OpenAiEmbedder {
  return new OpenAiEmbedder({ baseURL: ai.url, model: 'fake-emb', apiKey: 'k', timeoutMs, maxRetries: 0 });
}

/** The previous model answers: the active collections are the same and retrieval finds Album for an album question. */
async function assertPreviousModelAnswers(s: Setup, dataset: DatasetDefinition, before: NonNullable<Awaited<ReturnType<RunStateStore['get']>>['activeCollections']>) {
  const state = await s.runState.get(dataset);
  assert.deepEqual(state.activeCollections, before, 'the active collections did not move');
  const r = await retrieve(dataset, state, 'album title artist', { store, embedder: s.embedder });
  assert.ok(r.tables.slice(0, 5).some((t) => t.toLowerCase() === 'album'), r.tables.join(', '));
  // No staging collection of the failed run is left behind.
  const mine = (await store.listCollections()).filter((n) => belongsToDataset(dataset.collection, n)).sort();
  assert.deepEqual(mine, Object.values(before).sort());
}

async function trainOk(s: Setup, dataset = s.dataset, options: TrainOptions = {}, deps = s.deps) {
  const r = await train(dataset, deps, options);
  assert.equal(r.status, 'completed');
  return r;
}

async function expectFailure(promise: Promise<unknown>, status: 'failed' | 'cancelled', message: RegExp): Promise<TrainingError> {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof TrainingError, `expected a TrainingError, got ${String(caught)}`);
  assert.equal(caught.status, status);
  assert.match(`${caught.message} ${caught.hint ?? ''}`, message);
  return caught;
}

test('retraining unchanged content embeds nothing; one changed term re-embeds one document only', { skip: noChinook }, async () => {
  const s = await setup();
  const first = await trainOk(s);
  assert.ok(first.embedded > 50);
  assert.ok(first.embeddingCalls >= 3 && first.embeddingCalls <= 6, `batched: ${first.embeddingCalls} calls for ${first.embedded} texts`);
  const again = await trainOk(s);
  assert.equal(again.embeddingCalls, 0);
  assert.equal(again.embedded, 0);
  assert.deepEqual(again.unchanged, ['ddl', 'documentation', 'sql']);
  assert.deepEqual(again.collections, first.collections);

  const changed = { ...s.dataset, terms: [{ term: 'revenue', definition: 'sum of Invoice.Total', tables: ['Invoice'] }] };
  await s.datasets.save(changed);
  const third = await trainOk(s, changed);
  assert.equal(third.embedded, 1);
  assert.equal(third.copied, first.counts.documentation);
  assert.deepEqual(third.unchanged, ['ddl', 'sql']);
  assert.notEqual(third.collections.documentation, first.collections.documentation);
  // The replaced collection is gone; the new one answers.
  const names = await store.listCollections();
  assert.ok(!names.includes(first.collections.documentation));
  const r = await retrieve(changed, await s.runState.get(changed), 'revenue', { store, embedder: s.embedder });
  assert.match(r.documentation[0], /Business term: revenue/);
});

test('cancelling stops within 2 s, ends cancelled, and the previous model still answers', { skip: noChinook }, async () => {
  const s = await setup(openaiEmbedder());
  await trainOk(s);
  const before = (await s.runState.get(s.dataset)).activeCollections;
  assert.ok(before);
  ai.onEmbeddings(() => ({ delayMs: 60_000 }));
  const ac = new AbortController();
  const steps: TrainingProgress[] = [];
  const calls = ai.calls.embeddings;
  const running = train({ ...s.dataset, terms: [{ term: 'x', definition: 'y' }] }, s.deps, { signal: ac.signal, onProgress: (p) => steps.push(p) });
  while (ai.calls.embeddings === calls) await new Promise((r) => setTimeout(r, 20));
  const during = await s.runState.get(s.dataset);
  assert.equal(during.status, 'training');
  assert.equal(during.step, 'train documentation');
  assert.equal(steps.at(-1)?.step, 'train documentation');
  const t = Date.now();
  ac.abort(new Error('user cancelled'));
  await expectFailure(running, 'cancelled', /cancelled/);
  const took = Date.now() - t;
  assert.ok(took < 2000, `cancellation took ${took} ms`);
  const state = await s.runState.get(s.dataset);
  assert.equal(state.status, 'cancelled');
  assert.match(state.error ?? '', /cancelled.*previously trained model is unchanged/);
  ai.reset();
  await assertPreviousModelAnswers(s, s.dataset, before);
});

test('a second train of a dataset that is training is refused at once with a clear error', { skip: noChinook }, async () => {
  const s = await setup(openaiEmbedder());
  ai.onEmbeddings(() => ({ delayMs: 60_000 }));
  const ac = new AbortController();
  const running = train(s.dataset, s.deps, { signal: ac.signal });
  while (ai.calls.embeddings === 0) await new Promise((r) => setTimeout(r, 20));
  await assert.rejects(train(s.dataset, s.deps), (e: unknown) => e instanceof TrainingInProgressError && /already training/.test(e.message) && /Wait/.test(e.hint));
  ac.abort();
  await expectFailure(running, 'cancelled', /cancelled/);
  assert.equal((await s.runState.get(s.dataset)).activeCollections, null, 'a first run that was cancelled leaves no model');
});

test('embedding endpoint errors, timeouts and garbage fail the run with a message; the previous model answers', { skip: noChinook }, async () => {
  const s = await setup(openaiEmbedder(800));
  await trainOk(s);
  const before = (await s.runState.get(s.dataset)).activeCollections;
  assert.ok(before);
  const changed = { ...s.dataset, terms: [{ term: 'new term', definition: 'forces an embedding call' }] };
  const cases: [Parameters<FakeOpenAI['onEmbeddings']>[0], RegExp][] = [
    [() => ({ status: 500, json: { error: { message: 'out of memory' } } }), /HTTP 500.*Check the server log/],
    [() => ({ delayMs: 5000 }), /timed out/],
    [() => ({ body: '<html>proxy error</html>', contentType: 'text/html' }), /unusable vectors/],
    [() => ({ vectors: [[1, 2, 3]] }), /unusable vectors/],
    [() => ({ destroy: true }), /Cannot reach|failed/],
  ];
  for (const [handler, message] of cases) {
    ai.onEmbeddings(handler);
    await expectFailure(train(changed, s.deps), 'failed', message);
    const state = await s.runState.get(s.dataset);
    assert.equal(state.status, 'failed');
    assert.match(state.error ?? '', message);
    assert.match(state.error ?? '', /previously trained model is unchanged/);
    ai.onEmbeddings(null);
    await assertPreviousModelAnswers(s, s.dataset, before);
  }
});

test('LLM examples: garbage SQL is dropped (never trained), prose falls back to templates, valid pairs are trained', { skip: noChinook }, async () => {
  const s = await setup();
  const llm = new OpenAiChatProvider({ baseURL: ai.url, model: 'fake-chat', maxRetries: 0 });
  ai.onChat((_body, n) => {
    if (n === 0) {
      return JSON.stringify([
        { question: 'How many albums does the catalogue hold?', sql: 'SELECT COUNT(*) FROM "Album"' },
        { question: 'Which songs are longest?', sql: 'SELECT Name FROM NoSuchTable ORDER BY Milliseconds DESC' },
        { question: 'Remove the artists', sql: 'DROP TABLE "Artist"' },
        { question: 'Two statements', sql: 'SELECT 1; DELETE FROM "Artist"' },
        { question: 'Broken', sql: 'SELEC * FRM Album' },
      ]);
    }
    return 'Sorry, I am a language model and cannot write SQL today.';
  });
  const r = await train(s.dataset, { ...s.deps, llm }, { llmBatchTables: 6 });
  assert.equal(r.llmCalls, 2);
  const dropped = r.dropped.filter((d) => d.source === 'llm').map((d) => d.question).sort();
  assert.deepEqual(dropped, ['Broken', 'Remove the artists', 'Two statements', 'Which songs are longest?']);
  const state = await s.runState.get(s.dataset);
  const llmPairs = await store.getWhere(state.activeCollections?.sql as string, { source: 'llm' });
  assert.deepEqual(llmPairs.map((p) => p.metadata.question), ['How many albums does the catalogue hold?']);
  // The second batch's tables (prose answer) got template examples instead.
  const templates = await store.getWhere(state.activeCollections?.sql as string, { source: 'template' });
  assert.ok(templates.length > 5);
  // The database was never written to.
  const rows = await s.driver.queryReadOnly('SELECT COUNT(*) AS n FROM "Artist"');
  assert.equal(Number(rows.rows[0].n), 275);
  // An unchanged retrain asks the LLM nothing and embeds nothing.
  const again = await train(s.dataset, { ...s.deps, llm });
  assert.equal(again.llmCalls, 1, 'only the batch that produced nothing usable is asked again');
  assert.equal(again.embeddingCalls, 0);
});

test('LLM endpoint errors fail the run with a message; the previous model answers', { skip: noChinook }, async () => {
  const s = await setup();
  await trainOk(s);
  const before = (await s.runState.get(s.dataset)).activeCollections;
  assert.ok(before);
  ai.onChat(() => ({ status: 500, json: { error: { message: 'internal' } } }));
  const llm = new OpenAiChatProvider({ baseURL: ai.url, model: 'fake-chat', maxRetries: 0 });
  await expectFailure(train(s.dataset, { ...s.deps, llm }), 'failed', /LLM endpoint .* HTTP 500/);
  await assertPreviousModelAnswers(s, s.dataset, before);
});

test('a table dropped from the database since fails the run naming it; the previous model answers', { skip: noChinook }, async () => {
  const s = await setup();
  await trainOk(s);
  const before = (await s.runState.get(s.dataset)).activeCollections;
  assert.ok(before);
  const db = new Database(parseDatasourceUrl(s.dbUrl).file as string);
  db.exec('DROP TABLE "PlaylistTrack"');
  db.close();
  const e = await expectFailure(train(s.dataset, s.deps), 'failed', /Table PlaylistTrack of dataset .* no longer exists in the database/);
  assert.match(e.hint ?? '', /Remove them from the dataset/);
  await assertPreviousModelAnswers(s, s.dataset, before);
});

test('an empty dataset fails with what to do; retrieve on it says it is not trained', { skip: noChinook }, async () => {
  const s = await setup();
  const empty = { ...s.dataset, tables: [] };
  await expectFailure(train(empty, s.deps), 'failed', /has no tables.*Choose the tables/);
  const state = await s.runState.get(empty);
  assert.equal(state.status, 'failed');
  await assert.rejects(retrieve(empty, state, 'anything', { store, embedder: s.embedder }), (e: unknown) => e instanceof NotTrainedError && /not been trained/.test(e.message));
});

test('Chroma killed mid-training: the server restarts and the run either completes or fails clearly; a model always answers', { skip: noChinook }, async (t) => {
  const s = await setup(openaiEmbedder());
  await trainOk(s);
  const before = (await s.runState.get(s.dataset)).activeCollections;
  assert.ok(before);
  const pid = chroma.pid as number;
  ai.onEmbeddings(() => {
    process.kill(pid, 'SIGKILL');
    return undefined;
  });
  const changed = { ...s.dataset, terms: [{ term: 'kill', definition: 'chroma dies now' }] };
  let outcome: 'completed' | 'failed';
  try {
    const r = await train(changed, s.deps);
    outcome = r.status;
  } catch (e) {
    assert.ok(e instanceof TrainingError);
    assert.equal(e.status, 'failed');
    assert.match(e.message, /Chroma|vector store/i);
    t.diagnostic(`${e.message} (${e.hint ?? 'no hint'})`);
    outcome = 'failed';
  }
  ai.onEmbeddings(null);
  t.diagnostic(`run ${outcome} after Chroma was killed`);
  assert.notEqual(chroma.pid, pid, 'a new Chroma process serves');
  const state = await s.runState.get(s.dataset);
  assert.equal(state.status, outcome);
  if (outcome === 'failed') await assertPreviousModelAnswers(s, s.dataset, before);
  else {
    const r = await retrieve(changed, state, 'album title artist', { store, embedder: s.embedder });
    assert.ok(r.tables.slice(0, 5).includes('Album'), r.tables.join(', '));
  }
});

test('deleting a dataset drops all of its collections and no other dataset\'s', { skip: noChinook }, async () => {
  const a = await setup();
  const b = await setup();
  await trainOk(a);
  await trainOk(b);
  const bCollections = Object.values((await b.runState.get(b.dataset)).activeCollections ?? {});
  const dropped = await deleteDatasetCollections(store, a.dataset);
  assert.equal(dropped.length, 3);
  const left = await store.listCollections();
  assert.ok(!left.some((n) => belongsToDataset(a.dataset.collection, n)));
  assert.ok(bCollections.every((n) => left.includes(n)));
});

// The datasource going away needs a server we may stop: a private MariaDB.
const mariadbAvailable = process.env.TABLETALK_TEST_MYSQL_URL ? undefined : (process.env.TABLETALK_TEST_MYSQL_URL_SKIP ?? 'MariaDB not available; run through npm test');

test('the datasource goes away mid-training: the run fails saying so, nothing is dropped silently, the previous model answers', { skip: mariadbAvailable }, async () => {
  const dbs = (await import('../support/databases.mjs' as string)) as { startMariadb(): Promise<{ chinookUrl: string | null; stop(): void; skip?: string }> };
  const server = await dbs.startMariadb();
  assert.ok(server.chinookUrl, server.skip);
  try {
    const s = await setup(new BuiltinEmbedder(), server.chinookUrl as string);
    await trainOk(s);
    const before = (await s.runState.get(s.dataset)).activeCollections;
    assert.ok(before);
    // The LLM is asked after DDL and documentation; while it thinks, the database stops.
    ai.onChat(() => {
      server.stop();
      return JSON.stringify([{ question: 'How many albums?', sql: 'SELECT COUNT(*) FROM Album' }]);
    });
    const llm = new OpenAiChatProvider({ baseURL: ai.url, model: 'fake-chat', maxRetries: 0 });
    const e = await expectFailure(train(s.dataset, { ...s.deps, llm }), 'failed', /datasource stopped answering/);
    assert.match(e.hint ?? '', /database is running/);
    const state = await s.runState.get(s.dataset);
    assert.match(state.error ?? '', /datasource stopped answering.*previously trained model is unchanged/);
    await assertPreviousModelAnswers(s, s.dataset, before);
  } finally {
    server.stop();
  }
});
