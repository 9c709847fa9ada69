// One modeling canvas per dataset. The webview sends intents; the model (./canvas-model.ts)
// validates and applies them; the dataset file is written debounced and atomically (DatasetService.update),
// never over a file that does not validate; a change of the file by anyone else (git pull) reloads the canvas.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { CANVAS_VIEW_TYPE, parseWebviewMessage, type CanvasMethods, type CanvasProblem, type CanvasRequest, type CanvasState, type HostToWebview } from '../../protocol/canvas';
import type { Table } from '../../core/datasource/types';
import type { DatasetDefinition } from '../../core/dataset/types';
import type { InferredRelationship } from '../../core/modeling/types';
import type { TableTalkContext } from '../context';
import type { DatasetsFeature } from '../datasets/register';
import { needsRetraining } from '../../core/modeling/hash';
import { redactUrl } from '../../core/datasource/url';
import { canvasHtml, makeNonce } from './html';
import { saveImage } from './export';
import { describe } from '../../core/errors';
import { renderMessage, type FlatMessage, type Message } from '../../core/messages';
import { isKind } from '../../core/modeling/evidence';

/** Edits within this time are written together. */
const SAVE_DELAY_MS = 250;

/** Core's and the model's Messages in VS Code's display language (nested Messages rendered first). */
const flat = (m: FlatMessage): string => vscode.l10n.t(m.message, ...m.args);
const render = (m: Message): string => renderMessage(m, flat);

type Model = typeof import('../../core/modeling/index') & typeof import('./canvas-model');
let modelModule: Promise<Model> | undefined;
/** Inference and the model load on first use, not on activation. */
const model = () => (modelModule ??= Promise.all([import('../../core/modeling/index.js'), import('./canvas-model.js')]).then(([core, canvas]) => ({ ...core, ...canvas })));

export interface CanvasPanelDeps {
  ctx: TableTalkContext;
  datasets: DatasetsFeature;
}

export class CanvasPanel implements vscode.Disposable {
  /** The definition as the canvas edits it (may be ahead of the file by one pending save). */
  private def: DatasetDefinition | undefined;
  /** tables + modeling as last written or read, to tell our own writes from someone else's. */
  private onDisk = '';
  private schema: Table[] | null = null;
  private inferred: InferredRelationship[] = [];
  private inferring = false;
  private inference: AbortController | undefined;
  private problems: { file?: string; schema?: string; inference?: string } = {};
  private needsRetraining = false;
  private history: InstanceType<Model['EditHistory']> | undefined;
  private revision = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  private readonly stateListeners = new Set<(s: CanvasState) => void>();
  private last: CanvasState | undefined;

  constructor(
    private readonly deps: CanvasPanelDeps,
    readonly panel: vscode.WebviewPanel,
    readonly dataset: string,
  ) {
    const { extensionUri } = deps.ctx.extension;
    const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist, vscode.Uri.joinPath(extensionUri, 'media')] };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'tabletalk.svg');
    panel.title = vscode.l10n.t('Model · {0}', dataset);
    panel.webview.html = canvasHtml({
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'canvas.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'canvas.css')).toString(),
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(randomBytes),
      title: panel.title,
      lang: vscode.env.language,
    });
    const { service } = deps.datasets;
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      service.onDidChange(() => void this.reloadFile()),
      service.onDidChangeRunState(() => void this.refreshRetraining().then(() => this.push())),
    );
    void this.load(false);
  }

  /** The state last sent to the webview. */
  get current(): CanvasState | undefined {
    return this.last;
  }

  /** Calls `listener` with every state sent from now on (tests read what the user was shown). */
  onDidPostState(listener: (s: CanvasState) => void): vscode.Disposable {
    this.stateListeners.add(listener);
    return new vscode.Disposable(() => this.stateListeners.delete(listener));
  }

  /** Reads the dataset and the schema, then infers suggestions in the background. */
  async load(refreshSchema: boolean): Promise<void> {
    const loaded = await this.readFile();
    if (loaded) {
      this.def = loaded;
      this.onDisk = snapshot(loaded);
    }
    if (!this.def) return this.push();
    const id = this.def.datasource;
    try {
      if (refreshSchema) this.deps.ctx.refreshDatasource(id);
      if (!this.deps.ctx.datasources.get(id)) throw new Error(vscode.l10n.t('datasource "{0}" is not defined in the tabletalk.datasources setting', redactUrl(id)));
      this.schema = (await this.deps.ctx.getSchema(id)).tables;
      delete this.problems.schema;
    } catch (err) {
      this.schema = null;
      this.problems.schema = vscode.l10n.t('Cannot read the database schema ({0}): columns cannot be shown or checked. Fix the datasource, then Refresh suggestions.', errorText(err));
    }
    await this.refreshRetraining();
    this.push();
    await this.infer();
  }

  /** The dataset file as it is now; a file that does not validate leaves the canvas read-only, with the reason. */
  private async readFile(): Promise<DatasetDefinition | undefined> {
    try {
      const def = await this.deps.datasets.service.get(this.dataset);
      if (!def) {
        this.problems.file = vscode.l10n.t('Dataset "{0}" no longer exists (its file was removed or renamed).', this.dataset);
        return undefined;
      }
      delete this.problems.file;
      return def;
    } catch (err) {
      this.problems.file = vscode.l10n.t('The dataset file is invalid, so the canvas will not write it: {0}', errorText(err));
      return undefined;
    }
  }

  private async infer(): Promise<void> {
    if (!this.def || !this.schema) return;
    this.inference?.abort();
    const controller = new AbortController();
    this.inference = controller;
    this.inferring = true;
    this.push();
    const { inferRelationships, datasetTables } = await model();
    try {
      const tables = datasetTables(this.def, this.schema);
      const driver = await this.deps.ctx.getDriver(this.def.datasource);
      const sampleSize = vscode.workspace.getConfiguration('tabletalk.modeling').get<number>('sampleSize', 200);
      this.inferred = await inferRelationships(tables, { driver, sampleSize, signal: controller.signal });
      const refused = this.inferred.flatMap((r) => r.evidence).find((e) => isKind(e, 'sampling-refused'));
      if (refused) this.problems.inference = vscode.l10n.t('The database refused the sampling queries, so suggestions rest on names and types only ({0}).', String(refused.fields.error));
      else delete this.problems.inference;
    } catch (err) {
      if (controller.signal.aborted) return;
      this.problems.inference = vscode.l10n.t('Inferring relationships failed: {0}', errorText(err));
      this.deps.ctx.log.warn(`Canvas ${this.dataset}: inference failed: ${errorText(err)}`);
    } finally {
      if (this.inference === controller) {
        this.inferring = false;
        this.push();
      }
    }
  }

  private async refreshRetraining(): Promise<void> {
    if (!this.def) return;
    const state = await this.deps.datasets.service.state(this.def);
    this.needsRetraining = needsRetraining(this.def.modeling.relationships, state);
  }

  /** The file changed: our own write (nothing to do) or someone else's (show theirs; pending edits are dropped). */
  private async reloadFile(): Promise<void> {
    if (this.disposed) return;
    const disk = await this.readFile();
    if (!disk) return this.push();
    if (snapshot(disk) === this.onDisk) {
      this.def = { ...disk, tables: this.def?.tables ?? disk.tables, modeling: this.def?.modeling ?? disk.modeling };
      return this.push();
    }
    const hadPending = this.saveTimer !== undefined;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const tablesChanged = JSON.stringify(disk.tables) !== JSON.stringify(this.def?.tables);
    this.def = disk;
    this.onDisk = snapshot(disk);
    this.history?.clear();
    await this.refreshRetraining();
    void this.post({ type: 'notice', severity: hadPending ? 'warning' : 'info', message: hadPending ? vscode.l10n.t('The dataset file changed on disk: the canvas shows the new version (your last edit was not saved).') : vscode.l10n.t('The dataset file changed on disk: the canvas shows the new version.') });
    this.push();
    if (tablesChanged) await this.infer();
  }

  private push(): void {
    if (this.disposed) return;
    void model().then((m) => {
      if (this.disposed) return;
      const problems: CanvasProblem[] = [];
      if (this.problems.file) problems.push({ severity: 'error', message: this.problems.file });
      if (this.problems.schema) problems.push({ severity: 'error', message: this.problems.schema });
      if (this.problems.inference) problems.push({ severity: 'warning', message: this.problems.inference });
      const def = this.def ?? emptyDefinition(this.dataset);
      this.history ??= new m.EditHistory();
      const name = this.deps.ctx.datasources.get(def.datasource)?.config.name ?? redactUrl(def.datasource);
      const state = m.canvasState(
        { def, schema: this.schema, inferred: this.inferred },
        {
          key: this.dataset,
          datasourceName: name,
          needsRetraining: this.needsRetraining,
          problems,
          readOnly: !!this.problems.file || !this.def,
          inferring: this.inferring,
          history: this.history.state,
          revision: ++this.revision,
        },
        render,
      );
      this.last = state;
      void this.post({ type: 'state', state });
      for (const l of this.stateListeners) l(state);
    });
  }

  private post(message: HostToWebview): Thenable<boolean> {
    return this.disposed ? Promise.resolve(false) : this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.deps.ctx.log.warn(`Canvas ${this.dataset}: ignored a message: ${parsed.error}`);
      if (parsed.id !== undefined) void this.post({ type: 'response', id: parsed.id, ok: false, error: parsed.error });
      return;
    }
    const m = parsed.message;
    if (m.type === 'ready') {
      if (this.last) void this.post({ type: 'state', state: this.last });
      return;
    }
    if (m.type === 'error') {
      this.deps.ctx.log.error(`Canvas ${this.dataset}: webview script error: ${m.message}`);
      return;
    }
    try {
      const result = await this.handle(m);
      void this.post({ type: 'response', id: m.id, ok: true, result: result ?? null });
    } catch (err) {
      const { EditError } = await model();
      if (!(err instanceof EditError)) this.deps.ctx.log.error(`Canvas ${this.dataset}: ${m.method} failed`, err);
      void this.post({ type: 'response', id: m.id, ok: false, error: errorText(err) });
    }
  }

  /** Runs one request from the webview; public so extension tests can drive the canvas as the webview does. */
  async handle(request: CanvasRequest): Promise<CanvasMethods[CanvasRequest['method']]['result']> {
    const { method, params } = request;
    if (method === 'exportImage') return { path: await saveImage(this.dataset, params as CanvasMethods['exportImage']['params']) };
    if (method === 'refreshSuggestions') {
      await this.load(true);
      return null;
    }
    if (!this.def || this.problems.file) throw new Error(this.problems.file ?? vscode.l10n.t('Dataset "{0}" cannot be read.', this.dataset));
    const m = await model();
    this.history ??= new m.EditHistory();
    const before = this.def;
    let result: unknown = null;
    if (method === 'undo') this.def = this.history.undo(before);
    else if (method === 'redo') this.def = this.history.redo(before);
    else {
      const edit = m.applyEdit({ def: before, schema: this.schema, inferred: this.inferred }, method, params as never);
      this.def = edit.def;
      result = edit.result;
      this.history.record(before);
    }
    this.scheduleSave();
    await this.refreshRetraining();
    this.push();
    if (method === 'addTables' || ((method === 'undo' || method === 'redo') && JSON.stringify(before.tables) !== JSON.stringify(this.def.tables))) void this.infer();
    return result as CanvasMethods[CanvasRequest['method']]['result'];
  }

  private scheduleSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  /** Writes pending edits now (also on close, so closing in the middle of editing loses nothing). */
  flush(): Promise<void> {
    if (this.saveTimer === undefined) return this.saving;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const def = this.def;
    if (!def) return this.saving;
    this.saving = this.saving.then(async () => {
      try {
        // Only tables and modeling are the canvas's: terms, examples... are taken from the file as it is now.
        const written = await this.deps.datasets.service.update(this.dataset, (disk) => ({ ...disk, tables: def.tables, modeling: def.modeling }));
        this.onDisk = snapshot(written);
      } catch (err) {
        this.deps.ctx.log.error(`Canvas ${this.dataset}: saving failed`, err);
        this.problems.file = vscode.l10n.t('Saving the dataset failed, the file was left as it was: {0}', errorText(err));
        void this.post({ type: 'notice', severity: 'error', message: this.problems.file });
        this.push();
      }
    });
    return this.saving;
  }

  dispose(): void {
    if (this.disposed) return;
    void this.flush();
    this.disposed = true;
    this.inference?.abort();
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
  }
}

/** What the canvas owns in the file, to compare versions. */
function snapshot(def: DatasetDefinition): string {
  return JSON.stringify([def.tables, def.modeling]);
}

function emptyDefinition(name: string): DatasetDefinition {
  return { version: 1, name, datasource: '', collection: 'none', tables: [], terms: [], examples: [], modeling: { relationships: [], rejected: [], positions: {} } };
}

/** An error in the display language (a TableTalkError's message and hint; another error's text as it came). */
function errorText(err: unknown): string {
  const { message, hint } = describe(err, flat);
  return `${message}${hint ? ` (${hint})` : ''}`;
}

export { CANVAS_VIEW_TYPE };
