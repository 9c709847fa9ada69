// Context keys behind the `commandPalette` when clauses of package.json, so commands that act on a datasource or a
// dataset only appear in the palette once there is one: tabletalk.hasDatasources, tabletalk.hasDatasets.
// (Create Dataset stays visible: with no datasource it says what to do first.)
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { TableTalkContext } from './context';
import type { DatasetsFeature } from './datasets/register';

export function registerPaletteContext(ctx: TableTalkContext, datasets: DatasetsFeature): void {
  const set = (key: string, value: boolean) => void vscode.commands.executeCommand('setContext', key, value);
  const datasources = () => set('tabletalk.hasDatasources', ctx.listDatasources().length > 0);
  // Any dataset file counts, readable or not (Open Dataset File applies to a broken one); reading the folder keeps
  // the dataset store and its schema validator out of activation.
  const datasetFiles = () =>
    void Promise.all(datasets.service.folders.map((f) => fs.readdir(f.dir).catch(() => [] as string[]))).then((lists) =>
      set('tabletalk.hasDatasets', lists.some((names) => names.some((n) => n.endsWith('.json')))),
    );
  datasources();
  datasetFiles();
  ctx.register(ctx.datasources.onDidChange(datasources));
  ctx.register(datasets.service.onDidChange(datasetFiles));
}
