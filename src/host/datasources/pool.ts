// One live driver per datasource, opened on first use, plus the cached introspection the tree shows.
// Drivers load lazily (pg, mysql2 and better-sqlite3 stay out of activation).
import * as vscode from 'vscode';
import type { ConnectionOptions, Driver, Schema } from '../../core/datasource/types';
import type { Logger } from '../logging';

export type DatasourceState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'connected'; tables: number; ms: number }
  | { kind: 'error'; error: Error };

interface Entry {
  driver?: Promise<Driver>;
  schema?: Promise<Schema>;
}

/** A slow catalog must not leave the tree spinning forever. */
const INTROSPECT_TIMEOUT_MS = 60_000;

export class DriverPool implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly states = new Map<string, DatasourceState>();
  private readonly stateChanged = new vscode.EventEmitter<string>();
  readonly onDidChangeState = this.stateChanged.event;
  private readonly connected = new vscode.EventEmitter<{ id: string; driver: Driver }>();
  /** Fires once per new pooled driver (the least-privilege check listens). */
  readonly onDidConnect = this.connected.event;

  constructor(
    private readonly options: (id: string) => Promise<ConnectionOptions>,
    private readonly log: Logger,
  ) {}

  private entry(id: string): Entry {
    let e = this.entries.get(id);
    if (!e) this.entries.set(id, (e = {}));
    return e;
  }

  state(id: string): DatasourceState {
    return this.states.get(id) ?? { kind: 'idle' };
  }

  private setState(id: string, state: DatasourceState): void {
    this.states.set(id, state);
    this.stateChanged.fire(id);
  }

  /** The pooled driver; a failed attempt is not cached, so the next call tries again. */
  getDriver(id: string): Promise<Driver> {
    const e = this.entry(id);
    if (!e.driver) {
      const attempt = this.open(id);
      e.driver = attempt;
      attempt.catch(() => {
        if (e.driver === attempt) e.driver = undefined;
      });
    }
    return e.driver;
  }

  private async open(id: string): Promise<Driver> {
    const options = await this.options(id);
    const { connect } = await import('../../core/datasource/index.js');
    const started = performance.now();
    const driver = await connect(options);
    this.log.info(`Connected to datasource "${options.name}" (${options.dialect}) in ${(performance.now() - started).toFixed(0)} ms`);
    this.connected.fire({ id, driver });
    return driver;
  }

  /** The cached schema; failures stay cached (shown as an error node) until invalidate()/close(). */
  getSchema(id: string): Promise<Schema> {
    const e = this.entry(id);
    if (!e.schema) {
      e.schema = this.load(id);
      e.schema.catch(() => undefined);
    }
    return e.schema;
  }

  private async load(id: string): Promise<Schema> {
    this.setState(id, { kind: 'connecting' });
    const started = performance.now();
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const driver = await this.getDriver(id);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new Error(vscode.l10n.t('Reading the schema took longer than {0} s and was stopped.', INTROSPECT_TIMEOUT_MS / 1000)));
        }, INTROSPECT_TIMEOUT_MS);
      });
      const schema = await Promise.race([driver.introspect({ signal: controller.signal }), timeout]);
      const ms = performance.now() - started;
      this.log.info(`Introspected datasource "${id}": ${schema.tables.length} tables, ${schema.stats.roundTrips} catalog queries, ${schema.stats.ms} ms`);
      this.setState(id, { kind: 'connected', tables: schema.tables.length, ms });
      return schema;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.log.error(`Datasource "${id}" failed`, error);
      this.setState(id, { kind: 'error', error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Forgets the cached schema (and a failed connection), so the next getSchema() reads the catalog again. */
  invalidate(id: string): void {
    const e = this.entries.get(id);
    if (e) e.schema = undefined;
    this.setState(id, { kind: 'idle' });
  }

  /** Closes the driver and forgets everything about the datasource (on remove, edit, deactivate). */
  async close(id: string): Promise<void> {
    const e = this.entries.get(id);
    this.entries.delete(id);
    this.states.delete(id);
    this.stateChanged.fire(id);
    const driver = await e?.driver?.catch(() => undefined);
    if (driver) {
      await driver.close().catch((err) => this.log.warn(`Closing datasource "${id}" failed: ${String(err)}`));
      this.log.info(`Closed the connection pool of datasource "${id}"`);
    }
  }

  /** Ids with an open (or opening) driver. */
  openIds(): string[] {
    return [...this.entries].filter(([, e]) => e.driver).map(([id]) => id);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }

  dispose(): void {
    this.connected.dispose();
    void this.closeAll().finally(() => this.stateChanged.dispose());
  }
}
