// The Datasources view: datasource -> (PostgreSQL: schema ->) tables and views -> columns.
// A datasource that fails shows an error child with the reason and a retry, never an empty or spinning node.
// Items carry no explicit `id`: VS Code rejects a repeated id when a refresh overlaps a pending getChildren,
// and label-based handles keep expansion state across refreshes just as well.
import * as vscode from 'vscode';
import type { Column, Schema, Table } from '../../core/datasource/types';
import type { TableTalkContext } from '../context';
import { describeErrorIn, errorParts } from './error-text';
import { dialectLabel, type StoredDatasource } from './store';
import { formatDuration, formatNumber } from '../format';

export interface DatasourceNode { kind: 'datasource'; id: string; stored: StoredDatasource }
export interface SchemaNode { kind: 'schema'; datasourceId: string; name: string; tables: Table[] }
export interface TableNode { kind: 'table'; datasourceId: string; table: Table; schemaNode: boolean }
export interface ColumnNode { kind: 'column'; datasourceId: string; table: Table; column: Column }
export interface ErrorNode { kind: 'error'; datasourceId: string; message: string; hint?: string }
export type DatasourceTreeNode = DatasourceNode | SchemaNode | TableNode | ColumnNode | ErrorNode;

/** Context values used by `when` clauses in package.json menus. */
export const contextValue = {
  datasource: (state: string) => `tabletalk.datasource.${state}`,
  schema: 'tabletalk.schema',
  table: 'tabletalk.table',
  view: 'tabletalk.view',
  column: 'tabletalk.column',
  error: 'tabletalk.error',
} as const;

export class DatasourceTreeProvider implements vscode.TreeDataProvider<DatasourceTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DatasourceTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The node objects handed to VS Code, reused so change events can name them. */
  private nodes = new Map<string, DatasourceNode>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly ctx: TableTalkContext) {
    this.subscriptions = [
      ctx.datasources.onDidChange(() => this.changed.fire(undefined)),
      ctx.onDidChangeDatasourceState((id) => {
        const node = this.nodes.get(id);
        this.changed.fire(node);
      }),
    ];
  }

  private readonly listed = new vscode.EventEmitter<void>();

  /** The node object VS Code knows for a datasource (for reveal), once the view has listed it. */
  findDatasourceNode(id: string, timeoutMs = 10_000): Promise<DatasourceNode | undefined> {
    const known = this.nodes.get(id);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const sub = this.listed.event(() => this.nodes.get(id) && done(this.nodes.get(id)));
      const done = (node: DatasourceNode | undefined) => {
        clearTimeout(timer);
        sub.dispose();
        resolve(node);
      };
    });
  }

  /** Only datasource nodes are revealed; they sit at the root. */
  getParent(): undefined {
    return undefined;
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(element?: DatasourceTreeNode): vscode.ProviderResult<DatasourceTreeNode[]> {
    if (!element) {
      const roots = this.roots();
      // The "No datasources yet" welcome shows only once the list is known to be empty (package.json viewsWelcome).
      void vscode.commands.executeCommand('setContext', 'tabletalk.datasourcesEmpty', roots.length === 0);
      return roots;
    }
    switch (element.kind) {
      case 'datasource':
        return this.datasourceChildren(element);
      case 'schema':
        return element.tables.map((table) => ({ kind: 'table', datasourceId: element.datasourceId, table, schemaNode: true }));
      case 'table':
        return element.table.columns.map((column) => ({ kind: 'column', datasourceId: element.datasourceId, table: element.table, column }));
      default:
        return [];
    }
  }

  private roots(): DatasourceNode[] {
    const next = new Map<string, DatasourceNode>();
    for (const stored of this.ctx.datasources.list()) {
      const id = stored.config.id;
      const node = this.nodes.get(id) ?? { kind: 'datasource', id, stored };
      node.stored = stored;
      next.set(id, node);
    }
    this.nodes = next;
    queueMicrotask(() => this.listed.fire());
    return [...next.values()];
  }

  private async datasourceChildren(node: DatasourceNode): Promise<DatasourceTreeNode[]> {
    let schema: Schema;
    try {
      schema = await this.ctx.getSchema(node.id);
    } catch (err) {
      const error: Error & { hint?: string } = err instanceof Error ? err : new Error(String(err));
      const own = errorParts(error, vscode.l10n);
      const hint = this.ctx.errorHint(node.id, error);
      return [{ kind: 'error', datasourceId: node.id, message: own.message, hint: hint === undefined ? undefined : hint === error.hint ? own.hint : hint }];
    }
    const wanted = node.stored.config.schemas?.length ? new Set(node.stored.config.schemas) : undefined;
    const tables = schema.tables.filter((t) => !wanted || (t.schema !== null && wanted.has(t.schema)));
    if (node.stored.config.dialect === 'postgres') {
      const bySchema = new Map<string, Table[]>();
      for (const t of tables) {
        const key = t.schema ?? 'public';
        bySchema.set(key, [...(bySchema.get(key) ?? []), t]);
      }
      return [...bySchema].map(([name, list]) => ({ kind: 'schema', datasourceId: node.id, name, tables: list }));
    }
    return tables.map((table) => ({ kind: 'table', datasourceId: node.id, table, schemaNode: false }));
  }

  getTreeItem(element: DatasourceTreeNode): vscode.TreeItem {
    switch (element.kind) {
      case 'datasource':
        return this.datasourceItem(element);
      case 'schema': {
        const item = new vscode.TreeItem(element.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        item.description = vscode.l10n.t('{0} tables', element.tables.length);
        item.contextValue = contextValue.schema;
        return item;
      }
      case 'table':
        return tableItem(element);
      case 'column':
        return columnItem(element);
      case 'error': {
        const item = new vscode.TreeItem(element.message, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.description = element.hint;
        item.tooltip = [element.message, element.hint, vscode.l10n.t('Click to retry.')].filter(Boolean).join('\n');
        item.contextValue = contextValue.error;
        item.command = { command: 'tabletalk.retryDatasource', title: vscode.l10n.t('Retry'), arguments: [element.datasourceId] };
        return item;
      }
    }
  }

  private datasourceItem(node: DatasourceNode): vscode.TreeItem {
    const { config, target, problem } = node.stored;
    const state = problem ? { kind: 'error' as const, error: new Error(problem) } : this.ctx.datasourceState(node.id);
    const item = new vscode.TreeItem(config.name, vscode.TreeItemCollapsibleState.Collapsed);
    const stateText = {
      idle: '',
      connecting: vscode.l10n.t('connecting…'),
      connected: vscode.l10n.t('connected'),
      error: vscode.l10n.t('error'),
    }[state.kind];
    const type = dialectLabel[config.dialect] ?? String(config.dialect);
    item.description = stateText ? `${type} · ${stateText}` : type;
    item.iconPath =
      state.kind === 'error' ? new vscode.ThemeIcon('database', new vscode.ThemeColor('errorForeground'))
      : state.kind === 'connecting' ? new vscode.ThemeIcon('loading~spin')
      : new vscode.ThemeIcon('database');
    const where = config.dialect === 'sqlite' ? config.file : `${config.user ? `${config.user}@` : ''}${config.host}:${config.port ?? ''}/${config.database ?? ''}`;
    const lines = [`**${escapeMd(config.name)}** (${type})`, escapeMd(where ?? ''), target === 'workspace' ? vscode.l10n.t('Saved in workspace settings') : vscode.l10n.t('Saved in user settings')];
    if (state.kind === 'connected') lines.push(vscode.l10n.t('{0} tables read in {1}', formatNumber(state.tables, vscode.env.language), formatDuration(state.ms, vscode.env.language)));
    if (state.kind === 'error') lines.push(escapeMd(describeErrorIn(state.error, vscode.l10n)));
    const tooltip = new vscode.MarkdownString(lines.join('\n\n'));
    item.tooltip = tooltip;
    item.contextValue = contextValue.datasource(state.kind);
    return item;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
    this.listed.dispose();
  }
}

function tableItem(node: TableNode): vscode.TreeItem {
  const { table } = node;
  const item = new vscode.TreeItem(table.name, table.columns.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(table.kind === 'view' ? 'eye' : 'table');
  const rows = table.rowEstimate === null ? undefined : vscode.l10n.t('~{0} rows', formatNumber(table.rowEstimate, vscode.env.language));
  // A comment is often the only readable name a table has (t01 -> 客户): it leads the description.
  item.description = [table.comment?.split('\n')[0], table.kind === 'view' ? vscode.l10n.t('view') : undefined, rows].filter(Boolean).join(' · ');
  const counts = [vscode.l10n.t('{0} columns', table.columns.length), table.foreignKeys.length ? vscode.l10n.t('{0} foreign keys', table.foreignKeys.length) : undefined];
  const lines = [`**${escapeMd(table.schema && !node.schemaNode ? `${table.schema}.${table.name}` : table.name)}** (${table.kind})`, table.comment ? escapeMd(table.comment) : undefined, counts.filter(Boolean).join(', ')];
  const tooltip = new vscode.MarkdownString(lines.filter(Boolean).join('\n\n'));
  item.tooltip = tooltip;
  item.contextValue = table.kind === 'view' ? contextValue.view : contextValue.table;
  return item;
}

function columnItem(node: ColumnNode): vscode.TreeItem {
  const { column, table } = node;
  const fk = table.foreignKeys.find((f) => f.columns.includes(column.name));
  const item = new vscode.TreeItem(column.name, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(column.primaryKey ? 'key' : fk ? 'references' : 'symbol-field');
  const fkTarget = fk ? `${fk.refSchema ? `${fk.refSchema}.` : ''}${fk.refTable}.${fk.refColumns[fk.columns.indexOf(column.name)] ?? fk.refColumns[0]}` : undefined;
  const markers = [column.primaryKey ? 'PK' : undefined, fkTarget ? `FK → ${fkTarget}` : undefined, column.nullable ? vscode.l10n.t('nullable') : vscode.l10n.t('not null')];
  item.description = [column.type, ...markers, column.comment?.split('\n')[0]].filter(Boolean).join(' · ');
  const lines = [
    `**${escapeMd(column.name)}** \`${column.type.replace(/`/g, "'")}\``,
    escapeMd(markers.filter(Boolean).join(', ')),
    escapeMd(vscode.l10n.t('Default: {0}', column.default ?? vscode.l10n.t('none'))),
    column.comment ? escapeMd(vscode.l10n.t('Comment: {0}', column.comment)) : undefined,
  ];
  const tooltip = new vscode.MarkdownString(lines.filter(Boolean).join('\n\n'));
  item.tooltip = tooltip;
  item.contextValue = contextValue.column;
  return item;
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}
