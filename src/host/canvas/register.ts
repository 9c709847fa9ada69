// Wires the modeling canvas into VS Code: "Open Modeling Canvas" on a dataset (one panel per dataset, revealed
// if open) and the serializer that restores open canvases after a window reload.
// Called once from activate(), after registerDatasets().
import { registerDatasetPanels } from '../dataset-panels';
import * as vscode from 'vscode';
import { CANVAS_VIEW_TYPE, type CanvasWebviewState } from '../../protocol/canvas';
import type { TableTalkContext } from '../context';
import type { DatasetsFeature } from '../datasets/register';
import { datasetNameOf } from '../datasets/tree';
import { registerCommand } from '../commands';
import { CanvasPanel } from './panel';

export interface CanvasFeature {
  /** Opens (or reveals) the canvas of a dataset. */
  open(dataset: string): CanvasPanel;
  panel(dataset: string): CanvasPanel | undefined;
  panels(): CanvasPanel[];
}

export function registerCanvas(ctx: TableTalkContext, datasets: DatasetsFeature): CanvasFeature {
  const panels = registerDatasetPanels(ctx, {
    viewType: CANVAS_VIEW_TYPE,
    title: (dataset) => vscode.l10n.t('Model · {0}', dataset),
    create: (panel, dataset) => new CanvasPanel({ ctx, datasets }, panel, dataset),
    datasetOfState: (state) => (state as Partial<CanvasWebviewState> | undefined)?.datasetKey,
  });
  const open = (dataset: string): CanvasPanel => panels.open(dataset);

  registerCommand(ctx, 'tabletalk.openModelingCanvas', async (arg?: unknown): Promise<CanvasPanel | undefined> => {
    let dataset = datasetNameOf(arg);
    if (!dataset) {
      const { datasets: all } = await datasets.service.list();
      if (!all.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('There is no dataset to model yet: create one from a datasource first.'));
        return undefined;
      }
      dataset = all.length === 1 ? datasets.service.refOf(all[0]) : (await vscode.window.showQuickPick(all.map((d) => datasets.service.refOf(d)), { title: vscode.l10n.t('Open Modeling Canvas'), placeHolder: vscode.l10n.t('Which dataset?') }));
    }
    return dataset ? open(dataset) : undefined;
  });

  return { open, panel: (d) => panels.get(d), panels: () => panels.all() };
}
