// One Ask panel per dataset: the webview sends intents (ask, run, save, copy, open), the host does the work through
// AskService and sends the whole state back after every change, so a reloaded webview shows it all again.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import {
  ASK_VIEW_TYPE,
  parseAskMessage,
  type AskAction,
  type AskAnswer,
  type AskMethods,
  type AskPanelState,
  type AskRequest,
  type ExportFormat,
  type HostToWebview,
  shownOrder,
  type SortSpec,
} from '../../protocol/ask';
import type { TableTalkContext } from '../context';
import type { DatasetsFeature } from '../datasets/register';
import { toCsv } from './csv';
import { exportResult } from './result-files';
import { saveChartImage, writeResultFile } from './result-export';
import { askHtml, makeNonce } from './html';
import { askSettings, failureOf, modelInfo, type AskCallOptions, type AskService, type SavedExample } from './service';


/** Language ids of SQL dialect extensions, preferred over plain 'sql' when one is installed. */
const dialectLanguages: Record<string, string[]> = { postgres: ['pgsql', 'postgres', 'postgresql'], mysql: ['mysql'], sqlite: ['sqlite', 'sqlite3'] };

export async function sqlLanguageFor(dialect: string | null): Promise<string> {
  const installed = new Set(await vscode.languages.getLanguages());
  return (dialect ? dialectLanguages[dialect] : undefined)?.find((id) => installed.has(id)) ?? 'sql';
}

const sqlOpened = new vscode.EventEmitter<{ uri: vscode.Uri; dataset: string }>();
/** Fires when a panel opens its SQL in an editor, so Run Query knows that document's dataset. */
export const onDidOpenSqlFromPanel = sqlOpened.event;

export interface AskPanelDeps {
  ctx: TableTalkContext;
  service: AskService;
  datasets: DatasetsFeature;
}

export class AskPanel implements vscode.Disposable {
  private state: AskPanelState;
  private controller: AbortController | undefined;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  /** Every state sent to the webview, newest last (tests read what the user was shown). */
  private readonly stateListeners = new Set<(s: AskPanelState) => void>();

  constructor(
    private readonly deps: AskPanelDeps,
    readonly panel: vscode.WebviewPanel,
    readonly dataset: string,
  ) {
    const s = askSettings();
    this.state = {
      dataset: { name: dataset, datasource: '', dialect: null, trained: false, training: false, notReady: null },
      model: modelInfo(),
      rowLimit: s.rowLimit,
      timeoutSeconds: s.timeoutSeconds,
      strategy: s.strategy,
      busy: null,
      answer: null,
      failure: null,
      revision: 0,
    };
    const dist = vscode.Uri.joinPath(deps.ctx.extension.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.iconPath = vscode.Uri.joinPath(deps.ctx.extension.extensionUri, 'media', 'tabletalk.svg');
    panel.title = vscode.l10n.t('Ask · {0}', dataset);
    panel.webview.html = askHtml({
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'ask.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'ask.css')).toString(),
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(randomBytes),
      title: panel.title,
      lang: vscode.env.language,
    });
    const { service, trainer } = deps.datasets;
    const refresh = () => void this.refresh().catch((err: unknown) => deps.ctx.log.error(`Ask panel of "${dataset}": refresh failed`, err));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      service.onDidChange(refresh),
      service.onDidChangeRunState(refresh),
      trainer.runs.onDidChange(refresh),
      deps.ctx.datasources.onDidChange(refresh),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('tabletalk.llm') || e.affectsConfiguration('tabletalk.ask')) refresh();
      }),
    );
    refresh();
  }

  /** The state the webview shows now. */
  get current(): AskPanelState {
    return this.state;
  }

  /** Calls `listener` with every state sent to the webview from now on; returns a disposable. */
  onDidPostState(listener: (s: AskPanelState) => void): vscode.Disposable {
    this.stateListeners.add(listener);
    return new vscode.Disposable(() => this.stateListeners.delete(listener));
  }

  private update(change: Partial<AskPanelState>): void {
    if (this.disposed) return;
    this.state = { ...this.state, ...change, revision: this.state.revision + 1 };
    void this.post({ type: 'state', state: this.state });
    for (const l of this.stateListeners) l(this.state);
  }

  private post(message: HostToWebview): Thenable<boolean> {
    return this.disposed ? Promise.resolve(false) : this.panel.webview.postMessage(message);
  }

  /** Re-reads the dataset, the model and the settings. */
  async refresh(): Promise<void> {
    const dataset = await this.deps.service.datasetInfo(this.dataset);
    const s = askSettings();
    // A setup failure that no longer holds (the dataset got trained) is cleared.
    const failure = this.state.failure?.action === 'trainDataset' && dataset.trained ? null : this.state.failure;
    this.update({ dataset, model: modelInfo(), rowLimit: s.rowLimit, timeoutSeconds: s.timeoutSeconds, strategy: s.strategy, failure });
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseAskMessage(raw);
    if (!parsed.ok) {
      this.deps.ctx.log.warn(`Ask panel: ignored a message: ${parsed.error}`);
      if (parsed.id !== undefined) void this.post({ type: 'response', id: parsed.id, ok: false, error: parsed.error });
      return;
    }
    const m = parsed.message;
    if (m.type === 'ready') {
      void this.post({ type: 'state', state: this.state });
      if (this.pendingPrefill) void this.post({ type: 'prefill', ...this.pendingPrefill });
      return;
    }
    if (m.type === 'error') {
      this.deps.ctx.log.error(`Ask panel script error: ${m.message}`);
      return;
    }
    try {
      const result = await this.handle(m);
      void this.post({ type: 'response', id: m.id, ok: true, result });
    } catch (err) {
      const f = failureOf(err, (s) => this.deps.service.clean(s));
      void this.post({ type: 'response', id: m.id, ok: false, error: f.hint ? `${f.message} ${f.hint}` : f.message });
    }
  }

  private async handle(m: AskRequest): Promise<AskMethods[keyof AskMethods]['result']> {
    switch (m.method) {
      case 'ask':
        this.start(m.params.question, (o) => this.deps.service.ask(this.dataset, m.params.question, o), 'ask');
        return null;
      case 'run':
        this.start(m.params.question, (o) => this.deps.service.run(this.dataset, m.params.question, m.params.sql, o), 'run');
        return null;
      case 'cancel':
        this.cancel();
        return null;
      case 'saveExample':
        return { message: (await this.saveExample(m.params.question, m.params.sql)).message };
      case 'copyCsv':
        return { rows: await this.copyCsv(m.params.sort, m.params.filter) };
      case 'copyText':
        await vscode.env.clipboard.writeText(m.params.text);
        return null;
      case 'exportResult':
        return this.exportResult(m.params.format, m.params.sort, m.params.filter);
      case 'saveChart':
        return { path: await saveChartImage(this.dataset, m.params) };
      case 'openInEditor':
        await this.openInEditor(m.params.sql);
        return null;
      case 'action':
        await this.action(m.params.action);
        return null;
    }
  }

  private work: Promise<AskAnswer | undefined> | undefined;

  /** Starts asking or running; refuses while another one works. Resolves with the answer (undefined on failure). */
  private start(question: string, fn: (o: AskCallOptions) => Promise<AskAnswer>, what: 'ask' | 'run'): Promise<AskAnswer | undefined> {
    if (this.state.busy) throw new Error(vscode.l10n.t('Still working on the previous request: wait for it or press Cancel.'));
    const controller = new AbortController();
    this.controller = controller;
    this.update({ busy: { step: vscode.l10n.t('Preparing'), what }, failure: null });
    const onStep = (step: string) => {
      if (this.controller === controller && !controller.signal.aborted) this.update({ busy: { step, what } });
    };
    this.work = fn({ signal: controller.signal, onStep })
      .then((answer) => {
        if (controller.signal.aborted) return undefined;
        this.update({ busy: null, answer, failure: null });
        return answer;
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return undefined;
        this.deps.ctx.log.error(`Ask "${this.dataset}" failed (${question.slice(0, 80)})`, err);
        this.update({ busy: null, failure: failureOf(err, (s) => this.deps.service.clean(s)) });
        return undefined;
      })
      .finally(() => {
        if (this.controller === controller) this.controller = undefined;
      });
    return this.work;
  }

  /** Asks a question as if typed in the panel; resolves with the answer shown (undefined: failure or cancel). */
  ask(question: string): Promise<AskAnswer | undefined> {
    return this.start(question, (o) => this.deps.service.ask(this.dataset, question, o), 'ask');
  }

  /** Runs SQL as if edited in the panel and run. */
  run(question: string, sql: string): Promise<AskAnswer | undefined> {
    return this.start(question, (o) => this.deps.service.run(this.dataset, question, sql, o), 'run');
  }

  private pendingPrefill: { question: string; sql: string } | undefined;

  /** Shows a question and its SQL in the boxes, not run (also in a webview that is still loading). */
  prefill(question: string, sql: string): void {
    this.pendingPrefill = { question, sql };
    void this.post({ type: 'prefill', question, sql });
  }

  /** Stops the current ask/run; its late result is dropped. */
  cancel(): void {
    const controller = this.controller;
    if (!controller) return;
    this.controller = undefined;
    controller.abort(new vscode.CancellationError());
    this.update({ busy: null });
    void this.post({ type: 'notice', severity: 'info', message: vscode.l10n.t('Cancelled.') });
  }

  async saveExample(question: string, sql: string): Promise<SavedExample> {
    return this.deps.service.saveExample(this.dataset, question, sql);
  }

  /** Copies the shown result as CSV; returns the number of rows copied. */
  async copyCsv(sort: SortSpec | null, filter = ''): Promise<number> {
    const a = this.state.answer;
    if (!a?.ran) throw new Error(vscode.l10n.t('There is no result to copy: ask a question or run the SQL first.'));
    if (sort && sort.column >= a.columns.length) throw new Error(vscode.l10n.t('The result has no column {0}', sort.column + 1));
    const order = shownOrder(a.rows, sort, filter);
    await vscode.env.clipboard.writeText(toCsv(a.columns, order.map((i) => a.rows[i])));
    return order.length;
  }

  /** Writes the shown result to a file the user picks (or `target`, from code); path null when cancelled. */
  async exportResult(format: ExportFormat, sort: SortSpec | null, filter = '', target?: vscode.Uri): Promise<{ path: string | null; rows: number }> {
    const a = this.state.answer;
    if (!a?.ran) throw new Error(vscode.l10n.t('There is no result to export: ask a question or run the SQL first.'));
    if (sort && sort.column >= a.columns.length) throw new Error(vscode.l10n.t('The result has no column {0}', sort.column + 1));
    return writeResultFile(this.dataset, format, exportResult(format, a.columns, a.rows, sort, filter), target);
  }

  async openInEditor(sql: string): Promise<vscode.TextEditor> {
    const language = await sqlLanguageFor(this.state.dataset.dialect);
    const doc = await vscode.workspace.openTextDocument({ language, content: sql });
    sqlOpened.fire({ uri: doc.uri, dataset: this.dataset });
    return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  }

  async action(action: AskAction): Promise<void> {
    if (action === 'trainDataset') await vscode.commands.executeCommand('tabletalk.trainDataset', this.dataset);
    else if (action === 'configureLlm') await vscode.commands.executeCommand('tabletalk.configureLlm');
    else await vscode.commands.executeCommand('workbench.action.openSettings', 'tabletalk.llm');
  }

  /** Resolves when the current ask/run (if any) is done. */
  async idle(): Promise<void> {
    await this.work;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancel();
    this.disposables.splice(0).forEach((d) => d.dispose());
    this.panel.dispose();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
    this.stateListeners.clear();
  }
}

export const askViewType = ASK_VIEW_TYPE;
