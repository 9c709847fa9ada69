// "Try the Sample Database" inside real VS Code: the command writes the sample file into the extension's global
// storage, registers the "Sample shop" datasource in user settings, and the real tree lists its tables. Running
// it again changes nothing; deleting the file while it is open turns the tree into an error node whose hint says
// to run the command again, and running it again repairs the datasource.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TableTalkApi } from '../../src/extension';
import type { DatasourceTreeNode } from '../../src/host/datasources/tree';
import type { SampleResult } from '../../src/host/sample/register';
import { sampleTableOrder } from '../../src/core/sample/schema';
import { tabletalk, waitFor } from './support';

const ID = 'sample-shop';
const trySample = () => vscode.commands.executeCommand<SampleResult | undefined>('tabletalk.trySampleDatabase');

function sampleEntries(): Record<string, unknown>[] {
  const i = vscode.workspace.getConfiguration('tabletalk').inspect<Record<string, unknown>[]>('datasources');
  return [...(i?.globalValue ?? []), ...(i?.workspaceValue ?? [])].filter((e) => e?.id === ID);
}

describe('Try the Sample Database', () => {
  let api: TableTalkApi;
  let file: string;

  const children = async (node?: DatasourceTreeNode) => (await api.datasources.tree.getChildren(node)) ?? [];
  const sampleNode = () => waitFor('the Sample shop in the tree', async () => (await children()).find((n) => n.kind === 'datasource' && n.id === ID));
  const tableNames = async () => (await children(await sampleNode())).flatMap((n) => (n.kind === 'table' ? [n.table.name] : []));

  before(async () => {
    api = await tabletalk();
    if (api.context.datasources.get(ID)) await vscode.commands.executeCommand('tabletalk.removeDatasource', ID, { confirm: false });
    file = api.sample.sample.defaultFile;
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  after(async () => {
    if (api?.context.datasources.get(ID)) await vscode.commands.executeCommand('tabletalk.removeDatasource', ID, { confirm: false });
    if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('writes the database file, registers "Sample shop" in user settings and shows its 14 tables', async () => {
    const result = await trySample();
    assert.deepEqual(result, { id: ID, file, created: true, generated: true });
    assert.ok(file.startsWith(api.context.extension.globalStorageUri.fsPath), `${file} is in the extension's global storage`);
    assert.ok(fs.statSync(file).size > 1_000_000, 'the file holds the generated rows');
    const inspected = vscode.workspace.getConfiguration('tabletalk').inspect<Record<string, unknown>[]>('datasources');
    assert.deepEqual(inspected?.globalValue?.filter((e) => e.id === ID), [{ id: ID, name: 'Sample shop', dialect: 'sqlite', file }]);
    assert.deepEqual((await tableNames()).sort(), [...sampleTableOrder].sort());
    assert.equal(api.datasources.view.visible, true, 'the Datasources view is shown');
    const orders = (await children(await sampleNode())).find((n) => n.kind === 'table' && n.table.name === 'orders');
    assert.ok(orders?.kind === 'table' && orders.table.rowEstimate === 3380, 'orders has its 3,380 rows');
  });

  it('is idempotent: running it again (even twice at once) keeps one datasource and leaves the file alone', async () => {
    const before = fs.statSync(file);
    const [a, b] = await Promise.all([trySample(), trySample()]);
    assert.deepEqual(a, { id: ID, file, created: false, generated: false });
    assert.deepEqual(b, a);
    assert.equal(sampleEntries().length, 1, 'one Sample shop entry in settings');
    const after = fs.statSync(file);
    assert.equal(after.mtimeMs, before.mtimeMs, 'the file was not rewritten');
    assert.equal(after.ino, before.ino);
    assert.equal((await tableNames()).length, sampleTableOrder.length);
  });

  it('a file deleted while open shows an error node with a hint to run the command again, which repairs it', async () => {
    assert.equal((await tableNames()).length, sampleTableOrder.length, 'the sample is open before the deletion');
    fs.rmSync(file);
    const error = await waitFor('the error node', async () => (await children(await sampleNode())).find((n) => n.kind === 'error'));
    assert.ok(error.kind === 'error');
    assert.match(error.message, /SQLite file not found: .*shop\.sqlite/);
    const item = api.datasources.tree.getTreeItem(error);
    assert.equal(item.description, 'Run "TableTalk: Try the Sample Database" to generate it again.');
    assert.equal(api.context.datasourceState(ID).kind, 'error');

    const repaired = await trySample();
    assert.deepEqual(repaired, { id: ID, file, created: false, generated: true });
    assert.ok(fs.existsSync(file));
    assert.equal(sampleEntries().length, 1);
    assert.deepEqual((await tableNames()).sort(), [...sampleTableOrder].sort());
  });

  it('a deleted folder is noticed too, and the command recreates it', async () => {
    assert.equal((await tableNames()).length, sampleTableOrder.length);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    await waitFor('the error node', async () => (await children(await sampleNode())).find((n) => n.kind === 'error'));
    assert.deepEqual(await trySample(), { id: ID, file, created: false, generated: true });
    assert.equal((await tableNames()).length, sampleTableOrder.length);
    // The new folder is watched again: a second deletion is noticed as well.
    fs.rmSync(file);
    await waitFor('the error node after the second deletion', async () => (await children(await sampleNode())).find((n) => n.kind === 'error'));
    assert.deepEqual(await trySample(), { id: ID, file, created: false, generated: true });
  });
});
