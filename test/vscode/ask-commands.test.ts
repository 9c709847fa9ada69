// Ask inside real VS Code: a Chinook SQLite dataset trained through the real command, the loopback
// OpenAI-compatible server as the model (key in SecretStorage via Configure LLM), and the Ask panel driven through
// "Ask a Question". Checked on what the user gets: SQL, rows, refusals, the database file unchanged, the dataset
// file and the next retrieval after "Save as Example", the context without a model, an untrained dataset.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TableTalkApi } from '../../src/extension';
import type { DatasetDefinition } from '../../src/core/dataset/types';
import type { TrainOutcome } from '../../src/host/training/runs';
import type { AskAnswer } from '../../src/protocol/ask';
import type { SavedExample } from '../../src/host/ask/service';
import { retrieveTables } from '../../src/core/ask/strategy';
import type { FakeOpenAI } from '../support/fake-openai.mjs' with { 'resolution-mode': 'import' };
import { metric, skipWith, tabletalk, waitFor } from './support';
import { addSqliteDatasource, chinookFile, datasetFile, deleteDatasets, noChinook, removeDatasource } from './dataset-helpers';

const PREFIX = 'AK test ';
const NAME = `${PREFIX}chinook`;
const UNTRAINED = `${PREFIX}untrained`;
const TOP_ALBUMS = 'SELECT ar.Name, COUNT(*) AS Albums FROM Album al JOIN Artist ar ON ar.ArtistId = al.ArtistId GROUP BY ar.Name ORDER BY Albums DESC, ar.Name LIMIT 5';

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const askCommand = (input: { dataset: string; question?: string; sql?: string }) => vscode.commands.executeCommand<AskAnswer | undefined>('tabletalk.ask', input);
const fenced = (sql: string) => `Here is the query:\n\n\`\`\`sql\n${sql}\n\`\`\``;

describe('Ask in VS Code', function () {
  this.timeout(180_000);
  let api: TableTalkApi;
  let datasource = '';
  let dbFile = '';
  let dbHash = '';
  let def: DatasetDefinition;
  let fake: FakeOpenAI | undefined;
  let apiKey = '';
  let trainedOk = false;

  const needs = (ctx: Mocha.Context) => {
    if (noChinook) skipWith(ctx, noChinook);
    if (!trainedOk) skipWith(ctx, 'needs the dataset trained in before()');
  };

  before(async function () {
    api = await tabletalk();
    if (noChinook) return;
    // A copy, so "the database is unchanged" is checked on a file nothing else uses.
    dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tt-ask-')), 'chinook.sqlite');
    fs.copyFileSync(chinookFile!, dbFile);
    dbHash = sha256(dbFile);
    datasource = await addSqliteDatasource('Chinook for Ask', dbFile);
    def = (await vscode.commands.executeCommand<DatasetDefinition>('tabletalk.createDataset', { datasource, name: NAME }))!;
    assert.ok(def, 'dataset created');
    const outcome = await vscode.commands.executeCommand<TrainOutcome>('tabletalk.trainDataset', NAME, { notify: false });
    assert.equal(outcome?.status, 'completed', JSON.stringify(outcome));
    trainedOk = true;
    await vscode.commands.executeCommand('tabletalk.createDataset', { datasource, name: UNTRAINED, tables: ['Artist', 'Album'] });

    const { startFakeOpenAI } = await import('../support/fake-openai.mjs');
    fake = await startFakeOpenAI();
    apiKey = `sk-test-${randomBytes(8).toString('hex')}`;
    await vscode.commands.executeCommand('tabletalk.configureLlm', { provider: 'openai', baseUrl: fake.url, model: 'loopback-chat', apiKey });
  });

  afterEach(() => fake?.reset());

  after(async () => {
    if (!api) return;
    for (const p of api.ask.panels()) p.dispose();
    await vscode.commands.executeCommand('tabletalk.configureLlm', { provider: 'none', apiKey: '' });
    await vscode.workspace.getConfiguration('tabletalk.ask').update('rowLimit', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('tabletalk.ask').update('timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await deleteDatasets(api, PREFIX);
    if (datasource) await removeDatasource(datasource);
    await fake?.close();
    if (dbFile) fs.rmSync(path.dirname(dbFile), { recursive: true, force: true });
  });

  it('"Ask a Question" answers with SQL and rows from the database; the panel shows them; no secret reaches the webview', async function () {
    needs(this);
    fake!.onChat(() => fenced(TOP_ALBUMS));
    const answer = await askCommand({ dataset: NAME, question: 'Which artists have the most albums?' });
    assert.ok(answer, 'an answer');
    assert.equal(answer.refused, null, answer.explanation);
    assert.equal(answer.error, null, answer.explanation);
    assert.equal(answer.sql, TOP_ALBUMS);
    assert.deepEqual(answer.columns, ['Name', 'Albums']);
    assert.deepEqual(answer.rows[0], ['Iron Maiden', 21]);
    assert.equal(answer.rows.length, 5);
    assert.deepEqual([...answer.usedTables].sort(), ['Album', 'Artist']);
    assert.ok(answer.tables.includes('Artist') && answer.tables.includes('Album'), `retrieved: ${answer.tables.join(', ')}`);
    assert.match(answer.explanation, /read-only SQLite query .* returned 5 rows/);

    // The model got the question, the dialect and the schema of the retrieved tables.
    const prompt = fake!.requests.chat[0].messages.map((m) => m.content).join('\n');
    assert.match(prompt, /Which artists have the most albums\?/);
    assert.match(prompt, /SQLite/);
    assert.match(prompt, /CREATE TABLE[^\n]*Artist/);
    // The key went to the model as a bearer token only.
    const panel = api.ask.panel(NAME);
    assert.ok(panel, 'the Ask panel of the dataset is open');
    assert.equal(panel.current.answer?.id, answer.id, 'the panel shows this answer');
    assert.equal(panel.current.dataset.trained, true);
    assert.equal(panel.current.model.configured, true);
    assert.ok(!JSON.stringify(panel.current).includes(apiKey), 'the API key is not in what the webview is sent');
    assert.ok(!JSON.stringify(panel.current).includes(fake!.url), 'the endpoint URL is not in what the webview is sent');
  });

  it('an LLM answer with DROP TABLE is refused with the reason, nothing runs, the database file is unchanged', async function () {
    needs(this);
    fake!.onChat(() => fenced('DROP TABLE Artist'));
    const answer = await askCommand({ dataset: NAME, question: 'Remove all the artists' });
    assert.ok(answer);
    assert.equal(answer.sql, null);
    assert.equal(answer.ran, false);
    assert.equal(answer.rejectedSql, 'DROP TABLE Artist', 'the refused SQL is shown to the user');
    assert.ok(answer.refused, 'refused');
    assert.match(answer.explanation, /read-only|DROP/i);
    assert.equal(sha256(dbFile), dbHash, 'the database file is byte-for-byte unchanged');
    const driver = await api.context.getDriver(datasource);
    const count = await driver.queryReadOnly('SELECT COUNT(*) AS n FROM Artist');
    assert.equal(Number(count.rows[0].n), 275);
  });

  it('edited SQL runs through the same guard: a SELECT returns rows, a DELETE and an UPDATE in a CTE are refused', async function () {
    needs(this);
    const ok = await askCommand({ dataset: NAME, question: 'genres', sql: 'SELECT Name FROM Genre ORDER BY Name LIMIT 3' });
    assert.ok(ok);
    assert.equal(ok.origin, 'run');
    assert.deepEqual(ok.rows, [['Alternative'], ['Alternative & Punk'], ['Blues']]);
    assert.equal(fake!.calls.chat, 0, 'running edited SQL does not ask the model');
    for (const bad of ['DELETE FROM Artist', 'WITH x AS (UPDATE Artist SET Name = \'x\' RETURNING *) SELECT * FROM x']) {
      const refused = await askCommand({ dataset: NAME, question: 'edit', sql: bad });
      assert.ok(refused?.refused, `refused: ${bad}`);
      assert.equal(refused.ran, false);
      assert.equal(refused.rejectedSql, bad);
    }
    assert.equal(sha256(dbFile), dbHash, 'the database file is unchanged');
  });

  it('a result larger than tabletalk.ask.rowLimit is cut and the user is told', async function () {
    needs(this);
    await vscode.workspace.getConfiguration('tabletalk.ask').update('rowLimit', 25, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the panel to pick up the row limit', () => api.ask.panel(NAME)?.current.rowLimit === 25);
      const answer = await askCommand({ dataset: NAME, question: 'all tracks', sql: 'SELECT TrackId, Name FROM Track' });
      assert.ok(answer);
      assert.equal(answer.rows.length, 25);
      assert.equal(answer.truncated, true);
      assert.equal(answer.rowLimit, 25);
      assert.match(answer.explanation, /more than 25 rows/);
    } finally {
      await vscode.workspace.getConfiguration('tabletalk.ask').update('rowLimit', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('"Save as Example" writes the pair into the dataset file and the trained examples: the next retrieval and prompt use it', async function () {
    needs(this);
    const question = 'Which AC/DC tracks last longer than five minutes?';
    const sql = "SELECT t.Name FROM Track t JOIN Album al ON al.AlbumId = t.AlbumId JOIN Artist ar ON ar.ArtistId = al.ArtistId WHERE ar.Name = 'AC/DC' AND t.Milliseconds > 300000";
    const state = await api.datasets.service.state(def);
    const store = await api.models.vectorStore();
    const embedder = await api.models.embedderForId(state.embedder!.id);
    const current = await api.datasets.service.require(NAME);
    const before = await retrieveTables(current, state, question, { store, embedder }, { k: 8 });
    assert.ok(!before.examples.some((e) => e.sql === sql), 'not retrieved before saving');
    const countBefore = await store.count(state.activeCollections!.sql);

    const saved = await vscode.commands.executeCommand<SavedExample>('tabletalk.saveExample', { dataset: NAME, question, sql });
    assert.ok(saved, 'saved');
    assert.equal(saved.addedToFile, true);
    assert.equal(saved.upserted, true);
    assert.match(saved.message, /trained examples/);

    const file = JSON.parse(fs.readFileSync(datasetFile(NAME), 'utf8')) as DatasetDefinition;
    assert.ok(file.examples.some((e) => e.question === question && e.sql === sql), 'the dataset file holds the pair');
    assert.equal(await store.count(state.activeCollections!.sql), countBefore + 1, 'one record upserted into the example collection');
    const afterDef = await api.datasets.service.require(NAME);
    const after = await retrieveTables(afterDef, state, question, { store, embedder }, { k: 8 });
    assert.equal(after.examples[0]?.sql, sql, `the saved pair is the closest example now: ${after.examples.map((e) => e.question).join(' | ')}`);

    // The next question sends it to the model as an example.
    fake!.onChat(() => fenced(sql));
    const answer = await askCommand({ dataset: NAME, question: 'Which AC/DC songs are longer than 5 minutes?' });
    assert.ok(answer && !answer.refused && !answer.error, answer?.explanation);
    const prompt = fake!.requests.chat.at(-1)!.messages.map((m) => m.content).join('\n');
    assert.ok(prompt.includes("WHERE ar.Name = 'AC/DC' AND t.Milliseconds > 300000"), 'the saved SQL is in the prompt');
    assert.ok(answer.rows.length > 0, 'AC/DC has tracks over five minutes');

    // Saving the same pair again changes nothing and says so.
    const again = await vscode.commands.executeCommand<SavedExample>('tabletalk.saveExample', { dataset: NAME, question, sql });
    assert.equal(again?.addedToFile, false);
    assert.match(again?.message ?? '', /already/);
    // A write is never saved as an example.
    const refused = await vscode.commands.executeCommand<SavedExample | undefined>('tabletalk.saveExample', { dataset: NAME, question: 'drop', sql: 'DROP TABLE Artist' });
    assert.equal(refused, undefined, 'the command reports the refusal instead of saving');
    const finalFile = JSON.parse(fs.readFileSync(datasetFile(NAME), 'utf8')) as DatasetDefinition;
    assert.ok(!finalFile.examples.some((e) => /DROP/i.test(e.sql)));
  });

  it('without a language model: the retrieved tables, join paths and closest examples, and how to configure one', async function () {
    needs(this);
    await vscode.commands.executeCommand('tabletalk.configureLlm', { provider: 'none' });
    try {
      await waitFor('the panel to show no model', () => api.ask.panel(NAME)?.current.model.configured === false);
      const answer = await askCommand({ dataset: NAME, question: 'Which tracks are on the playlist called Grunge?' });
      assert.ok(answer);
      assert.equal(answer.sql, null);
      assert.equal(answer.ran, false);
      assert.equal(fake!.calls.chat, 0, 'no model was called');
      assert.ok(answer.context, 'the retrieved context is shown');
      assert.match(answer.context.configureHint, /Configure LLM/);
      assert.ok(answer.context.examples.length > 0, 'closest trained examples');
      assert.ok(answer.tables.includes('Playlist') && answer.tables.includes('Track'), `tables: ${answer.tables.join(', ')}`);
      assert.ok(answer.tables.includes('PlaylistTrack') || answer.joinPaths.some((p) => p.tables.includes('PlaylistTrack')), 'the bridge table through the join path');
    } finally {
      await vscode.commands.executeCommand('tabletalk.configureLlm', { provider: 'openai', baseUrl: fake!.url, model: 'loopback-chat', apiKey });
    }
  });

  it('a question on an untrained dataset: the panel says it is not trained and offers Train Dataset', async function () {
    if (noChinook) skipWith(this, noChinook);
    const answer = await askCommand({ dataset: UNTRAINED, question: 'How many artists are there?' });
    assert.equal(answer, undefined, 'no answer');
    const panel = api.ask.panel(UNTRAINED);
    assert.ok(panel);
    await waitFor('the dataset info', () => panel.current.dataset.notReady || undefined);
    assert.equal(panel.current.dataset.trained, false);
    assert.match(panel.current.dataset.notReady ?? '', /not trained yet/);
    assert.match(panel.current.failure?.message ?? '', /has not been trained yet/);
    assert.equal(panel.current.failure?.action, 'trainDataset');
    assert.equal(fake!.calls.chat, 0);
  });

  it('Open in Editor opens an untitled SQL document with the query', async function () {
    needs(this);
    const panel = api.ask.panel(NAME)!;
    const editor = await panel.openInEditor(TOP_ALBUMS);
    assert.equal(editor.document.isUntitled, true);
    assert.equal(editor.document.languageId, 'sql');
    assert.equal(editor.document.getText(), TOP_ALBUMS);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Copy as CSV puts the shown result, in the shown order, on the clipboard', async function () {
    needs(this);
    const answer = await askCommand({ dataset: NAME, question: 'media types', sql: 'SELECT MediaTypeId, Name FROM MediaType ORDER BY MediaTypeId' });
    assert.equal(answer?.rows.length, 5);
    const panel = api.ask.panel(NAME)!;
    const rows = await panel.copyCsv({ column: 1, direction: 'descending' });
    assert.equal(rows, 5);
    const csv = await vscode.env.clipboard.readText();
    assert.equal(csv, ['MediaTypeId,Name', '4,Purchased AAC audio file', '3,Protected MPEG-4 video file', '2,Protected AAC audio file', '1,MPEG audio file', '5,AAC audio file', ''].join('\r\n'));
  });

  it('a query longer than tabletalk.ask.timeoutSeconds is stopped and the user is told; the database is unchanged', async function () {
    needs(this);
    await vscode.workspace.getConfiguration('tabletalk.ask').update('timeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the panel to pick up the timeout', () => api.ask.panel(NAME)?.current.timeoutSeconds === 1);
      const started = Date.now();
      const slow = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000) SELECT COUNT(*) AS n FROM c';
      const answer = await askCommand({ dataset: NAME, question: 'count to a lot', sql: slow });
      const ms = Date.now() - started;
      assert.ok(answer, 'an answer');
      assert.equal(answer.ran, false);
      assert.ok(answer.error, `an error: ${answer.explanation}`);
      assert.match(answer.explanation, /time|timeout|took longer|cancel/i);
      assert.equal(answer.rejectedSql, slow, 'the SQL stays in the box to be fixed');
      assert.ok(ms < 20_000, `stopped after ${ms} ms`);
      metric('askTimeoutStoppedMs', ms);
      assert.equal(sha256(dbFile), dbHash);
    } finally {
      await vscode.workspace.getConfiguration('tabletalk.ask').update('timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  describe('@tabletalk chat handler', () => {
    // No chat UI with a language model runs in code-server, so the real handler is called with the request the
    // chat would send and a stream that records what the chat would show.
    interface Shown { markdown: string[]; buttons: vscode.Command[]; progress: string[] }
    async function chat(prompt: string, command?: string): Promise<{ shown: Shown; result: vscode.ChatResult }> {
      const shown: Shown = { markdown: [], buttons: [], progress: [] };
      const stream = {
        markdown: (v: string | vscode.MarkdownString) => shown.markdown.push(typeof v === 'string' ? v : v.value),
        button: (c: vscode.Command) => shown.buttons.push(c),
        progress: (v: string) => shown.progress.push(v),
      } as unknown as vscode.ChatResponseStream;
      const request = { prompt, command, references: [], toolReferences: [], model: undefined } as unknown as vscode.ChatRequest;
      const token = new vscode.CancellationTokenSource().token;
      const result = (await api.ask.chatHandler(request, { history: [] } as unknown as vscode.ChatContext, stream, token)) ?? {};
      return { shown, result };
    }
    after(async () => {
      await api?.context.extension.workspaceState.update('tabletalk.chat.dataset', undefined);
    });

    it('/dataset chooses the dataset; a question is answered with the SQL in a code block, the first rows as a table and a button to the Ask panel', async function () {
      needs(this);
      const unknown = await chat('no such dataset', 'dataset');
      assert.match(unknown.shown.markdown.join('\n'), /There is no dataset named `no such dataset`/);
      const chosen = await chat(NAME, 'dataset');
      assert.match(chosen.shown.markdown.join('\n'), new RegExp(`now go to dataset \`${NAME}\``));
      fake!.onChat(() => fenced(TOP_ALBUMS));
      const { shown, result } = await chat('Which artists have the most albums?');
      const md = shown.markdown.join('\n');
      assert.ok(md.includes(`\`\`\`sql\n${TOP_ALBUMS}\n\`\`\``), md);
      assert.match(md, /\| Name \| Albums \|/);
      assert.match(md, /\| Iron Maiden \| 21 \|/);
      assert.ok(shown.progress.length > 0, 'progress while working');
      const open = shown.buttons.find((b) => b.command === 'tabletalk.ask');
      assert.deepEqual(open?.arguments, [{ dataset: NAME, question: 'Which artists have the most albums?', sql: TOP_ALBUMS }]);
      assert.equal(result.errorDetails, undefined);
      // The button opens the Ask panel with that SQL run again (no model call).
      fake!.reset();
      const fromChat = await vscode.commands.executeCommand<AskAnswer>(open!.command, ...(open!.arguments ?? []));
      assert.deepEqual(fromChat?.rows[0], ['Iron Maiden', 21]);
      assert.equal(fake!.calls.chat, 0);
    });

    it('a refusal is explained in the chat, with the refused SQL', async function () {
      needs(this);
      await chat(NAME, 'dataset');
      fake!.onChat(() => fenced('DELETE FROM Track'));
      const md = (await chat('delete every track')).shown.markdown.join('\n');
      assert.match(md, /\*\*Refused:\*\*/);
      assert.ok(md.includes('DELETE FROM Track'), 'the refused SQL is shown');
      assert.equal(sha256(dbFile), dbHash);
    });
  });

  it('the @tabletalk chat participant is registered exactly when VS Code has the Chat API', function () {
    const hasChat = typeof (vscode as { chat?: { createChatParticipant?: unknown } }).chat?.createChatParticipant === 'function';
    assert.equal(!!api.ask.chat, hasChat);
    metric('chatApiAvailable', hasChat);
    if (api.ask.chat) assert.equal(api.ask.chat.id, 'tabletalk.ask');
  });
});
