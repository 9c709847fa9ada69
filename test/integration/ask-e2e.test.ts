// Ask end to end on a copy of Chinook (SQLite), trained for real into embedded Chroma, with the loopback
// OpenAI-compatible server as the model: question -> SQL -> rows, the correction round, the no-LLM answer, an
// untrained dataset, "Save as Example" changing the next retrieval, and the `tabletalk ask` CLI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ask, runSql } from '../../src/core/ask/ask';
import { retrieveTables } from '../../src/core/ask/strategy';
import { saveExample, ExampleRefusedError } from '../../src/core/ask/saveExample';
import { NotTrainedError } from '../../src/core/ask/retrieve';
import { OpenAiChatProvider } from '../../src/core/llm/openai-chat';
import { chinookCopy, lastUserMessage, noChinook, startFake, trainChinook, type FakeOpenAI, type TrainedChinook } from '../support/ask-setup';

const run = promisify(execFile);
const cli = resolve('dist/cli.js');
const fence = (sql: string) => `\`\`\`sql\n${sql}\n\`\`\`\nThis lists what you asked for.`;
const topArtists = 'SELECT a.Name, COUNT(*) AS albums FROM Artist a JOIN Album b ON b.ArtistId = a.ArtistId GROUP BY a.ArtistId, a.Name ORDER BY albums DESC LIMIT 5';

describe('Ask end to end on SQLite with the loopback model', { skip: noChinook }, () => {
  let db: { url: string; dir: string };
  let trained: TrainedChinook;
  let ai: FakeOpenAI;

  before(async () => {
    db = chinookCopy();
    ai = await startFake();
    trained = await trainChinook(db.url, { terms: [{ term: '专辑', definition: '一张唱片，属于一位艺人', tables: ['Album', 'Artist'] }] });
  });
  after(async () => {
    await trained?.close();
    await ai?.close();
    if (db) rmSync(db.dir, { recursive: true, force: true });
  });

  const llm = () => new OpenAiChatProvider({ baseURL: ai.url, model: 'fake-sql', contextWindow: 16_000 });
  const deps = () => ({ store: trained.store, embedder: trained.embedder, llm: llm(), driver: trained.driver, run: true });

  test('a question becomes SQL, the SQL runs read-only, the rows come back with an explanation', async () => {
    ai.reset();
    ai.onChat(() => fence(topArtists));
    const r = await ask(trained.dataset, trained.state, 'Which artists have the most albums?', deps());
    assert.equal(r.sql, topArtists);
    assert.equal(r.refused, null);
    assert.equal(r.error, null);
    assert.deepEqual(r.columns, ['Name', 'albums']);
    assert.deepEqual(r.rows[0], { Name: 'Iron Maiden', albums: 21 });
    assert.equal(r.rows.length, 5);
    assert.deepEqual(r.usedTables, ['Artist', 'Album']);
    assert.ok(r.tables.slice(0, 3).includes('Artist') && r.tables.slice(0, 3).includes('Album'), r.tables.join(', '));
    assert.match(r.explanation, /^Ran a read-only SQLite query reading Artist, Album in \d+ ms; it returned 5 rows\.$/);
    assert.equal(r.modelNote, 'This lists what you asked for.');
    // What the model saw: the dialect, the DDL of both tables and the join between them, inside the budget.
    const system = ai.requests.chat[0].messages[0].content;
    assert.match(system, /expert in SQLite SQL/);
    assert.match(system, /CREATE TABLE "Artist"/);
    assert.match(system, /CREATE TABLE "Album"/);
    assert.match(system, /Album -> Artist: Album.ArtistId = Artist.ArtistId/);
    assert.ok(r.promptBudget && r.promptBudget.total <= r.promptBudget.budget);
  });

  test('a database error is sent back once and the corrected SQL runs', async () => {
    ai.reset();
    ai.onChat((_b, n) => (n === 0 ? fence('SELECT Nme FROM Artist LIMIT 3') : fence('SELECT Name FROM Artist ORDER BY ArtistId LIMIT 3')));
    const r = await ask(trained.dataset, trained.state, 'Name three artists', deps());
    assert.equal(ai.calls.chat, 2);
    assert.match(lastUserMessage(ai), /That query failed on SQLite with this error:\n.*no such column: Nme/);
    assert.deepEqual(r.attempts.map((a) => a.outcome), ['error', 'ok']);
    assert.deepEqual(r.rows.map((x) => x.Name), ['AC/DC', 'Accept', 'Aerosmith']);
    assert.match(r.explanation, /The first query failed \(.*no such column: Nme\), so the model was asked once to correct it\./);
  });

  test('when the correction fails too, the user gets the database error, not an exception', async () => {
    ai.reset();
    ai.onChat(() => fence('SELECT Nme FROM Artist'));
    const r = await ask(trained.dataset, trained.state, 'Name the artists', deps());
    assert.equal(ai.calls.chat, 2);
    assert.equal(r.ran, false);
    assert.match(r.error?.message ?? '', /no such column: Nme/);
    assert.match(r.explanation, /^The query failed on SQLite: /);
  });

  test('without an LLM, ask shows the retrieved context, the closest examples and how to configure a model', async () => {
    const r = await ask(trained.dataset, trained.state, 'Which artists have the most albums?', { store: trained.store, embedder: trained.embedder, dialect: 'sqlite', configureHint: 'Set TABLETALK_LLM_MODEL.' });
    assert.equal(r.sql, null);
    assert.ok(r.context);
    assert.ok(r.context.ddl.some((d) => d.table === 'Artist' && /CREATE TABLE "Artist"/.test(d.text)));
    assert.ok(r.context.examples.length > 0);
    assert.match(r.explanation, /No language model is configured[\s\S]*Set TABLETALK_LLM_MODEL\./);
  });

  test('an untrained dataset is a clear error that says to train it', async () => {
    const fresh = await trained.datasets.create({ name: 'untrained', datasource: db.url, tables: [{ name: 'Artist', schema: null }] });
    await assert.rejects(
      ask(fresh, await trained.runState.get(fresh), 'How many artists?', deps()),
      (e: unknown) => e instanceof NotTrainedError && /has not been trained yet/.test(e.message) && /Train the dataset first/.test(e.hint),
    );
  });

  test('Save as Example stores the pair in the dataset file and the next retrieval finds it', async () => {
    const question = 'Which employees were hired before 2003?';
    const sql = "SELECT FirstName, LastName, HireDate FROM Employee WHERE HireDate < '2003-01-01' ORDER BY HireDate";
    const similar = 'Show the employees hired before 2003';
    const beforeSave = await retrieveTables(trained.dataset, trained.state, similar, trained);
    assert.ok(!beforeSave.examples.some((e) => e.sql === sql));

    const saved = await saveExample(trained.dataset.name, question, sql, { datasets: trained.datasets, state: trained.state, store: trained.store, embedder: trained.embedder, dialect: 'sqlite' });
    assert.equal(saved.upserted, true);
    assert.equal(saved.addedToFile, true);
    const file = JSON.parse(readFileSync(trained.datasets.pathOf(trained.dataset.name), 'utf8')) as { examples: { question: string; sql: string }[] };
    assert.deepEqual(file.examples.at(-1), { question, sql });

    const afterSave = await retrieveTables(saved.dataset, trained.state, similar, trained);
    assert.deepEqual(afterSave.examples[0], { question, sql });
    assert.equal(afterSave.tables[0], 'Employee');

    // The next ask sends it to the model as the closest few-shot example.
    ai.reset();
    ai.onChat(() => fence(sql));
    await ask(saved.dataset, trained.state, similar, deps());
    const messages = ai.requests.chat[0].messages;
    const shot = messages.findIndex((m) => m.role === 'assistant' && m.content.includes(sql));
    assert.ok(shot > 0 && messages[shot - 1].content === question, 'the saved pair is a few-shot turn');

    // Saving it again changes nothing.
    const again = await saveExample(trained.dataset.name, question, sql, { datasets: trained.datasets, state: trained.state, store: trained.store, embedder: trained.embedder, dialect: 'sqlite' });
    assert.equal(again.addedToFile, false);
    assert.equal(again.id, saved.id);
  });

  test('SQL the user edits runs through the same guard, row limit and timeout', async () => {
    const ok = await runSql('SELECT Name FROM Genre ORDER BY GenreId', { driver: trained.driver, maxRows: 10 });
    assert.equal(ok.ran, true);
    assert.equal(ok.rows.length, 10);
    assert.equal(ok.truncated, true);
    assert.match(ok.explanation, /only the first 10 are shown/);
    const refused = await runSql('UPDATE Genre SET Name = NULL', { driver: trained.driver });
    assert.equal(refused.ran, false);
    assert.equal(refused.refused?.code, 'not-read-only');
    const broken = await runSql('SELECT nope FROM Genre', { driver: trained.driver });
    assert.match(broken.error?.message ?? '', /no such column: nope/);
    const count = await runSql('SELECT COUNT(*) AS n FROM Genre WHERE Name IS NULL', { driver: trained.driver });
    assert.deepEqual(count.rows, [{ n: 0 }]);
  });

  test('Save as Example refuses SQL the guard refuses and leaves the file untouched', async () => {
    const path = trained.datasets.pathOf(trained.dataset.name);
    const before0 = readFileSync(path, 'utf8');
    await assert.rejects(
      saveExample(trained.dataset.name, 'Remove the tracks', 'DELETE FROM Track', { datasets: trained.datasets, state: trained.state, store: trained.store, embedder: trained.embedder, dialect: 'sqlite' }),
      (e: unknown) => e instanceof ExampleRefusedError && /DELETE statement/.test(e.message),
    );
    assert.equal(readFileSync(path, 'utf8'), before0);
  });
});

describe('tabletalk ask (CLI) with the loopback model', { skip: noChinook }, () => {
  let db: { url: string; dir: string };
  let dir: string;
  let ai: FakeOpenAI;

  before(async () => {
    db = chinookCopy();
    dir = mkdtempSync(join(tmpdir(), 'tt-ask-cli-'));
    ai = await startFake();
    await run(process.execPath, [cli, 'train', '--url', db.url, '--name', 'chinook', '--dir', dir, '--json'], { env: { ...process.env, TABLETALK_LLM_MODEL: '' } });
  });
  after(async () => {
    await ai?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (db) rmSync(db.dir, { recursive: true, force: true });
  });

  const env = () => ({ ...process.env, TABLETALK_OPENAI_BASE_URL: ai.url, TABLETALK_LLM_MODEL: 'fake-sql', TABLETALK_OPENAI_API_KEY: 'test-key' });
  async function askCli(args: string[]): Promise<{ code: number; json: Record<string, unknown>; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [cli, 'ask', '--name', 'chinook', '--dir', dir, '--json', ...args], { env: env() });
      return { code: 0, json: JSON.parse(stdout) as Record<string, unknown>, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, json: err.stdout ? (JSON.parse(err.stdout) as Record<string, unknown>) : {}, stderr: err.stderr };
    }
  }

  test('--run --json prints {"sql","tables","rows","refused":null}', async () => {
    ai.reset();
    ai.onChat(() => fence(topArtists));
    const r = await askCli(['--question', 'Which artists have the most albums?', '--run']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.sql, topArtists);
    assert.equal(r.json.refused, null);
    assert.ok((r.json.tables as string[]).includes('Artist'));
    assert.deepEqual((r.json.rows as unknown[])[0], { Name: 'Iron Maiden', albums: 21 });
    assert.equal(r.json.truncated, false);
  });

  test('a refused answer exits with 3 and says why', async () => {
    ai.reset();
    ai.onChat(() => fence('DROP TABLE Track'));
    const r = await askCli(['--question', 'Drop the tracks', '--run']);
    assert.equal(r.code, 3);
    assert.equal(r.json.sql, null);
    assert.match((r.json.refused as { reason: string }).reason, /DROP statement/);
  });

  test('--lang zh-cn: the refusal is said in Chinese on the terminal, while --json keeps its English fields', async () => {
    ai.reset();
    ai.onChat(() => fence('DROP TABLE Track'));
    const text = await run(process.execPath, [cli, 'ask', '--name', 'chinook', '--dir', dir, '--question', 'Drop the tracks', '--run', '--lang', 'zh-cn'], { env: env() }).then(
      () => assert.fail('a refusal exits non-zero'),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    assert.equal(text.code, 3);
    assert.match(text.stdout, /^这是一条 DROP 语句（会删除对象）。TableTalk 只运行单条只读查询/m, text.stdout);
    assert.match(text.stderr, /^tabletalk: refused: 这是一条 DROP 语句/m, text.stderr);
    assert.doesNotMatch(`${text.stdout}${text.stderr}`, /This is a DROP statement/);

    ai.reset();
    ai.onChat(() => fence('DROP TABLE Track'));
    const r = await askCli(['--question', 'Drop the tracks', '--run', '--lang', 'zh-cn']);
    assert.equal(r.code, 3);
    assert.match((r.json.refused as { reason: string }).reason, /^This is a DROP statement: it drops objects\. TableTalk only runs/);
    assert.match(String(r.json.explanation), /^This is a DROP statement/);
  });

  test('--llm none prints the retrieved context and how to configure a model', async () => {
    const r = await askCli(['--question', 'Which artists have the most albums?', '--llm', 'none']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.sql, null);
    assert.match(String(r.json.explanation), /TABLETALK_OPENAI_BASE_URL and TABLETALK_LLM_MODEL/);
    assert.ok(((r.json.context as { examples: unknown[] }).examples).length > 0);
  });

  test('--llm none --lang zh-cn: the hint on configuring a model is Chinese inside the Chinese sentence', async () => {
    const { stdout } = await run(process.execPath, [cli, 'ask', '--name', 'chinook', '--dir', dir, '--question', 'Which artists have the most albums?', '--llm', 'none', '--lang', 'zh-cn'], { env: env() });
    const hintZh = (JSON.parse(readFileSync(join(__dirname, '../../l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>)['To generate SQL, set TABLETALK_OPENAI_BASE_URL and TABLETALK_LLM_MODEL (and TABLETALK_OPENAI_API_KEY if the endpoint needs one).'];
    assert.ok(hintZh && stdout.includes(hintZh), stdout);
    assert.doesNotMatch(stdout, /To generate SQL|No language model is configured/, stdout);
  });

  test('retrieve --strategy baseline|full keeps the JSON shape; full adds join paths', async () => {
    const out = async (strategy: string) => JSON.parse((await run(process.execPath, [cli, 'retrieve', '--name', 'chinook', '--dir', dir, '--question', 'List the tracks in each playlist', '--strategy', strategy, '--json'])).stdout) as Record<string, unknown>;
    const full = await out('full');
    const baseline = await out('baseline');
    for (const r of [full, baseline]) for (const key of ['tables', 'ddl', 'documentation', 'examples']) assert.ok(Array.isArray(r[key]), key);
    assert.deepEqual((full.tables as string[]).slice(0, 3).sort(), ['Playlist', 'PlaylistTrack', 'Track']);
    assert.ok((full.joinPaths as { tables: string[] }[]).some((p) => p.tables.join() === 'PlaylistTrack,Playlist' || p.tables.join() === 'Playlist,PlaylistTrack'));
    assert.deepEqual(baseline.joinPaths, []);
    await assert.rejects(out('magic'), /Unknown retrieval strategy "magic"/);
  });
});
