// The Datasets view: each dataset with its training status (icon, progress while training, last-trained time),
// its tables, business terms and examples as children; a dataset file that cannot be read is an error item that
// names the file and the problem (and is never rewritten). With several workspace folders, the datasets are grouped
// under one node per folder.
import * as vscode from 'vscode';
import type { DatasetDefinition, DatasetRunState, TrainingStatus } from '../../core/dataset/types';
import type { TrainingProgress } from '../../core/training/progress';
import { needsRetraining } from '../../core/modeling/hash';
import { runErrorText } from '../../core/dataset/run-state';
import { renderText, type FlatMessage } from '../../core/messages';
import { formatDate, formatDateTime } from '../format';
import type { TableTalkContext } from '../context';
import { progressText, stepLabel } from '../training/notification';
import type { TrainingRuns } from '../training/runs';
import type { DatasetService } from './service';

/** A core Message in the display language. */
const flat = (m: FlatMessage): string => vscode.l10n.t(m.message, ...m.args);

export interface DatasetNode {
  kind: 'dataset';
  /** The dataset's reference (DatasetService.refOf): its name, "<folder>/<name>" in a multi-root workspace. */
  name: string;
  def: DatasetDefinition;
  state: DatasetRunState;
  /** Live progress of a run in this window. */
  live?: TrainingProgress;
}
export interface DatasetFileErrorNode { kind: 'datasetFileError'; path: string; detail: string; hint: string }
export type DatasetGroup = 'tables' | 'terms' | 'examples';
/** `trained`: examples in the trained model (generated and the file's), when the dataset has one. */
export interface DatasetGroupNode { kind: 'datasetGroup'; dataset: string; group: DatasetGroup; def: DatasetDefinition; trained?: number }
export interface DatasetEntryNode { kind: 'datasetEntry'; dataset: string; group: DatasetGroup; label: string; description?: string; detail?: string }
/** A workspace folder's datasets (multi-root workspaces only). */
export interface DatasetFolderNode { kind: 'datasetFolder'; key: string; label: string; path: string; children: (DatasetNode | DatasetFileErrorNode)[] }
export type DatasetTreeNode = DatasetFolderNode | DatasetNode | DatasetFileErrorNode | DatasetGroupNode | DatasetEntryNode;

/**
 * Context values for `when` clauses (package.json menus). Other features hook into dataset items with
 * `view == tabletalk.datasets && viewItem =~ /^tabletalk\.dataset\./` (any status) or e.g.
 * `viewItem == tabletalk.dataset.completed` (trained); their command receives the DatasetNode (use datasetNameOf()).
 */
export const datasetContextValue = {
  dataset: (status: TrainingStatus) => `tabletalk.dataset.${status}`,
  fileError: 'tabletalk.datasetFileError',
  folder: 'tabletalk.datasetFolder',
  group: (group: DatasetGroup) => `tabletalk.datasetGroup.${group}`,
  entry: (group: DatasetGroup) => `tabletalk.datasetEntry.${group}`,
} as const;

/** The dataset name a command argument refers to: a name, any node of the Datasets view, or `{ name }`/`{ dataset }`. */
export function datasetNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as { kind?: unknown; name?: unknown; dataset?: unknown };
  if (o.kind === 'dataset' && typeof o.name === 'string') return o.name;
  if (typeof o.dataset === 'string') return o.dataset;
  if (o.kind === undefined && typeof o.name === 'string') return o.name;
  return undefined;
}



/** "just now", "2 min ago", "3 h ago", "5 days ago" or a date. */
export function timeAgo(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(s)) return iso;
  if (s < 45) return vscode.l10n.t('just now');
  if (s < 3600) return vscode.l10n.t('{0} min ago', Math.max(1, Math.round(s / 60)));
  if (s < 86_400) return vscode.l10n.t('{0} h ago', Math.round(s / 3600));
  if (s < 7 * 86_400) return vscode.l10n.t('{0} days ago', Math.round(s / 86_400));
  return formatDate(iso, vscode.env.language);
}

const statusIcon: Record<TrainingStatus, vscode.ThemeIcon> = {
  pending: new vscode.ThemeIcon('circle-large-outline'),
  training: new vscode.ThemeIcon('loading~spin'),
  completed: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  cancelled: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

function statusLabel(status: TrainingStatus): string {
  return { pending: vscode.l10n.t('not trained'), training: vscode.l10n.t('training'), completed: vscode.l10n.t('completed'), failed: vscode.l10n.t('failed'), cancelled: vscode.l10n.t('cancelled') }[status];
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}

export class DatasetTreeProvider implements vscode.TreeDataProvider<DatasetTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DatasetTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes = new Map<string, DatasetNode>();
  /** Each dataset node's folder node (multi-root), for getParent. */
  private parents = new Map<DatasetTreeNode, DatasetFolderNode>();
  private readonly subscriptions: vscode.Disposable[];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private readonly clock: ReturnType<typeof setInterval>;

  constructor(
    private readonly ctx: TableTalkContext,
    private readonly datasets: DatasetService,
    private readonly runs: TrainingRuns,
  ) {
    this.subscriptions = [
      datasets.onDidChange(() => this.refresh()),
      datasets.onDidChangeRunState(() => this.refreshSoon()),
      runs.onDidChange(() => this.refreshSoon()),
      ctx.datasources.onDidChange(() => this.refreshSoon()),
    ];
    // Keeps "2 min ago" true while the window stays open.
    this.clock = setInterval(() => {
      if ([...this.nodes.values()].some((n) => n.state.lastTrainedAt)) this.refresh();
    }, 60_000);
  }

  refresh(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    this.changed.fire(undefined);
  }

  /** Progress arrives many times a second; the view redraws at most every 250 ms. */
  private refreshSoon(): void {
    this.pending ??= setTimeout(() => this.refresh(), 250);
  }

  /** The node VS Code knows for a dataset (for reveal), once the view has listed it. */
  async findDatasetNode(name: string, timeoutMs = 3000): Promise<DatasetNode | undefined> {
    for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
      const node = this.nodes.get(name);
      if (node) return node;
    }
    return undefined;
  }

  getParent(element: DatasetTreeNode): DatasetTreeNode | undefined {
    if (element.kind === 'datasetGroup' || element.kind === 'datasetEntry') return this.nodes.get(element.dataset);
    return this.parents.get(element);
  }

  async getChildren(element?: DatasetTreeNode): Promise<DatasetTreeNode[]> {
    if (!element) return this.roots();
    if (element.kind === 'datasetFolder') return element.children;
    if (element.kind === 'dataset') {
      const trained = element.state.activeCollections ? element.state.counts?.sql : undefined;
      return (['tables', 'terms', 'examples'] as const).map((group) => ({ kind: 'datasetGroup', dataset: element.name, group, def: element.def, ...(group === 'examples' && trained !== undefined ? { trained } : {}) }));
    }
    if (element.kind === 'datasetGroup') return entries(element);
    return [];
  }

  private async roots(): Promise<DatasetTreeNode[]> {
    let listing: Awaited<ReturnType<DatasetService['listByFolder']>>;
    try {
      listing = await this.datasets.listByFolder();
    } catch (err) {
      const e = err as Error;
      return [{ kind: 'datasetFileError', path: this.datasets.dir, detail: e.message, hint: vscode.l10n.t('Check that the folder can be read.') }];
    }
    const next = new Map<string, DatasetNode>();
    const parents = new Map<DatasetTreeNode, DatasetFolderNode>();
    const folders: DatasetFolderNode[] = [];
    for (const { place, datasets, errors: broken, error } of listing) {
      const children: (DatasetNode | DatasetFileErrorNode)[] = [];
      for (const def of [...datasets].sort((a, b) => a.name.localeCompare(b.name))) {
        const ref = this.datasets.refOf(def);
        const run = this.runs.get(def.collection);
        // A run of this window is alive by definition; recovery (datasets.state) is for runs nobody owns any more.
        const state = run ? { ...this.datasets.runState.peek(def), status: 'training' as const } : await this.datasets.state(def).catch(() => this.datasets.runState.peek(def));
        const node = this.nodes.get(ref) ?? { kind: 'dataset', name: ref, def, state };
        Object.assign(node, { def, state, live: run?.progress });
        next.set(ref, node);
        children.push(node);
      }
      children.push(...broken.map((e): DatasetFileErrorNode => ({ kind: 'datasetFileError', path: e.path, detail: renderText(e.detailText, flat), hint: renderText(e.hintText, flat) })));
      if (error) children.push({ kind: 'datasetFileError', path: place.dir, detail: error.message, hint: vscode.l10n.t('Check that the folder can be read.') });
      const folder: DatasetFolderNode = { kind: 'datasetFolder', key: place.key, label: place.label, path: place.root, children };
      for (const c of children) parents.set(c, folder);
      folders.push(folder);
    }
    this.nodes = next;
    const count = folders.reduce((n, f) => n + f.children.length, 0);
    // The "No datasets yet" welcome shows only once the list is known to be empty (package.json viewsWelcome).
    void vscode.commands.executeCommand('setContext', 'tabletalk.datasetsEmpty', count === 0);
    if (folders.length === 1 || count === 0) {
      this.parents = new Map();
      return folders.flatMap((f) => f.children);
    }
    this.parents = parents;
    return folders;
  }

  getTreeItem(element: DatasetTreeNode): vscode.TreeItem {
    switch (element.kind) {
      case 'datasetFolder': {
        const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `folder:${element.key}`;
        item.iconPath = vscode.ThemeIcon.Folder;
        item.description = element.children.length ? undefined : vscode.l10n.t('no datasets');
        item.tooltip = element.path;
        // Screen readers say the folder's name (and "no datasets"), not the path of the tooltip.
        item.accessibilityInformation = { label: [element.label, item.description].filter(Boolean).join(', ') };
        item.contextValue = datasetContextValue.folder;
        return item;
      }
      case 'dataset':
        return this.datasetItem(element);
      case 'datasetFileError': {
        const file = element.path.split(/[\\/]/).pop() ?? element.path;
        const item = new vscode.TreeItem(file, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('errorForeground'));
        item.description = element.detail;
        item.tooltip = new vscode.MarkdownString([`**${escapeMd(element.path)}**`, escapeMd(element.detail), escapeMd(element.hint)].join('\n\n'));
        item.contextValue = datasetContextValue.fileError;
        item.resourceUri = vscode.Uri.file(element.path);
        item.command = { command: 'vscode.open', title: vscode.l10n.t('Open File'), arguments: [vscode.Uri.file(element.path)] };
        return item;
      }
      case 'datasetGroup':
        return groupItem(element);
      case 'datasetEntry': {
        const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.None);
        item.description = element.description;
        item.tooltip = element.detail ? new vscode.MarkdownString(`**${escapeMd(element.label)}**\n\n\`\`\`\n${element.detail.replace(/```/g, "'''")}\n\`\`\``) : element.label;
        item.iconPath = new vscode.ThemeIcon(element.group === 'tables' ? 'table' : element.group === 'terms' ? 'book' : 'comment-discussion');
        item.contextValue = datasetContextValue.entry(element.group);
        return item;
      }
    }
  }

  private datasetItem(node: DatasetNode): vscode.TreeItem {
    const { def, state, live } = node;
    const item = new vscode.TreeItem(def.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = statusIcon[state.status];
    item.contextValue = datasetContextValue.dataset(state.status);
    const stale = needsRetraining(def.modeling.relationships, state) ? vscode.l10n.t('relationships changed since training') : undefined;
    const when = state.lastTrainedAt ? timeAgo(state.lastTrainedAt) : undefined;
    if (state.status === 'training') {
      const p = live ?? { percent: state.progress, step: state.step ?? 'prepare' };
      item.description = `${statusLabel('training')} ${Math.round(p.percent)}% · ${stepLabel(p.step)}`;
    } else {
      item.description = [statusLabel(state.status), state.status === 'completed' ? when : undefined, stale].filter(Boolean).join(' · ');
    }
    const datasource = this.ctx.datasources.get(def.datasource)?.config.name;
    const lines = [
      `**${escapeMd(def.name)}** · ${escapeMd(statusLabel(state.status))}`,
      escapeMd(vscode.l10n.t('Datasource: {0}', datasource ? `${datasource} (${def.datasource})` : vscode.l10n.t('{0} (not defined in settings)', def.datasource))),
      escapeMd(vscode.l10n.t('{0} tables · {1} business terms · {2} examples · {3} relationships', def.tables.length, def.terms.length, def.examples.length, def.modeling.relationships.length)),
    ];
    if (state.status === 'training') lines.push(escapeMd(live ? progressText(live) : `${state.progress}% · ${state.step ? stepLabel(state.step) : ''}`));
    const error = runErrorText(state, flat);
    if (error && state.status !== 'completed' && state.status !== 'training') lines.push(`$(error) ${escapeMd(error)}`);
    if (state.lastTrainedAt) lines.push(escapeMd(vscode.l10n.t('Last trained: {0} ({1})', formatDateTime(state.lastTrainedAt, vscode.env.language), when ?? '')));
    if (stale) lines.push(escapeMd(vscode.l10n.t('The relationships changed since the last training: train again to use them.')));
    if (state.activeCollections) {
      const c = state.activeCollections;
      const n = state.counts;
      lines.push(escapeMd(vscode.l10n.t('Collections: {0} ({1} DDL), {2} ({3} documentation), {4} ({5} examples)', c.ddl, n?.ddl ?? '?', c.documentation, n?.documentation ?? '?', c.sql, n?.sql ?? '?')));
      if (state.embedder) lines.push(escapeMd(vscode.l10n.t('Embedder: {0}', state.embedder.id)));
    } else {
      lines.push(escapeMd(vscode.l10n.t('Collection prefix: {0} (nothing trained yet)', def.collection)));
    }
    const tooltip = new vscode.MarkdownString(lines.join('\n\n'), true);
    item.tooltip = tooltip;
    return item;
  }

  dispose(): void {
    clearTimeout(this.pending);
    clearInterval(this.clock);
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

function groupItem(node: DatasetGroupNode): vscode.TreeItem {
  const count = { tables: node.def.tables.length, terms: node.def.terms.length, examples: node.def.examples.length }[node.group];
  const label = { tables: vscode.l10n.t('Tables'), terms: vscode.l10n.t('Business terms'), examples: vscode.l10n.t('Examples') }[node.group];
  const item = new vscode.TreeItem(label, count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  // The trained model's examples (most of them generated) are what Ask uses; the children are the file's own.
  item.description = node.trained === undefined ? String(count) : vscode.l10n.t('{0} trained · {1} in the file', node.trained, count);
  item.iconPath = new vscode.ThemeIcon(node.group === 'tables' ? 'list-unordered' : node.group === 'terms' ? 'book' : 'comment-discussion');
  item.contextValue = datasetContextValue.group(node.group);
  return item;
}

function entries(node: DatasetGroupNode): DatasetEntryNode[] {
  const { def, dataset, group } = node;
  if (group === 'tables') return def.tables.map((tb) => ({ kind: 'datasetEntry', dataset, group, label: tb.schema ? `${tb.schema}.${tb.name}` : tb.name }));
  if (group === 'terms') return def.terms.map((tm) => ({ kind: 'datasetEntry', dataset, group, label: tm.term, description: tm.definition, detail: [tm.definition, tm.tables?.length ? vscode.l10n.t('Tables: {0}', tm.tables.join(', ')) : ''].filter(Boolean).join('\n') }));
  return def.examples.map((e) => ({ kind: 'datasetEntry', dataset, group, label: e.question, description: e.sql, detail: e.sql }));
}
