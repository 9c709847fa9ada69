// The Add/Edit Datasource form: one webview panel per Add (one at a time) and per edited datasource. The webview
// sends intents (parse a URL, browse, test, save, cancel); the host connects, asks the modal questions (trust an
// SSH host key, save what cannot connect) and saves. Secrets arrive with test/save and go straight to the
// command's SecretStorage calls; nothing here logs them or sends them back.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { formatDuration } from '../format';
import type { DatasourceConfig } from '../../core/datasource/types';
import { datasourceFromUrl } from '../../core/datasource/url';
import {
  DATASOURCE_FORM_VIEW_TYPE,
  emptyFields,
  parseFormMessage,
  validateFields,
  type BrowseWhat,
  type FormFields,
  type FormHostToWebview,
  type FormMethods,
  type FormRequest,
  type FormSecrets,
  type FormState,
  type FormTarget,
} from '../../protocol/datasource-form';
import type { TableTalkContext } from '../context';
import { makeNonce, webviewHtml } from '../webview-page';
import { describeErrorIn } from './error-text';
import { configFromFields, fieldsFromConfig } from './form-fields';
import type { SettingsTarget } from './store';

export type DraftConfig = Omit<DatasourceConfig, 'id'>;
export type ConnectOutcome = { ok: true; ms: number } | { ok: false; error: string };

/** What the form needs from the datasource commands (secrets handling and saving live there, once). */
export interface FormActions {
  /** Connects to a definition not saved; an SSH host key the user trusts is written into `config.ssh.hostKey`. */
  test(config: DraftConfig, secrets: FormSecrets, editingId: string | undefined): Promise<ConnectOutcome>;
  save(config: DraftConfig, secrets: FormSecrets, target: SettingsTarget, editingId: string | undefined): Promise<DatasourceConfig>;
}

export interface FormOpenOptions {
  /** Edit: the stored definition and where it is saved. */
  editing?: { config: DatasourceConfig; target: SettingsTarget; hasPassword: boolean; hasSshSecret: boolean };
}

/** Fields of an Add cancelled in this window (never secrets), offered by the next Add. */
let addDraft: FormFields | undefined;
const open = new Map<string, DatasourceFormPanel>();

function workspaceDir(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

/** Opens (or reveals) the form; resolves with the saved definition, or undefined when the form was closed unsaved. */
export function openDatasourceForm(ctx: TableTalkContext, actions: FormActions, options: FormOpenOptions = {}): Promise<DatasourceConfig | undefined> {
  const key = options.editing ? `edit:${options.editing.config.id}` : 'add';
  const existing = open.get(key);
  if (existing) {
    existing.panel.reveal();
    return existing.result;
  }
  const panel = new DatasourceFormPanel(ctx, actions, options);
  open.set(key, panel);
  void panel.result.finally(() => open.delete(key));
  return panel.result;
}

/** The open forms, for the extension-host tests. */
export function openDatasourceForms(): readonly DatasourceFormPanel[] {
  return [...open.values()];
}

export class DatasourceFormPanel {
  readonly panel: vscode.WebviewPanel;
  readonly result: Promise<DatasourceConfig | undefined>;
  private settle!: (c: DatasourceConfig | undefined) => void;
  private readonly disposables: vscode.Disposable[] = [];
  private state: FormState;
  private done = false;
  /** The fields as the webview last reported them (no secrets). */
  private lastFields: FormFields | undefined;
  /** Host keys the user trusted in this form ("host:port" -> fingerprint), applied to what it saves. */
  private readonly trusted = new Map<string, string>();

  constructor(
    private readonly ctx: TableTalkContext,
    private readonly actions: FormActions,
    private readonly options: FormOpenOptions,
  ) {
    this.result = new Promise((r) => (this.settle = r));
    const editing = options.editing;
    const targets: FormTarget[] = editing ? [editing.target] : vscode.workspace.workspaceFolders?.length ? ['user', 'workspace'] : ['user'];
    this.state = {
      mode: editing ? 'edit' : 'add',
      fields: editing ? fieldsFromConfig(editing.config) : (addDraft ?? emptyFields('postgres')),
      targets,
      target: editing?.target ?? 'user',
      hasPassword: editing?.hasPassword ?? false,
      hasSshSecret: editing?.hasSshSecret ?? false,
      trustedHostKey: editing?.config.ssh?.hostKey ?? null,
      resumed: !editing && addDraft !== undefined,
    };
    const title = editing ? vscode.l10n.t('Edit Datasource: {0}', editing.config.name) : vscode.l10n.t('Add Datasource');
    const dist = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview');
    // Kept alive while hidden: the typed secrets live only in the page's memory (never in setState, which VS Code
    // persists), so a reload would lose them; the form is small.
    this.panel = vscode.window.createWebviewPanel(DATASOURCE_FORM_VIEW_TYPE, title, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: true });
    this.panel.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'tabletalk.svg');
    this.panel.webview.html = webviewHtml({
      scriptUri: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'datasource-form.js')).toString(),
      styleUri: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'datasource-form.css')).toString(),
      cspSource: this.panel.webview.cspSource,
      nonce: makeNonce(randomBytes),
      title,
      lang: vscode.env.language,
    });
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      this.panel.onDidDispose(() => this.finish(undefined)),
    );
  }

  /** What the form started from (tests read it). */
  get current(): FormState {
    return this.state;
  }

  private finish(saved: DatasourceConfig | undefined): void {
    if (this.done) return;
    this.done = true;
    // An Add closed unsaved (Cancel, Escape, or its tab closed) is offered to the next Add, unless nothing was typed.
    if (!this.options.editing && !saved && this.lastFields) addDraft = JSON.stringify(this.lastFields) === JSON.stringify(emptyFields('postgres')) ? undefined : this.lastFields;
    this.settle(saved);
    vscode.Disposable.from(...this.disposables).dispose();
    this.panel.dispose();
  }

  private post(message: FormHostToWebview): void {
    if (!this.done) void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseFormMessage(raw);
    if (!parsed.ok) {
      // Never the raw message: it may hold a password.
      this.ctx.log.warn(`Datasource form: ignored a message: ${parsed.error}`);
      if (parsed.id !== undefined) void this.panel.webview.postMessage({ type: 'response', id: parsed.id, ok: false, error: parsed.error });
      return;
    }
    const m = parsed.message;
    if (m.type === 'ready') return this.post({ type: 'state', state: this.state });
    if (m.type === 'error') return this.ctx.log.error(`Datasource form script error: ${m.message}`);
    if (m.type === 'draft') {
      this.lastFields = m.fields;
      return;
    }
    try {
      const result = await this.handle(m);
      if (!this.done) void this.panel.webview.postMessage({ type: 'response', id: m.id, ok: true, result });
    } catch (err) {
      if (!this.done) void this.panel.webview.postMessage({ type: 'response', id: m.id, ok: false, error: describeErrorIn(err, vscode.l10n) });
    }
  }

  private async handle(m: FormRequest): Promise<FormMethods[keyof FormMethods]['result']> {
    switch (m.method) {
      case 'parseUrl':
        return this.parseUrl(m.params.url);
      case 'browse':
        return { path: await this.browse(m.params.what, m.params.current) };
      case 'test':
        return this.test(m.params.fields, m.params.secrets);
      case 'save':
        return this.save(m.params.fields, m.params.secrets, m.params.target);
      case 'cancel':
        this.lastFields = m.params.fields;
        this.finish(undefined);
        return null;
    }
  }

  private parseUrl(url: string): FormMethods['parseUrl']['result'] {
    try {
      return { ok: true, fields: fieldsFromConfig(datasourceFromUrl(url, workspaceDir()).config) };
    } catch (err) {
      return { ok: false, error: describeErrorIn(err, vscode.l10n) };
    }
  }

  private async browse(what: BrowseWhat, current: string): Promise<string | null> {
    const all = { [vscode.l10n.t('All files')]: ['*'] };
    const filters: Record<BrowseWhat, Record<string, string[]>> = {
      file: { SQLite: ['sqlite', 'sqlite3', 'db', 'db3', 'sdb'], ...all },
      caFile: { [vscode.l10n.t('Certificates')]: ['pem', 'crt', 'cer'], ...all },
      certFile: { [vscode.l10n.t('Certificates')]: ['pem', 'crt', 'cer'], ...all },
      keyFile: { [vscode.l10n.t('Keys')]: ['pem', 'key'], ...all },
      sshKeyFile: all,
    };
    const base = current.trim() ? vscode.Uri.file(current.trim()) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const uris = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: false, canSelectMany: false, defaultUri: base, filters: filters[what] });
    return uris?.[0]?.fsPath ?? null;
  }

  /** The definition the fields describe, with the host keys trusted earlier in this form; throws when invalid. */
  private draft(fields: FormFields): DraftConfig {
    const problems = Object.keys(validateFields(fields));
    if (problems.length) throw new Error(vscode.l10n.t('Some fields need attention: {0}.', problems.join(', ')));
    const config = configFromFields(fields, this.options.editing?.config);
    const key = config.ssh && this.trusted.get(`${config.ssh.host}:${config.ssh.port ?? 22}`);
    if (config.ssh && key && !config.ssh.hostKey) config.ssh = { ...config.ssh, hostKey: key };
    return config;
  }

  private remember(config: DraftConfig): void {
    if (config.ssh?.hostKey) this.trusted.set(`${config.ssh.host}:${config.ssh.port ?? 22}`, config.ssh.hostKey);
  }

  private async test(fields: FormFields, secrets: FormSecrets): Promise<FormMethods['test']['result']> {
    const config = this.draft(fields);
    const outcome = await this.actions.test(config, secrets, this.options.editing?.config.id);
    this.remember(config);
    if (!outcome.ok) this.ctx.log.info(`Datasource form: "${config.name}" could not connect: ${outcome.error}`);
    return outcome.ok ? { ok: true, ms: outcome.ms, message: vscode.l10n.t('Connected to {0} in {1}.', config.name, formatDuration(outcome.ms, vscode.env.language)) } : outcome;
  }

  private async save(fields: FormFields, secrets: FormSecrets, target: FormTarget): Promise<FormMethods['save']['result']> {
    const config = this.draft(fields);
    const to: SettingsTarget = this.options.editing?.target ?? (this.state.targets.includes(target) ? target : 'user');
    const outcome = await this.actions.test(config, secrets, this.options.editing?.config.id);
    this.remember(config);
    if (!outcome.ok) {
      this.ctx.log.info(`Datasource form: "${config.name}" could not connect: ${outcome.error}`);
      const saveAnyway = vscode.l10n.t('Save anyway');
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Could not connect to {0}. Save anyway?', config.name), { modal: true, detail: outcome.error }, saveAnyway);
      if (answer !== saveAnyway) return { saved: false, error: outcome.error };
    }
    const saved = await this.actions.save(config, secrets, to, this.options.editing?.config.id);
    if (!this.options.editing) addDraft = undefined;
    this.finish(saved);
    return { saved: true, error: null };
  }
}
