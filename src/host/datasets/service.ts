// Where datasets live in VS Code: definition files in <workspace folder>/.tabletalk/datasets, one store per folder
// (or, with no folder open, one in the extension's global storage), run state in extension storage (workspaceState,
// or globalState without a folder), kept apart per folder. Fires change events for file edits (by anyone), run-state
// writes, and folders added to or removed from the workspace.
//
// A dataset is named by a *reference*: its name, or in a multi-root workspace "<folder name>/<name>" (what the tree
// hands to commands, so two folders may each have a dataset of the same name). A plain name is looked up folder by
// folder, first folder first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RunStateStore, type KeyValueBackend } from '../../core/dataset/run-state';
import type { DatasetFileError, DatasetListing, DatasetStore, NewDataset } from '../../core/dataset/store';
import type { DatasetDefinition, DatasetRunState } from '../../core/dataset/types';
import type { Logger } from '../logging';

/**
 * A Memento as run-state backend that keeps one folder's keys apart from the other folders' (a prefix with the
 * folder's URI) and reports each write, so the view follows progress live. `legacy`: the first folder of a
 * .code-workspace also reads the unprefixed keys earlier versions wrote, and moves each one on its next write.
 */
class FolderMemento implements KeyValueBackend {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly prefix: string,
    private readonly legacy: boolean,
    private readonly written: (key: string) => void,
  ) {}

  keys(): readonly string[] {
    const all = this.memento.keys();
    const mine = this.prefix ? all.filter((k) => k.startsWith(this.prefix)).map((k) => k.slice(this.prefix.length)) : all.filter((k) => !k.startsWith(FOLDER_KEY));
    const old = this.legacy ? all.filter((k) => !k.startsWith(FOLDER_KEY) && !mine.includes(k)) : [];
    return [...mine, ...old];
  }

  get<T>(key: string): T | undefined {
    return this.memento.get<T>(this.prefix + key) ?? (this.legacy ? this.memento.get<T>(key) : undefined);
  }

  async update(key: string, value: unknown): Promise<void> {
    await this.memento.update(this.prefix + key, value);
    if (this.legacy && this.prefix && this.memento.get(key) !== undefined) await this.memento.update(key, undefined);
    this.written(key);
  }
}

const FOLDER_KEY = 'tabletalk.folder:';

/** One place datasets live: a workspace folder's .tabletalk/datasets, or the global storage with no folder open. */
export interface DatasetFolder {
  /** Stable identity (the folder's URI). */
  readonly key: string;
  /** What the user sees: the folder's name. */
  readonly label: string;
  readonly folder?: vscode.WorkspaceFolder;
  readonly root: string;
  readonly dir: string;
  readonly runState: RunStateStore;
  store?: Promise<DatasetStore>;
  watcher: vscode.Disposable;
}

export type DatasetsLocation = { kind: 'workspace'; folder: vscode.WorkspaceFolder; root: string } | { kind: 'global'; root: string };

const fileFolders = () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');

/**
 * The workspace folder a dataset reference belongs to and the dataset's plain name, without reading dataset files:
 * the folder named in a "<folder>/<name>" reference, else the first folder holding a file for that name, else the
 * first folder. For defaults (where an export is saved) only; the service's get() is the authority.
 */
export function datasetRefFolder(ref: string): { folder: vscode.WorkspaceFolder | undefined; name: string } {
  const folders = fileFolders();
  const qualified = splitRef(ref, folders);
  if (qualified) return qualified;
  const file = `${ref.trim().replace(/[\\/:*?"<>|]/g, '_')}.json`;
  return { folder: folders.find((f) => fs.existsSync(path.join(f.uri.fsPath, '.tabletalk', 'datasets', file))) ?? folders[0], name: ref };
}

function splitRef<F extends { name: string }>(ref: string, folders: readonly F[]): { folder: F; name: string } | undefined {
  if (folders.length < 2) return undefined;
  const slash = ref.indexOf('/');
  if (slash <= 0) return undefined;
  const folder = folders.find((f) => f.name === ref.slice(0, slash));
  return folder ? { folder, name: ref.slice(slash + 1) } : undefined;
}

export class DatasetService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Definition files were added, edited or removed (here or outside VS Code), or a workspace folder came or went. */
  readonly onDidChange = this.changed.event;
  private readonly stateChanged = new vscode.EventEmitter<void>();
  /** A run state was written (status, progress, ...). */
  readonly onDidChangeRunState = this.stateChanged.event;
  /** Run state of any dataset this service handed out, kept in the dataset's own folder. */
  readonly runState: RunStateStore;
  private places: DatasetFolder[] = [];
  /** Which folder each definition handed out came from (definitions are plain data: no field says it). */
  private readonly origin = new WeakMap<object, DatasetFolder>();
  /** Collection prefix -> folder, from the last listing: for copies of a definition (`{ ...def }`). */
  private readonly byCollection = new Map<string, DatasetFolder>();
  private readonly disposables: vscode.Disposable[] = [];
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly extension: vscode.ExtensionContext, private readonly log: Logger) {
    this.runState = new RoutedRunState((def) => this.placeOf(def), () => this.places);
    this.syncFolders();
    this.disposables.push(
      this.changed,
      this.stateChanged,
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.syncFolders();
        this.fireChanged();
      }),
    );
  }

  /** Where datasets live now: one entry per file workspace folder, in the workspace's order (or the global one). */
  get folders(): readonly DatasetFolder[] {
    return this.places;
  }

  /** Several folders: references are qualified and the tree groups datasets by folder. */
  get multiRoot(): boolean {
    return this.places.length > 1;
  }

  /** The first place (compatibility: the only one in a single-folder window). */
  get location(): DatasetsLocation {
    const first = this.places[0];
    return first.folder ? { kind: 'workspace', folder: first.folder, root: first.root } : { kind: 'global', root: first.root };
  }

  /** The dataset folder of the first place; see `folders` for all of them. */
  get dir(): string {
    return this.places[0].dir;
  }

  private syncFolders(): void {
    const folders = fileFolders();
    const namespaced = vscode.workspace.workspaceFile !== undefined;
    const wanted: { key: string; label: string; folder?: vscode.WorkspaceFolder; root: string }[] = folders.length
      ? folders.map((f) => ({ key: f.uri.toString(), label: f.name, folder: f, root: f.uri.fsPath }))
      : [{ key: 'global', label: vscode.l10n.t('No folder open'), root: this.extension.globalStorageUri.fsPath }];
    const next: DatasetFolder[] = wanted.map((w, i) => {
      const kept = this.places.find((p) => p.key === w.key);
      if (kept) return kept;
      const dir = path.join(w.root, '.tabletalk', 'datasets');
      const memento = w.folder ? this.extension.workspaceState : this.extension.globalState;
      // A single-folder window keeps the keys it always had; in a .code-workspace each folder gets its own prefix.
      const prefix = w.folder && namespaced ? `${FOLDER_KEY}${w.key}/` : '';
      const backend = new FolderMemento(memento, prefix, !!prefix && i === 0, () => this.stateChanged.fire());
      return { ...w, dir, runState: new RunStateStore(backend), watcher: this.watch(w.folder, dir) };
    });
    for (const p of this.places) if (!next.includes(p)) p.watcher.dispose();
    this.places = next;
  }

  private watch(folder: vscode.WorkspaceFolder | undefined, dir: string): vscode.Disposable {
    const pattern = folder
      ? new vscode.RelativePattern(folder, '.tabletalk/datasets/*.json')
      : (fs.mkdirSync(dir, { recursive: true }), new vscode.RelativePattern(vscode.Uri.file(dir), '*.json'));
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

  private storeOf(place: DatasetFolder): Promise<DatasetStore> {
    place.store ??= import('../../core/dataset/store.js').then(({ DatasetStore }) => new DatasetStore(place.dir));
    return place.store;
  }

  /**
   * The core file store of the folder `ref` belongs to (default: the first place), loaded on first use (its
   * JSON-schema validator is compiled then, not on activation).
   */
  async files(ref?: string): Promise<DatasetStore> {
    return this.storeOf(ref === undefined ? this.places[0] : (await this.locate(ref)).place);
  }

  /** The place a workspace folder (or its name, or its path) stands for. */
  placeFor(folder: vscode.WorkspaceFolder | string): DatasetFolder | undefined {
    if (typeof folder !== 'string') return this.places.find((p) => p.key === folder.uri.toString());
    return this.places.find((p) => p.label === folder || p.root === folder || p.key === folder);
  }

  private remember<T extends DatasetDefinition | undefined>(def: T, place: DatasetFolder): T {
    if (def) {
      this.origin.set(def, place);
      if (!this.byCollection.has(def.collection)) this.byCollection.set(def.collection, place);
    }
    return def;
  }

  /** The folder a definition handed out by this service came from. */
  placeOf(def: Pick<DatasetDefinition, 'collection'>): DatasetFolder {
    return this.origin.get(def) ?? this.byCollection.get(def.collection) ?? this.places[0];
  }

  /** The reference for a definition: its name, qualified with its folder's name in a multi-root workspace. */
  refOf(def: DatasetDefinition): string {
    return this.multiRoot ? `${this.placeOf(def).label}/${def.name}` : def.name;
  }

  /** The folder holding `ref` and the plain name in it; for an unknown plain name, the first place. */
  private async locate(ref: string): Promise<{ place: DatasetFolder; name: string; def?: DatasetDefinition }> {
    const qualified = splitRef(ref, this.places.map((p) => ({ ...p, name: p.label, place: p })));
    if (qualified) {
      const def = await (await this.storeOf(qualified.folder.place)).get(qualified.name);
      if (def) return { place: qualified.folder.place, name: qualified.name, def: this.remember(def, qualified.folder.place) };
    }
    for (const place of this.places) {
      const def = await (await this.storeOf(place)).get(ref);
      if (def) return { place, name: ref, def: this.remember(def, place) };
    }
    return qualified ? { place: qualified.folder.place, name: qualified.name } : { place: this.places[0], name: ref };
  }

  async pathOf(ref: string): Promise<string> {
    const { place, name } = await this.locate(ref);
    return (await this.storeOf(place)).pathOf(name);
  }

  /** Every readable dataset, and the files that could not be read (never rewritten), of every folder. */
  async list(): Promise<DatasetListing> {
    const all = await this.listByFolder();
    return { datasets: all.flatMap((f) => f.datasets), errors: all.flatMap((f) => f.errors) };
  }

  /** The listing of each place, in the workspace's folder order; `error`: the folder could not be read. */
  async listByFolder(): Promise<{ place: DatasetFolder; datasets: DatasetDefinition[]; errors: DatasetFileError[]; error?: Error }[]> {
    const places = this.places;
    const listed = await Promise.all(places.map(async (place) => {
      try {
        const { datasets, errors } = await (await this.storeOf(place)).list();
        return { place, datasets, errors };
      } catch (err) {
        if (places.length === 1) throw err;
        return { place, datasets: [], errors: [], error: err as Error };
      }
    }));
    this.byCollection.clear();
    for (const l of listed) for (const d of l.datasets) this.remember(d, l.place);
    return listed;
  }

  /** The dataset `ref` names; undefined when there is none; throws when its file is broken. */
  async get(ref: string): Promise<DatasetDefinition | undefined> {
    return (await this.locate(ref)).def;
  }

  /** The dataset, or an error that names the folder searched. */
  async require(ref: string): Promise<DatasetDefinition> {
    const { place, name, def } = await this.locate(ref);
    return def ?? this.remember(await (await this.storeOf(place)).require(name), place);
  }

  /** Creates the dataset in `folder` (default: the first place). */
  async create(input: NewDataset, folder?: vscode.WorkspaceFolder | string): Promise<DatasetDefinition> {
    const place = folder === undefined ? this.places[0] : this.placeFor(folder);
    if (!place) throw new Error(vscode.l10n.t('"{0}" is not a folder of this workspace.', typeof folder === 'string' ? folder : folder!.name));
    const store = await this.storeOf(place);
    const def = this.remember(await store.create(input), place);
    this.log.info(`Created dataset "${def.name}" (${def.tables.length} tables, collection ${def.collection}) in ${store.pathOf(def.name)}`);
    this.fireChanged();
    return def;
  }

  /** Re-reads the dataset, applies `change` and writes it (refusing to overwrite a broken or foreign file). */
  async update(ref: string, change: (def: DatasetDefinition) => DatasetDefinition): Promise<DatasetDefinition> {
    const { place, name } = await this.locate(ref);
    const files = await this.storeOf(place);
    const next = change(await files.require(name));
    if (next.name !== name) throw new Error('update() cannot rename a dataset; use rename()');
    await files.save(next);
    this.fireChanged();
    return this.remember(next, place);
  }

  async rename(ref: string, newName: string): Promise<DatasetDefinition> {
    const { place, name } = await this.locate(ref);
    const def = this.remember(await (await this.storeOf(place)).rename(name, newName), place);
    this.log.info(`Renamed dataset "${name}" to "${newName}" in ${place.dir}`);
    this.fireChanged();
    return def;
  }

  /** Removes the file and the run state; dropping the collections is the caller's job. */
  async delete(ref: string): Promise<DatasetDefinition> {
    const { place, name } = await this.locate(ref);
    const def = await (await this.storeOf(place)).delete(name);
    await place.runState.remove(def);
    this.fireChanged();
    return def;
  }

  /** The run state, with a `training` left by a dead process (window reload) turned into `failed`. */
  state(def: Pick<DatasetDefinition, 'collection'>): Promise<DatasetRunState> {
    return this.runState.get(def);
  }

  dispose(): void {
    clearTimeout(this.debounce);
    this.places.forEach((p) => p.watcher.dispose());
    this.disposables.forEach((d) => d.dispose());
  }
}

/** One RunStateStore over the folders: each call goes to the store of the dataset's own folder. */
class RoutedRunState extends RunStateStore {
  constructor(private readonly route: (def: Pick<DatasetDefinition, 'collection'>) => DatasetFolder, private readonly all: () => readonly DatasetFolder[]) {
    super({ keys: () => [], get: () => undefined, update: async () => undefined });
  }

  override peek(dataset: Pick<DatasetDefinition, 'collection'>): DatasetRunState {
    return this.route(dataset).runState.peek(dataset);
  }

  override get(dataset: Pick<DatasetDefinition, 'collection'>): Promise<DatasetRunState> {
    return this.route(dataset).runState.get(dataset);
  }

  override set(dataset: Pick<DatasetDefinition, 'collection'>, state: DatasetRunState): Promise<void> {
    return this.route(dataset).runState.set(dataset, state);
  }

  override update(dataset: Pick<DatasetDefinition, 'collection'>, patch: Partial<DatasetRunState>): Promise<DatasetRunState> {
    return this.route(dataset).runState.update(dataset, patch);
  }

  override remove(dataset: Pick<DatasetDefinition, 'collection'>): Promise<void> {
    return this.route(dataset).runState.remove(dataset);
  }

  override async recoverInterrupted(): Promise<string[]> {
    const found: string[] = [];
    for (const place of this.all()) found.push(...(await place.runState.recoverInterrupted()));
    return found;
  }
}
