// Training inside real VS Code: the real command trains a Chinook dataset into the embedded Chroma server with
// the built-in embedder; cancel, refusal of a second run, failure, reload recovery, delete, a remote Chroma from
// settings and the LLM from settings are each checked on what the user gets (state, view, collections, files).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TableTalkApi } from '../../src/extension';
import type { DatasetDefinition, DatasetRunState } from '../../src/core/dataset/types';
import type { TrainOutcome } from '../../src/host/training/runs';
import { belongsToDataset } from '../../src/core/dataset/naming';
import { retrieve } from '../../src/core/ask/retrieve';
import { EmbeddedChroma } from '../../src/core/vector/chroma-server';
import { RemoteChroma } from '../../src/core/vector/endpoint';
import { VectorStore } from '../../src/core/vector/vector-store';
import type { FakeOpenAI } from '../support/fake-openai.mjs' with { 'resolution-mode': 'import' };
import { metric, readTableTalkLog, skipWith, tabletalk, userSettingsFile, waitFor } from './support';
import { addSqliteDatasource, chinookFile, datasetFile, datasetNode, deleteDatasets, iconId, item, noChinook, removeDatasource, tooltipText } from './dataset-helpers';

const PREFIX = 'TR test ';
const NAME = `${PREFIX}chinook`;

const train = (name: string, request?: object) => vscode.commands.executeCommand<TrainOutcome>('tabletalk.trainDataset', name, request);

async function ownCollections(api: TableTalkApi, def: DatasetDefinition): Promise<string[]> {
  const store = await api.models.vectorStore();
  return (await store.listCollections()).filter((n) => belongsToDataset(def.collection, n)).sort();
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Training in VS Code', function () {
  this.timeout(120_000);
  let api: TableTalkApi;
  let datasource = '';
  let def: DatasetDefinition;
  let trained: DatasetRunState;
  let fake: FakeOpenAI | undefined;

  before(async function () {
    api = await tabletalk();
    if (noChinook) return;
    datasource = await addSqliteDatasource('Chinook for training', chinookFile!);
    const created = await vscode.commands.executeCommand<DatasetDefinition>('tabletalk.createDataset', { datasource, name: NAME });
    assert.ok(created, 'dataset created');
    await vscode.commands.executeCommand('tabletalk.addBusinessTerm', NAME, { term: '销售额', definition: '发票行单价乘以数量之和 SUM(InvoiceLine.UnitPrice * InvoiceLine.Quantity)', tables: ['InvoiceLine', 'Invoice'] });
    await vscode.commands.executeCommand('tabletalk.addExample', NAME, { question: 'Which artists have the most albums?', sql: 'SELECT ar.Name, COUNT(*) AS albums FROM Album al JOIN Artist ar ON ar.ArtistId = al.ArtistId GROUP BY ar.Name ORDER BY albums DESC' });
    def = await api.datasets.service.require(NAME);
  });

  afterEach(async () => {
    // A test that changed the model settings puts them back, so the next one starts from the defaults.
    await vscode.commands.executeCommand('tabletalk.configureLlm', { provider: 'none', apiKey: '' });
    fake?.reset();
  });

  after(async () => {
    if (!api) return;
    await deleteDatasets(api, PREFIX);
    if (datasource) await removeDatasource(datasource);
    await fake?.close();
  });

  async function startFake(): Promise<FakeOpenAI> {
    if (!fake) {
      const { startFakeOpenAI } = await import('../support/fake-openai.mjs');
      fake = await startFakeOpenAI();
    }
    return fake;
  }

  /** Starts a training that waits on the loopback LLM (which never answers) until the view shows it training. */
  // Returned in an object: an async function returning the Thenable itself would wait for it to settle.
  async function startHangingTraining(name: string): Promise<{ running: Thenable<TrainOutcome> }> {
    const ai = await startFake();
    ai.onChat(() => ({ hang: true }));
    await vscode.commands.executeCommand('tabletalk.configureLlm', { provider: 'openai', baseUrl: ai.url, model: 'loopback-chat', apiKey: `sk-test-${randomBytes(8).toString('hex')}` });
    const running = train(name);
    await datasetNode(api, name, (i) => /^training \d+% · generate examples$/.test(String(i.description)), 30_000);
    await waitFor('the LLM request', () => ai.calls.chat > 0);
    return { running };
  }

  it('trains Chinook through the command with the built-in embedder and the embedded Chroma: completed, counts, shown in the view', async function () {
    if (noChinook) skipWith(this, noChinook);
    const outcome = await train(NAME);
    assert.equal(outcome?.status, 'completed', JSON.stringify(outcome));
    if (outcome.status !== 'completed') return;
    assert.equal(outcome.counts.ddl, 11, 'one CREATE TABLE per table');
    assert.ok(outcome.counts.documentation >= 1, `documentation items: ${outcome.counts.documentation}`);
    assert.ok(outcome.counts.sql >= 10, `examples checked against the database: ${outcome.counts.sql}`);
    metric('trainChinookMs', outcome.ms);

    trained = await api.datasets.service.state(def);
    assert.equal(trained.status, 'completed');
    assert.equal(trained.progress, 100);
    assert.deepEqual(trained.activeCollections, outcome.collections);
    assert.match(trained.embedder?.id ?? '', /^builtin-hash-v2-/);
    assert.ok(Date.now() - Date.parse(trained.lastTrainedAt ?? '') < 60_000, 'lastTrainedAt is now');

    const store = await api.models.vectorStore();
    assert.equal(await store.count(outcome.collections.ddl), 11);
    assert.equal(await store.count(outcome.collections.sql), outcome.counts.sql);
    const pid = await api.models.vector.embeddedPid();
    assert.ok(pid && pidAlive(pid), 'the embedded Chroma server runs as a child process');
    assert.ok(fs.existsSync(path.join(api.context.extension.globalStorageUri.fsPath, 'chroma')), 'its data is under the global storage');

    const node = await datasetNode(api, NAME, (i) => String(i.description).startsWith('completed'));
    const treeItem = item(api, node);
    assert.equal(treeItem.description, 'completed · just now');
    assert.equal(treeItem.contextValue, 'tabletalk.dataset.completed');
    assert.equal(iconId(treeItem), 'pass-filled');
    const tip = tooltipText(treeItem);
    for (const c of Object.values(outcome.collections)) assert.ok(tip.includes(c), `the tooltip names collection ${c}`);
    assert.match(tip, /\(11 DDL\)/);
  });

  it('the Chinese business term is trained and a Chinese question retrieves it', async function () {
    if (noChinook || !trained) skipWith(this, noChinook ?? 'needs the trained dataset of the previous test');
    const store = await api.models.vectorStore();
    const embedder = await api.models.embedderForId(trained.embedder!.id);
    const context = await retrieve(def, trained, '每个国家的销售额是多少？', { store, embedder, k: 5 });
    assert.ok(context.documentation.some((d) => d.includes('Business term: 销售额')), `documentation hits: ${context.documentation.map((d) => d.slice(0, 40)).join(' | ')}`);
    assert.ok(context.tables.includes('InvoiceLine'), `tables: ${context.tables.join(', ')}`);
  });

  it('a second Train of a dataset that is training is refused with a clear message', async function () {
    if (noChinook || !trained) skipWith(this, noChinook ?? 'needs the trained dataset');
    const { running } = await startHangingTraining(NAME);
    const second = await train(NAME);
    assert.equal(second?.status, 'refused');
    assert.match(second?.status === 'refused' ? second.message : '', /is already training .*Wait for it to finish or cancel it/);
    assert.equal(api.datasets.trainer.runs.list().filter((r) => r.collection === def.collection).length, 1, 'still one run');
    await vscode.commands.executeCommand('tabletalk.cancelTraining', NAME);
    assert.equal((await running).status, 'cancelled');
  });

  it('Cancel Training stops within 2 s: status cancelled (not an error), previous model intact, no staging left', async function () {
    if (noChinook || !trained) skipWith(this, noChinook ?? 'needs the trained dataset');
    const { running } = await startHangingTraining(NAME);
    assert.equal(item(api, await datasetNode(api, NAME)).contextValue, 'tabletalk.dataset.training');
    assert.equal(iconId(item(api, await datasetNode(api, NAME))), 'loading~spin');
    assert.equal(await vscode.commands.executeCommand('tabletalk.showTrainingProgress', NAME), true, 'Show Training Progress reopens the notification');
    assert.ok(api.datasets.trainer.notifications.isOpen(api.datasets.trainer.runs.get(def.collection)!));

    const started = performance.now();
    assert.equal(await vscode.commands.executeCommand('tabletalk.cancelTraining', NAME), true);
    const outcome = await running;
    const ms = performance.now() - started;
    metric('cancelMs', Math.round(ms));
    assert.equal(outcome.status, 'cancelled');
    assert.ok(ms < 2000, `the run ended ${Math.round(ms)} ms after Cancel`);

    const state = await api.datasets.service.state(def);
    assert.equal(state.status, 'cancelled');
    assert.match(state.error ?? '', /cancelled.*previously trained model is unchanged/i);
    assert.deepEqual(state.activeCollections, trained.activeCollections, 'the active model is the one trained before');
    assert.deepEqual(state.counts, trained.counts);
    const store = await api.models.vectorStore();
    assert.equal(await store.count(trained.activeCollections!.ddl), 11, 'the old model still answers');
    await waitFor('staging collections dropped', async () => {
      const names = await ownCollections(api, def);
      return names.join() === Object.values(trained.activeCollections!).sort().join() ? names : undefined;
    });
    const treeItem = item(api, await datasetNode(api, NAME, (i) => i.contextValue === 'tabletalk.dataset.cancelled'));
    assert.equal(treeItem.description, 'cancelled');
    assert.doesNotMatch(readTableTalkLog(api).split('\n').filter((l) => /\[error\]/.test(l)).join('\n'), /cancel/i, 'cancellation is not logged as an error');
  });

  it('the LLM from settings writes example questions; its key stays in secret storage', async function () {
    if (noChinook || !trained) skipWith(this, noChinook ?? 'needs the trained dataset');
    const ai = await startFake();
    const key = `sk-test-${randomBytes(12).toString('hex')}`;
    ai.onChat(() => JSON.stringify([{ question: 'How many albums has each artist released?', sql: 'SELECT ArtistId, COUNT(*) FROM Album GROUP BY ArtistId' }, { question: 'Broken one', sql: 'SELECT nope FROM nowhere' }]));
    await vscode.commands.executeCommand('tabletalk.configureLlm', { provider: 'openai', baseUrl: ai.url, model: 'loopback-chat', apiKey: key });
    assert.equal((await api.models.llm())?.id, 'openai:loopback-chat');
    const outcome = await train(NAME);
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome));
    assert.ok(ai.calls.chat > 0, 'the configured LLM was asked');
    if (outcome.status === 'completed') assert.ok(outcome.dropped >= 1, 'the generated SQL that fails against the database is dropped');
    assert.equal((await api.context.secrets.stored('tabletalk.llm.apiKey'))?.secret, key);
    assert.ok(!fs.readFileSync(userSettingsFile(api), 'utf8').includes(key), 'the key is not in settings.json');
    assert.ok(!readTableTalkLog(api).includes(key), 'the key is not in the log');
    trained = await api.datasets.service.state(def);
  });

  it('a training that cannot succeed ends failed with what to do, and the previous model stays', async function () {
    if (noChinook || !trained) skipWith(this, noChinook ?? 'needs the trained dataset');
    await api.datasets.service.update(NAME, (d) => ({ ...d, tables: [...d.tables, { name: 'DroppedSince', schema: null }] }));
    const outcome = await train(NAME);
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.status === 'failed' ? outcome.message : '', /DroppedSince.*no longer exists.*Remove them from the dataset/);
    const state = await api.datasets.service.state(def);
    assert.equal(state.status, 'failed');
    assert.deepEqual(state.activeCollections, trained.activeCollections);
    const treeItem = item(api, await datasetNode(api, NAME, (i) => i.contextValue === 'tabletalk.dataset.failed'));
    assert.equal(iconId(treeItem), 'error');
    assert.match(tooltipText(treeItem), /DroppedSince/);
    await api.datasets.service.update(NAME, (d) => ({ ...d, tables: d.tables.filter((x) => x.name !== 'DroppedSince') }));
  });

  it('a run left in `training` by a window reload becomes failed with a message on recovery', async function () {
    if (noChinook || !trained) skipWith(this, noChinook ?? 'needs the trained dataset');
    // The extension host of the reloaded window is gone: a process that has exited owns the run.
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    const now = new Date().toISOString();
    await api.datasets.service.runState.set(def, { ...trained, status: 'training', progress: 37, step: 'train DDL', error: null, run: { id: 'reloaded', pid: dead, hostname: os.hostname(), startedAt: now, heartbeatAt: now } });
    const recovered = await api.datasets.recoverInterrupted();
    assert.deepEqual(recovered, [NAME]);
    const state = await api.datasets.service.state(def);
    assert.equal(state.status, 'failed');
    assert.match(state.error ?? '', /interrupted.*previously trained model is unchanged/);
    assert.deepEqual(state.activeCollections, trained.activeCollections);
    const treeItem = item(api, await datasetNode(api, NAME, (i) => i.contextValue === 'tabletalk.dataset.failed'));
    assert.match(tooltipText(treeItem), /interrupted/);
  });

  it('the embedded Chroma server is restarted after it dies, and stopped by shutdown', async function () {
    if (noChinook || !trained) skipWith(this, noChinook ?? 'needs the trained dataset');
    const first = await api.models.vector.embeddedPid();
    assert.ok(first);
    process.kill(first, 'SIGKILL');
    const store = await api.models.vectorStore();
    const count = await waitFor('the restarted server to answer', async () => store.count(trained.activeCollections!.ddl).catch(() => undefined), 30_000);
    assert.equal(count, 11, 'the data survived the restart');
    const second = await api.models.vector.embeddedPid();
    assert.ok(second && second !== first && pidAlive(second), `a new server process (${first} -> ${second})`);

    await api.models.shutdown();
    await waitFor('the server process to exit', () => !pidAlive(second));
    assert.equal(await api.models.vector.embeddedPid(), null);
    assert.equal(await (await api.models.vectorStore()).count(trained.activeCollections!.ddl), 11, 'the next use starts it again');
  });

  it('a remote Chroma from settings, with its token in secret storage', async function () {
    if (noChinook || !trained) skipWith(this, noChinook ?? 'needs the trained dataset');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-remote-chroma-'));
    const server = new EmbeddedChroma({ dataDir });
    const token = `chroma-${randomBytes(10).toString('hex')}`;
    try {
      await server.start();
      await vscode.commands.executeCommand('tabletalk.configureVectorStore', { kind: 'remote', url: server.url, token });
      const outcome = await train(NAME);
      assert.equal(outcome.status, 'completed', JSON.stringify(outcome));
      const remote = new VectorStore(new RemoteChroma({ url: server.url }));
      const names = await remote.listCollections();
      if (outcome.status === 'completed') for (const c of Object.values(outcome.collections)) assert.ok(names.includes(c), `${c} is on the remote server`);
      assert.equal((await api.context.secrets.stored('tabletalk.vectorStore.token'))?.secret, token);
      assert.ok(!fs.readFileSync(userSettingsFile(api), 'utf8').includes(token), 'the token is not in settings.json');
      assert.equal(vscode.workspace.getConfiguration('tabletalk').get('vectorStore.url'), server.url);
    } finally {
      await vscode.commands.executeCommand('tabletalk.configureVectorStore', { kind: 'embedded', token: '' });
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    assert.equal((await api.context.secrets.stored('tabletalk.vectorStore.token'))?.secret, undefined, 'the token is removed on request');
  });

  it('the VS Code language model provider says clearly when no model is available, and training falls back to templates', async function () {
    if (noChinook || !trained) skipWith(this, noChinook ?? 'needs the trained dataset');
    const models = await vscode.lm.selectChatModels();
    if (models.length) skipWith(this, `this VS Code has language models (${models.map((m) => m.id).join(', ')}); the no-model case cannot be shown`);
    await vscode.commands.executeCommand('tabletalk.configureLlm', { provider: 'vscode-lm' });
    await assert.rejects(api.models.llm(), /No VS Code language model is available/);
    const outcome = await train(NAME);
    assert.equal(outcome.status, 'completed');
    assert.match(readTableTalkLog(api), /LLM unavailable, training uses template examples: No VS Code language model is available/);
  });

  it('Delete drops the dataset\'s collections, its run state and its file', async function () {
    if (noChinook || !trained) skipWith(this, noChinook ?? 'needs the trained dataset');
    // Trained again here so the active model is in the embedded store whatever the tests before did.
    assert.equal((await train(NAME)).status, 'completed');
    const state = await api.datasets.service.state(def);
    const before = await ownCollections(api, def);
    assert.ok(before.length >= 3, `collections before: ${before.join(', ')}`);
    for (const c of Object.values(state.activeCollections!)) assert.ok(before.includes(c));
    const result = await vscode.commands.executeCommand<{ deleted: boolean; droppedCollections: string[] }>('tabletalk.deleteDataset', NAME, { confirm: false });
    assert.equal(result?.deleted, true);
    assert.deepEqual([...result.droppedCollections].sort(), before);
    assert.deepEqual(await ownCollections(api, def), [], 'no collection of the dataset is left');
    assert.ok(!fs.existsSync(datasetFile(NAME)), 'the file is gone');
    assert.equal(api.datasets.service.runState.peek(def).status, 'pending', 'the run state is gone');
    await waitFor('the view to drop it', async () => !(await api.datasets.tree.getChildren())?.some((n) => n.kind === 'dataset' && n.name === NAME));
  });
});
