/**
 * Connected selection: the tables a question needs usually form one connected part of the relationship model
 * (Artist -> Album -> Track -> InvoiceLine for "which artist earned the most revenue"), while the lexically similar
 * distractors that crowd a plain top-k (ArtistProfile, ArtistAward) hang off elsewhere or nowhere. The seeds (the
 * strongest tables) are joined by a greedy Steiner tree over the join graph, grown from the best seed; the tree's
 * tables come first, each seed followed by the bridge tables its path needed, and a seed outside the tree keeps its
 * place only when it scores nearly as well as the best one.
 */
import type { JoinGraph } from './joinPaths';
import type { RankedTable } from './rank';

export interface ConnectOptions {
  k: number;
  maxHops: number;
  /** Tables scoring at least this fraction of the best become seeds. */
  seedRatio: number;
  /** A seed outside the tree keeps its rank when it scores at least this fraction of the best. */
  keepDetached?: number;
}

export function selectConnected(fused: RankedTable[], graph: JoinGraph, canonical: (t: string) => string | undefined, options: ConnectOptions): RankedTable[] {
  const top = fused[0]?.score ?? 0;
  const keepDetached = options.keepDetached ?? 0.8;
  const seeds = fused.filter((e) => e.score >= top * options.seedRatio).slice(0, options.k);
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

  // Without a relationship around the best table there is nothing to connect: keep the fused order.
  if (!seeds.length || !graph.has(seeds[0].table)) {
    const { bridgesOf } = graph.connect(seeds.map((s) => s.table), options.maxHops);
    for (const s of seeds) {
      place(s);
      for (const b of bridgesOf.get(s.table) ?? []) place(bridge(b, s.table));
    }
    for (const e of fused) place(e);
    return ordered.slice(0, options.k);
  }

  const { bridgesOf, paths } = graph.connect(seeds.map((s) => s.table), options.maxHops);
  // The tree grown from the best seed: the seeds whose path reached it (connect() joins each to the nearest
  // table already connected, so a seed in another component starts a tree of its own).
  const inTree = new Set<string>([seeds[0].table.toLowerCase()]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of paths) {
      const ends = p.tables.map((t) => t.toLowerCase());
      if (ends.some((t) => inTree.has(t)) && ends.some((t) => !inTree.has(t))) {
        for (const t of ends) inTree.add(t);
        grew = true;
      }
    }
  }
  const detached: RankedTable[] = [];
  for (const s of seeds) {
    if (!inTree.has(s.table.toLowerCase())) {
      if (s.score >= top * keepDetached) place(s);
      else detached.push(s);
      continue;
    }
    place(s);
    for (const b of bridgesOf.get(s.table) ?? []) place(bridge(b, s.table));
  }
  // Then the rest: neighbours of the chosen tables before unconnected ones of equal standing.
  for (const e of fused) if (e.score >= top * 0.1 && (inTree.has(e.table.toLowerCase()) || graph.neighbours(e.table).some((n) => inTree.has(n.toLowerCase())))) place(e);
  for (const e of detached) place(e);
  for (const e of fused) place(e);
  return ordered.slice(0, options.k);
}
