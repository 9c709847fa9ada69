// Where datasets live in VS Code: definition files in <first workspace folder>/.tabletalk/datasets (or, with no
// folder open, in the extension's global storage), run state in extension storage (workspaceState, or
// globalState without a folder). Fires change events for file edits (by anyone) and run-state writes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RunStateStore, type KeyValueBackend } from '../../core/dataset/run-state';
import type { DatasetListing, DatasetStore, NewDataset } from '../../core/dataset/store';
import type { DatasetDefinition, DatasetRunState } from '../../core/dataset/types';
import type { Logger } from '../logging';

/** A Memento as run-state backend that reports each write, so the view follows progress live. */
class ObservedMemento implements KeyValueBackend {
  constructor(private readonly memento: vscode.Memento, private readonly written: (key: string) => void) {}

  keys(): readonly string[] {
    return this.memento.keys();
  }

  get<T>(key: string): T | undefined {
    return this.memento.get<T>(key);
  }

  async update(key: string, value: unknown): Promise<void> {
    await this.memento.update(key, value);
    this.written(key);
  }
}

export type DatasetsLocation = { kind: 'workspace'; folder: vscode.WorkspaceFolder; root: string } | { kind: 'global'; root: string };

export class DatasetService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Definition files were added, edited or removed (here or outside VS Code). */
  readonly onDidChange = this.changed.event;
  private readonly stateChanged = new vscode.EventEmitter<void>();
  /** A run state was written (status, progress, ...). */
  readonly onDidChangeRunState = this.stateChanged.event;
  readonly runState: RunStateStore;
  readonly location: DatasetsLocation;
  private store: Promise<DatasetStore> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly extension: vscode.ExtensionContext, private readonly log: Logger) {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    this.location = folder ? { kind: 'workspace', folder, root: folder.uri.fsPath } : { kind: 'global', root: extension.globalStorageUri.fsPath };
    const memento = folder ? extension.workspaceState : extension.globalState;
    this.runState = new RunStateStore(new ObservedMemento(memento, () => this.stateChanged.fire()));
    this.disposables.push(this.changed, this.stateChanged, this.watch());
  }

  /** The folder holding the dataset files. */
  get dir(): string {
    return path.join(this.location.root, '.tabletalk', 'datasets');
  }

  private watch(): vscode.Disposable {
    const pattern = this.location.kind === 'workspace'
      ? new vscode.RelativePattern(this.location.folder, '.tabletalk/datasets/*.json')
      : (fs.mkdirSync(this.dir, { recursive: true }), new vscode.RelativePattern(vscode.Uri.file(this.dir), '*.json'));
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const fire = () => this.fireChanged();
    watcher.onDidCreate(fire);
    watcher.onDidChange(fire);
    watcher.onDidDelete(fire);
    return watcher;
  }

  /** Coalesces bursts (an atomic write is a create plus a rename) into one refresh. */
  fireChanged(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.changed.fire(), 50);
  }

  /** The core file store, loaded on first use (its JSON-schema validator is compiled then, not on activation). */
  files(): Promise<DatasetStore> {
    this.store ??= import('../../core/dataset/store.js').then(({ DatasetStore }) => new DatasetStore(this.dir));
    return this.store;
  }

  async pathOf(name: string): Promise<string> {
    return (await this.files()).pathOf(name);
  }

  /** Every readable dataset, and the files that could not be read (never rewritten). */
  async list(): Promise<DatasetListing> {
    return (await this.files()).list();
  }

  /** The dataset of that name; undefined when there is none; throws when its file is broken. */
  async get(name: string): Promise<DatasetDefinition | undefined> {
    return (await this.files()).get(name);
  }

  /** The dataset, or an error that names the folder searched. */
  async require(name: string): Promise<DatasetDefinition> {
    return (await this.files()).require(name);
  }

  async create(input: NewDataset): Promise<DatasetDefinition> {
    const def = await (await this.files()).create(input);
    this.log.info(`Created dataset "${def.name}" (${def.tables.length} tables, collection ${def.collection}) in ${await this.pathOf(def.name)}`);
    this.fireChanged();
    return def;
  }

  /** Re-reads the dataset, applies `change` and writes it (refusing to overwrite a broken or foreign file). */
  async update(name: string, change: (def: DatasetDefinition) => DatasetDefinition): Promise<DatasetDefinition> {
    const files = await this.files();
    const next = change(await files.require(name));
    if (next.name !== name) throw new Error('update() cannot rename a dataset; use rename()');
    await files.save(next);
    this.fireChanged();
    return next;
  }

  async rename(oldName: string, newName: string): Promise<DatasetDefinition> {
    const def = await (await this.files()).rename(oldName, newName);
    this.log.info(`Renamed dataset "${oldName}" to "${newName}"`);
    this.fireChanged();
    return def;
  }

  /** Removes the file and the run state; dropping the collections is the caller's job. */
  async delete(name: string): Promise<DatasetDefinition> {
    const def = await (await this.files()).delete(name);
    await this.runState.remove(def);
    this.fireChanged();
    return def;
  }

  /** The run state, with a `training` left by a dead process (window reload) turned into `failed`. */
  state(def: Pick<DatasetDefinition, 'collection'>): Promise<DatasetRunState> {
    return this.runState.get(def);
  }

  dispose(): void {
    clearTimeout(this.debounce);
    this.disposables.forEach((d) => d.dispose());
  }
}
