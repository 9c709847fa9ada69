/**
 * The relationship model as an undirected graph of tables, and the join paths that connect the tables a question
 * needs. Vector and lexical search find the tables a question names ("artists", "playlists") but not the bridge
 * tables between them (PlaylistTrack), which the question never mentions; the shortest paths over the modeled
 * relationships do.
 */

export interface JoinEdge {
  from: string;
  fromColumns: string[];
  to: string;
  toColumns: string[];
  /** In [0, 1]; 1 for declared and user-drawn relationships. Among equally short paths the surest wins. */
  confidence?: number;
}

/** One hop of a path, oriented in the path's direction. */
export interface JoinStep {
  left: string;
  leftColumns: string[];
  right: string;
  rightColumns: string[];
}

export interface JoinPath {
  from: string;
  to: string;
  /** Every table on the path, ends included, in order. */
  tables: string[];
  steps: JoinStep[];
}

interface Neighbour {
  table: string;
  step: JoinStep;
  cost: number;
}

const key = (t: string) => t.toLowerCase();

export class JoinGraph {
  private readonly adjacency = new Map<string, Neighbour[]>();
  private readonly names = new Map<string, string>();

  constructor(edges: JoinEdge[]) {
    const seen = new Set<string>();
    for (const e of edges) {
      if (!e.from || !e.to) continue;
      const id = `${key(e.from)}(${e.fromColumns.join(',').toLowerCase()})>${key(e.to)}(${e.toColumns.join(',').toLowerCase()})`;
      if (seen.has(id)) continue;
      seen.add(id);
      this.names.set(key(e.from), e.from);
      this.names.set(key(e.to), e.to);
      // Hops cost 1; an uncertain (inferred) relationship costs a little more, so certain paths win ties.
      const cost = 1 + (1 - Math.min(1, Math.max(0, e.confidence ?? 1))) * 0.5;
      this.link(e.from, { table: e.to, cost, step: { left: e.from, leftColumns: e.fromColumns, right: e.to, rightColumns: e.toColumns } });
      if (key(e.from) !== key(e.to)) {
        this.link(e.to, { table: e.from, cost, step: { left: e.to, leftColumns: e.toColumns, right: e.from, rightColumns: e.fromColumns } });
      }
    }
  }

  private link(table: string, n: Neighbour) {
    const k = key(table);
    let list = this.adjacency.get(k);
    if (!list) this.adjacency.set(k, (list = []));
    list.push(n);
  }

  has(table: string): boolean {
    return this.adjacency.has(key(table));
  }

  /** The table's name as the relationship model spells it. */
  nameOf(table: string): string {
    return this.names.get(key(table)) ?? table;
  }

  neighbours(table: string): string[] {
    return (this.adjacency.get(key(table)) ?? []).map((n) => n.table);
  }

  /** Cheapest path from any table of `sources` to `target` (Dijkstra; graphs here are small and sparse). */
  private pathFrom(sources: Iterable<string>, target: string, maxHops: number): JoinPath | null {
    const goal = key(target);
    const dist = new Map<string, number>();
    const hops = new Map<string, number>();
    const prev = new Map<string, { from: string; step: JoinStep }>();
    const queue: { k: string; d: number }[] = [];
    for (const s of sources) {
      const k = key(s);
      dist.set(k, 0);
      hops.set(k, 0);
      queue.push({ k, d: 0 });
    }
    if (dist.has(goal)) return null;
    while (queue.length) {
      // A linear minimum search is fine: the frontier stays small for schema graphs.
      let best = 0;
      for (let i = 1; i < queue.length; i++) if (queue[i].d < queue[best].d) best = i;
      const { k, d } = queue.splice(best, 1)[0];
      if (d > (dist.get(k) ?? Infinity)) continue;
      if (k === goal) break;
      const h = hops.get(k)!;
      if (h >= maxHops) continue;
      for (const n of this.adjacency.get(k) ?? []) {
        const nk = key(n.table);
        const nd = d + n.cost;
        if (nd < (dist.get(nk) ?? Infinity)) {
          dist.set(nk, nd);
          hops.set(nk, h + 1);
          prev.set(nk, { from: k, step: n.step });
          queue.push({ k: nk, d: nd });
        }
      }
    }
    if (!prev.has(goal)) return null;
    const steps: JoinStep[] = [];
    let at = goal;
    while (prev.has(at)) {
      const p = prev.get(at)!;
      steps.unshift(p.step);
      at = p.from;
    }
    // Orient from the tree towards the target.
    const tables = [steps[0].left, ...steps.map((s) => s.right)];
    return { from: tables[0], to: tables[tables.length - 1], tables, steps };
  }

  shortestPath(from: string, to: string, maxHops = 4): JoinPath | null {
    if (key(from) === key(to)) return null;
    return this.pathFrom([from], to, maxHops);
  }

  /**
   * Connects the tables in order of importance, each to the nearest table already connected (a greedy Steiner
   * tree): the result lists, per table, the bridge tables its path added, and the paths themselves.
   */
  connect(tables: string[], maxHops = 4): { paths: JoinPath[]; bridgesOf: Map<string, string[]> } {
    const inTree = new Set<string>();
    const tree: string[] = [];
    const paths: JoinPath[] = [];
    const bridgesOf = new Map<string, string[]>();
    for (const t of tables) {
      const k = key(t);
      if (inTree.has(k)) continue;
      if (tree.length && this.has(t)) {
        const path = this.pathFrom(tree.filter((x) => this.has(x)), t, maxHops);
        if (path) {
          paths.push(path);
          const bridges = path.tables.slice(1, -1).filter((b) => !inTree.has(key(b)));
          if (bridges.length) bridgesOf.set(t, bridges);
          for (const b of path.tables) {
            if (!inTree.has(key(b))) {
              inTree.add(key(b));
              tree.push(b);
            }
          }
          continue;
        }
      }
      inTree.add(k);
      tree.push(t);
    }
    return { paths, bridgesOf };
  }
}

/** "Album.ArtistId = Artist.ArtistId" lines for a prompt. */
export function describeStep(step: JoinStep): string {
  return step.leftColumns.map((c, i) => `${step.left}.${c} = ${step.right}.${step.rightColumns[i] ?? c}`).join(' AND ');
}
