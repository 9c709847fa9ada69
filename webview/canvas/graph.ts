// From the host's CanvasState to React Flow nodes and edges. Pure functions: the canvas and the tests use them.
import { Position as Side, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import { RELATIONSHIP_LABELS, type CanvasRelationship, type CanvasState, type CanvasTable, type Position } from '../../src/protocol/canvas';
import { t } from './strings';

export const NODE_WIDTH = 260;
export const HEADER_HEIGHT = 34;
export const ROW_HEIGHT = 22;

export type TableNodeData = { table: CanvasTable; matches: boolean };
export type TableFlowNode = Node<TableNodeData, 'table'>;
export type EdgeKind = 'relationship' | 'suggestion' | 'broken';
export type RelationEdgeData = { relationship: CanvasRelationship; kind: EdgeKind };
export type RelationFlowEdge = Edge<RelationEdgeData, 'relation'>;

export const nodeHeight = (t: CanvasTable) => HEADER_HEIGHT + Math.max(1, t.columns.length) * ROW_HEIGHT + 6;

/** Handle ids: one per column on each side, plus a table-level pair for relationships whose columns are gone. */
export const handleId = (side: 'l' | 'r', column: string | null) => `${side}:${column ?? '*'}`;
export const columnOfHandle = (handle: string | null | undefined) => (handle && handle.length > 2 && handle !== 'l:*' && handle !== 'r:*' ? handle.slice(2) : null);

/** Grid placement for tables without a saved position, until an auto layout runs. */
export function gridPosition(index: number, perRow: number): Position {
  return { x: (index % perRow) * (NODE_WIDTH + 80), y: Math.floor(index / perRow) * 320 };
}

export function matchesFilter(t: CanvasTable, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  return t.id.toLowerCase().includes(f) || t.columns.some((c) => c.name.toLowerCase().includes(f));
}

const HANDLE = 8;
/** Top of the column list (the list's top padding is 3px). */
const ROWS_TOP = HEADER_HEIGHT + 3;

/**
 * Where each handle sits, computed from the fixed row layout (canvas.css). React Flow otherwise renders every
 * node once to measure its handles, even with onlyRenderVisibleElements: with these, only tables in view are
 * rendered and a 1,000-table model opens as fast as a small one. Rendered nodes are measured as usual.
 */
export function tableHandles(t: CanvasTable): NodeHandle[] {
  const out: NodeHandle[] = [];
  const add = (column: string | null, centerY: number) => {
    out.push({ id: handleId('l', column), type: 'target', position: Side.Left, x: -HANDLE / 2, y: centerY - HANDLE / 2, width: HANDLE, height: HANDLE });
    out.push({ id: handleId('r', column), type: 'source', position: Side.Right, x: NODE_WIDTH - HANDLE / 2, y: centerY - HANDLE / 2, width: HANDLE, height: HANDLE });
  };
  add(null, HEADER_HEIGHT / 2);
  t.columns.forEach((c, i) => add(c.name, ROWS_TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2));
  return out;
}

export function buildNodes(state: CanvasState, positions: Record<string, Position>, filter: string): TableFlowNode[] {
  const perRow = Math.max(1, Math.ceil(Math.sqrt(state.tables.length)));
  return state.tables.map((table, i) => {
    const matches = matchesFilter(table, filter);
    return {
      id: table.id,
      type: 'table',
      position: positions[table.id] ?? state.positions[table.id] ?? gridPosition(i, perRow),
      data: { table, matches },
      hidden: !matches,
      width: NODE_WIDTH,
      height: nodeHeight(table),
      handles: tableHandles(table),
      // Known sizes count as measured, so fit view and the minimap include tables not rendered yet.
      measured: { width: NODE_WIDTH, height: nodeHeight(table) },
      ariaLabel: t('tableAria', table.id, table.columns.length),
    };
  });
}

function hasColumns(tables: Map<string, CanvasTable>, table: string, columns: string[]): boolean {
  const t = tables.get(table);
  return !!t && columns.every((c) => t.columns.some((x) => x.name === c));
}

export function edgeLabel(r: CanvasRelationship): string {
  const extra = r.sourceColumns.length > 1 ? t('edgeColumns', r.sourceColumns.length) : '';
  const confidence = r.origin === 'inferred' || r.confidence < 1 ? ` · ${r.confidence.toFixed(2)}` : '';
  return `${RELATIONSHIP_LABELS[r.type]}${confidence}${r.via ? t('via', r.via) : ''}${extra}`;
}

/**
 * React Flow draws an edge from a right-hand (source) handle to a left-hand (target) handle. When the
 * referencing table sits to the right of the referenced one, the edge is drawn the other way round, so the
 * two tables' facing sides are joined; the relationship itself keeps its direction (edge data).
 */
function drawnReversed(source: string, target: string, at: (id: string) => Position | undefined): boolean {
  if (source === target) return false;
  const a = at(source);
  const b = at(target);
  return !!a && !!b && a.x > b.x;
}

/** Edges of the shown relationships; with a filter, those touching a filtered-out table are hidden (never dangling). */
export function buildEdges(state: CanvasState, threshold: number, at: (id: string) => Position | undefined = (id) => state.positions[id], filter = ''): RelationFlowEdge[] {
  const tables = new Map(state.tables.map((t) => [t.id, t]));
  const shown = (id: string) => matchesFilter(tables.get(id)!, filter);
  const edges: RelationFlowEdge[] = [];
  const add = (r: CanvasRelationship, kind: EdgeKind) => {
    if (!tables.has(r.source) || !tables.has(r.target)) return;
    const attached = kind !== 'broken' && hasColumns(tables, r.source, r.sourceColumns) && hasColumns(tables, r.target, r.targetColumns);
    const reversed = drawnReversed(r.source, r.target, at);
    const sourceHandle = handleId('r', attached ? r.sourceColumns[0] : null);
    const targetHandle = handleId('l', attached ? r.targetColumns[0] : null);
    edges.push({
      id: kind === 'suggestion' ? `suggestion:${r.id}` : r.id,
      type: 'relation',
      source: reversed ? r.target : r.source,
      target: reversed ? r.source : r.target,
      sourceHandle: reversed ? handleId('r', attached ? r.targetColumns[0] : null) : sourceHandle,
      targetHandle: reversed ? handleId('l', attached ? r.sourceColumns[0] : null) : targetHandle,
      data: { relationship: r, kind },
      className: `tt-edge tt-edge-${kind}`,
      ariaLabel: t(kind === 'suggestion' ? 'suggestionAria' : 'relationshipAria', `${r.source}.${r.sourceColumns.join(',')}`, `${r.target}.${r.targetColumns.join(',')}`, edgeLabel(r)),
      deletable: kind !== 'suggestion',
      hidden: !shown(r.source) || !shown(r.target),
    });
  };
  for (const r of state.relationships) add(r, r.broken ? 'broken' : 'relationship');
  for (const s of state.suggestions) if (s.confidence >= threshold) add(s, 'suggestion');
  return edges;
}
