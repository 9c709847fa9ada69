// One webview panel per dataset (revealed when already open), restored after a window reload by a
// WebviewPanelSerializer, and disposed with the extension. Shared by the modeling canvas and the Ask panel.
import * as vscode from 'vscode';
import type { TableTalkContext } from './context';

export interface DatasetPanel extends vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  readonly onDidDispose: vscode.Event<void>;
}

export interface DatasetPanels<P extends DatasetPanel> {
  /** `beside`: next to the active editor, keeping the focus there (Run Query from an editor). */
  open(dataset: string, options?: { beside?: boolean }): P;
  get(dataset: string): P | undefined;
  all(): P[];
}

export function registerDatasetPanels<P extends DatasetPanel>(
  ctx: TableTalkContext,
  o: {
    viewType: string;
    title(dataset: string): string;
    create(panel: vscode.WebviewPanel, dataset: string): P;
    /** The dataset a restored panel showed, from the state its webview saved; undefined disposes the panel. */
    datasetOfState(state: unknown): string | undefined;
  },
): DatasetPanels<P> {
  const panels = new Map<string, P>();

  const adopt = (panel: vscode.WebviewPanel, dataset: string): P => {
    const p = o.create(panel, dataset);
    panels.set(dataset, p);
    p.onDidDispose(() => panels.get(dataset) === p && panels.delete(dataset));
    return p;
  };

  ctx.register(
    vscode.window.registerWebviewPanelSerializer(o.viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const dataset = o.datasetOfState(state);
        if (typeof dataset !== 'string' || !dataset) {
          panel.dispose();
          return;
        }
        panels.get(dataset)?.dispose();
        adopt(panel, dataset);
      },
    }),
  );
  ctx.register(new vscode.Disposable(() => [...panels.values()].forEach((p) => p.dispose())));

  return {
    open(dataset, options) {
      const existing = panels.get(dataset);
      if (existing) {
        existing.panel.reveal(options?.beside ? existing.panel.viewColumn : undefined, options?.beside);
        return existing;
      }
      const where = options?.beside ? { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true } : vscode.ViewColumn.Active;
      const panel = vscode.window.createWebviewPanel(o.viewType, o.title(dataset), where, { enableScripts: true });
      return adopt(panel, dataset);
    },
    get: (dataset) => panels.get(dataset),
    all: () => [...panels.values()],
  };
}
