// `tabletalk train` and `tabletalk retrieve` as a user runs them: Chinook on SQLite, PostgreSQL and MariaDB,
// a Chinese business term, an unchanged retrain, a corrupt dataset file, a concurrent train, a killed train.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chinookCopy, cli, noChinook, noCli, progressLines, startCli, startFakeOpenAI, tempDir } from '../support/train-setup';
import type { FakeOpenAI } from '../support/fake-openai.mjs' with { 'resolution-mode': 'import' };

const dirs: string[] = [];
function workDir(): string {
  const d = tempDir('tt-train-cli-');
  dirs.push(d);
  return d;
}
test.after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** The run state of the only dataset in `dir` (one file per dataset under .tabletalk/state/runs). */
function onlyState(dir: string): { status: string; error: string } {
  const runs = join(dir, '.tabletalk', 'state', 'runs');
  const files = readdirSync(runs).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 1, files.join(', '));
  return JSON.parse(readFileSync(join(runs, files[0]), 'utf8'));
}

function lockHolder(dir: string): { pid: number; tool: string } | null {
  const locks = join(dir, '.tabletalk', 'state', 'locks');
  const files = existsSync(locks) ? readdirSync(locks).filter((f) => f.endsWith('.lock')) : [];
  return files.length ? JSON.parse(readFileSync(join(locks, files[0]), 'utf8')) : null;
}

const skip = noChinook ?? noCli;

interface TrainJson {
  status: string;
  collections: Record<string, string>;
  counts: { ddl: number; documentation: number; sql: number };
  ms: number;
  embeddingCalls: number;
  unchanged: string[];
}

async function trainAndRetrieve(url: string, artist: string, album: string, tables: number) {
  const dir = workDir();
  const r = await cli(['train', '--url', url, '--name', 'chinook', '--dir', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = r.json as unknown as TrainJson;
  assert.equal(out.status, 'completed');
  assert.deepEqual(Object.keys(out.collections).sort(), ['ddl', 'documentation', 'sql']);
  assert.equal(out.counts.ddl, tables);
  assert.ok(out.counts.documentation >= 11, `one "how X joins Y" per foreign key at least: ${out.counts.documentation}`);
  assert.ok(out.counts.sql >= 20, `examples: ${out.counts.sql}`);
  assert.ok(typeof out.ms === 'number');
  const lines = progressLines(r.stdout);
  assert.ok(lines.length >= 6);
  assert.deepEqual([...new Set(lines.map((l) => l.step))], ['prepare', 'extract DDL', 'train DDL', 'train documentation', 'generate examples', 'train examples', 'activate']);
  assert.ok(lines.every((l, i) => i === 0 || l.percent >= lines[i - 1].percent), 'percent never goes back');
  assert.equal(lines.at(-1)?.percent, 100);

  const q = await cli(['retrieve', '--name', 'chinook', '--dir', dir, '--question', 'Which artists have the most albums?', '--k', '5', '--json']);
  assert.equal(q.code, 0, q.stderr);
  const got = q.json as { tables: string[]; ddl: string[]; documentation: string[]; examples: { question: string; sql: string }[] };
  const top5 = got.tables.slice(0, 5);
  assert.ok(top5.includes(artist) && top5.includes(album), `top 5: ${top5.join(', ')}`);
  assert.ok(got.ddl.some((d) => d.includes(album)));
  assert.ok(got.examples.length > 0 && got.examples.every((e) => e.question && e.sql));
  return { dir, out };
}

test('train on Chinook (SQLite) completes with all three collections; retrieve ranks Artist and Album first', { skip }, async () => {
  const { url } = chinookCopy(workDir());
  const { dir, out } = await trainAndRetrieve(url, 'Artist', 'Album', 11);
  // The dataset file was created, is reviewable and holds no password.
  const file = JSON.parse(readFileSync(join(dir, '.tabletalk', 'datasets', 'chinook.json'), 'utf8'));
  assert.equal(file.tables.length, 11);
  assert.equal(file.collection, out.collections.ddl.replace(/-ddl-[a-z0-9]+$/, ''));

  // An immediate retrain of the unchanged dataset embeds nothing and keeps the collections.
  const again = await cli(['train', '--url', url, '--name', 'chinook', '--dir', dir, '--json']);
  assert.equal(again.code, 0, again.stderr);
  const second = again.json as unknown as TrainJson;
  assert.equal(second.embeddingCalls, 0);
  assert.deepEqual(second.unchanged, ['ddl', 'documentation', 'sql']);
  assert.deepEqual(second.collections, out.collections);
});

test('train on Chinook (PostgreSQL) and retrieve', { skip: process.env.TABLETALK_TEST_PG_URL ? noCli : (process.env.TABLETALK_TEST_PG_URL_SKIP ?? 'TABLETALK_TEST_PG_URL not set; run through npm test') }, async () => {
  await trainAndRetrieve(process.env.TABLETALK_TEST_PG_URL as string, 'artist', 'album', 11);
});

test('train on Chinook (MariaDB) and retrieve', { skip: process.env.TABLETALK_TEST_MYSQL_URL ? noCli : (process.env.TABLETALK_TEST_MYSQL_URL_SKIP ?? 'TABLETALK_TEST_MYSQL_URL not set; run through npm test') }, async () => {
  await trainAndRetrieve(process.env.TABLETALK_TEST_MYSQL_URL as string, 'Artist', 'Album', 11);
});

test('a Chinese business term (销售额) is trained and retrieved with the tables it points at', { skip }, async () => {
  const dir = workDir();
  const { url } = chinookCopy(dir);
  const terms = join(dir, 'terms.json');
  writeFileSync(terms, JSON.stringify([
    { term: '销售额', definition: '销售额 = 发票行的单价乘以数量之和 (SUM(UnitPrice * Quantity))', tables: ['InvoiceLine', 'Invoice'] },
    { term: '客户数', definition: '客户的数量', tables: ['Customer'] },
  ]));
  const examples = join(dir, 'examples.json');
  writeFileSync(examples, JSON.stringify([{ question: '每个国家的销售额是多少？', sql: 'SELECT i."BillingCountry", SUM(l."UnitPrice" * l."Quantity") AS "销售额" FROM "InvoiceLine" l JOIN "Invoice" i ON l."InvoiceId" = i."InvoiceId" GROUP BY i."BillingCountry"' }]));
  const r = await cli(['train', '--url', url, '--name', '销售', '--dir', dir, '--terms', terms, '--examples', examples, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readdirSync(join(dir, '.tabletalk', 'datasets')).includes('销售.json'));
  const q = await cli(['retrieve', '--name', '销售', '--dir', dir, '--question', '哪个国家的销售额最高？', '--json']);
  assert.equal(q.code, 0, q.stderr);
  const got = q.json as { tables: string[]; documentation: string[]; examples: { question: string; sql: string }[] };
  assert.match(got.documentation[0], /销售额/);
  assert.equal(got.examples[0].question, '每个国家的销售额是多少？');
  assert.ok(got.tables.slice(0, 5).includes('InvoiceLine') && got.tables.slice(0, 5).includes('Invoice'), got.tables.join(', '));
});

test('a corrupt dataset file is reported with its path and left exactly as it was', { skip }, async () => {
  const dir = workDir();
  const { url } = chinookCopy(dir);
  const datasets = join(dir, '.tabletalk', 'datasets');
  mkdirSync(datasets, { recursive: true });
  const path = join(datasets, 'chinook.json');
  const bytes = '{"version": 1, "name": "chinook", "tables": [ oops';
  writeFileSync(path, bytes);
  const r = await cli(['train', '--url', url, '--name', 'chinook', '--dir', dir, '--json']);
  assert.notEqual(r.code, 0);
  assert.ok(r.stderr.includes(path), r.stderr);
  assert.match(r.stderr, /not valid JSON/);
  assert.equal(readFileSync(path, 'utf8'), bytes);
  const q = await cli(['retrieve', '--name', 'chinook', '--dir', dir, '--question', 'x', '--json']);
  assert.notEqual(q.code, 0);
  assert.ok(q.stderr.includes(path));
  assert.equal(readFileSync(path, 'utf8'), bytes);
});

test('retrieve on a dataset that was never trained says to train it', { skip }, async () => {
  const dir = workDir();
  mkdirSync(join(dir, '.tabletalk', 'datasets'), { recursive: true });
  writeFileSync(join(dir, '.tabletalk', 'datasets', 'new.json'), JSON.stringify({ version: 1, name: 'new', datasource: 'x', collection: 'new-12345678', tables: [{ name: 'Album', schema: null }], terms: [], examples: [], modeling: { relationships: [], rejected: [], positions: {} } }));
  const q = await cli(['retrieve', '--name', 'new', '--dir', dir, '--question', 'albums?', '--json']);
  assert.equal(q.code, 1);
  assert.match(q.stderr, /has not been trained yet.*Train the dataset first/);
});

test('a datasource that cannot be reached fails with a clear message and writes nothing', { skip: noCli }, async () => {
  const dir = workDir();
  const r = await cli(['train', '--url', 'postgres://u:pw@127.0.0.1:1/db', '--name', 'x', '--dir', dir, '--json']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /127\.0\.0\.1:1/);
  assert.ok(!r.stderr.includes('pw'), 'no password in messages');
  assert.deepEqual(readdirSync(dir), []);
});

let ai: FakeOpenAI | undefined;
test.after(() => ai?.close());

/** A CLI train whose embedding calls hang until released, so it can be caught mid-run. */
async function slowTrain(dir: string, url: string) {
  ai ??= await startFakeOpenAI({ dimension: 32 });
  const env = { TABLETALK_OPENAI_BASE_URL: ai.url, TABLETALK_OPENAI_API_KEY: 'k', TABLETALK_EMBEDDING_MODEL: 'fake-emb' };
  return { env, run: startCli(['train', '--url', url, '--name', 'chinook', '--dir', dir, '--embedder', 'openai', '--json'], env) };
}

test('a second train of a dataset that is training is refused; Ctrl+C cancels the first, which ends cancelled', { skip }, async () => {
  const dir = workDir();
  const { url } = chinookCopy(dir);
  ai ??= await startFakeOpenAI({ dimension: 32 });
  ai.reset();
  ai.onEmbeddings(() => ({ delayMs: 60_000 }));
  const { env, run } = await slowTrain(dir, url);
  await run.waitFor(/train DDL/);
  const second = await cli(['train', '--url', url, '--name', 'chinook', '--dir', dir, '--json'], env);
  assert.equal(second.code, 1);
  assert.match(second.stderr, /already training \(process \d+/);
  assert.match(second.stderr, /Wait for the running training to finish or cancel it/);
  const t = Date.now();
  run.child.kill('SIGINT');
  const first = await run.done;
  assert.ok(Date.now() - t < 2000 + 1500, `stopped ${Date.now() - t} ms after Ctrl+C`);
  assert.equal(first.code, 130);
  assert.equal(first.json?.status, 'cancelled');
  assert.equal(onlyState(dir).status, 'cancelled');
  assert.equal(lockHolder(dir), null, 'the lock is released');
  ai.reset();
});

test('a train killed mid-run (the reload case) leaves the dataset failed with a message, and the previous model answers', { skip }, async () => {
  const dir = workDir();
  const { url } = chinookCopy(dir);
  ai ??= await startFakeOpenAI({ dimension: 32 });
  ai.reset();
  const { run: firstRun } = await slowTrain(dir, url);
  const first = await firstRun.done;
  assert.equal(first.code, 0, first.stderr);
  // Add a term so the next run has something to embed, then kill it while it waits on the embedder.
  const terms = join(dir, 'terms.json');
  writeFileSync(terms, JSON.stringify([{ term: 'revenue', definition: 'sum of invoice totals', tables: ['Invoice'] }]));
  ai.onEmbeddings(() => ({ delayMs: 60_000 }));
  const env = { TABLETALK_OPENAI_BASE_URL: ai.url, TABLETALK_EMBEDDING_MODEL: 'fake-emb' };
  const killed = startCli(['train', '--url', url, '--name', 'chinook', '--dir', dir, '--embedder', 'openai', '--terms', terms, '--json'], env);
  await killed.waitFor(/train documentation/);
  assert.equal(lockHolder(dir)?.pid, killed.child.pid, 'the running train holds the lock');
  killed.child.kill('SIGKILL');
  await killed.done;
  assert.equal(onlyState(dir).status, 'training', 'a killed process cannot clean up after itself');
  assert.equal(lockHolder(dir)?.pid, killed.child.pid, 'nor remove its lock');
  ai.reset();
  const q = await cli(['retrieve', '--name', 'chinook', '--dir', dir, '--question', 'Which artists have the most albums?', '--json'], env);
  assert.equal(q.code, 0, q.stderr);
  assert.ok((q.json as { tables: string[] }).tables.includes('Album'));
  const s = onlyState(dir);
  assert.equal(s.status, 'failed');
  assert.match(s.error, /interrupted.*previously trained model is unchanged/);
  // And training again works: the dead process's lock is taken over, the leftover staging collections cleaned up.
  const again = await cli(['train', '--url', url, '--name', 'chinook', '--dir', dir, '--embedder', 'openai', '--terms', terms, '--json'], env);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.json?.status, 'completed');
  assert.equal(lockHolder(dir), null, 'released after the run');
  const after = await cli(['retrieve', '--name', 'chinook', '--dir', dir, '--question', 'Which artists have the most albums?', '--json'], env);
  assert.equal(after.code, 0, after.stderr);
  assert.ok((after.json as { tables: string[] }).tables.includes('Album'));
});
