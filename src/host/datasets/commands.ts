// Dataset commands. Each works from the UI (no arguments: prompts; a tree node from a menu) and from code (a
// dataset name plus an input object, no prompts), which is how the extension-host tests drive them.
import * as vscode from 'vscode';
import { renderExplanation } from '../../core/ask/explanation';
import type { Table } from '../../core/datasource/types';
import type { BusinessTerm, DatasetDefinition, ExampleQuery, TableRef } from '../../core/dataset/types';
import type { TableTalkContext } from '../context';
import type { DatasourceTreeNode } from '../datasources/tree';
import type { Trainer, TrainRequest } from '../training/trainer';
import type { TrainOutcome } from '../training/runs';
import { stepLabel } from '../training/notification';
import type { ModelsFeature } from '../vector/register';
import type { DatasetFolder, DatasetService } from './service';
import { datasetNameOf, type DatasetNode, type DatasetTreeNode, type DatasetTreeProvider } from './tree';
import { errorParts } from '../datasources/error-text';


/** What `tabletalk.createDataset` accepts from code. `tables`: names (or "schema.table"); default: every table. */
export interface CreateDatasetInput {
  datasource: string;
  name: string;
  tables?: string[];
  /** Multi-root: the workspace folder (name or path) whose .tabletalk/datasets gets the file; default: the first. */
  folder?: string;
}

export interface DeleteResult {
  deleted: boolean;
  /** Chroma collections dropped with the dataset. */
  droppedCollections: string[];
  /** Why collections could not be dropped (the file is deleted anyway). */
  collectionsError?: string;
}

/** A dataset name, a Datasets-view node, or nothing (then the user picks). */
export type DatasetTarget = string | DatasetTreeNode | { name: string } | undefined;

const tableLabel = (tb: Pick<Table, 'name' | 'schema'>, qualify: boolean) => (qualify && tb.schema ? `${tb.schema}.${tb.name}` : tb.name);

/** Resolves table names (or "schema.table") against the schema; names the ones that do not exist. */
export function tableRefs(names: string[], tables: Table[]): TableRef[] {
  return names.map((n) => {
    const dot = n.indexOf('.');
    const hit =
      (dot > 0 ? tables.find((tb) => tb.schema === n.slice(0, dot) && tb.name === n.slice(dot + 1)) : undefined) ??
      tables.find((tb) => tb.name === n) ??
      tables.find((tb) => tb.name.toLowerCase() === n.toLowerCase());
    if (!hit) throw Object.assign(new Error(vscode.l10n.t('Table "{0}" is not in the datasource', n)), { hint: vscode.l10n.t('Available: {0}', tables.slice(0, 30).map((tb) => tableLabel(tb, true)).join(', ')) });
    return { name: hit.name, schema: hit.schema };
  });
}

function checkName(value: string, taken: string[], current?: string): string | undefined {
  const name = value.trim();
  if (!name) return vscode.l10n.t('A name is required.');
  if (name.length > 100) return vscode.l10n.t('Use at most 100 characters.');
  if (name !== value) return vscode.l10n.t('The name cannot start or end with spaces.');
  if (name.toLowerCase() !== current?.toLowerCase() && taken.some((n) => n.toLowerCase() === name.toLowerCase())) return vscode.l10n.t('A dataset named "{0}" already exists.', name);
  return undefined;
}

export class DatasetCommands {
  constructor(
    private readonly ctx: TableTalkContext,
    private readonly datasets: DatasetService,
    private readonly models: ModelsFeature,
    private readonly trainer: Trainer,
    private readonly tree: DatasetTreeProvider,
    private readonly view: vscode.TreeView<DatasetTreeNode>,
  ) {}

  /** From a datasource node (or id), the palette, or code; returns the new definition, undefined when cancelled. */
  async create(arg?: DatasourceTreeNode | string | CreateDatasetInput): Promise<DatasetDefinition | undefined> {
    const input = arg && typeof arg === 'object' && 'datasource' in arg && 'name' in arg ? arg : undefined;
    const datasourceId = input?.datasource ?? (typeof arg === 'string' ? arg : arg && typeof arg === 'object' && 'kind' in arg ? (arg.kind === 'datasource' ? arg.id : arg.datasourceId) : await this.pickDatasource());
    if (!datasourceId) return undefined;
    const stored = this.ctx.datasources.get(datasourceId);
    if (!stored) throw new Error(vscode.l10n.t('No datasource with id "{0}".', datasourceId));
    const place = input ? (input.folder === undefined ? this.datasets.folders[0] : this.datasets.placeFor(input.folder)) : await this.pickFolder(stored.folder);
    if (!place) {
      if (input) throw new Error(vscode.l10n.t('"{0}" is not a folder of this workspace.', input.folder ?? ''));
      return undefined;
    }
    const existing = (await this.datasets.listByFolder()).find((l) => l.place === place)?.datasets.map((d) => d.name) ?? [];

    let name = input?.name;
    if (name !== undefined) {
      const problem = checkName(name, existing);
      if (problem) throw new Error(problem);
    } else {
      name = await vscode.window.showInputBox({
        title: vscode.l10n.t('Create Dataset from {0}', stored.config.name),
        prompt: vscode.l10n.t('Dataset name (its file is .tabletalk/datasets/<name>.json)'),
        value: existing.includes(stored.config.name) ? '' : stored.config.name,
        validateInput: (v) => checkName(v, existing),
        ignoreFocusOut: true,
      });
      if (name === undefined) return undefined;
    }

    const schema = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the tables of {0}…', stored.config.name) }, () => this.ctx.getSchema(datasourceId));
    let tables: TableRef[];
    if (input) {
      tables = input.tables ? tableRefs(input.tables, schema.tables) : schema.tables.filter((tb) => tb.kind === 'table').map((tb) => ({ name: tb.name, schema: tb.schema }));
    } else {
      const picked = await this.pickTables(vscode.l10n.t('Create Dataset "{0}": tables', name), schema.tables, (tb) => tb.kind === 'table' && schema.tables.length <= 100);
      if (!picked) return undefined;
      tables = picked;
    }
    if (!tables.length) throw Object.assign(new Error(vscode.l10n.t('A dataset needs at least one table')), { hint: vscode.l10n.t('Choose the tables the model should learn.') });
    const def = await this.datasets.create({ name, datasource: datasourceId, tables }, place.key);
    const ref = this.datasets.refOf(def);
    this.reveal(ref);
    if (!input) {
      const train = vscode.l10n.t('Train Dataset');
      const open = vscode.l10n.t('Open Dataset File');
      void vscode.window.showInformationMessage(vscode.l10n.t('Created dataset "{0}" with {1} tables.', def.name, tables.length), train, open).then((choice) => {
        if (choice === train) void vscode.commands.executeCommand('tabletalk.trainDataset', ref);
        if (choice === open) void vscode.commands.executeCommand('tabletalk.openDatasetFile', ref);
      });
    }
    return def;
  }

  async rename(target?: DatasetTarget, newName?: string): Promise<DatasetDefinition | undefined> {
    const def = await this.resolve(target, vscode.l10n.t('Rename which dataset?'));
    if (!def) return undefined;
    const ref = this.datasets.refOf(def);
    const place = this.datasets.placeOf(def);
    const others = ((await this.datasets.listByFolder()).find((l) => l.place === place)?.datasets ?? []).map((d) => d.name).filter((n) => n !== def.name);
    if (newName !== undefined) {
      const problem = checkName(newName, others, def.name);
      if (problem) throw new Error(problem);
    } else {
      newName = await vscode.window.showInputBox({ title: vscode.l10n.t('Rename Dataset'), prompt: vscode.l10n.t('New name for "{0}" (the trained model stays)', def.name), value: def.name, validateInput: (v) => checkName(v, others, def.name), ignoreFocusOut: true });
      if (newName === undefined || newName === def.name) return undefined;
    }
    const renamed = await this.datasets.rename(ref, newName);
    const run = this.trainer.runs.get(def.collection);
    if (run) run.datasetName = renamed.name;
    return renamed;
  }

  async changeTables(target?: DatasetTarget, names?: string[]): Promise<DatasetDefinition | undefined> {
    const def = await this.resolve(target, vscode.l10n.t('Change the tables of which dataset?'));
    if (!def) return undefined;
    const schema = await this.ctx.getSchema(def.datasource);
    let tables: TableRef[];
    if (names) {
      tables = tableRefs(names, schema.tables);
    } else {
      const chosen = new Set(def.tables.map((tb) => `${tb.schema ?? ''}.${tb.name}`));
      const picked = await this.pickTables(vscode.l10n.t('Tables of "{0}"', def.name), schema.tables, (tb) => chosen.has(`${tb.schema ?? ''}.${tb.name}`));
      if (!picked) return undefined;
      tables = picked;
    }
    if (!tables.length) throw Object.assign(new Error(vscode.l10n.t('A dataset needs at least one table')), { hint: vscode.l10n.t('Choose at least one table, or delete the dataset.') });
    return this.datasets.update(this.datasets.refOf(def), (d) => ({ ...d, tables }));
  }

  /** Deletes the file, the run state and the dataset's Chroma collections. Asks first unless `confirm: false`. */
  async delete(target?: DatasetTarget, options?: { confirm?: boolean }): Promise<DeleteResult> {
    const none: DeleteResult = { deleted: false, droppedCollections: [] };
    const def = await this.resolve(target, vscode.l10n.t('Delete which dataset?'));
    if (!def) return none;
    if (this.trainer.runs.get(def.collection)) throw Object.assign(new Error(vscode.l10n.t('Dataset "{0}" is training', def.name)), { hint: vscode.l10n.t('Cancel the training first, then delete it.') });
    const state = await this.datasets.state(def);
    if (options?.confirm !== false) {
      const remove = vscode.l10n.t('Delete');
      const trained = state.activeCollections ? vscode.l10n.t(' and its trained model in {0}', vectorPlace()) : '';
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Delete dataset "{0}"?', def.name),
        { modal: true, detail: vscode.l10n.t('Its file {0}{1} are deleted. The database is not touched.', await this.datasets.pathOf(this.datasets.refOf(def)), trained) },
        remove,
      );
      if (answer !== remove) return none;
    }
    const result: DeleteResult = { deleted: false, droppedCollections: [] };
    if (state.activeCollections || state.status !== 'pending') {
      try {
        result.droppedCollections = await this.dropCollections(def, state.activeCollections);
      } catch (err) {
        const e = err as Error & { hint?: string };
        result.collectionsError = e.message;
        this.ctx.log.error(`Could not drop the collections of dataset "${def.name}"`, err);
        void vscode.window.showWarningMessage(vscode.l10n.t('Dataset "{0}" was deleted, but its collections (prefix {1}) could not be dropped: {2}', def.name, def.collection, errorParts(e, vscode.l10n).message));
      }
    }
    await this.datasets.delete(this.datasets.refOf(def));
    result.deleted = true;
    this.ctx.log.info(`Deleted dataset "${def.name}"${result.droppedCollections.length ? ` and its collections ${result.droppedCollections.join(', ')}` : ''}`);
    return result;
  }

  /** Every collection of the dataset (active, and staging ones left by interrupted runs). */
  private async dropCollections(def: DatasetDefinition, active: Record<string, string> | null): Promise<string[]> {
    const { belongsToDataset } = await import('../../core/dataset/naming.js');
    const store = await this.models.vectorStore();
    const mine = new Set(Object.values(active ?? {}));
    const names = (await store.listCollections()).filter((n) => mine.has(n) || belongsToDataset(def.collection, n));
    for (const n of names) await store.deleteCollection(n);
    return names;
  }

  /** Adds a business term, or replaces the one with the same name. `tables` must be tables of the dataset. */
  async addTerm(target?: DatasetTarget, input?: BusinessTerm): Promise<DatasetDefinition | undefined> {
    const def = await this.resolve(target, vscode.l10n.t('Add a business term to which dataset?'));
    if (!def) return undefined;
    const known = def.tables.map((tb) => tb.name);
    let term: BusinessTerm;
    if (input) {
      if (typeof input.term !== 'string' || !input.term.trim() || typeof input.definition !== 'string' || !input.definition.trim()) throw new Error(vscode.l10n.t('A business term needs "term" and "definition".'));
      const unknown = (input.tables ?? []).filter((x) => !known.some((k) => k.toLowerCase() === x.toLowerCase()));
      if (unknown.length) throw Object.assign(new Error(vscode.l10n.t('Tables {0} are not in dataset "{1}"', unknown.join(', '), def.name)), { hint: vscode.l10n.t('Use tables of the dataset: {0}', known.join(', ')) });
      term = { term: input.term.trim(), definition: input.definition.trim(), ...(input.tables?.length ? { tables: input.tables } : {}), ...(input.columns?.length ? { columns: input.columns } : {}) };
    } else {
      const title = vscode.l10n.t('Add Business Term to "{0}"', def.name);
      const name = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Term, as users say it (e.g. revenue, 销售额)'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A term is required.')), ignoreFocusOut: true });
      if (!name) return undefined;
      const old = def.terms.find((x) => x.term === name.trim());
      const definition = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('What "{0}" means in this database (e.g. SUM(InvoiceLine.UnitPrice * Quantity))', name.trim()), value: old?.definition, validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A definition is required.')), ignoreFocusOut: true });
      if (!definition) return undefined;
      // Tables the definition names ("stored in the Artist table", `Track.GenreId`) come first, already picked:
      // the term points at them anyway when the dataset is asked.
      const { tablesNamedIn } = await import('../../core/ask/index.js');
      const named = tablesNamedIn(definition, known);
      const picked = await vscode.window.showQuickPick(
        [...named, ...known.filter((k) => !named.includes(k))].map((k) => ({
          label: k,
          picked: (old?.tables?.includes(k) ?? false) || named.includes(k),
          ...(named.includes(k) ? { description: vscode.l10n.t('named in the definition') } : {}),
        })),
        { title, placeHolder: vscode.l10n.t('Tables "{0}" refers to (optional: press Enter to skip)', name.trim()), canPickMany: true, ignoreFocusOut: true },
      );
      if (!picked) return undefined;
      term = { term: name.trim(), definition: definition.trim(), ...(picked.length ? { tables: picked.map((p) => p.label) } : {}) };
    }
    return this.datasets.update(this.datasets.refOf(def), (d) => {
      const i = d.terms.findIndex((x) => x.term === term.term);
      return { ...d, terms: i >= 0 ? d.terms.map((x, j) => (j === i ? term : x)) : [...d.terms, term] };
    });
  }

  /** Adds a question/SQL pair after the SQL guard accepts it as one read-only query for the dataset's dialect. */
  async addExample(target?: DatasetTarget, input?: ExampleQuery): Promise<DatasetDefinition | undefined> {
    const def = await this.resolve(target, vscode.l10n.t('Add an example to which dataset?'));
    if (!def) return undefined;
    const dialect = this.ctx.datasources.get(def.datasource)?.config.dialect;
    const { guardSql } = await import('../../core/ask/guard.js');
    const check = (sql: string) => {
      if (!dialect) return undefined;
      const r = guardSql(sql, dialect);
      return r.ok ? undefined : renderExplanation(r.text, (m) => vscode.l10n.t(m.message, ...m.args));
    };
    let example: ExampleQuery;
    if (input) {
      if (typeof input.question !== 'string' || !input.question.trim() || typeof input.sql !== 'string' || !input.sql.trim()) throw new Error(vscode.l10n.t('An example needs "question" and "sql".'));
      const problem = check(input.sql);
      if (problem) throw Object.assign(new Error(vscode.l10n.t('The example SQL was refused: {0}', problem)), { hint: vscode.l10n.t('Examples must be one read-only query for the datasource.') });
      example = { question: input.question.trim(), sql: input.sql.trim() };
    } else {
      const title = vscode.l10n.t('Add Example to "{0}"', def.name);
      const question = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('A question users ask'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A question is required.')), ignoreFocusOut: true });
      if (!question) return undefined;
      const sql = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('The SQL that answers it (one read-only query)'), validateInput: (v) => (v.trim() ? check(v) : vscode.l10n.t('SQL is required.')), ignoreFocusOut: true });
      if (!sql) return undefined;
      example = { question: question.trim(), sql: sql.trim() };
    }
    return this.datasets.update(this.datasets.refOf(def), (d) => (d.examples.some((e) => e.question === example.question && e.sql === example.sql) ? d : { ...d, examples: [...d.examples, example] }));
  }

  async openFile(target?: DatasetTarget): Promise<vscode.TextEditor | undefined> {
    const name = datasetNameOf(target);
    const path = name ? await this.datasets.pathOf(name) : (await this.resolve(target, vscode.l10n.t('Open which dataset file?')).then((d) => (d ? this.datasets.pathOf(this.datasets.refOf(d)) : undefined)));
    if (!path) return undefined;
    return vscode.window.showTextDocument(vscode.Uri.file(path), { preview: false });
  }

  /** Trains the dataset; resolves when the run ends (completed, cancelled, failed or refused). */
  async train(target?: DatasetTarget, request?: TrainRequest): Promise<TrainOutcome | undefined> {
    const def = await this.resolve(target, vscode.l10n.t('Train which dataset?'));
    if (!def) return undefined;
    return this.trainer.train(def, request);
  }

  /** Cancels the dataset's training in this window; false when none runs. */
  async cancel(target?: DatasetTarget): Promise<boolean> {
    const def = await this.resolveRunning(target, vscode.l10n.t('Cancel which training?'));
    if (!def) return false;
    return this.trainer.cancel(def.collection);
  }

  /** Opens the progress notification of a running training again; false when none runs. */
  async showProgress(target?: DatasetTarget): Promise<boolean> {
    const def = await this.resolveRunning(target, vscode.l10n.t('Show the progress of which training?'));
    const run = def && this.trainer.runs.get(def.collection);
    if (!run) return false;
    this.trainer.notifications.show(run);
    return true;
  }

  refresh(): void {
    this.tree.refresh();
  }

  private async resolveRunning(target: DatasetTarget, placeHolder: string): Promise<DatasetDefinition | undefined> {
    if (target !== undefined) return this.resolve(target, placeHolder);
    const running = this.trainer.runs.list();
    if (!running.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No training is running in this window.'));
      return undefined;
    }
    const pick = running.length === 1 ? running[0] : (await vscode.window.showQuickPick(running.map((r) => ({ label: r.datasetName, description: `${Math.round(r.progress.percent)}% · ${stepLabel(r.progress.step)}`, run: r })), { placeHolder }))?.run;
    return pick ? this.resolve(pick.datasetName, placeHolder) : undefined;
  }

  private async resolve(target: DatasetTarget, placeHolder: string): Promise<DatasetDefinition | undefined> {
    const name = datasetNameOf(target);
    if (name !== undefined) return this.datasets.require(name);
    if (target !== undefined) throw new Error(vscode.l10n.t('Not a dataset: {0}', JSON.stringify(target)));
    const { datasets } = await this.datasets.list();
    if (!datasets.length) {
      const create = vscode.l10n.t('Create Dataset');
      if ((await vscode.window.showInformationMessage(vscode.l10n.t('There are no datasets yet.'), create)) === create) await vscode.commands.executeCommand('tabletalk.createDataset');
      return undefined;
    }
    const folderOf = (d: DatasetDefinition) => (this.datasets.multiRoot ? ` · ${this.datasets.placeOf(d).label}` : '');
    const pick = await vscode.window.showQuickPick(datasets.map((d) => ({ label: d.name, description: vscode.l10n.t('{0} tables', d.tables.length) + folderOf(d), def: d })), { placeHolder });
    return pick?.def;
  }

  /**
   * Where a new dataset goes: the only folder; the folder whose settings define the datasource; else the user picks
   * (a quick pick only when there are several folders).
   */
  private async pickFolder(datasourceFolder?: vscode.WorkspaceFolder): Promise<DatasetFolder | undefined> {
    const places = this.datasets.folders;
    if (places.length === 1) return places[0];
    const own = datasourceFolder && this.datasets.placeFor(datasourceFolder);
    if (own) return own;
    const pick = await vscode.window.showQuickPick(places.map((p) => ({ label: p.label, description: p.root, place: p })), {
      title: vscode.l10n.t('Create Dataset'),
      placeHolder: vscode.l10n.t('Which workspace folder keeps the dataset file (in its .tabletalk/datasets)?'),
      ignoreFocusOut: true,
    });
    return pick?.place;
  }

  private async pickDatasource(): Promise<string | undefined> {
    const all = this.ctx.listDatasources();
    if (!all.length) {
      const add = vscode.l10n.t('Add Datasource');
      if ((await vscode.window.showInformationMessage(vscode.l10n.t('A dataset is built from a datasource: add one first.'), add)) === add) await vscode.commands.executeCommand('tabletalk.addDatasource');
      return undefined;
    }
    if (all.length === 1) return all[0].config.id;
    const pick = await vscode.window.showQuickPick(all.map((d) => ({ label: d.config.name, description: d.config.dialect, id: d.config.id })), { placeHolder: vscode.l10n.t('Create a dataset from which datasource?') });
    return pick?.id;
  }

  private async pickTables(title: string, tables: Table[], picked: (tb: Table) => boolean): Promise<TableRef[] | undefined> {
    const qualify = new Set(tables.map((tb) => tb.schema)).size > 1;
    const items = tables.map((tb) => ({
      label: tableLabel(tb, qualify),
      description: [tb.kind === 'view' ? vscode.l10n.t('view') : undefined, vscode.l10n.t('{0} columns', tb.columns.length), tb.rowEstimate !== null ? vscode.l10n.t('~{0} rows', tb.rowEstimate) : undefined].filter(Boolean).join(' · '),
      picked: picked(tb),
      ref: { name: tb.name, schema: tb.schema } satisfies TableRef,
    }));
    const chosen = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Choose the tables the model should learn ({0} available)', tables.length), canPickMany: true, matchOnDescription: true, ignoreFocusOut: true });
    return chosen?.map((c) => c.ref);
  }

  private reveal(name: string): void {
    void (async () => {
      const node: DatasetNode | undefined = await this.tree.findDatasetNode(name);
      if (node && this.view.visible) await this.view.reveal(node, { select: true, focus: false });
    })().catch((err) => this.ctx.log.debug(`Could not reveal dataset "${name}": ${String(err)}`));
  }
}

function vectorPlace(): string {
  return vscode.workspace.getConfiguration('tabletalk').get<string>('vectorStore.kind') === 'remote' ? vscode.l10n.t('the remote Chroma') : vscode.l10n.t('the embedded Chroma');
}
