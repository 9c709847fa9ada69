// "Try the Sample Database": writes the sample shop (src/core/sample) into the extension's global storage,
// registers it as the "Sample shop" SQLite datasource and shows it in the tree. Running it again reveals the
// datasource, or regenerates the file if it was deleted. A deleted file also closes the open connection (which
// would otherwise keep reading the deleted file) so the tree shows the error, with a hint to run the command.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TableTalkContext } from '../context';
import type { DatasourcesFeature } from '../datasources/register';
import { DatasourceStore } from '../datasources/store';

/** The id of the sample datasource in the `tabletalk.datasources` setting (`npm run demo` registers the same id). */
export const SAMPLE_DATASOURCE_ID = 'sample-shop';

export interface SampleResult {
  id: string;
  /** The database file. */
  file: string;
  /** The datasource was registered by this run (false: it already existed). */
  created: boolean;
  /** The file was written by this run (it did not exist). */
  generated: boolean;
}

export class SampleDatabase implements vscode.Disposable {
  private running?: Promise<SampleResult>;
  private watcher?: { file: string; close(): void };
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly ctx: TableTalkContext,
    private readonly datasources: DatasourcesFeature,
  ) {
    this.disposables.push(
      ctx.addErrorHint((id) => (id === SAMPLE_DATASOURCE_ID && this.fileIsMissing() ? vscode.l10n.t('Run "TableTalk: Try the Sample Database" to generate it again.') : undefined)),
      ctx.datasources.onDidChange((ids) => ids.includes(SAMPLE_DATASOURCE_ID) && this.watch()),
    );
    this.watch();
  }

  /** Where the command writes the sample when no sample datasource names a file yet. */
  get defaultFile(): string {
    return path.join(this.ctx.extension.globalStorageUri.fsPath, 'sample', 'shop.sqlite');
  }

  /** The file of the registered sample datasource, if there is one. */
  registeredFile(): string | undefined {
    const stored = this.ctx.datasources.get(SAMPLE_DATASOURCE_ID);
    if (stored?.config.dialect !== 'sqlite' || !stored.config.file) return undefined;
    try {
      return DatasourceStore.resolveFile(stored.config.file, stored.folder);
    } catch {
      return undefined; // a relative path with no folder open: the datasource shows that error itself
    }
  }

  private fileIsMissing(): boolean {
    const file = this.registeredFile();
    return file !== undefined && !fs.existsSync(file);
  }

  /** Runs the command; a second call while one runs waits for the same result. */
  run(): Promise<SampleResult> {
    this.running ??= this.tryIt().finally(() => (this.running = undefined));
    return this.running;
  }

  private async tryIt(): Promise<SampleResult> {
    const existing = this.ctx.datasources.get(SAMPLE_DATASOURCE_ID);
    if (existing && (existing.config.dialect !== 'sqlite' || !existing.config.file)) {
      throw new Error(vscode.l10n.t('The datasource with id "{0}" is not the SQLite sample database. Remove it (or change its id in settings) and run this command again.', SAMPLE_DATASOURCE_ID));
    }
    const file = existing ? this.registeredFile() : this.defaultFile;
    if (!file) throw new Error(vscode.l10n.t('The sample datasource\'s file "{0}" cannot be resolved: use an absolute path.', existing?.config.file ?? ''));
    const generated = !fs.existsSync(file);
    if (generated) await this.generate(file);
    if (!existing) {
      await this.ctx.datasources.save({ id: SAMPLE_DATASOURCE_ID, name: vscode.l10n.t('Sample shop'), dialect: 'sqlite', file }, 'user');
      this.ctx.log.info(`Added the sample datasource (id ${SAMPLE_DATASOURCE_ID}) to user settings`);
    } else if (generated) {
      // The open connection may still read the deleted file, or hold the "file not found" error: start afresh.
      await this.ctx.closeDriver(SAMPLE_DATASOURCE_ID);
      this.datasources.tree.refresh();
    }
    this.watch(generated); // a new file (maybe in a new folder) needs a new watcher
    await this.reveal();
    return { id: SAMPLE_DATASOURCE_ID, file, created: !existing, generated };
  }

  private generate(file: string): Thenable<void> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Generating the sample database…') }, async () => {
      const started = performance.now();
      // Loaded on first use: the generator and SQLite stay out of activation.
      const { makeSampleDb } = await import('../../core/sample/index.js');
      const result = await makeSampleDb(file);
      if (result.fallback) this.ctx.log.info(result.fallback);
      const rows = Object.values(result.tables).reduce((a, b) => a + b, 0);
      this.ctx.log.info(`Sample database written to ${file} (${result.engine} SQLite): ${Object.keys(result.tables).length} tables, ${rows} rows in ${Math.round(performance.now() - started)} ms`);
    });
  }

  /** Shows the Datasources view with the sample expanded to its tables (or to the reason it cannot open). */
  private async reveal(): Promise<void> {
    try {
      await vscode.commands.executeCommand('tabletalk.datasources.focus');
      // Reading the schema first means expanding does not change the node's state (connecting, connected) midway,
      // which makes VS Code drop the expansion. A failure shows as the error node when expanded.
      await this.ctx.getSchema(SAMPLE_DATASOURCE_ID).catch(() => undefined);
      const node = await this.datasources.tree.findDatasourceNode(SAMPLE_DATASOURCE_ID);
      if (!node) return;
      // The view lists the node before VS Code has registered it: revealing at once makes VS Code fetch the
      // root a second time and show the datasource twice. One turn of the event loop lets the listing finish.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await this.datasources.view.reveal(node, { expand: true, select: true, focus: false });
    } catch (err) {
      this.ctx.log.debug(`Could not reveal the sample datasource: ${String(err)}`);
    }
  }

  /** Watches the registered sample file, so deleting it while it is open is noticed at once. */
  private watch(renew = false): void {
    const file = this.registeredFile();
    if (this.watcher?.file === file && !renew) return;
    this.watcher?.close();
    this.watcher = undefined;
    if (!file) return;
    try {
      const onChange = () => {
        if (fs.existsSync(file)) return;
        this.ctx.log.warn(`The sample database file was deleted: ${file}`);
        void this.ctx.closeDriver(SAMPLE_DATASOURCE_ID);
      };
      // Any event in the folder: checking the file is cheap, and a deleted folder reports under its own name.
      const dir = fs.watch(path.dirname(file), onChange);
      // The folder itself may go (e.g. the global storage was cleared): that also means the file is gone.
      dir.on('error', () => {
        onChange();
        if (this.watcher?.file === file) {
          this.watcher.close();
          this.watcher = undefined;
        }
      });
      this.watcher = { file, close: () => dir.close() };
    } catch (err) {
      // No folder yet (the file is missing): nothing to watch; the tree shows the error and the hint.
      this.ctx.log.debug(`Not watching ${file}: ${String(err)}`);
    }
  }

  dispose(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.disposables.forEach((d) => d.dispose());
  }
}
