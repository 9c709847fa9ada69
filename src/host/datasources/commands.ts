// Datasource commands. Each works from the UI (no arguments, or a tree node from a menu) and from code
// (arguments below), which is how the extension-host tests drive them without any mock.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatDuration } from '../format';
import type { ConnectionOptions, DatasourceConfig, Dialect, UnknownHostKey } from '../../core/datasource/types';
import { CONNECT_TIMEOUT_MS, type TableTalkContext } from '../context';
import { datasourceDestination, SecretStore, sshDestination } from '../secrets';
import { askToTrustHostKey } from './host-key';
import { describeErrorIn } from './error-text';
import { openDatasourceForm, type FormActions } from './form-panel';
import type { FormSecrets } from '../../protocol/datasource-form';
import { DatasourceStore, dialectLabel, type SettingsTarget } from './store';
import type { DatasourceTreeNode, DatasourceTreeProvider } from './tree';

/** What `tabletalk.addDatasource` accepts from code; the password goes to SecretStorage only. */
export type DatasourceInput = Omit<DatasourceConfig, 'id'> & { id?: string; password?: string; sshSecret?: string; target?: SettingsTarget };

/** A datasource id, a tree node (from a menu), or nothing (then the user picks). */
export type DatasourceTarget = string | DatasourceTreeNode | undefined;

export type TestConnectionResult = { ok: true; ms: number } | { ok: false; error: string };

/** One fresh connection and the driver's test query, then closed: how long it took, or the error in the display language. */
async function testConnection(options: () => Promise<ConnectionOptions>): Promise<TestConnectionResult> {
  const started = performance.now();
  try {
    const { connect } = await import('../../core/datasource/index.js');
    const driver = await connect(await options());
    try {
      await driver.test();
    } finally {
      await driver.close().catch(() => undefined);
    }
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, error: describeErrorIn(err, vscode.l10n) };
  }
}

const dialects: readonly Dialect[] = ['sqlite', 'postgres', 'mysql'];

export class DatasourceCommands {
  constructor(
    private readonly ctx: TableTalkContext,
    private readonly tree: DatasourceTreeProvider,
    private readonly view: vscode.TreeView<DatasourceTreeNode>,
  ) {}

  /**
   * Returns the saved definition (never with a password), or undefined if the user cancelled. Without arguments it
   * opens the Add Datasource form, which connects to the new datasource before saving it (one that cannot connect
   * is saved only if the user says so). From code, `checkConnection: true` asks the same way.
   */
  async add(input?: DatasourceInput & { checkConnection?: boolean }): Promise<DatasourceConfig | undefined> {
    if (!(input && typeof input === 'object' && 'dialect' in input)) return openDatasourceForm(this.ctx, this.formActions);
    const { password, sshSecret, target, id, checkConnection, ...config } = input;
    checkInput(config);
    if (checkConnection && !(await this.confirmUnreachable(config, password, sshSecret))) return undefined;
    return this.storeNew(config, { password, sshSecret }, target ?? 'user', id);
  }

  /** What the Add/Edit form calls: secrets handling and saving, the same as from code. */
  private readonly formActions: FormActions = {
    test: async (config, secrets, editingId) => {
      const resolved = editingId ? await this.editSecrets(editingId, config, secrets) : secrets;
      return this.tryConnect(config, resolved.password, resolved.sshSecret);
    },
    save: async (config, secrets, target, editingId) => {
      if (!editingId) return this.storeNew(config, secrets, target);
      return this.applyEdit(editingId, { ...config, id: editingId }, secrets.password || undefined, secrets.sshSecret || undefined, target);
    },
  };

  private async storeNew(draft: Omit<DatasourceConfig, 'id'>, secrets: FormSecrets, target: SettingsTarget, wantedId?: string): Promise<DatasourceConfig> {
    const id = wantedId ?? this.ctx.datasources.uniqueId(draft.name);
    if (this.ctx.datasources.get(id)) throw new Error(vscode.l10n.t('A datasource with id "{0}" already exists.', id));
    const config: DatasourceConfig = { id, ...draft };
    // The secret first: a definition that appears before its password would fail its first connection.
    if (secrets.password) await this.ctx.secrets.setDatasourcePassword(id, secrets.password, datasourceDestination(config));
    if (secrets.sshSecret && config.ssh && config.ssh.auth !== 'agent') await this.ctx.secrets.storeFor(SecretStore.sshSecretKey(id), secrets.sshSecret, sshDestination(config));
    await this.ctx.datasources.save(config, target);
    this.ctx.log.info(`Added datasource "${config.name}" (${config.dialect}, id ${id}) to ${target} settings`);
    this.reveal(id);
    return config;
  }

  /**
   * Edit's Test Connection with a secret field left empty ("unchanged"): the stored one, asked about first if it
   * was saved for another server than the one the form now names.
   */
  private async editSecrets(id: string, config: Omit<DatasourceConfig, 'id'>, typed: FormSecrets): Promise<FormSecrets> {
    const out: FormSecrets = { password: typed.password || undefined, sshSecret: typed.sshSecret || undefined };
    const full = { ...config, id };
    if (!out.password && config.dialect !== 'sqlite') {
      const key = SecretStore.datasourcePasswordKey(id);
      const stored = await this.ctx.secrets.stored(key);
      if (stored) {
        const to = datasourceDestination(full);
        if (stored.for && stored.for !== to) await this.ctx.secrets.confirmSend(key, vscode.l10n.t('the password of datasource "{0}"', config.name), stored.for, to);
        out.password = stored.secret;
      }
    }
    const oldAuth = this.ctx.datasources.get(id)?.config.ssh?.auth;
    if (!out.sshSecret && config.ssh && config.ssh.auth !== 'agent' && config.ssh.auth === oldAuth) {
      const key = SecretStore.sshSecretKey(id);
      const stored = await this.ctx.secrets.stored(key);
      if (stored) {
        const to = sshDestination(full);
        if (stored.for && stored.for !== to) await this.ctx.secrets.confirmSend(key, vscode.l10n.t('the SSH secret of datasource "{0}"', config.name), stored.for, to);
        out.sshSecret = stored.secret;
      }
    }
    return out;
  }

  /** One connection to a definition not saved yet; an SSH host key the user trusts lands in `config.ssh.hostKey`. */
  private tryConnect(config: Omit<DatasourceConfig, 'id'>, password: string | undefined, sshSecret: string | undefined): Promise<TestConnectionResult> {
    return testConnection(async () => {
      const file = config.dialect === 'sqlite' && config.file ? DatasourceStore.resolveFile(config.file) : config.file;
      const confirmHostKey = async (key: UnknownHostKey) => {
        if (!config.ssh || !(await askToTrustHostKey(config.name, key))) return false;
        config.ssh = { ...config.ssh, hostKey: key.fingerprint };
        return true;
      };
      return { ...config, id: 'new-datasource', file, password, sshSecret, confirmHostKey, connectTimeoutMs: CONNECT_TIMEOUT_MS };
    });
  }

  /** From code (`checkConnection`): connects first; one that cannot connect is saved only if the user says so. */
  private async confirmUnreachable(config: Omit<DatasourceConfig, 'id'>, password: string | undefined, sshSecret?: string): Promise<boolean> {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing connection to {0}…', config.name) },
      () => this.tryConnect(config, password, sshSecret),
    );
    if (outcome.ok) return true;
    this.ctx.log.info(`New datasource "${config.name}" could not connect: ${outcome.error}`);
    const save = vscode.l10n.t('Save anyway');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Could not connect to {0}. Save anyway?', config.name), { modal: true, detail: outcome.error }, save);
    return answer === save;
  }

  /** Without `changes` it opens the Edit form; `changes` from code skip it (a missing or empty password keeps the stored one). */
  async edit(target?: DatasourceTarget, changes?: Partial<DatasourceInput>): Promise<DatasourceConfig | undefined> {
    const id = await this.resolve(target, vscode.l10n.t('Edit which datasource?'));
    if (!id) return undefined;
    const stored = this.ctx.datasources.get(id);
    if (!stored) throw new Error(vscode.l10n.t('No datasource with id "{0}".', id));
    if (!changes) {
      const hasPassword = await this.ctx.secrets.hasDatasourcePassword(id);
      const hasSshSecret = await this.ctx.secrets.has(SecretStore.sshSecretKey(id));
      return openDatasourceForm(this.ctx, this.formActions, { editing: { config: stored.config, target: stored.target, hasPassword, hasSshSecret } });
    }
    const { password, sshSecret, target: to, id: _ignored, ...rest } = changes;
    const next: DatasourceConfig = { ...stored.config, ...rest, id };
    if ('ssh' in changes && !changes.ssh) delete next.ssh;
    checkInput(next);
    return this.applyEdit(id, next, password || undefined, sshSecret || undefined, to ?? stored.target);
  }

  private async applyEdit(id: string, next: DatasourceConfig, password: string | undefined, sshSecret: string | undefined, saveTo: SettingsTarget): Promise<DatasourceConfig> {
    const stored = this.ctx.datasources.get(id);
    if (!stored) throw new Error(vscode.l10n.t('No datasource with id "{0}".', id));
    // Edited through TableTalk by the user: the (new or kept) password now belongs to the edited destination.
    if (password) await this.ctx.secrets.setDatasourcePassword(id, password, datasourceDestination(next));
    else await this.ctx.secrets.rebind(SecretStore.datasourcePasswordKey(id), datasourceDestination(next));
    const sshKey = SecretStore.sshSecretKey(id);
    if (sshSecret && next.ssh && next.ssh.auth !== 'agent') await this.ctx.secrets.storeFor(sshKey, sshSecret, sshDestination(next));
    // No tunnel, the agent, or another kind of login: an SSH password is no passphrase (and the reverse).
    else if (!next.ssh || next.ssh.auth === 'agent' || next.ssh.auth !== stored.config.ssh?.auth) await this.ctx.secrets.delete(sshKey);
    else await this.ctx.secrets.rebind(sshKey, sshDestination(next));
    await this.ctx.closeDriver(id);
    await this.ctx.datasources.save(next, saveTo);
    this.ctx.log.info(`Edited datasource "${next.name}" (id ${id})${password ? '; new password stored' : ''}`);
    this.tree.refresh();
    return next;
  }

  /** Connects with a fresh connection (the current definition and password) and reports the result. */
  async test(target?: DatasourceTarget): Promise<TestConnectionResult | undefined> {
    const id = await this.resolve(target, vscode.l10n.t('Test which datasource?'));
    if (!id) return undefined;
    const name = this.ctx.datasources.get(id)?.config.name ?? id;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing connection to {0}…', name) },
      () => testConnection(() => this.ctx.connectionOptions(id)),
    );
    if (result.ok) {
      this.ctx.log.info(`Connection test of "${name}" succeeded in ${result.ms} ms`);
      if (this.ctx.datasourceState(id).kind === 'error') this.ctx.refreshDatasource(id);
      void vscode.window.showInformationMessage(vscode.l10n.t('Connected to {0} in {1}.', name, formatDuration(result.ms, vscode.env.language)));
    } else {
      const edit = vscode.l10n.t('Edit Datasource');
      void this.ctx.showError(vscode.l10n.t('Could not connect to {0}', name), new Error(result.error), edit).then((choice) => {
        if (choice === edit) void vscode.commands.executeCommand('tabletalk.editDatasource', id);
      });
    }
    return result;
  }

  /** Opens a script that creates a read-only login for the datasource (least privilege). */
  async readOnlyLoginScript(target?: DatasourceTarget): Promise<vscode.TextEditor | undefined> {
    const id = await this.resolve(target, vscode.l10n.t('Create a read-only login script for which datasource?'));
    return id ? this.ctx.leastPrivilege.openScript(id) : undefined;
  }

  /** Reads the catalog again: one datasource (from its node), or all of them (view title). */
  refresh(target?: DatasourceTarget): void {
    const id = typeof target === 'string' ? target : target ? nodeId(target) : undefined;
    const ids = id ? [id] : this.ctx.listDatasources().map((d) => d.config.id);
    ids.forEach((x) => this.ctx.refreshDatasource(x));
    this.tree.refresh();
  }

  retry(target?: DatasourceTarget): void {
    const id = typeof target === 'string' ? target : target ? nodeId(target) : undefined;
    if (!id) return;
    this.ctx.log.info(`Retrying datasource "${id}"`);
    this.ctx.refreshDatasource(id);
  }

  /** Asks first unless `options.confirm === false`. Deletes the definition and its password, closes the pool. */
  async remove(target?: DatasourceTarget, options?: { confirm?: boolean }): Promise<boolean> {
    const id = await this.resolve(target, vscode.l10n.t('Remove which datasource?'));
    if (!id) return false;
    const stored = this.ctx.datasources.get(id);
    if (!stored) return false;
    if (options?.confirm !== false) {
      const remove = vscode.l10n.t('Remove');
      const users = await this.datasetsUsing(id);
      const base = vscode.l10n.t('Its definition and stored password are deleted. The database itself is not touched.');
      const answer = await vscode.window.showWarningMessage(
        users.length ? vscode.l10n.t('Remove datasource "{0}"? Datasets use it: {1}', stored.config.name, users.join(', ')) : vscode.l10n.t('Remove datasource "{0}"?', stored.config.name),
        { modal: true, detail: users.length ? `${vscode.l10n.t('These datasets stay, but cannot train or answer until a datasource with id "{0}" exists again.', id)}\n\n${base}` : base },
        remove,
      );
      if (answer !== remove) return false;
    }
    await this.ctx.closeDriver(id);
    await this.ctx.secrets.deleteDatasourcePassword(id);
    await this.ctx.secrets.delete(SecretStore.sshSecretKey(id));
    await this.ctx.datasources.remove(id);
    this.ctx.log.info(`Removed datasource "${stored.config.name}" (id ${id})`);
    return true;
  }

  /** Names of the workspace's datasets built on this datasource, in every folder (none when they cannot be read). */
  private async datasetsUsing(id: string): Promise<string[]> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    try {
      const { DatasetStore } = await import('../../core/dataset/store.js');
      const names = await Promise.all(folders.map(async (folder) => {
        const { datasets } = await new DatasetStore(path.join(folder.uri.fsPath, '.tabletalk', 'datasets')).list();
        return datasets.filter((d) => d.datasource === id).map((d) => (folders.length > 1 ? `${folder.name}/${d.name}` : d.name));
      }));
      return names.flat().sort();
    } catch (err) {
      this.ctx.log.warn(`Could not read the datasets to check which use "${id}": ${(err as Error).message}`);
      return [];
    }
  }

  private async resolve(target: DatasourceTarget, placeHolder: string): Promise<string | undefined> {
    if (typeof target === 'string') return target;
    if (target) return nodeId(target);
    const all = this.ctx.listDatasources();
    if (!all.length) {
      const add = vscode.l10n.t('Add Datasource');
      if ((await vscode.window.showInformationMessage(vscode.l10n.t('There are no datasources yet.'), add)) === add) await vscode.commands.executeCommand('tabletalk.addDatasource');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      all.map((d) => ({ label: d.config.name, description: dialectLabel[d.config.dialect], id: d.config.id })),
      { placeHolder },
    );
    return pick?.id;
  }

  private reveal(id: string): void {
    // Expanding the new datasource shows its tables, or the reason it cannot connect, right away.
    void (async () => {
      const node = await this.tree.findDatasourceNode(id);
      if (node && this.view.visible) await this.view.reveal(node, { expand: true, select: true, focus: false });
    })().catch((err) => this.ctx.log.debug(`Could not reveal datasource "${id}": ${String(err)}`));
  }
}

function nodeId(node: DatasourceTreeNode): string {
  return node.kind === 'datasource' ? node.id : node.datasourceId;
}

/** Definitions passed from code get the same checks as the settings schema, with a clear message. */
function checkInput(config: Partial<DatasourceConfig>): void {
  const problems: string[] = [];
  if (!config.name || typeof config.name !== 'string') problems.push('"name" is required');
  if (!config.dialect || !dialects.includes(config.dialect)) problems.push(`"dialect" must be one of ${dialects.join(', ')}`);
  if (config.dialect === 'sqlite' && !config.file) problems.push('"file" is required for SQLite');
  if (config.dialect && config.dialect !== 'sqlite' && !config.host) problems.push('"host" is required');
  if (config.port !== undefined && !(Number.isInteger(config.port) && config.port > 0 && config.port < 65536)) problems.push('"port" must be 1-65535');
  if ('password' in config) problems.push('"password" does not belong in the definition');
  if (config.ssh) {
    if (config.dialect === 'sqlite') problems.push('"ssh" works with PostgreSQL and MySQL only');
    if (!config.ssh.host || !config.ssh.user) problems.push('"ssh" needs "host" and "user"');
    if (!['key', 'agent', 'password'].includes(config.ssh.auth)) problems.push('"ssh.auth" must be key, agent or password');
    if (config.ssh.auth === 'key' && !config.ssh.keyFile) problems.push('"ssh.keyFile" is required with "auth": "key"');
  }
  if (problems.length) throw new Error(vscode.l10n.t('Invalid datasource definition: {0}.', problems.join('; ')));
}
