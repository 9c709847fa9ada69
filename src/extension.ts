// activate(): builds one context and registers features; nothing else. Heavy modules load lazily inside features.
import * as vscode from 'vscode';
import { TableTalkContext } from './host/context';
import { registerDatasources, type DatasourcesFeature } from './host/datasources/register';
import { registerSample, type SampleFeature } from './host/sample/register';
import { registerDatasets, type DatasetsFeature } from './host/datasets/register';
import { registerModels, type ModelsFeature } from './host/vector/register';
import { registerAsk, type AskFeature } from './host/ask/register';
import { registerCanvas, type CanvasFeature } from './host/canvas/register';
import { registerHistory, type HistoryFeature } from './host/history/register';
import { registerPaletteContext } from './host/palette-context';
import { registerAgent, type AgentFeature } from './host/agent/register';

/** What activate() returns (vscode.extensions.getExtension('tabletalk.tabletalk').exports): used by tests. */
export interface TableTalkApi {
  context: TableTalkContext;
  datasources: DatasourcesFeature;
  /** The "Try the Sample Database" command (src/host/sample/register.ts). */
  sample: SampleFeature;
  /** Vector store, embedder and LLM from settings (src/host/vector/register.ts). */
  models: ModelsFeature;
  /** Datasets view, dataset commands, training runs (src/host/datasets/register.ts). */
  datasets: DatasetsFeature;
  /** Ask panels, Ask/Save as Example commands, @tabletalk chat participant (src/host/ask/register.ts). */
  ask: AskFeature;
  /** Modeling canvas panels and the Open Modeling Canvas command (src/host/canvas/register.ts). */
  canvas: CanvasFeature;
  /** Language-model tools and the MCP server definition provider (src/host/agent/register.ts). */
  agent: AgentFeature;
  /** History of questions and queries (src/host/history/register.ts). */
  history: HistoryFeature;
  /** Time spent in activate(), in milliseconds. */
  activationMs: number;
}

let context: TableTalkContext | undefined;
let models: ModelsFeature | undefined;

export async function activate(extensionContext: vscode.ExtensionContext): Promise<TableTalkApi | undefined> {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('TableTalk', { log: true });
  extensionContext.subscriptions.push(log);
  try {
    const ctx = new TableTalkContext(extensionContext, log);
    context = ctx;
    extensionContext.subscriptions.push(ctx);
    const datasources = registerDatasources(ctx);
    const sample = registerSample(ctx, datasources);
    models = registerModels(ctx);
    const datasets = registerDatasets(ctx, models);
    const ask = registerAsk(ctx, models, datasets);
    const canvas = registerCanvas(ctx, datasets);
    const history = registerHistory(ctx, ask);
    registerPaletteContext(ctx, datasets);
    // The views' "No datasources yet" welcome waits for this (package.json viewsWelcome): until the extension is
    // ready they say "Loading" instead of telling a user who has datasources that there are none.
    void vscode.commands.executeCommand('setContext', 'tabletalk.ready', true);
    const agent = registerAgent(ctx, datasets, models, ask);
    const activationMs = performance.now() - started;
    ctx.log.info(`TableTalk activated in ${activationMs.toFixed(1)} ms`);
    void warnOtherPlatform(ctx);
    return { context: ctx, datasources, sample, models, datasets, ask, canvas, agent, history, activationMs };
  } catch (err) {
    log.error('Activation failed', err);
    void vscode.commands.executeCommand('setContext', 'tabletalk.ready', true);
    void vscode.window.showErrorMessage(vscode.l10n.t('TableTalk failed to start: {0}', (err as Error).message), vscode.l10n.t('Show Log')).then((a) => a && log.show());
    return undefined;
  }
}

/** A VSIX of another platform, installed by hand: say so once, naming the platform and the VSIX to install. */
async function warnOtherPlatform(ctx: TableTalkContext): Promise<void> {
  const { checkEmbeddedChroma, readVsixTarget } = await import('./core/vector/vsix-target.js');
  const check = checkEmbeddedChroma(readVsixTarget(ctx.extension.extensionPath));
  if (check.ok) return;
  const { embeddedUnavailable } = await import('./host/vector/service.js');
  const e = embeddedUnavailable(check) as Error & { hint: string };
  ctx.log.warn(`${e.message} ${e.hint}`);
  if (check.reason === 'other-platform') void vscode.window.showWarningMessage(`${e.message} ${e.hint}`);
}

export async function deactivate(): Promise<void> {
  // Pools are closed before VS Code disposes the subscriptions, so open connections end cleanly.
  await context?.closeAllDrivers();
  await models?.shutdown();
  models = undefined;
  context = undefined;
}
