// Auto layout: each group of related tables (a connected component) is laid out by ELK's layered algorithm,
// so joined tables sit side by side; the groups, then the lone tables, are packed in rows.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { CanvasTable, Position } from '../../src/protocol/canvas';
import { NODE_WIDTH, nodeHeight } from './graph';

const GAP = 80;
let elk: InstanceType<typeof ELK> | null = null;

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

async function layoutComponent(ids: string[], tables: Map<string, CanvasTable>, links: { source: string; target: string }[]): Promise<Box> {
  if (ids.length === 1) {
    const t = tables.get(ids[0])!;
    return { width: NODE_WIDTH, height: nodeHeight(t), positions: { [ids[0]]: { x: 0, y: 0 } } };
  }
  elk ??= new ELK();
  const inside = new Set(ids);
  const seen = new Set<string>();
  const edges = links
    .filter((l) => inside.has(l.source) && inside.has(l.target) && l.source !== l.target)
    .filter((l) => {
      const k = `${l.source}\u0000${l.target}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((l, i) => ({ id: `e${i}`, sources: [l.source], targets: [l.target] }));
  // Large groups trade some crossings for speed (300 tables laid out in well under a second).
  const big = ids.length > 50;
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      // A table sits to the left of the tables it references: edges leave a column's right-hand handle
      // and enter the referenced key's left-hand handle without looping back.
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      // React Flow draws its own edges: the cheapest routing will do (orthogonal routing doubles the time).
      'elk.edgeRouting': 'POLYLINE',
      ...(big
        ? { 'elk.layered.thoroughness': '1', 'elk.layered.layering.strategy': 'LONGEST_PATH', 'elk.layered.nodePlacement.strategy': 'SIMPLE', 'elk.layered.crossingMinimization.greedySwitch.type': 'OFF' }
        : {}),
    },
    children: ids.map((id) => ({ id, width: NODE_WIDTH, height: nodeHeight(tables.get(id)!) })),
    edges,
  };
  const out = await elk.layout(graph);
  const positions: Record<string, Position> = {};
  let width = 0;
  let height = 0;
  for (const c of out.children ?? []) {
    positions[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
    width = Math.max(width, (c.x ?? 0) + (c.width ?? NODE_WIDTH));
    height = Math.max(height, (c.y ?? 0) + (c.height ?? 0));
  }
  return { width, height, positions };
}

/**
 * Runs a tiny layout so ELK's code is compiled while the user looks at the canvas; the first real
 * layout then costs only itself.
 */
export function warmUpLayout(): void {
  // A tree of 80 tables exercises the same code paths as a real model (a 2-node graph would not).
  const tables = Array.from({ length: 80 }, (_, i) => ({ id: `w${i}`, name: `w${i}`, schema: null, columns: [] }));
  void autoLayout(tables, tables.slice(1).map((t, i) => ({ source: t.id, target: `w${Math.floor(i / 3)}` })));
}

/** Positions for every table; related tables end up together. */
export async function autoLayout(tableList: CanvasTable[], links: { source: string; target: string }[]): Promise<Record<string, Position>> {
  const tables = new Map(tableList.map((t) => [t.id, t]));
  const groups = components(tableList.map((t) => t.id), links).sort((a, b) => b.length - a.length || a[0].localeCompare(b[0]));
  const boxes: Box[] = [];
  for (const g of groups) boxes.push(await layoutComponent(g, tables, links));
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
