// The modeling canvas protocol, imported by the host (src/host/canvas) and the webview (webview/canvas).
// Handshake: the webview posts `ready`; the host answers with `state` (the whole model) and sends `state`
// again after every change, its own or external (a git pull rewriting the dataset file). Edits are
// requests with ids: the host validates, saves, and answers ok or with an error the webview shows.
// Nothing here ever carries a password or a connection string with credentials.
import type { RequestOf, ResponseEnvelope } from './rpc';

/** The webview panel type (WebviewPanelSerializer, activation event onWebviewPanel:...). */
export const CANVAS_VIEW_TYPE = 'tabletalk.modelingCanvas';

export type RelationshipType = 'one-to-one' | 'one-to-many' | 'many-to-one' | 'many-to-many';
export type RelationshipOrigin = 'declared' | 'inferred' | 'user';
export const RELATIONSHIP_TYPES: readonly RelationshipType[] = ['many-to-one', 'one-to-many', 'one-to-one', 'many-to-many'];
export const RELATIONSHIP_LABELS: Record<RelationshipType, string> = { 'one-to-one': '1:1', 'one-to-many': '1:N', 'many-to-one': 'N:1', 'many-to-many': 'N:M' };

/** Suggestions at or above this confidence are drawn by default and "Accept all above" starts here. */
export const DEFAULT_SUGGESTION_THRESHOLD = 0.5;

export interface Position {
  x: number;
  y: number;
}

export interface CanvasColumn {
  name: string;
  type: string;
  nullable: boolean;
  primaryKey: boolean;
  /** Source column of a declared foreign key or of an accepted relationship. */
  foreignKey: boolean;
  /** The database's column comment, or the dataset file's description of the column. */
  comment?: string;
}

export interface CanvasTable {
  /** "schema.table" or "table": what relationships name as source/target. */
  id: string;
  name: string;
  schema: string | null;
  columns: CanvasColumn[];
  /** The database's table comment, or the dataset file's description of the table. */
  comment?: string;
  /** In the dataset but no longer in the database: shown, with the reason, never silently dropped. */
  missing?: string;
}

export interface CanvasRelationship {
  id: string;
  source: string;
  sourceColumns: string[];
  target: string;
  targetColumns: string[];
  type: RelationshipType;
  /** In [0, 1]; 1 for declared and user-drawn relationships. */
  confidence: number;
  origin: RelationshipOrigin;
  /** Why it holds, rendered by the host in the display language (a file's older English text as written). */
  evidence: string[];
  /** Many-to-many: the junction table it goes through. */
  via?: string;
  /** Why the relationship cannot be used now (a column that no longer exists); kept until the user deletes it. */
  broken?: string;
  /** Why it cannot be edited or deleted here (a foreign key declared in the database). */
  locked?: string;
}

export interface CanvasProblem {
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface CanvasState {
  /** Which dataset this canvas edits; stored by the webview (setState) so a reloaded window restores it. */
  dataset: { key: string; name: string; datasource: string };
  tables: CanvasTable[];
  /** Datasource tables not in the dataset, offered by "Add table". */
  available: { id: string; name: string; schema: string | null }[];
  relationships: CanvasRelationship[];
  /** Inferred, not yet accepted or rejected. */
  suggestions: CanvasRelationship[];
  positions: Record<string, Position>;
  /** The relationships differ from the ones the dataset was last trained with. */
  needsRetraining: boolean;
  /** File invalid, database unreachable, sampling refused, broken relationships... */
  problems: CanvasProblem[];
  /** True while the dataset file is invalid: the canvas shows it but edits are refused (the file is never overwritten). */
  readOnly: boolean;
  /** Inference running in the background: suggestions will follow in a later state. */
  inferring: boolean;
  history: { canUndo: boolean; canRedo: boolean };
  /** Increases with every state the host sends. */
  revision: number;
}

/** Either explicit ids or every suggestion at or above a confidence. */
export type SuggestionSelector = { ids: string[] } | { minConfidence: number };

export interface NewRelationship {
  source: string;
  sourceColumns: string[];
  target: string;
  targetColumns: string[];
  type?: RelationshipType;
}

/** Webview -> host requests, each answered by a response with the same id. */
export type CanvasMethods = {
  moveNodes: { params: { positions: Record<string, Position> }; result: null };
  createRelationship: { params: NewRelationship; result: { id: string } };
  updateRelationship: { params: { id: string; type: RelationshipType }; result: null };
  deleteRelationship: { params: { id: string }; result: null };
  acceptSuggestions: { params: SuggestionSelector; result: { accepted: number } };
  rejectSuggestions: { params: SuggestionSelector; result: { rejected: number } };
  addTables: { params: { tables: string[] }; result: null };
  removeTables: { params: { tables: string[] }; result: null };
  /** Positions computed by the webview's auto layout, saved as one undoable step. */
  applyLayout: { params: { positions: Record<string, Position> }; result: null };
  refreshSuggestions: { params: Record<string, never>; result: null };
  undo: { params: Record<string, never>; result: null };
  redo: { params: Record<string, never>; result: null };
  /** The host shows a save dialog and writes the image; result is the saved path, or null if cancelled. */
  exportImage: { params: { format: 'png' | 'svg'; dataUrl: string }; result: { path: string | null } };
};
export type CanvasMethod = keyof CanvasMethods;
export type CanvasRequest = RequestOf<CanvasMethods>;

/** Webview -> host. */
export type WebviewToHost =
  | { type: 'ready' }
  /** A script error in the webview, logged by the host. */
  | { type: 'error'; message: string }
  | CanvasRequest;

/** Host -> webview. */
export type HostToWebview =
  | { type: 'state'; state: CanvasState }
  /** A short notice the webview shows (saved image, reloaded after an external change). */
  | { type: 'notice'; severity: 'info' | 'warning' | 'error'; message: string }
  | ResponseEnvelope;

/** What the webview keeps through getState/setState (and what the serializer hands back after a reload). */
export interface CanvasWebviewState {
  datasetKey: string;
  filter?: string;
  threshold?: number;
  viewport?: { x: number; y: number; zoom: number };
}

// --- validation of what the webview sends: the host trusts nothing it did not check --------------------

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 1000;
const isStrs = (v: unknown, min = 0): v is string[] => Array.isArray(v) && v.length >= min && v.length < 10000 && v.every(isStr);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPositions = (v: unknown): v is Record<string, Position> =>
  isObj(v) && Object.entries(v).every(([k, p]) => k.length > 0 && isObj(p) && isNum(p.x) && isNum(p.y) && Math.abs(p.x) < 1e7 && Math.abs(p.y) < 1e7);
const isType = (v: unknown): v is RelationshipType => typeof v === 'string' && (RELATIONSHIP_TYPES as readonly string[]).includes(v);
const isSelector = (v: unknown): v is SuggestionSelector =>
  isObj(v) && ((isStrs(v.ids) && v.minConfidence === undefined) || (isNum(v.minConfidence) && v.minConfidence >= 0 && v.minConfidence <= 1 && v.ids === undefined));
const isEmpty = (v: unknown) => v === undefined || (isObj(v) && Object.keys(v).length === 0);

const paramChecks: Record<CanvasMethod, (p: unknown) => boolean> = {
  moveNodes: (p) => isObj(p) && isPositions(p.positions),
  applyLayout: (p) => isObj(p) && isPositions(p.positions),
  createRelationship: (p) =>
    isObj(p) && isStr(p.source) && isStr(p.target) && isStrs(p.sourceColumns, 1) && isStrs(p.targetColumns, 1) &&
    (p.sourceColumns as string[]).length === (p.targetColumns as string[]).length && (p.type === undefined || isType(p.type)),
  updateRelationship: (p) => isObj(p) && isStr(p.id) && isType(p.type),
  deleteRelationship: (p) => isObj(p) && isStr(p.id),
  acceptSuggestions: isSelector,
  rejectSuggestions: isSelector,
  addTables: (p) => isObj(p) && isStrs(p.tables, 1),
  removeTables: (p) => isObj(p) && isStrs(p.tables, 1),
  refreshSuggestions: isEmpty,
  undo: isEmpty,
  redo: isEmpty,
  exportImage: (p) => isObj(p) && (p.format === 'png' || p.format === 'svg') && typeof p.dataUrl === 'string' && /^data:image\/(png|svg\+xml)[;,]/.test(p.dataUrl) && p.dataUrl.length < 200_000_000,
};

/** Checks a raw message from the webview; returns it typed, or a sentence saying what is wrong with it. */
export function parseWebviewMessage(raw: unknown): { ok: true; message: WebviewToHost } | { ok: false; error: string; id?: number } {
  if (!isObj(raw) || typeof raw.type !== 'string') return { ok: false, error: 'a message must be an object with a "type"' };
  if (raw.type === 'ready') return { ok: true, message: { type: 'ready' } };
  if (raw.type === 'error') return { ok: true, message: { type: 'error', message: String(raw.message ?? '').slice(0, 2000) } };
  if (raw.type !== 'request') return { ok: false, error: `unknown message type "${raw.type}"` };
  if (typeof raw.id !== 'number' || !Number.isInteger(raw.id)) return { ok: false, error: 'a request needs a numeric id' };
  const method = raw.method as CanvasMethod;
  const check = typeof method === 'string' && Object.prototype.hasOwnProperty.call(paramChecks, method) ? paramChecks[method] : undefined;
  if (!check) return { ok: false, id: raw.id, error: `unknown request "${String(raw.method)}"` };
  if (!check(raw.params)) return { ok: false, id: raw.id, error: `invalid parameters for ${method}` };
  return { ok: true, message: { type: 'request', id: raw.id, method, params: (raw.params ?? {}) as never } as CanvasRequest };
}
