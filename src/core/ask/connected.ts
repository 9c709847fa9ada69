/**
 * Connected selection: the tables a question needs usually form one connected part of the relationship model
 * (Artist -> Album -> Track -> InvoiceLine for "which artist earned the most revenue"), while the lexically similar
 * distractors that crowd a plain top-k (ArtistRevenue, TopArtistRevenue) hang off elsewhere or nowhere.
 *
 * The seeds (the strongest tables, up to 2k) are joined by a greedy Steiner tree over the join graph; seeds that no
 * path of at most `maxHops` joins stay apart, so the seeds fall into groups. The group whose two strongest seeds score
 * highest together is the answer's core: its seeds come first, each followed by the bridge tables its path needed; a seed outside it
 * keeps its place only when it scores nearly as well as the best seed (one such seed at most); then the core's neighbours, then the rest.
 * Where no two seeds connect (no relationship model, or a one-table question) the fused order stands.
 */
import type { JoinGraph } from './joinPaths';
import type { RankedTable } from './rank';

export interface ConnectOptions {
  k: number;
  maxHops: number;
  /** Tables scoring at least this fraction of the best become seeds. */
  seedRatio: number;
  /** A seed outside the core keeps its rank when it scores at least this fraction of the best; default 0.9. */
  keepDetached?: number;
}

export function selectConnected(fused: RankedTable[], graph: JoinGraph, canonical: (t: string) => string | undefined, options: ConnectOptions): RankedTable[] {
  const top = fused[0]?.score ?? 0;
  const keepDetached = options.keepDetached ?? 0.9;
  const seeds = fused.filter((e) => e.score >= top * options.seedRatio).slice(0, 2 * options.k);
  const byName = new Map(fused.map((e) => [e.table.toLowerCase(), e]));
  const ordered: RankedTable[] = [];
  const placed = new Set<string>();
  const place = (e: RankedTable) => {
    if (placed.has(e.table.toLowerCase())) return;
    placed.add(e.table.toLowerCase());
    ordered.push(e);
  };
  const bridge = (b: string, via: string): RankedTable => {
    const name = canonical(b) ?? b;
    const known = byName.get(name.toLowerCase());
    return { table: name, score: known?.score ?? 0, reasons: [...(known?.reasons ?? []), `bridge:${via}`] };
  };

  const { bridgesOf, paths } = graph.connect(seeds.map((s) => s.table), options.maxHops);
  // Groups of seeds joined by paths (union-find over the tables of each path).
  const parent = new Map<string, string>();
  const find = (t: string): string => {
    let r = t;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(t, r);
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const s of seeds) parent.set(s.table.toLowerCase(), s.table.toLowerCase());
  for (const p of paths) for (let i = 1; i < p.tables.length; i++) union(p.tables[0].toLowerCase(), p.tables[i].toLowerCase());
  // A group's evidence is the score of its two strongest seeds (seeds come best first): two tables make a join,
  // and the weak seeds a large, densely joined part of the model gathers from noise (a Chinese question's vector
  // hits over English DDL, generic example templates) are volume, not evidence.
  const groupScore = new Map<string, { score: number; seeds: number }>();
  for (const s of seeds) {
    const g = find(s.table.toLowerCase());
    const e = groupScore.get(g) ?? { score: 0, seeds: 0 };
    if (e.seeds < 2) e.score += s.score;
    e.seeds++;
    groupScore.set(g, e);
  }
  const core = [...groupScore.entries()].sort((a, b) => b[1].score - a[1].score)[0];

  if (!core || core[1].seeds < 2) {
    for (const s of seeds.slice(0, options.k)) {
      place(s);
      for (const b of bridgesOf.get(s.table) ?? []) place(bridge(b, s.table));
    }
    for (const e of fused) place(e);
    return ordered.slice(0, options.k);
  }

  const inCore = (t: string) => parent.has(t.toLowerCase()) && find(t.toLowerCase()) === core[0];
  const detached: RankedTable[] = [];
  let keptDetached = false;
  for (const s of seeds) {
    if (!inCore(s.table)) {
      // One table outside the core may hold its place (the question may really be about it); more are the
      // lexical look-alikes connected selection exists to push back.
      if (!keptDetached && s.score >= top * keepDetached) {
        keptDetached = true;
        place(s);
      } else detached.push(s);
      continue;
    }
    place(s);
    for (const b of bridgesOf.get(s.table) ?? []) place(bridge(b, s.table));
  }
  // Then the core's neighbours before unconnected tables of equal standing.
  for (const e of fused) if (e.score >= top * 0.1 && graph.neighbours(e.table).some((n) => inCore(n))) place(e);
  for (const e of detached) place(e);
  for (const e of fused) place(e);
  return ordered.slice(0, options.k);
}
