// Wires the Datasets view, the dataset and training commands, and the recovery of runs a window reload cut off.
// Called once from activate(), after registerModels().
import { trainingStatusBar } from '../training/status-bar';
import * as vscode from 'vscode';
import type { TableTalkContext } from '../context';
import { Trainer } from '../training/trainer';
import { registerCommand } from '../commands';
import type { ModelsFeature } from '../vector/register';
import { DatasetCommands } from './commands';
import { DatasetService } from './service';
import { DatasetTreeProvider, type DatasetTreeNode } from './tree';

export interface DatasetsFeature {
  /** Dataset files and run state: get(name), list(), update(name, fn), state(def), runState, onDidChange... */
  service: DatasetService;
  tree: DatasetTreeProvider;
  view: vscode.TreeView<DatasetTreeNode>;
  commands: DatasetCommands;
  /** Runs trainings; `trainer.runs` lists the ones running in this window. */
  trainer: Trainer;
  /**
   * Turns run states left in `training` by a process that is gone (a window reload) into `failed` with a message,
   * and tells the user. Runs on activation; returns the names of the datasets it recovered.
   */
  recoverInterrupted(): Promise<string[]>;
  /** Resolves once the activation-time recovery has run. */
  recovered: Promise<string[]>;
}

export function registerDatasets(ctx: TableTalkContext, models: ModelsFeature): DatasetsFeature {
  const service = ctx.register(new DatasetService(ctx.extension, ctx.log));
  const trainer = ctx.register(new Trainer(ctx, service, models));
  const tree = ctx.register(new DatasetTreeProvider(ctx, service, trainer.runs));
  const view = ctx.register(vscode.window.createTreeView('tabletalk.datasets', { treeDataProvider: tree, showCollapseAll: true }));
  const commands = new DatasetCommands(ctx, service, models, trainer, tree, view);
  const command = <A extends unknown[], R>(name: string, fn: (...args: A) => R | Promise<R>) => registerCommand(ctx, name, fn);
  command('tabletalk.createDataset', commands.create.bind(commands));
  command('tabletalk.renameDataset', commands.rename.bind(commands));
  command('tabletalk.changeDatasetTables', commands.changeTables.bind(commands));
  command('tabletalk.deleteDataset', commands.delete.bind(commands));
  command('tabletalk.addBusinessTerm', commands.addTerm.bind(commands));
  command('tabletalk.addExample', commands.addExample.bind(commands));
  command('tabletalk.openDatasetFile', commands.openFile.bind(commands));
  command('tabletalk.trainDataset', commands.train.bind(commands));
  command('tabletalk.cancelTraining', commands.cancel.bind(commands));
  command('tabletalk.showTrainingProgress', commands.showProgress.bind(commands));
  command('tabletalk.refreshDatasets', commands.refresh.bind(commands));
  ctx.register(trainingStatusBar(trainer.runs));
  // Cancel/Show Training Progress appear in the palette only while a training runs.
  ctx.register(trainer.runs.onDidChange(() => void vscode.commands.executeCommand('setContext', 'tabletalk.trainingRunning', trainer.runs.list().length > 0)));

  const recoverInterrupted = async (): Promise<string[]> => {
    const prefixes = await service.runState.recoverInterrupted();
    if (!prefixes.length) return [];
    const { datasets } = await service.list();
    // References, so "Train Again" trains the dataset of the right folder in a multi-root workspace.
    const names = prefixes.map((p) => {
      const def = datasets.find((d) => d.collection === p);
      return def ? service.refOf(def) : p;
    });
    ctx.log.warn(`Training of ${names.join(', ')} was interrupted (window reload or crash); marked failed`);
    const train = vscode.l10n.t('Train Again');
    void vscode.window
      .showWarningMessage(vscode.l10n.t('The training of {0} was interrupted (the window was reloaded or closed while it ran). The previously trained model, if any, is unchanged.', names.map((n) => `"${n}"`).join(', ')), train)
      .then((choice) => {
        if (choice === train) for (const n of names) void vscode.commands.executeCommand('tabletalk.trainDataset', n);
      });
    tree.refresh();
    return names;
  };
  const recovered = recoverInterrupted().catch((err: unknown) => {
    ctx.log.error('Recovering interrupted trainings failed', err);
    return [];
  });
  return { service, tree, view, commands, trainer, recoverInterrupted, recovered };
}
