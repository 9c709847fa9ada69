// Auto layout: each group of related tables (a connected component) is laid out by dagre's layered (Sugiyama)
// algorithm, so joined tables sit side by side; the groups, then the lone tables, are packed in rows.
import { graphlib, layout } from '@dagrejs/dagre';
import type { CanvasTable, Position } from '../../src/protocol/canvas';
import { NODE_WIDTH, nodeHeight } from './graph';

const GAP = 80;
/**
 * Above this many tables in one group, ranks come from the longest-path ranker: network simplex took twice as long
 * (27 s against 14 s for 1,000 tables with 3,000 references), and on tree-like schemas both draw the same.
 */
const BIG_GROUP = 50;

interface Box {
  width: number;
  height: number;
  positions: Record<string, Position>;
}

function components(ids: string[], links: { source: string; target: string }[]): string[][] {
  const parent = new Map(ids.map((id) => [id, id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const l of links) if (parent.has(l.source) && parent.has(l.target)) parent.set(find(l.source), find(l.target));
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const r = find(id);
    groups.set(r, [...(groups.get(r) ?? []), id]);
  }
  return [...groups.values()];
}

function layoutComponent(ids: string[], tables: Map<string, CanvasTable>, links: { source: string; target: string }[]): Box {
  if (ids.length === 1) {
    const t = tables.get(ids[0])!;
    return { width: NODE_WIDTH, height: nodeHeight(t), positions: { [ids[0]]: { x: 0, y: 0 } } };
  }
  const g = new graphlib.Graph();
  g.setGraph({
    // A table sits to the left of the tables it references: edges leave a column's right-hand handle
    // and enter the referenced key's left-hand handle without looping back.
    rankdir: 'LR',
    nodesep: 40,
    ranksep: 90,
    ranker: ids.length > BIG_GROUP ? 'longest-path' : 'network-simplex',
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) g.setNode(id, { width: NODE_WIDTH, height: nodeHeight(tables.get(id)!) });
  const inside = new Set(ids);
  // A simple graph: repeated links between two tables count once, and a self-reference adds no rank.
  for (const l of links) if (inside.has(l.source) && inside.has(l.target) && l.source !== l.target) g.setEdge(l.source, l.target);
  layout(g);
  // dagre gives centres; React Flow wants top-left corners, starting at 0.
  const corners = ids.map((id) => {
    const n = g.node(id);
    return { id, x: (n.x ?? 0) - n.width / 2, y: (n.y ?? 0) - n.height / 2, width: n.width, height: n.height };
  });
  const left = Math.min(...corners.map((c) => c.x));
  const top = Math.min(...corners.map((c) => c.y));
  const positions: Record<string, Position> = {};
  let width = 0;
  let height = 0;
  for (const c of corners) {
    positions[c.id] = { x: c.x - left, y: c.y - top };
    width = Math.max(width, c.x - left + c.width);
    height = Math.max(height, c.y - top + c.height);
  }
  return { width, height, positions };
}

/** Positions for every table; related tables end up together. Same input, same drawing. */
export async function autoLayout(tableList: CanvasTable[], links: { source: string; target: string }[]): Promise<Record<string, Position>> {
  const tables = new Map(tableList.map((t) => [t.id, t]));
  const groups = components(tableList.map((t) => t.id), links).sort((a, b) => b.length - a.length || a[0].localeCompare(b[0]));
  const boxes = groups.map((g) => layoutComponent(g, tables, links));
  // Shelf packing: rows about as wide as the whole drawing is tall.
  const area = boxes.reduce((s, b) => s + (b.width + GAP) * (b.height + GAP), 0);
  const rowWidth = Math.max(Math.sqrt(area) * 1.4, ...boxes.map((b) => b.width));
  const positions: Record<string, Position> = {};
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const b of boxes) {
    if (x > 0 && x + b.width > rowWidth) {
      x = 0;
      y += rowHeight + GAP;
      rowHeight = 0;
    }
    for (const [id, p] of Object.entries(b.positions)) positions[id] = { x: Math.round(x + p.x), y: Math.round(y + p.y) };
    x += b.width + GAP;
    rowHeight = Math.max(rowHeight, b.height);
  }
  return positions;
}
