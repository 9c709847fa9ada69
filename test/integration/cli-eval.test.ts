// `tabletalk retrieve --questions` and `tabletalk eval` as a team runs them on Chinook (SQLite): one line per
// question in order, eval's figures equal to what the per-question output implies, and bad input reported by line
// number while the other lines are answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chinookCopy, cli, noChinook, noCli, tempDir } from '../support/train-setup';

const skip = noChinook ?? noCli;
const dir = tempDir('tt-cli-eval-');
test.after(() => rmSync(dir, { recursive: true, force: true }));

// Our own questions with the tables a correct query needs (not from any public benchmark).
const gold: { question: string; tables: string[] }[] = [
  { question: 'Which artists have the most albums?', tables: ['Artist', 'Album'] },
  { question: 'How many tracks does each genre have?', tables: ['Track', 'Genre'] },
  { question: 'songs by AC/DC', tables: ['Artist', 'Album', 'Track'] },
  { question: 'Which customers spent the most on invoices?', tables: ['Customer', 'Invoice'] },
  { question: 'List the tracks in each playlist', tables: ['Playlist', 'PlaylistTrack', 'Track'] },
  { question: 'Which employees support the most customers?', tables: ['Employee', 'Customer'] },
  { question: 'Total sales per media type', tables: ['MediaType', 'Track', 'InvoiceLine'] },
  { question: 'Jazz tracks longer than five minutes', tables: ['Track', 'Genre'] },
  { question: 'Invoices billed to Canada', tables: ['Invoice'] },
  { question: 'Which album has the most tracks?', tables: ['Album', 'Track'] },
];

const jsonLines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

test.before(async () => {
  if (skip) return;
  const { url } = chinookCopy(tempDir('tt-cli-eval-db-'));
  const r = await cli(['train', '--url', url, '--name', 'chinook', '--dir', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
});

test('eval reports recall@k and the all-gold rate that its reported failures imply, after retrieve --questions answers every line in order', { skip }, async () => {
  const evalFile = join(dir, 'gold.jsonl');
  writeFileSync(evalFile, gold.map((g) => JSON.stringify(g)).join('\n') + '\n');
  const qFile = join(dir, 'questions.jsonl');
  writeFileSync(qFile, gold.map((g, i) => JSON.stringify({ id: `q${i + 1}`, question: g.question })).join('\n') + '\n');

  const batch = await cli(['retrieve', '--name', 'chinook', '--dir', dir, '--questions', qFile, '--k', '3', '--json']);
  assert.equal(batch.code, 0, batch.stderr);
  const answers = jsonLines(batch.stdout) as { id: string; tables: string[]; ms: number }[];
  assert.deepEqual(answers.map((a) => a.id), gold.map((_, i) => `q${i + 1}`));
  assert.ok(answers.every((a) => a.tables.length === 3 && typeof a.ms === 'number' && a.ms >= 0));

  const ev = await cli(['eval', '--name', 'chinook', '--dir', dir, '--questions', evalFile, '--k', '3', '--json']);
  assert.equal(ev.code, 0, ev.stderr);
  const got = ev.json as { n: number; recallAtK: number; allGoldRate: number; p50Ms: number; failures: { line: number; question: string; missing: string[]; tables: string[] }[] };
  // The figures, computed here from the questions eval reports as failed (every other question found all its
  // tables). Not from the retrieve run above: right after training, Chroma's background compaction can move a
  // tied example by a place between two processes (noted in the session notes), so two runs may differ by a table.
  const failed = new Map(got.failures.map((f) => [f.line, f]));
  for (const f of got.failures) {
    const g = gold[f.line - 1];
    assert.equal(f.question, g.question);
    assert.equal(f.tables.length, 3);
    assert.deepEqual(f.missing, g.tables.filter((t) => !f.tables.some((x) => x.toLowerCase() === t.toLowerCase())));
    assert.ok(f.missing.length > 0);
  }
  const recall = gold.map((g, i) => (failed.has(i + 1) ? (g.tables.length - failed.get(i + 1)!.missing.length) / g.tables.length : 1));
  assert.equal(got.n, gold.length);
  assert.ok(Math.abs(got.recallAtK - recall.reduce((a, r) => a + r, 0) / gold.length) < 1e-12, `recall@3 ${got.recallAtK}`);
  assert.equal(got.allGoldRate, (gold.length - failed.size) / gold.length);
  assert.ok(got.recallAtK >= 0.8, `recall@3 ${got.recallAtK} on the fixed Chinook set`);
  assert.ok(typeof got.p50Ms === 'number' && got.p50Ms >= 0);
  console.log(`# eval on ${got.n} Chinook questions, k = 3: recall@3 ${got.recallAtK.toFixed(3)}, all gold ${got.allGoldRate.toFixed(3)}, p50 ${got.p50Ms} ms`);
});

test('bad input: malformed lines and a 10,000-character question are named by line number; the other lines are answered', { skip }, async () => {
  const file = join(dir, 'bad.jsonl');
  const long = 'how many albums '.repeat(625);
  assert.equal(long.length, 10_000);
  writeFileSync(file, [JSON.stringify({ id: 'a', question: 'Which artists have the most albums?' }), '{"id": "b", "question": ', '', JSON.stringify({ id: 'c', question: long }), JSON.stringify({ id: 'd' }), JSON.stringify({ id: 'e', question: 'Jazz tracks' })].join('\n'));
  const r = await cli(['retrieve', '--name', 'chinook', '--dir', dir, '--questions', file, '--json']);
  assert.equal(r.code, 1, 'some lines failed');
  const out = jsonLines(r.stdout);
  assert.deepEqual(out.map((o) => o.id), ['a', null, 'c', 'd', 'e']);
  assert.ok(Array.isArray(out[0].tables) && Array.isArray(out[4].tables));
  assert.match(String(out[1].error), /^line 2 is not JSON/);
  assert.equal(out[2].line, 4);
  assert.match(String(out[2].error), /^line 4: the question has 10,000 characters; at most 4,000 are accepted$/);
  assert.match(String(out[3].error), /^line 5 has no "question" text$/);
  assert.match(r.stderr, /line 2 is not JSON/);

  const evalFile = join(dir, 'bad-eval.jsonl');
  writeFileSync(evalFile, [JSON.stringify(gold[0]), JSON.stringify({ question: 'no gold' }), 'oops'].join('\n'));
  const ev = await cli(['eval', '--name', 'chinook', '--dir', dir, '--questions', evalFile, '--json']);
  assert.equal(ev.code, 1);
  const e = ev.json as { n: number; failures: { line: number; error?: string }[] };
  assert.equal(e.n, 1);
  assert.deepEqual(e.failures.map((f) => [f.line, /needs "tables"|is not JSON/.test(f.error ?? '')]), [[2, true], [3, true]]);

  const empty = join(dir, 'empty.jsonl');
  writeFileSync(empty, '\n\n');
  const em = await cli(['retrieve', '--name', 'chinook', '--dir', dir, '--questions', empty, '--json']);
  assert.equal(em.code, 1);
  assert.equal(em.stdout, '');
  assert.match(em.stderr, /The questions file .*empty\.jsonl holds no questions/);
});

test('a model trained before the value index keeps answering and the CLI says why to retrain', { skip }, async () => {
  // The run state of the one dataset here (one file per dataset), as a model trained before the value index has it.
  const folder = join(dir, '.tabletalk', 'state', 'runs');
  const runs = join(folder, readdirSync(folder).filter((f) => f.endsWith('.json'))[0]);
  const saved = readFileSync(runs, 'utf8');
  const state = JSON.parse(saved) as Record<string, unknown>;
  assert.ok(state.values, 'the trained model has a value index');
  delete state.values;
  writeFileSync(runs, JSON.stringify(state));
  try {
    const r = await cli(['retrieve', '--name', 'chinook', '--dir', dir, '--question', 'Which artists have the most albums?', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok((r.json?.tables as string[]).includes('Artist'));
    assert.match(r.stderr, /note: This model was trained before TableTalk indexed column values: train the dataset again/);
    assert.match(String(r.json?.retrain), /train the dataset again/);
  } finally {
    writeFileSync(runs, saved);
  }
});

test('a batch of 150 questions is answered in one CLI call, one line each, in order', { skip }, async () => {
  const file = join(dir, 'batch150.jsonl');
  const lines = Array.from({ length: 150 }, (_, i) => JSON.stringify({ id: i, question: `${gold[i % gold.length].question} (${i})` }));
  writeFileSync(file, lines.join('\n'));
  const r = await cli(['retrieve', '--name', 'chinook', '--dir', dir, '--questions', file, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = jsonLines(r.stdout) as { id: number; tables: string[] }[];
  assert.deepEqual(out.map((o) => o.id), Array.from({ length: 150 }, (_, i) => i));
  console.log(`# 150 questions in one retrieve call: ${r.ms} ms wall (process start, Chroma start and every retrieval)`);
});
