// Wires Ask into VS Code: the Ask panels (one per dataset, restored after a reload), the "Ask a Question" and
// "Save as Example" commands, and the @tabletalk chat participant where the Chat API exists.
// Called once from activate(), after registerDatasets().
import { registerDatasetPanels } from '../dataset-panels';
import * as vscode from 'vscode';
import { ASK_VIEW_TYPE, type AskAnswer, type AskWebviewState } from '../../protocol/ask';
import type { TableTalkContext } from '../context';
import type { DatasetsFeature } from '../datasets/register';
import { datasetNameOf } from '../datasets/tree';
import { registerCommand } from '../commands';
import type { ModelsFeature } from '../vector/register';
import { createChatHandler, registerChatParticipant } from './chat';
import { AskPanel, onDidOpenSqlFromPanel } from './panel';
import { registerRunQuery } from './run-query';
import { AskService, type SavedExample } from './service';


/** What `tabletalk.ask` accepts from code (the chat's "Open in Ask Panel", tests): open, then ask or run. */
export interface AskCommandInput {
  dataset: string;
  question?: string;
  /** Run this SQL (through the guard) instead of asking the model. */
  sql?: string;
}

/** What `tabletalk.saveExample` accepts from code; without it, the active Ask panel's answer is saved. */
export interface SaveExampleInput {
  dataset: string;
  question: string;
  sql: string;
}

export interface AskFeature {
  service: AskService;
  /** Opens (or reveals) the Ask panel of a dataset; `beside` keeps the editor's focus. */
  open(dataset: string, options?: { beside?: boolean }): AskPanel;
  panel(dataset: string): AskPanel | undefined;
  panels(): AskPanel[];
  /** The @tabletalk participant; undefined where VS Code has no Chat API. */
  chat: vscode.ChatParticipant | undefined;
  /** The participant's handler, also where no participant could be registered (tests call it directly). */
  chatHandler: vscode.ChatRequestHandler;
}

function isInput(arg: unknown): arg is AskCommandInput {
  return !!arg && typeof arg === 'object' && typeof (arg as AskCommandInput).dataset === 'string' && !('kind' in arg);
}

export function registerAsk(ctx: TableTalkContext, models: ModelsFeature, datasets: DatasetsFeature): AskFeature {
  const service = new AskService(ctx, datasets, models);
  const panels = registerDatasetPanels(ctx, {
    viewType: ASK_VIEW_TYPE,
    title: (dataset) => vscode.l10n.t('Ask · {0}', dataset),
    create: (panel, dataset) => new AskPanel({ ctx, service, datasets }, panel, dataset),
    datasetOfState: (state) => (state as Partial<AskWebviewState> | undefined)?.dataset,
  });
  const open = (dataset: string, options?: { beside?: boolean }): AskPanel => panels.open(dataset, options);

  /** The dataset to ask: from the argument, else the user picks (trained ones first). */
  const pick = async (arg: unknown): Promise<string | undefined> => {
    const named = isInput(arg) ? arg.dataset : datasetNameOf(arg);
    if (named) return named;
    const { trained, all } = await service.datasetNames();
    if (!all.length) {
      const create = vscode.l10n.t('Create Dataset');
      const choice = await vscode.window.showInformationMessage(vscode.l10n.t('There is no dataset to ask yet. Create one from a datasource and train it.'), create);
      if (choice === create) void vscode.commands.executeCommand('tabletalk.createDataset');
      return undefined;
    }
    if (all.length === 1) return all[0];
    const items = [...trained, ...all.filter((n) => !trained.includes(n))].map((name) => ({ label: name, description: trained.includes(name) ? vscode.l10n.t('trained') : vscode.l10n.t('not trained') }));
    return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Ask a Question'), placeHolder: vscode.l10n.t('Which dataset?') }))?.label;
  };

  registerCommand(ctx, 'tabletalk.ask', async (arg?: unknown): Promise<AskAnswer | undefined> => {
    const dataset = await pick(arg);
    if (!dataset) return undefined;
    const panel = open(dataset);
    if (!isInput(arg)) return undefined;
    if (arg.sql !== undefined) return panel.run(arg.question ?? '', arg.sql);
    if (arg.question !== undefined) return panel.ask(arg.question);
    return undefined;
  });

  registerCommand(ctx, 'tabletalk.saveExample', async (arg?: SaveExampleInput): Promise<SavedExample | undefined> => {
    if (arg && typeof arg === 'object' && typeof arg.dataset === 'string') {
      return service.saveExample(arg.dataset, arg.question, arg.sql);
    }
    const all = panels.all();
    const active = all.find((p) => p.panel.active) ?? (all.length === 1 ? all[0] : undefined);
    const answer = active?.current.answer;
    const sql = answer?.sql;
    if (!active || !answer || !sql) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to save: ask a question in an Ask panel first; its SQL is saved with the question.'));
      return undefined;
    }
    const saved = await active.saveExample(answer.question, sql);
    void vscode.window.showInformationMessage(saved.message);
    return saved;
  });

  const runQuery = registerRunQuery(ctx, { service, open });
  // "Open in Editor" from a panel: the new document runs on that panel's dataset without asking.
  ctx.register(onDidOpenSqlFromPanel(({ uri, dataset }) => void runQuery.remember(uri, dataset)));

  const chat = registerChatParticipant(ctx, service);
  return { service, open, panel: (d) => panels.get(d), panels: () => panels.all(), chat, chatHandler: createChatHandler(ctx, service) };
}
