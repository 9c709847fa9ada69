// Wires the Datasources view and its commands to the context. Called once from activate().
import * as vscode from 'vscode';
import { registerCommand } from '../commands';
import type { TableTalkContext } from '../context';
import { DatasourceCommands } from './commands';
import { DatasourceTreeProvider, type DatasourceTreeNode } from './tree';

export interface DatasourcesFeature {
  tree: DatasourceTreeProvider;
  view: vscode.TreeView<DatasourceTreeNode>;
  commands: DatasourceCommands;
}

export function registerDatasources(ctx: TableTalkContext): DatasourcesFeature {
  const tree = ctx.register(new DatasourceTreeProvider(ctx));
  const view = ctx.register(vscode.window.createTreeView('tabletalk.datasources', { treeDataProvider: tree, showCollapseAll: true }));
  const commands = new DatasourceCommands(ctx, tree, view);
  const run = <A extends unknown[], R>(name: string, fn: (...args: A) => R | Promise<R>) => registerCommand(ctx, name, fn);
  run('tabletalk.addDatasource', commands.add.bind(commands));
  run('tabletalk.editDatasource', commands.edit.bind(commands));
  run('tabletalk.testConnection', commands.test.bind(commands));
  run('tabletalk.refreshDatasources', commands.refresh.bind(commands));
  run('tabletalk.removeDatasource', commands.remove.bind(commands));
  run('tabletalk.retryDatasource', commands.retry.bind(commands));
  run('tabletalk.createReadOnlyLoginScript', commands.readOnlyLoginScript.bind(commands));
  return { tree, view, commands };
}
