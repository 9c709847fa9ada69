// Multi-root, inside real VS Code: runs in the two-folder workspace that test/ui/multiroot.test.ts writes (folders
// Alpha and Beta, each with data/shop.sqlite of its own rows and a datasource in its folder settings, and the same
// dataset file "Twin"). Checked on what the user gets: where the dataset file lands, the Datasets view's folder
// groups, the rows a query returns, each folder's own training status, a folder added and removed at runtime.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TableTalkApi } from '../../src/extension';
import type { DatasetDefinition } from '../../src/core/dataset/types';
import type { DatasetFolderNode, DatasetNode, DatasetTreeNode } from '../../src/host/datasets/tree';
import type { AskAnswer } from '../../src/protocol/ask';
import type { TrainOutcome } from '../../src/host/training/runs';
import { datasetRefFolder } from '../../src/host/datasets/service';
import { tabletalk, waitFor } from './support';

const fixture = process.env.TABLETALK_MULTIROOT ? (JSON.parse(process.env.TABLETALK_MULTIROOT) as { alpha: string; beta: string; gamma: string }) : undefined;
const askCommand = (input: { dataset: string; question?: string; sql?: string }) => vscode.commands.executeCommand<AskAnswer | undefined>('tabletalk.ask', input);
const datasetFile = (folder: string, name: string) => path.join(folder, '.tabletalk', 'datasets', `${name}.json`);

async function folderGroups(api: TableTalkApi): Promise<{ label: string; children: string[] }[]> {
  const roots = (await api.datasets.tree.getChildren()) ?? [];
  return roots
    .filter((n): n is DatasetFolderNode => n.kind === 'datasetFolder')
    .map((f) => ({ label: String(api.datasets.tree.getTreeItem(f).label), children: f.children.map((c: DatasetTreeNode) => String(api.datasets.tree.getTreeItem(c).label)) }));
}

async function datasetNode(api: TableTalkApi, ref: string): Promise<DatasetNode | undefined> {
  for (const root of (await api.datasets.tree.getChildren()) ?? []) {
    const nodes = root.kind === 'datasetFolder' ? root.children : [root];
    const hit = nodes.find((n): n is DatasetNode => n.kind === 'dataset' && n.name === ref);
    if (hit) return hit;
  }
  return undefined;
}

describe('Multi-root workspace', function () {
  this.timeout(120_000);
  let api: TableTalkApi;

  before(async function () {
    if (!fixture) return;
    api = await tabletalk();
    await waitFor('both folders open', () => (vscode.workspace.workspaceFolders?.length === 2 ? true : undefined), 30_000);
  });

  // Each test says why it is skipped in the single-folder run of test/ui/extension-host.test.ts.
  beforeEach(function () {
    if (fixture) return;
    if (this.currentTest) (this.currentTest as Mocha.Runnable & { skipReason?: string }).skipReason = 'runs in the two-folder workspace of test/ui/multiroot.test.ts (npm test -- ui/multiroot)';
    this.skip();
  });

  after(async () => {
    if (!fixture || !api) return;
    for (const p of api.ask.panels()) p.dispose();
    // The trained dataset's Chroma collections live in the profile's global storage: drop them.
    await vscode.commands.executeCommand('tabletalk.deleteDataset', 'Beta/Shop', { confirm: false }).then(undefined, () => undefined);
  });

  it("reads each folder's datasources from its own settings, relative SQLite paths against that folder", () => {
    const alpha = api.context.datasources.get('shop-alpha');
    const beta = api.context.datasources.get('shop-beta');
    assert.equal(alpha?.folder?.name, 'Alpha');
    assert.equal(beta?.folder?.name, 'Beta');
    assert.equal(beta?.config.file, 'data/shop.sqlite', 'the setting keeps the relative path');
  });

  it("a dataset created in the second folder lands in that folder's .tabletalk/datasets", async () => {
    const beta = await vscode.commands.executeCommand<DatasetDefinition>('tabletalk.createDataset', { datasource: 'shop-beta', name: 'Shop', folder: 'Beta' });
    assert.equal(beta?.name, 'Shop');
    assert.ok(fs.existsSync(datasetFile(fixture!.beta, 'Shop')), 'Beta/.tabletalk/datasets/Shop.json exists');
    assert.ok(!fs.existsSync(datasetFile(fixture!.alpha, 'Shop')), 'nothing written to the first folder');
    // The same name in the other folder is another dataset, in its own file.
    await vscode.commands.executeCommand('tabletalk.createDataset', { datasource: 'shop-alpha', name: 'Shop', folder: 'Alpha' });
    assert.equal(JSON.parse(fs.readFileSync(datasetFile(fixture!.alpha, 'Shop'), 'utf8')).datasource, 'shop-alpha');
    assert.equal(JSON.parse(fs.readFileSync(datasetFile(fixture!.beta, 'Shop'), 'utf8')).datasource, 'shop-beta');
  });

  it('the Datasets view groups the datasets under one node per folder', async () => {
    const groups = await waitFor('two folder groups, each with Shop and Twin', async () => {
      const g = await folderGroups(api);
      return g.length === 2 && g.every((f) => f.children.join() === 'Shop,Twin') ? g : undefined;
    });
    assert.deepEqual(groups.map((g) => g.label), ['Alpha', 'Beta']);
  });

  it("a dataset file written into Beta's folder outside VS Code shows up under Beta (each folder is watched)", async () => {
    const twin = JSON.parse(fs.readFileSync(datasetFile(fixture!.beta, 'Twin'), 'utf8')) as DatasetDefinition;
    const file = datasetFile(fixture!.beta, 'Outside');
    fs.writeFileSync(file, `${JSON.stringify({ ...twin, name: 'Outside', collection: 'outside-1a2b3c4d' }, null, 2)}\n`);
    await waitFor('Outside under Beta', async () => ((await folderGroups(api)).find((g) => g.label === 'Beta')?.children.join() === 'Outside,Shop,Twin' ? true : undefined));
    assert.equal((await folderGroups(api)).find((g) => g.label === 'Alpha')?.children.join(), 'Shop,Twin');
    fs.rmSync(file);
    await waitFor('Outside gone', async () => ((await folderGroups(api)).find((g) => g.label === 'Beta')?.children.join() === 'Shop,Twin' ? true : undefined));
  });

  it("a query on Beta's dataset reads Beta's data/shop.sqlite, and Alpha's reads Alpha's", async () => {
    const sql = 'SELECT Name FROM Item ORDER BY Name';
    const beta = await askCommand({ dataset: 'Beta/Shop', sql });
    assert.equal(beta?.error, null, JSON.stringify(beta?.error));
    assert.deepEqual(beta?.rows, [['beta bell'], ['beta berry'], ['beta boat']]);
    const alpha = await askCommand({ dataset: 'Alpha/Shop', sql });
    assert.deepEqual(alpha?.rows, [['alpha anchor'], ['alpha apple']]);
  });

  it("training Beta's Shop trains that dataset only, with its lock in Beta's folder", async () => {
    const outcome = await vscode.commands.executeCommand<TrainOutcome>('tabletalk.trainDataset', 'Beta/Shop', { notify: false });
    assert.equal(outcome?.status, 'completed', JSON.stringify(outcome));
    const item = async (ref: string) => api.datasets.tree.getTreeItem((await datasetNode(api, ref))!);
    await waitFor("Beta's Shop shown as completed", async () => (String((await item('Beta/Shop')).description).startsWith('completed') ? true : undefined));
    assert.match(String((await item('Alpha/Shop')).description), /^not trained/, 'the same name in Alpha is another dataset');
    // The cross-process lock (shared with the CLI) lives next to the dataset's own files.
    assert.ok(fs.existsSync(path.join(fixture!.beta, '.tabletalk', 'state', 'locks')), "lock folder in Beta's .tabletalk");
    assert.ok(!fs.existsSync(path.join(fixture!.alpha, '.tabletalk', 'state')), "nothing in Alpha's .tabletalk/state");
  });

  it("each folder keeps its own training status, even for the same dataset file (same collection) in both", async () => {
    const service = api.datasets.service;
    const alphaTwin = (await service.get('Alpha/Twin'))!;
    const betaTwin = (await service.get('Beta/Twin'))!;
    assert.equal(alphaTwin.collection, betaTwin.collection, 'the fixture gives both the same collection prefix');
    await service.runState.update(betaTwin, { status: 'failed', error: 'Beta only' });
    try {
      const item = async (ref: string) => api.datasets.tree.getTreeItem((await datasetNode(api, ref))!);
      await waitFor("Beta's Twin shown as failed", async () => (String((await item('Beta/Twin')).description).startsWith('failed') ? true : undefined));
      assert.match(String((await item('Alpha/Twin')).description), /^not trained/);
      assert.equal((await service.state(alphaTwin)).status, 'pending');
    } finally {
      await service.runState.remove(betaTwin);
    }
  });

  it('exports default to the folder of the dataset in use', () => {
    assert.equal(datasetRefFolder('Beta/Shop').folder?.name, 'Beta');
    assert.equal(datasetRefFolder('Beta/Shop').name, 'Shop');
  });

  it('a folder added at runtime appears as a group, and goes when removed', async () => {
    const gamma = vscode.Uri.file(fixture!.gamma);
    assert.ok(vscode.workspace.updateWorkspaceFolders(2, 0, { uri: gamma, name: 'Gamma' }));
    const three = await waitFor('three folder groups', async () => {
      const g = await folderGroups(api);
      return g.length === 3 ? g : undefined;
    });
    assert.deepEqual(three.map((g) => g.label), ['Alpha', 'Beta', 'Gamma']);
    assert.deepEqual(three[2].children, []);
    const made = await vscode.commands.executeCommand<DatasetDefinition>('tabletalk.createDataset', { datasource: 'shop-alpha', name: 'Third', folder: 'Gamma' });
    assert.equal(made?.name, 'Third');
    assert.ok(fs.existsSync(datasetFile(fixture!.gamma, 'Third')));
    await waitFor('Gamma lists Third', async () => ((await folderGroups(api))[2]?.children.join() === 'Third' ? true : undefined));
    assert.ok(vscode.workspace.updateWorkspaceFolders(2, 1));
    await waitFor('two folder groups again', async () => ((await folderGroups(api)).length === 2 ? true : undefined));
  });
});
