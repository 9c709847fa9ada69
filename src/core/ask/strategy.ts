/**
 * Retrieval strategies over a trained dataset:
 * - `baseline`: what Vanna does: the tables of the top-k DDL documents by vector search (documentation and examples
 *   by vector search too). Kept to measure the full strategy against.
 * - `full`: vector search and BM25 over all three collections fused by reciprocal rank, business terms pointing at
 *   their tables, and the bridge tables of the shortest join paths between the retrieved tables (see rank.ts).
 */
import type { DatasetDefinition, DatasetRunState, ExampleQuery } from '../dataset/types';
import type { Embedder } from '../vector/embedder';
import type { VectorStore } from '../vector/vector-store';
import { RetrievalCorpus, collectionKinds, type CollectionKind, type CorpusRecord, type RawRecord } from './corpus';
import type { JoinPath } from './joinPaths';
import { rankFull, type RankOptions, type RankedTable, type VectorHits } from './rank';
import { exampleOf, NotTrainedError, retrieve } from './retrieve';
import { loadValueIndex } from '../values/store';
import type { ValueMatch } from '../values/valueIndex';
import { TableTalkError } from '../errors';
import { l10n } from '../messages';

export type RetrievalStrategy = 'baseline' | 'full';
export const retrievalStrategies: readonly RetrievalStrategy[] = ['baseline', 'full'];

export function parseStrategy(value: string | undefined): RetrievalStrategy {
  if (value === undefined) return 'full';
  if ((retrievalStrategies as readonly string[]).includes(value)) return value as RetrievalStrategy;
  throw new TableTalkError('config', l10n.t('Unknown retrieval strategy "{0}"', value), { hint: l10n.t('Use one of: {0}.', retrievalStrategies.join(', ')) });
}

export interface RetrievalDeps {
  store: VectorStore;
  /** The embedder the dataset was trained with. */
  embedder: Embedder;
}

export interface RetrievalOptions {
  strategy?: RetrievalStrategy;
  /** Tables to return; default 5. */
  k?: number;
  /** Documentation entries and examples to return (the prompt budget trims them); default max(k, 10). */
  contextItems?: number;
  signal?: AbortSignal;
  /** Bilingual-bridge key kinds for the full strategy (default all; false turns the bridge off), for evaluation. */
  bridge?: RankOptions['bridge'];
  termLinks?: RankOptions['termLinks'];
  /** Vector hits already fetched for this question (prefetchVectorHits), full strategy only. */
  prefetched?: VectorHits;
  /** Skip the check for examples saved since the corpus was loaded (a batch run checks once). */
  noExampleRefresh?: boolean;
}

export interface Retrieval {
  strategy: RetrievalStrategy;
  /** The k tables the question most likely needs, best first. */
  tables: string[];
  /** The same tables with scores and the signals that put them there (baseline: 1 - cosine distance). */
  ranked: RankedTable[];
  /** Shortest join paths connecting `tables` over the relationship model (empty for baseline). */
  joinPaths: JoinPath[];
  /** DDL of `tables`, then of the bridge tables that only appear inside join paths. */
  ddl: { table: string; text: string }[];
  documentation: string[];
  /** Closest trained question/SQL pairs, best first. */
  examples: ExampleQuery[];
  /** Business terms the question uses. */
  terms: string[];
  /** Values of the question found in the model's value index (full strategy), best first. */
  values: ValueMatch[];
  /** Why each table was chosen, in the order of `tables`. */
  reasons: TableReason[];
  /** Set when the model predates something retrieval uses: what to retrain for. The model still answered. */
  retrain: string | null;
}

/** The kinds of evidence that put a table in the selection. */
export type ReasonKind = 'words' | 'term' | 'value' | 'comment' | 'bridge';

export interface TableReason {
  table: string;
  kinds: ReasonKind[];
  /** The raw signals: "vector:ddl#1", "term:revenue", "value:Artist.Name=AC/DC", "bridge:InvoiceLine". */
  signals: string[];
}

/** Groups a ranked table's signals into the kinds a user reads ("words, value, bridge"). */
export function reasonOf(r: RankedTable): TableReason {
  const kinds = new Set<ReasonKind>();
  for (const s of r.reasons) {
    if (s.startsWith('term')) kinds.add('term');
    else if (s.startsWith('value:')) kinds.add('value');
    else if (s.startsWith('comment')) kinds.add('comment');
    else if (s.startsWith('bridge:')) kinds.add('bridge');
    else kinds.add('words');
  }
  const order: ReasonKind[] = ['value', 'term', 'comment', 'words', 'bridge'];
  return { table: r.table, kinds: order.filter((k) => kinds.has(k)), signals: r.reasons };
}

/** The active model's value index and, when it has none it could use, why a retrain would help. */
function valueIndexOf(state: DatasetRunState): { lookup: (q: string) => ValueMatch[]; retrain: string | null } {
  const info = state.values;
  const none = () => [];
  if (info === undefined || info === null) {
    return { lookup: none, retrain: 'This model was trained before TableTalk indexed column values: train the dataset again so questions that name a value ("AC/DC", "Jazz") find the table holding it. The current model keeps answering until then.' };
  }
  if (!info.sampled) return { lookup: none, retrain: null };
  const index = loadValueIndex(info.file);
  if (!index) return { lookup: none, retrain: `The value index of this model (${info.file}) is missing or unreadable: train the dataset again to rebuild it. The current model keeps answering until then.` };
  return { lookup: (q) => index.lookup(q), retrain: null };
}

const ddlTable = (h: { metadata: Record<string, unknown>; document: string }): string | null =>
  typeof h.metadata.table === 'string' ? h.metadata.table : (/CREATE\s+TABLE\s+["`[]?([^"`\]\s(]+)/i.exec(h.document)?.[1] ?? null);

export async function retrieveTables(dataset: DatasetDefinition, state: DatasetRunState | null | undefined, question: string, deps: RetrievalDeps, options: RetrievalOptions = {}): Promise<Retrieval> {
  const strategy = options.strategy ?? 'full';
  const k = Math.max(1, options.k ?? 5);
  const items = Math.max(k, options.contextItems ?? 10);
  if (strategy === 'baseline') {
    const v1 = await retrieve(dataset, state, question, { store: deps.store, embedder: deps.embedder, k, signal: options.signal });
    const ranked = v1.hits.ddl.map((h) => ({ table: ddlTable(h) ?? h.id, score: 1 - h.distance, reasons: ['vector:ddl'] }));
    return {
      strategy,
      tables: ranked.map((r) => r.table),
      ranked,
      joinPaths: [],
      ddl: v1.hits.ddl.map((h, i) => ({ table: ranked[i].table, text: h.document })),
      documentation: v1.documentation,
      examples: v1.examples,
      terms: [],
      values: [],
      reasons: ranked.map(reasonOf),
      retrain: null,
    };
  }

  // Vector hits deep enough for fusion; retrieve() also checks the model exists and matches the embedder, so it
  // speaks first when there is no model. Otherwise the corpus check runs alongside the vector queries.
  const prefetched = options.prefetched;
  const vectorHits = () => (prefetched ? Promise.resolve({ hits: prefetched }) : retrieve(dataset, state, question, { store: deps.store, embedder: deps.embedder, k: Math.max(20, 2 * k), signal: options.signal, idsOnly: true }));
  if (!state?.activeCollections) await vectorHits();
  const [v1, corpus] = await Promise.all([vectorHits(), loadCorpus(deps.store, dataset, state!, options.signal, !options.noExampleRefresh)]);
  const valueIndex = valueIndexOf(state!);
  const values = valueIndex.lookup(question);
  const r = rankFull(question, corpus, v1.hits, { k, values, bridge: options.bridge, termLinks: options.termLinks });
  const tables = r.tables.map((t) => t.table);
  const ddlOf = new Map(corpus.records.ddl.map((d) => [d.tables[0]?.toLowerCase(), d.document]));
  const withBridges = [...tables];
  for (const p of r.joinPaths) for (const t of p.tables) if (!withBridges.some((x) => x.toLowerCase() === t.toLowerCase())) withBridges.push(t);
  return {
    strategy,
    tables,
    ranked: r.tables,
    joinPaths: r.joinPaths,
    ddl: withBridges.filter((t) => ddlOf.has(t.toLowerCase())).map((t) => ({ table: t, text: ddlOf.get(t.toLowerCase()) as string })),
    documentation: r.documentation.slice(0, items).map((d) => d.document),
    examples: r.examples.slice(0, items).map(toExample).filter((e): e is ExampleQuery => !!e),
    terms: r.terms,
    values: values.filter((v) => tables.some((t) => t.toLowerCase() === v.table.toLowerCase())),
    reasons: r.tables.map(reasonOf),
    retrain: valueIndex.retrain,
  };
}

function toExample(r: CorpusRecord): ExampleQuery | null {
  if (r.question !== undefined && r.sql) return { question: r.question, sql: r.sql };
  return exampleOf({ id: r.id, document: r.document, metadata: r.metadata, distance: 0 });
}

/**
 * The full strategy's vector hits for many questions at once: one embedding call per batch and one search request
 * per collection for the lot, instead of four round trips per question (batch retrieve, eval).
 */
export async function prefetchVectorHits(dataset: DatasetDefinition, state: DatasetRunState | null | undefined, questions: string[], deps: RetrievalDeps, k = 5, signal?: AbortSignal): Promise<VectorHits[]> {
  if (!questions.length) return [];
  // The same checks as one question (trained, same embedder), on the first.
  await retrieve(dataset, state, questions[0], { store: deps.store, embedder: deps.embedder, k: 1, signal });
  const active = state!.activeCollections!;
  const depth = Math.max(20, 2 * k);
  const vectors: number[][] = [];
  for (let i = 0; i < questions.length; i += deps.embedder.maxBatch) vectors.push(...(await deps.embedder.embed(questions.slice(i, i + deps.embedder.maxBatch), signal)));
  const [ddl, documentation, sql] = await Promise.all([active.ddl, active.documentation, active.sql].map((name) => deps.store.queryMany(name, vectors, depth, signal, { idsOnly: true })));
  return questions.map((_, i) => ({ ddl: ddl[i], documentation: documentation[i], sql: sql[i] }) as VectorHits);
}

// ---- The in-memory corpus of each active model, shared by every question in this process.

interface CacheEntry {
  corpus: Promise<RetrievalCorpus>;
  datasetKey: string;
}
const cache = new Map<string, CacheEntry>();
const MAX_CACHED = 8;

/** What of the definition the corpus depends on besides the trained collections. */
function datasetKey(dataset: DatasetDefinition): string {
  return JSON.stringify([dataset.tables, dataset.terms, dataset.modeling?.relationships ?? []]);
}

async function readAll(store: VectorStore, name: string, kind: CollectionKind, signal?: AbortSignal): Promise<RawRecord[]> {
  const records = await store.getWhere(name, { kind }, { signal });
  return records.map((r) => ({ id: r.id, document: r.document, metadata: r.metadata }));
}

/**
 * The corpus of the dataset's active model, loaded once. The example collection is the only one that changes in
 * place ("Save as Example", possibly from another process): its count is compared on each call and new records
 * are added without a rebuild.
 */
export async function loadCorpus(store: VectorStore, dataset: DatasetDefinition, state: DatasetRunState, signal?: AbortSignal, refresh = true): Promise<RetrievalCorpus> {
  const active = state.activeCollections;
  if (!active) throw new NotTrainedError(l10n.t('Dataset "{0}" has not been trained yet', dataset.name));
  const key = `${active.ddl}|${active.documentation}|${active.sql}`;
  const dkey = datasetKey(dataset);
  let entry = cache.get(key);
  if (!entry || entry.datasetKey !== dkey) {
    const corpus = (async () => {
      const [ddl, documentation, sql] = await Promise.all(collectionKinds.map((kind) => readAll(store, active[kind], kind, signal)));
      return new RetrievalCorpus({ ddl, documentation, sql }, dataset);
    })();
    entry = { corpus, datasetKey: dkey };
    cache.set(key, entry);
    corpus.catch(() => cache.get(key) === entry && cache.delete(key));
    while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  }
  const corpus = await entry.corpus;
  if (!refresh) return corpus;
  const count = await store.count(active.sql, signal);
  if (count !== corpus.records.sql.length) for (const r of await readAll(store, active.sql, 'sql', signal)) corpus.add('sql', r);
  return corpus;
}

/** Adds a record just upserted into the active example collection to the cached corpus, if one is loaded. */
export async function addToLoadedCorpus(state: DatasetRunState, record: RawRecord): Promise<void> {
  const active = state.activeCollections;
  const entry = active && cache.get(`${active.ddl}|${active.documentation}|${active.sql}`);
  if (entry) (await entry.corpus).add('sql', record);
}
