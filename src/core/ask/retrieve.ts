// Retrieval v1: vector search over the dataset's three active collections (DDL, documentation, examples)
// and a table ranking from the DDL hits plus the tables that retrieved documents and examples point at.
// The Ask issue builds the smarter strategies on top of this.
import { TableTalkError } from '../errors';
import { l10n } from '../messages';
import type { Message } from '../messages';
import type { DatasetDefinition, DatasetRunState, ExampleQuery } from '../dataset/types';
import type { Embedder } from '../vector/embedder';
import { EmbedderMismatchError, type QueryHit, type VectorStore } from '../vector/vector-store';
import { parseTablesTag } from '../training/items';

export interface RetrieveOptions {
  store: VectorStore;
  /** Must be the embedder the dataset was trained with. */
  embedder: Embedder;
  /** Hits per collection; default 5. */
  k?: number;
  signal?: AbortSignal;
  /** Hits with ids and distances only (see VectorStore QueryOptions): the context's texts are then empty. */
  idsOnly?: boolean;
}

export interface RetrievedContext {
  /** Table names, most relevant first. */
  tables: string[];
  ddl: string[];
  documentation: string[];
  examples: ExampleQuery[];
  /** The raw hits with distances and metadata, for smarter ranking and for display. */
  hits: { ddl: QueryHit[]; documentation: QueryHit[]; sql: QueryHit[] };
}

/** Asked with nothing but spaces. */
export const emptyQuestion = () => new TableTalkError('empty-question', l10n.t('The question is empty'), { hint: l10n.t('Type a question about the data.') });

/** Retrieval on a dataset that has no trained model. */
export class NotTrainedError extends TableTalkError {
  declare readonly hint: string;
  constructor(text: Message) {
    super('not-trained', text, { hint: l10n.t('Train the dataset first (Train Dataset in VS Code, or `tabletalk train`).') });
  }
}

/** An example hit's question and SQL (stored as the JSON document). */
export function exampleOf(hit: QueryHit): ExampleQuery | null {
  try {
    const v = JSON.parse(hit.document) as { question?: unknown; sql?: unknown };
    if (typeof v.question === 'string' && typeof v.sql === 'string') return { question: v.question, sql: v.sql };
  } catch {
    // fall through
  }
  return null;
}

/** Ranks tables: a DDL hit at rank r adds 1/(r+1), a document or example that names the table adds half that. */
export function rankTables(hits: RetrievedContext['hits']): string[] {
  const score = new Map<string, number>();
  const add = (t: string, s: number) => score.set(t, (score.get(t) ?? 0) + s);
  hits.ddl.forEach((h, r) => {
    const t = typeof h.metadata.table === 'string' ? h.metadata.table : parseTablesTag(h.metadata.tables)[0];
    if (t) add(t, 1 / (r + 1));
  });
  for (const list of [hits.documentation, hits.sql]) list.forEach((h, r) => parseTablesTag(h.metadata.tables).forEach((t) => add(t, 0.5 / (r + 1))));
  return [...score.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

export async function retrieve(dataset: DatasetDefinition, state: DatasetRunState | null | undefined, question: string, options: RetrieveOptions): Promise<RetrievedContext> {
  const { store, embedder, signal } = options;
  const k = Math.max(1, options.k ?? 5);
  const active = state?.activeCollections;
  if (!active) {
    const d = state?.damaged;
    throw new NotTrainedError(d
      ? l10n.t('Dataset "{0}" has no readable training state ({1} was damaged and kept as {2})', dataset.name, d.file, d.keptAs)
      : state?.status === 'training' ? l10n.t('Dataset "{0}" is training for the first time and has no model yet', dataset.name) : l10n.t('Dataset "{0}" has not been trained yet', dataset.name));
  }
  if (!question.trim()) throw emptyQuestion();
  if (state?.embedder && state.embedder.id !== embedder.id) throw new EmbedderMismatchError(active.ddl, `${state.embedder.id} (${state.embedder.dimension} dimensions)`, embedder.id);
  for (const name of [active.ddl, active.documentation, active.sql]) await store.assertEmbedder(name, embedder, signal);
  const [vector] = await embedder.embed([question], signal);
  const [ddl, documentation, sql] = await Promise.all([
    store.query(active.ddl, vector, k, signal, { idsOnly: options.idsOnly }),
    store.query(active.documentation, vector, k, signal, { idsOnly: options.idsOnly }),
    store.query(active.sql, vector, k, signal, { idsOnly: options.idsOnly }),
  ]);
  const hits = { ddl, documentation, sql };
  return {
    tables: rankTables(hits),
    ddl: ddl.map((h) => h.document),
    documentation: documentation.map((h) => h.document),
    examples: sql.map(exampleOf).filter((e): e is ExampleQuery => e !== null),
    hits,
  };
}
