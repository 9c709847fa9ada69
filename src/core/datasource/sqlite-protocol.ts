/** Messages between SqliteDriver and its child process (sqlite-process.ts), sent with structured-clone IPC. */
import type { SqliteEngineKind, SqliteEnginePreference } from './sqlite-engines';

export type SqliteRequest =
  | { id: number; op: 'open'; file: string; engine: SqliteEnginePreference }
  | { id: number; op: 'all'; sql: string; params: unknown[] }
  | { id: number; op: 'query'; sql: string; params: unknown[]; maxRows: number };

export type SqliteResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; code?: string } };

export interface SqliteOpened {
  kind: SqliteEngineKind;
  /** Names the engine chosen and why better ones were skipped: one line for the log. */
  line: string;
}
