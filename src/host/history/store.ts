// Every question asked and query run, newest first, kept per workspace in workspaceState (never in the folder,
// so nothing to commit by mistake). An entry has what the user needs to find and repeat it: the question, the SQL,
// the dataset, when, how many rows and how it ended. Rows themselves are not kept (they may be large or private).
import * as vscode from 'vscode';
import type { AskAnswer } from '../../protocol/ask';

export interface HistoryEntry {
  id: string;
  kind: 'ask' | 'run';
  /** The question; empty for SQL run from an editor. */
  question: string;
  /** The SQL that ran, or was refused or failed; null when no SQL was produced. */
  sql: string | null;
  dataset: string;
  /** ISO time. */
  time: string;
  rows: number | null;
  outcome: 'ok' | 'refused' | 'error' | 'noSql';
}

const KEY = 'tabletalk.history';
export const HISTORY_LIMIT = 1000;

export function entryOf(dataset: string, a: AskAnswer, now = new Date()): HistoryEntry {
  return {
    id: `${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    kind: a.origin,
    question: a.question,
    sql: a.sql ?? a.rejectedSql,
    dataset,
    time: now.toISOString(),
    rows: a.ran ? a.rows.length : null,
    outcome: a.refused ? 'refused' : a.error ? 'error' : a.ran ? 'ok' : 'noSql',
  };
}

/** Words of the query all found (case-insensitive) in the entry's question, SQL or dataset. */
export function matches(e: HistoryEntry, query: string): boolean {
  const hay = `${e.question}\n${e.sql ?? ''}\n${e.dataset}`.toLowerCase();
  return query.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}

export class HistoryStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  all(): HistoryEntry[] {
    const v = this.memento.get<unknown>(KEY);
    return Array.isArray(v) ? (v as HistoryEntry[]).filter((e) => e && typeof e.id === 'string' && typeof e.dataset === 'string') : [];
  }

  get(id: string): HistoryEntry | undefined {
    return this.all().find((e) => e.id === id);
  }

  async add(entry: HistoryEntry): Promise<void> {
    await this.memento.update(KEY, [entry, ...this.all()].slice(0, HISTORY_LIMIT));
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    await this.memento.update(KEY, this.all().filter((e) => e.id !== id));
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.memento.update(KEY, []);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
