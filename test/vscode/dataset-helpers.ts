// Helpers for the dataset and training tests inside VS Code: a Chinook datasource of their own, the Datasets
// view's items as VS Code renders them, and the dataset files on disk.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { TableTalkApi } from '../../src/extension';
import type { DatasetNode, DatasetTreeNode } from '../../src/host/datasets/tree';
import { waitFor } from './support';

const chinookDir = process.env.TABLETALK_CHINOOK_DIR;
export const chinookFile = chinookDir ? path.join(chinookDir, 'Chinook_Sqlite.sqlite') : undefined;
export const noChinook = !chinookFile || !fs.existsSync(chinookFile) ? `Chinook_Sqlite.sqlite not found (TABLETALK_CHINOOK_DIR=${chinookDir ?? 'unset'})` : undefined;

/** Adds a SQLite datasource through the real command; returns its id. */
export async function addSqliteDatasource(name: string, file: string): Promise<string> {
  const id = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}`;
  const saved = await vscode.commands.executeCommand<{ id: string } | undefined>('tabletalk.addDatasource', { id, name, dialect: 'sqlite', file });
  if (!saved) throw new Error(`adding datasource ${name} failed (see the TableTalk log)`);
  return saved.id;
}

export async function removeDatasource(id: string): Promise<void> {
  await vscode.commands.executeCommand('tabletalk.removeDatasource', id, { confirm: false });
}

export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need an open folder');
  return folder.uri.fsPath;
}

export function datasetFile(name: string): string {
  return path.join(workspaceFolder(), '.tabletalk', 'datasets', `${name}.json`);
}

export async function roots(api: TableTalkApi): Promise<DatasetTreeNode[]> {
  return (await api.datasets.tree.getChildren()) ?? [];
}

/** The dataset's node as the view lists it now (after an optional condition on its item holds). */
export async function datasetNode(api: TableTalkApi, name: string, until?: (item: vscode.TreeItem) => boolean, timeoutMs = 15_000): Promise<DatasetNode> {
  return waitFor(`dataset "${name}" in the Datasets view${until ? ' in the expected state' : ''}`, async () => {
    const node = (await roots(api)).find((n): n is DatasetNode => n.kind === 'dataset' && n.name === name);
    return node && (!until || until(api.datasets.tree.getTreeItem(node))) ? node : undefined;
  }, timeoutMs);
}

export function item(api: TableTalkApi, node: DatasetTreeNode): vscode.TreeItem {
  return api.datasets.tree.getTreeItem(node);
}

export function tooltipText(treeItem: vscode.TreeItem): string {
  const tip = treeItem.tooltip;
  return tip instanceof vscode.MarkdownString ? tip.value.replace(/\\(.)/g, '$1') : String(tip ?? '');
}

export function iconId(treeItem: vscode.TreeItem): string | undefined {
  return treeItem.iconPath instanceof vscode.ThemeIcon ? treeItem.iconPath.id : undefined;
}

/** Deletes every dataset whose name starts with `prefix` (and its collections), through the real command. */
export async function deleteDatasets(api: TableTalkApi, prefix: string): Promise<void> {
  const { datasets } = await api.datasets.service.list();
  for (const d of datasets.filter((x) => x.name.startsWith(prefix))) {
    for (const run of api.datasets.trainer.runs.list()) if (run.collection === d.collection) run.cancel();
    await api.datasets.trainer.runs.get(d.collection)?.done;
    await vscode.commands.executeCommand('tabletalk.deleteDataset', d.name, { confirm: false });
  }
}
