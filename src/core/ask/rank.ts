/**
 * The "full" retrieval strategy: which tables a question needs, ranked.
 *
 * Each signal yields a ranking of tables: vector search and BM25 over each of the three collections (a document
 * ranks every table it is about), the business terms the question uses (a term points at its tables) and the
 * tables the question names outright. They are fused by reciprocal rank fusion, which needs no calibration
 * between a cosine distance and a BM25 score. The strongest tables become seeds; the shortest join paths between
 * seeds over the relationship graph add the bridge tables no question names (PlaylistTrack between Playlist and
 * Track). Nothing here knows a particular schema.
 */
import type { CollectionKind, CorpusRecord, RetrievalCorpus } from './corpus';
import type { JoinPath } from './joinPaths';
import { selectConnected } from './connected';
import { creditValues } from './valueSignal';
import type { ValueMatch } from '../values/valueIndex';
import { allBridgeSignals, type BridgeSignals } from '../text/bridge';
import { hasCjk } from './tokenize';

export interface VectorHit {
  id: string;
  document: string;
  metadata: Record<string, string | number | boolean>;
  distance: number;
}

export type VectorHits = Record<CollectionKind, VectorHit[]>;

export interface RankedTable {
  table: string;
  score: number;
  /** Why it is there: "vector:ddl#1", "bm25:documentation#2", "term:销售额", "bridge:Playlist->Track". */
  reasons: string[];
}

export interface RankResult {
  tables: RankedTable[];
  joinPaths: JoinPath[];
  /** Documentation and examples in fused (vector + BM25) order, for the prompt. */
  documentation: CorpusRecord[];
  examples: CorpusRecord[];
  terms: string[];
}

export interface RankOptions {
  k: number;
  /** RRF constant: larger flattens the difference between ranks. */
  rrfK?: number;
  /** Tables scoring at least this fraction of the best become seeds for join-path expansion. */
  seedRatio?: number;
  maxHops?: number;
  /** Values of the question found in the value index (values/valueIndex.ts). */
  values?: ValueMatch[];
  /** Kinds of bilingual-bridge keys in use (all by default; the evaluation's ablation turns them off). */
  bridge?: BridgeSignals | false;
  /** Terms point at the tables their definitions name (default true; the ablation turns it off). */
  termLinks?: boolean;
}

const weights: Record<string, number> = {
  'vector:ddl': 1,
  'bm25:ddl': 1,
  'vector:documentation': 0.6,
  'bm25:documentation': 0.6,
  'vector:sql': 0.6,
  'bm25:sql': 0.6,
  term: 2,
  name: 1.5,
  // The bilingual bridge (src/core/text/bridge.ts): for a Chinese question it is the only signal that reads the
  // question in the schema's language, so it weighs more there.
  'bridge:cjk': 3,
  'bridge:latin': 2,
};

/**
 * Cosine similarity under which a vector list's best hit shares next to nothing with the question: a Chinese
 * question over English DDL, or an English question over Chinese comments, meets the built-in hashing embedder's
 * collisions at 0.05-0.15, yet reciprocal rank fusion would credit the top of that noise like a real match. A list
 * whose best hit is weaker than this is credited in proportion to it.
 */
const WEAK_SIMILARITY = 0.2;

/** Code-point order: the same on every machine and locale, for ties. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Reciprocal rank fusion of document lists (by id) of one collection. */
function fuseDocs(lists: CorpusRecord[][], rrfK: number): CorpusRecord[] {
  const score = new Map<string, { r: CorpusRecord; s: number }>();
  for (const list of lists) {
    list.forEach((r, i) => {
      const e = score.get(r.id) ?? { r, s: 0 };
      e.s += 1 / (rrfK + i + 1);
      score.set(r.id, e);
    });
  }
  return [...score.values()].sort((a, b) => b.s - a.s || byText(a.r.id, b.r.id)).map((e) => e.r);
}

export function rankFull(question: string, corpus: RetrievalCorpus, hits: VectorHits, options: RankOptions): RankResult {
  const rrfK = options.rrfK ?? 10;
  const seedRatio = options.seedRatio ?? 0.4;
  const maxHops = options.maxHops ?? 4;
  const scores = new Map<string, RankedTable>();
  const credit = (table: string, amount: number, reason: string) => {
    const name = corpus.canonical(table) ?? table;
    const e = scores.get(name) ?? { table: name, score: 0, reasons: [] };
    e.score += amount;
    e.reasons.push(reason);
    scores.set(name, e);
  };

  const { byId } = corpus;
  const fusedDocs: Partial<Record<CollectionKind, CorpusRecord[]>> = {};

  for (const kind of ['ddl', 'documentation', 'sql'] as const) {
    // The vector store returns equally distant hits in no fixed order (many tie on large schemas): order them by
    // id, so identical runs rank identically.
    const vector = [...hits[kind]].sort((a, b) => a.distance - b.distance || byText(a.id, b.id)).map((h) => byId.get(h.id)).filter((r): r is CorpusRecord => !!r);
    const lexical = corpus.bm25[kind].search(question, 30).map((h) => corpus.records[kind][h.index]);
    const best = hits[kind].reduce((m, h) => Math.max(m, 1 - h.distance), 0);
    const confidence = { vector: Math.min(1, best / WEAK_SIMILARITY), bm25: 1 };
    for (const [signal, list] of [['vector', vector], ['bm25', lexical]] as const) {
      // Each signal ranks tables by the first document that names them: a table many documents mention
      // (every relationship and term names Customer) must not win by volume.
      const w = weights[`${signal}:${kind}`] * confidence[signal];
      const seen = new Set<string>();
      list.forEach((r, i) => {
        for (const t of r.tables) {
          const key = t.toLowerCase();
          if (seen.has(key)) continue;
          seen.add(key);
          credit(t, w / (rrfK + seen.size), `${signal}:${kind}#${i + 1}`);
        }
      });
    }
    fusedDocs[kind] = fuseDocs([vector, lexical], rrfK);
  }

  const terms = corpus.matchTerms(question, { linkDefinitions: options.termLinks });
  // Every term the question uses is an explicit pointer: all its tables rank first for this signal.
  const termTables = new Set<string>();
  for (const m of terms) {
    for (const t of m.tables) {
      if (termTables.has(t.toLowerCase())) continue;
      termTables.add(t.toLowerCase());
      credit(t, weights.term / (rrfK + 1), `term:${m.term.term}`);
    }
  }

  // A question that names a table outright ("students", "order lines") is the plainest evidence there is.
  corpus.namedTables(question).forEach((t, i) => credit(t, weights.name / (rrfK + i + 1), 'name'));
  creditValues(options.values ?? [], rrfK, credit);

  if (options.bridge !== false) {
    const w = weights[hasCjk(question) ? 'bridge:cjk' : 'bridge:latin'];
    const hits = corpus.bridge(options.bridge ?? allBridgeSignals).search(question, 10);
    // Scaled by the score against the best: a table that only has the word in a column ranks after one named by it.
    hits.forEach((h, i) => credit(h.table, (w * Math.sqrt(h.score / hits[0].score)) / (rrfK + i + 1), `bilingual:${h.via.join('+')}`));
  }

  const fused = [...scores.values()].filter((e) => corpus.canonical(e.table)).sort((a, b) => b.score - a.score || byText(a.table, b.table));
  // Seeds joined over the relationship model, bridges included, distractors outside it pushed back (connected.ts).
  const tables = selectConnected(fused, corpus.graph, (t) => corpus.canonical(t), { k: options.k, maxHops, seedRatio });
  const joinPaths = corpus.graph.connect(tables.map((t) => t.table), maxHops).paths;
  return {
    tables,
    joinPaths,
    documentation: fusedDocs.documentation ?? [],
    examples: fusedDocs.sql ?? [],
    terms: terms.map((t) => t.term.term),
  };
}
