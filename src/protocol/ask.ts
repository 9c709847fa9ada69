// The Ask panel protocol, imported by the host (src/host/ask) and the webview (webview/ask).
// Handshake: the webview posts `ready`; the host answers with `state` (dataset, progress, the last answer) and
// sends `state` again after every change. Intents are requests with ids, answered at once (ok or an error the
// webview shows); long work (asking, running) reports through `state`, so a webview that was hidden and reloaded
// gets everything back. Nothing here ever carries a password, an API key or a connection string.
import type { RequestOf, ResponseEnvelope } from './rpc';

export type AskDialect = 'sqlite' | 'postgres' | 'mysql';
export type AskStrategy = 'baseline' | 'full';

/** A result cell as the webview shows it: 64-bit integers beyond 2^53 and bytes arrive as strings. */
export type Cell = string | number | boolean | null;

export interface AskDatasetInfo {
  name: string;
  /** The datasource's display name (or its id when it is not defined). */
  datasource: string;
  dialect: AskDialect | null;
  /** True when the dataset has an active trained model. */
  trained: boolean;
  /** Why it cannot answer yet (not trained, training, datasource missing), for the user. */
  notReady: string | null;
  /** True while a training of this dataset runs in this window. */
  training: boolean;
  /** The dataset's table names (the question box's example uses them); absent from older hosts. */
  tables?: string[];
}

export interface AskModelInfo {
  /** False when tabletalk.llm.provider is "none": Ask then shows the retrieved context. */
  configured: boolean;
  /** e.g. "OpenAI-compatible · gpt-4o-mini" or "No language model"; never a key or a URL with credentials. */
  label: string;
}

export interface AskJoinPath {
  tables: string[];
  /** "Album.ArtistId = Artist.ArtistId" per hop. */
  steps: string[];
}

/** What put a retrieved table there: its words, a business term, a value the question names, a comment, or a join path. */
export type AskReasonKind = 'words' | 'term' | 'value' | 'comment' | 'bridge';

export interface AskTableReason {
  table: string;
  kinds: AskReasonKind[];
}

export interface AskContext {
  ddl: { table: string; text: string }[];
  documentation: string[];
  examples: { question: string; sql: string }[];
  terms: string[];
  configureHint: string;
}

export interface AskAnswer {
  /** Increases with each answer, so the webview knows when to reset the editable SQL. */
  id: number;
  /** `ask`: generated from the question; `run`: the user's (edited) SQL run again. */
  origin: 'ask' | 'run';
  question: string;
  dialect: AskDialect;
  strategy: AskStrategy;
  /** The SQL that passed the guard (and ran); null when none did. */
  sql: string | null;
  /** The SQL that was refused or failed, so the user can see and fix it. */
  rejectedSql: string | null;
  /** Retrieved tables, most relevant first. */
  tables: string[];
  /** Why each retrieved table was chosen; absent for an answer that did not retrieve (a re-run SQL). */
  reasons?: AskTableReason[];
  /** Values the question names, as sent to the model: "Artist.Name = 'AC/DC'". */
  values?: string[];
  /** Tables the SQL reads. */
  usedTables: string[];
  joinPaths: AskJoinPath[];
  ran: boolean;
  columns: string[];
  rows: Cell[][];
  truncated: boolean;
  rowLimit: number;
  ms: number | null;
  refused: null | { code: string; reason: string };
  error: null | { message: string; hint?: string };
  /** What happened, in one or two sentences. */
  explanation: string;
  /** The model's words around its SQL. */
  modelNote: string | null;
  /** Without a language model: what retrieval found, and how to configure one. */
  context: AskContext | null;
}

export interface AskProgress {
  /** "Retrieving tables and examples", "Asking gpt-4o-mini", "Running the query"... */
  step: string;
  /** What is being worked on (the question or the SQL). */
  what: 'ask' | 'run';
}

export interface AskPanelState {
  dataset: AskDatasetInfo;
  model: AskModelInfo;
  /** Row limit and statement timeout in effect (settings tabletalk.ask.*). */
  rowLimit: number;
  timeoutSeconds: number;
  strategy: AskStrategy;
  /** Set while the host works; the webview disables Ask/Run and offers Cancel. */
  busy: AskProgress | null;
  /** The last answer, kept by the host. */
  answer: AskAnswer | null;
  /** A setup problem of the last attempt (LLM unreachable, database down, untrained) with what to do. */
  failure: null | { message: string; hint?: string; action?: AskAction };
  revision: number;
}

/** Buttons the panel offers besides asking and running. */
export type AskAction = 'trainDataset' | 'configureLlm' | 'openLlmSettings';

/** csv: UTF-8; csvExcel: UTF-8 with a byte-order mark so Excel reads the accents; xml: an Excel 2003 workbook. */
export type ExportFormat = 'csv' | 'csvExcel' | 'json' | 'xml';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'csvExcel', 'json', 'xml'];

export type SortDirection = 'ascending' | 'descending';
export interface SortSpec {
  column: number;
  direction: SortDirection;
}

/** Webview -> host requests, each answered by a response with the same id. */
export type AskMethods = {
  /** Starts answering; the answer arrives in `state`. */
  ask: { params: { question: string }; result: null };
  /** Runs the user's SQL through the same guard and read-only execution; the answer arrives in `state`. */
  run: { params: { question: string; sql: string }; result: null };
  cancel: { params: Record<string, never>; result: null };
  /** Stores the pair in the dataset file and the trained example collection; result: what the user is told. */
  saveExample: { params: { question: string; sql: string }; result: { message: string } };
  /** Copies the current result, in the shown order (sort, then filter), to the clipboard as CSV. */
  copyCsv: { params: { sort: SortSpec | null; filter?: string }; result: { rows: number } };
  /** Copies text the webview made from the shown rows (a cell, selected rows as tab-separated lines). */
  copyText: { params: { text: string }; result: null };
  /** Writes the current result, in the shown order, to a file the user picks; path null: the user cancelled. */
  exportResult: { params: { format: ExportFormat; sort: SortSpec | null; filter?: string }; result: { path: string | null; rows: number } };
  /** Saves the chart the webview drew (PNG or SVG data URL) to a file the user picks. */
  saveChart: { params: { format: 'png' | 'svg'; dataUrl: string }; result: { path: string | null } };
  /** Opens the SQL in an untitled editor with the dialect's language. */
  openInEditor: { params: { sql: string }; result: null };
  action: { params: { action: AskAction }; result: null };
};
export type AskMethod = keyof AskMethods;
export type AskRequest = RequestOf<AskMethods>;

export type WebviewToHost = { type: 'ready' } | { type: 'error'; message: string } | AskRequest;

export type HostToWebview =
  | { type: 'state'; state: AskPanelState }
  | { type: 'notice'; severity: 'info' | 'warning' | 'error'; message: string }
  /** Puts a question and SQL in the boxes without running them (History's "Open in Ask Panel"). */
  | { type: 'prefill'; question: string; sql: string }
  | ResponseEnvelope;

/** What the webview keeps through getState/setState (the serializer reopens the panel with it). */
export interface AskWebviewState {
  dataset: string;
  draft?: string;
  editedSql?: string;
  editedFor?: number;
}

export const ASK_VIEW_TYPE = 'tabletalk.ask';

// --- one ordering for the table the webview shows and the CSV the host copies ------------------------------

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Nulls last; numbers (and numeric strings of big integers) by value; then booleans; text in natural order. */
export function compareCells(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const na = typeof a === 'number' ? a : typeof a === 'string' && /^-?\d+(\.\d+)?$/.test(a) ? Number(a) : NaN;
  const nb = typeof b === 'number' ? b : typeof b === 'string' && /^-?\d+(\.\d+)?$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb || collator.compare(String(a), String(b));
  if (!Number.isNaN(na)) return -1;
  if (!Number.isNaN(nb)) return 1;
  return collator.compare(String(a), String(b));
}

const numericText = /^-?\d+(\.\d+)?$/;

/** Row indexes in display order (stable: equal cells keep the database's order). */
export function sortedOrder(rows: Cell[][], sort: SortSpec | null): number[] {
  const order = rows.map((_, i) => i);
  if (!sort) return order;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const c = sort.column;
  // The numeric value of each cell once, not per comparison: 100,000 rows sort in well under a second.
  const nums = rows.map((r) => {
    const v = r[c] ?? null;
    return typeof v === 'number' ? v : typeof v === 'string' && numericText.test(v) ? Number(v) : NaN;
  });
  return order.sort((i, j) => {
    const a = rows[i][c] ?? null;
    const b = rows[j][c] ?? null;
    const na = nums[i];
    const nb = nums[j];
    let d: number;
    if (a === b) d = 0;
    else if (a === null) return 1; // nulls last whichever the direction
    else if (b === null) return -1;
    else if (!Number.isNaN(na) && !Number.isNaN(nb)) d = na - nb || collator.compare(String(a), String(b));
    else if (!Number.isNaN(na)) d = -1;
    else if (!Number.isNaN(nb)) d = 1;
    else d = collator.compare(String(a), String(b));
    return sign * d || i - j;
  });
}

/** The text a filter matches and a copy writes for one cell. */
export const cellText = (v: Cell): string => (v === null ? '' : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v));

/** Row indexes in display order, keeping only rows where some cell contains `filter` (case-insensitive). */
export function shownOrder(rows: Cell[][], sort: SortSpec | null, filter = ''): number[] {
  const order = sortedOrder(rows, sort);
  const f = filter.trim().toLowerCase();
  if (!f) return order;
  return order.filter((i) => rows[i].some((v) => v !== null && cellText(v).toLowerCase().includes(f)));
}

// --- validation of what the webview sends: the host trusts nothing it did not check ----------------------

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_TEXT = 100_000;
const isText = (v: unknown, min = 1): v is string => typeof v === 'string' && v.trim().length >= min && v.length <= MAX_TEXT;
const isEmpty = (v: unknown) => v === undefined || (isObj(v) && Object.keys(v).length === 0);
const isSort = (v: unknown) => v === null || (isObj(v) && Number.isInteger(v.column) && (v.column as number) >= 0 && (v.direction === 'ascending' || v.direction === 'descending'));
const isFilter = (v: unknown) => v === undefined || (typeof v === 'string' && v.length <= 1000);
const MAX_COPY = 50_000_000;
const MAX_IMAGE = 30_000_000;
const actions: readonly AskAction[] = ['trainDataset', 'configureLlm', 'openLlmSettings'];

const paramChecks: Record<AskMethod, (p: unknown) => boolean> = {
  ask: (p) => isObj(p) && isText(p.question),
  run: (p) => isObj(p) && typeof p.question === 'string' && p.question.length <= MAX_TEXT && isText(p.sql),
  cancel: isEmpty,
  saveExample: (p) => isObj(p) && isText(p.question) && isText(p.sql),
  copyCsv: (p) => isObj(p) && isSort(p.sort) && isFilter(p.filter),
  copyText: (p) => isObj(p) && typeof p.text === 'string' && p.text.length > 0 && p.text.length <= MAX_COPY,
  exportResult: (p) => isObj(p) && (EXPORT_FORMATS as readonly unknown[]).includes(p.format) && isSort(p.sort) && isFilter(p.filter),
  saveChart: (p) => isObj(p) && (p.format === 'png' || p.format === 'svg') && typeof p.dataUrl === 'string' && p.dataUrl.startsWith(`data:image/${p.format === 'png' ? 'png' : 'svg+xml'}`) && p.dataUrl.length <= MAX_IMAGE,
  openInEditor: (p) => isObj(p) && isText(p.sql),
  action: (p) => isObj(p) && typeof p.action === 'string' && (actions as readonly string[]).includes(p.action),
};

/** Checks a raw message from the webview; returns it typed, or a sentence saying what is wrong with it. */
export function parseAskMessage(raw: unknown): { ok: true; message: WebviewToHost } | { ok: false; error: string; id?: number } {
  if (!isObj(raw) || typeof raw.type !== 'string') return { ok: false, error: 'a message must be an object with a "type"' };
  if (raw.type === 'ready') return { ok: true, message: { type: 'ready' } };
  if (raw.type === 'error') return { ok: true, message: { type: 'error', message: String(raw.message ?? '').slice(0, 2000) } };
  if (raw.type !== 'request') return { ok: false, error: `unknown message type "${raw.type}"` };
  if (typeof raw.id !== 'number' || !Number.isInteger(raw.id)) return { ok: false, error: 'a request needs a numeric id' };
  const method = raw.method as AskMethod;
  const check = typeof method === 'string' && Object.prototype.hasOwnProperty.call(paramChecks, method) ? paramChecks[method] : undefined;
  if (!check) return { ok: false, id: raw.id, error: `unknown request "${String(raw.method)}"` };
  if (!check(raw.params)) return { ok: false, id: raw.id, error: `invalid parameters for ${method}` };
  return { ok: true, message: { type: 'request', id: raw.id, method, params: (raw.params ?? {}) as never } as AskRequest };
}
