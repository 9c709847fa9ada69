// The History view: one item per question or query, newest first; the description says the dataset, the rows and
// when; the tooltip shows the SQL. A click opens it in the Ask panel; the context menu re-runs or saves it.
import * as vscode from 'vscode';
import { matches, type HistoryEntry, type HistoryStore } from './store';
import { formatDateTime } from '../format';

export class HistoryItem extends vscode.TreeItem {
  constructor(readonly entry: HistoryEntry) {
    super(label(entry), vscode.TreeItemCollapsibleState.None);
    this.id = entry.id;
    this.description = describe(entry);
    this.tooltip = new vscode.MarkdownString().appendText(`${entry.question ? `${entry.question}\n\n` : ''}`).appendCodeblock(entry.sql ?? '', 'sql');
    this.contextValue = entry.sql ? 'tabletalk.historyEntry.sql' : 'tabletalk.historyEntry';
    this.iconPath = new vscode.ThemeIcon(entry.outcome === 'ok' ? (entry.kind === 'ask' ? 'comment-discussion' : 'play') : entry.outcome === 'noSql' ? 'comment' : 'warning');
    this.command = { command: 'tabletalk.openHistoryEntry', title: vscode.l10n.t('Open in Ask Panel'), arguments: [this] };
  }
}

export function label(e: HistoryEntry): string {
  const text = e.question.trim() || (e.sql ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}

export function describe(e: HistoryEntry): string {
  const when = formatDateTime(e.time, vscode.env.language);
  const what =
    e.outcome === 'ok'
      ? e.rows === 1
        ? vscode.l10n.t('1 row')
        : vscode.l10n.t('{0} rows', e.rows ?? 0)
      : e.outcome === 'refused'
        ? vscode.l10n.t('refused')
        : e.outcome === 'error'
          ? vscode.l10n.t('failed')
          : vscode.l10n.t('no SQL');
  return `${e.dataset} · ${what} · ${when}`;
}

export class HistoryTree implements vscode.TreeDataProvider<HistoryItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private filter = '';
  private readonly sub: vscode.Disposable;

  constructor(private readonly store: HistoryStore) {
    this.sub = store.onDidChange(() => this.changed.fire());
  }

  /** Shows only entries matching every word of `text` ('' shows all). */
  setFilter(text: string): void {
    this.filter = text;
    this.changed.fire();
  }

  get currentFilter(): string {
    return this.filter;
  }

  getTreeItem(item: HistoryItem): vscode.TreeItem {
    return item;
  }

  getChildren(): HistoryItem[] {
    return this.store.all().filter((e) => !this.filter || matches(e, this.filter)).map((e) => new HistoryItem(e));
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
