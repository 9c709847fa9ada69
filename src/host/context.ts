// The one object every feature receives: extension context, log, secrets, datasource definitions and the
// per-datasource driver pool. Built once in activate() and disposed on deactivate.
import * as vscode from 'vscode';
import { describe } from '../core/errors';
import { english } from '../core/messages';
import type { ConnectionOptions, DatasourceConfig, Driver, Schema, UnknownHostKey } from '../core/datasource/types';
import { createLogger, type Logger } from './logging';
import { describeErrorIn } from './datasources/error-text';
import { askToTrustHostKey } from './datasources/host-key';
import { datasourceDestination, SecretStore, sshDestination } from './secrets';
import { DatasourceStore, type StoredDatasource } from './datasources/store';
import { DriverPool, type DatasourceState } from './datasources/pool';
import { LeastPrivilege } from './datasources/least-privilege';

export type { DatasourceState } from './datasources/pool';
export type { StoredDatasource, SettingsTarget } from './datasources/store';

/** Connection attempts fail within this time rather than hang. */
export const CONNECT_TIMEOUT_MS = 10_000;

export class TableTalkContext implements vscode.Disposable {
  readonly log: Logger;
  readonly secrets: SecretStore;
  /** Definitions in the `tabletalk.datasources` setting (no secrets). */
  readonly datasources: DatasourceStore;
  private readonly pool: DriverPool;
  /** The least-privilege check of every new connection, and the refusal of writable logins when asked for. */
  readonly leastPrivilege: LeastPrivilege;
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires with a datasource id when its state (connecting/connected/error/idle) changes. */
  readonly onDidChangeDatasourceState: vscode.Event<string>;

  constructor(
    readonly extension: vscode.ExtensionContext,
    private readonly channel: vscode.LogOutputChannel,
  ) {
    this.secrets = new SecretStore(extension.secrets);
    this.log = createLogger(channel, () => this.secrets.knownValues());
    this.datasources = new DatasourceStore(this.log);
    this.pool = new DriverPool((id) => this.connectionOptions(id), this.log);
    this.onDidChangeDatasourceState = this.pool.onDidChangeState;
    this.leastPrivilege = new LeastPrivilege({
      log: this.log,
      memento: extension.globalState,
      config: (id) => this.datasources.get(id)?.config,
      tableSchemas: async (id) => [...new Set((await this.pool.getSchema(id).catch(() => undefined))?.tables.map((t) => t.schema).filter((s): s is string => !!s) ?? [])],
    });
    this.disposables.push(
      this.pool.onDidConnect(({ id, driver }) => void this.leastPrivilege.onConnected(id, driver)),
      this.datasources,
      this.pool,
      // An edited or removed definition must not keep using the old connection.
      this.datasources.onDidChange((ids) => ids.forEach((id) => void this.pool.close(id))),
    );
  }

  /** The definition plus its password from SecretStorage: what a driver needs. Throws if the id is unknown. */
  async connectionOptions(id: string): Promise<ConnectionOptions> {
    const stored = this.datasources.get(id);
    if (!stored) throw new Error(vscode.l10n.t('No datasource with id "{0}" in the tabletalk.datasources setting.', id));
    if (stored.problem) throw new Error(vscode.l10n.t('The definition of "{0}" in settings is incomplete: {1}', stored.config.name, stored.problem));
    const config = { ...stored.config };
    if (config.dialect === 'sqlite' && config.file) config.file = DatasourceStore.resolveFile(config.file, stored.folder);
    const password = config.dialect === 'sqlite' ? undefined : await this.datasourcePassword(id, stored.config);
    if (!config.ssh) return { ...config, password, connectTimeoutMs: CONNECT_TIMEOUT_MS };
    const sshSecret = config.ssh.auth === 'agent' ? undefined : await this.sshSecret(id, stored.config);
    return { ...config, password, sshSecret, connectTimeoutMs: CONNECT_TIMEOUT_MS, confirmHostKey: (key) => this.trustHostKey(id, key) };
  }

  /** The SSH password or key passphrase, bound like the database password to where it was saved for. */
  private async sshSecret(id: string, config: DatasourceConfig): Promise<string | undefined> {
    const destination = sshDestination(config);
    const mine = this.datasources.userEntry(id);
    const savedFor = mine?.ssh ? sshDestination(mine) : destination;
    const what = config.ssh?.auth === 'password' ? vscode.l10n.t('the SSH password of datasource "{0}"', config.name) : vscode.l10n.t('the SSH key passphrase of datasource "{0}"', config.name);
    const key = SecretStore.sshSecretKey(id);
    if (!(await this.secrets.has(key))) return undefined;
    if ((await this.secrets.stored(key))?.for !== destination) await this.secrets.confirmSend(key, what, savedFor, destination);
    return this.secrets.getFor(key, destination, what, savedFor);
  }

  /** Trust on first use: asks, and stores the accepted fingerprint with the datasource. */
  private async trustHostKey(id: string, key: UnknownHostKey): Promise<boolean> {
    const stored = this.datasources.get(id);
    if (!stored?.config.ssh) return false;
    if (!(await askToTrustHostKey(stored.config.name, key))) return false;
    await this.datasources.save({ ...stored.config, ssh: { ...stored.config.ssh, hostKey: key.fingerprint } }, stored.target, stored.folder);
    this.log.info(`Datasource "${stored.config.name}": trusted SSH host key ${key.fingerprint} of ${key.host}:${key.port}`);
    return true;
  }

  /**
   * The password saved for this datasource's destination. A workspace entry that points a user's datasource (same
   * id) somewhere else makes TableTalk ask before connecting at all, password or not.
   */
  private async datasourcePassword(id: string, config: DatasourceConfig): Promise<string | undefined> {
    const destination = datasourceDestination(config);
    const mine = this.datasources.userEntry(id);
    const savedFor = mine ? datasourceDestination(mine) : destination;
    const what = vscode.l10n.t('the password of datasource "{0}"', config.name);
    const key = SecretStore.datasourcePasswordKey(id);
    // A password the user saved for exactly this destination (through TableTalk) needs no question.
    if ((await this.secrets.stored(key))?.for !== destination) await this.secrets.confirmSend(key, what, savedFor, destination);
    return this.secrets.getFor(key, destination, what, savedFor);
  }

  /** The pooled driver of a datasource, connected on first use. Do not close it: the pool owns it. */
  getDriver(id: string): Promise<Driver> {
    return this.pool.getDriver(id);
  }

  /**
   * The pooled driver for SQL from a user or a model (Ask, Run Query, agent tools): refused when the login can
   * write and tabletalk.ask.refuseWritableLogins is on.
   */
  async getQueryDriver(id: string): Promise<Driver> {
    const driver = await this.pool.getDriver(id);
    await this.leastPrivilege.allowQueries(id, driver);
    return driver;
  }

  /** The datasource's introspected schema, cached until refreshDatasource()/an edit; failures are cached too. */
  getSchema(id: string): Promise<Schema> {
    return this.pool.getSchema(id);
  }

  datasourceState(id: string): DatasourceState {
    return this.pool.state(id);
  }

  /** Drops the cached schema (and a failed connection) so the next getSchema() reads the catalog again. */
  refreshDatasource(id: string): void {
    this.pool.invalidate(id);
  }

  /** Closes the datasource's pool (next use reconnects). */
  closeDriver(id: string): Promise<void> {
    return this.pool.close(id);
  }

  /** Ids of datasources with an open (or opening) pool. */
  openDriverIds(): string[] {
    return this.pool.openIds();
  }

  /** Closes every pool; awaited on deactivate. */
  closeAllDrivers(): Promise<void> {
    return this.pool.closeAll();
  }

  listDatasources(): StoredDatasource[] {
    return this.datasources.list();
  }

  private readonly errorHints: ((id: string, error: Error) => string | undefined)[] = [];

  /** Lets a feature say what to do about errors of datasources it manages (e.g. the sample database). */
  addErrorHint(hint: (id: string, error: Error) => string | undefined): vscode.Disposable {
    this.errorHints.push(hint);
    return new vscode.Disposable(() => {
      const i = this.errorHints.indexOf(hint);
      if (i >= 0) this.errorHints.splice(i, 1);
    });
  }

  /** What to do about a datasource's error (shown in its error node): a feature's hint, else the error's own. */
  errorHint(id: string, error: Error): string | undefined {
    for (const hint of this.errorHints) {
      const text = hint(id, error);
      if (text) return text;
    }
    return describe(error, english).hint;
  }

  /** Logs the error and shows it with a "Show Log" action; cancellation is not an error and is not shown. */
  showError(message: string, err?: unknown, ...actions: string[]): Thenable<string | undefined> {
    if (isCancellation(err)) return Promise.resolve(undefined);
    this.log.error(message, err);
    const text = err === undefined ? message : `${message}: ${describeErrorIn(err, vscode.l10n)}`;
    const showLog = vscode.l10n.t('Show Log');
    return vscode.window.showErrorMessage(text, ...actions, showLog).then((choice) => {
      if (choice === showLog) this.log.show();
      return choice;
    });
  }

  /** Registers a disposable for the extension's lifetime and returns it. */
  register<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (err) {
        this.channel.warn(`Dispose failed: ${String(err)}`);
      }
    }
  }
}

function isCancellation(err: unknown): boolean {
  return err instanceof vscode.CancellationError || (err instanceof Error && err.name === 'AbortError');
}
