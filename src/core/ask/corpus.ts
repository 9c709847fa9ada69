/**
 * Everything a trained dataset knows, in memory, for lexical retrieval and join paths: the records of its three
 * active collections with the tables each one is about, a BM25 index per collection, the relationship graph
 * (trained relationship documents, FOREIGN KEY lines of the DDL, and the dataset's current relationship model),
 * and the business terms. Built once per active model (the collection names change with every successful
 * training) and kept while the process lives; "Save as Example" adds to it in place.
 */
import type { BusinessTerm, DatasetDefinition } from '../dataset/types';
import { BridgeIndex, allBridgeSignals, type BridgeSignals, type BridgeTable } from '../text/bridge';
import { Bm25Index } from './bm25';
import { JoinGraph, type JoinEdge } from './joinPaths';
import { hasCjk, nameWords, tokenize } from './tokenize';

export type CollectionKind = 'ddl' | 'documentation' | 'sql';
export const collectionKinds: CollectionKind[] = ['ddl', 'documentation', 'sql'];

export type MetadataValue = string | number | boolean;

export interface RawRecord {
  id: string;
  document: string;
  metadata: Record<string, MetadataValue>;
}

export interface CorpusRecord extends RawRecord {
  kind: CollectionKind;
  /** Tables the record is about: a DDL's table, a term's tables, the tables an example's SQL reads. */
  tables: string[];
  /** Examples only. */
  question?: string;
  sql?: string;
}

export interface MatchedTerm {
  term: BusinessTerm;
  tables: string[];
}

const unquote = (s: string) => s.trim().replace(/^[`"[]|[`"\]]$/g, '').replace(/""/g, '"');
/** Last part of a possibly schema-qualified, quoted name: `"public"."Track"` -> Track. */
function baseName(ref: string): string {
  const parts = ref.match(/"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[^.\s]+/g) ?? [ref];
  return unquote(parts[parts.length - 1]);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function parseTablesTag(tag: unknown): string[] {
  return typeof tag === 'string' ? tag.split('|').filter(Boolean) : [];
}

/** Tables a text names as identifiers (bare or quoted), from the dataset's list. */
export function tablesNamedIn(text: string, tableNames: string[]): string[] {
  const found: string[] = [];
  for (const name of tableNames) {
    if (new RegExp(`(^|[^\\p{L}\\p{N}_])${escapeRe(name)}($|[^\\p{L}\\p{N}_])`, 'iu').test(text)) found.push(name);
  }
  return found;
}

export class RetrievalCorpus {
  readonly records: Record<CollectionKind, CorpusRecord[]> = { ddl: [], documentation: [], sql: [] };
  readonly bm25: Record<CollectionKind, Bm25Index> = { ddl: new Bm25Index(), documentation: new Bm25Index(), sql: new Bm25Index() };
  readonly tableNames: string[];
  readonly graph: JoinGraph;
  /** Every record by id. */
  readonly byId = new Map<string, CorpusRecord>();
  private readonly lowerNames: Map<string, string>;
  private readonly termIndex: { term: BusinessTerm; tables: string[]; declared: string[]; cjk: boolean; tokens: string[]; lower: string }[];

  constructor(raw: Record<CollectionKind, RawRecord[]>, dataset: DatasetDefinition) {
    const fromDdl = raw.ddl.map((r) => this.ddlTable(r)).filter((t): t is string => !!t);
    this.tableNames = [...new Set([...dataset.tables.map((t) => t.name), ...fromDdl])];
    this.lowerNames = new Map(this.tableNames.map((t) => [t.toLowerCase(), t]));
    for (const kind of collectionKinds) for (const r of raw[kind]) this.add(kind, r);
    this.graph = new JoinGraph(this.edges(dataset));
    this.termIndex = dataset.terms.map((term) => {
      // A definition that names a table ("stored in the Artist table", `Track.GenreId`) points at it too.
      const named = tablesNamedIn(term.definition ?? '', this.tableNames);
      const known = (list: string[]) => [...new Set(list.map((t) => this.canonical(t)).filter((t): t is string => !!t))];
      const declared = known([...(term.tables ?? []), ...(term.columns ?? []).map((c) => c.split('.')[0])]);
      return { term, tables: known([...declared, ...named]), declared, cjk: hasCjk(term.term), tokens: tokenize(term.term), lower: term.term.toLowerCase() };
    });
  }

  /** The dataset's spelling of a table name, matched case-insensitively; undefined when it is not one. */
  canonical(name: string): string | undefined {
    return this.lowerNames.get(name.toLowerCase()) ?? this.lowerNames.get(baseName(name).toLowerCase());
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds (or ignores a known) record; used at build time and by "Save as Example". */
  add(kind: CollectionKind, raw: RawRecord): CorpusRecord | undefined {
    if (this.byId.has(raw.id)) return undefined;
    const record: CorpusRecord = { ...raw, kind, tables: [] };
    this.byId.set(raw.id, record);
    if (kind === 'ddl') {
      const t = this.ddlTable(raw);
      record.tables = t ? [t] : [];
    } else {
      const tagged = parseTablesTag(raw.metadata.tables).map((t) => this.canonical(t) ?? t);
      if (kind === 'sql') Object.assign(record, splitExample(raw));
      record.tables = tagged.length ? tagged : tablesNamedIn(kind === 'sql' ? (record.sql ?? raw.document) : raw.document, this.tableNames);
    }
    this.records[kind].push(record);
    // Examples are found by their question; the SQL's identifiers help too.
    this.bm25[kind].add(kind === 'sql' ? `${record.question ?? ''}\n${record.sql ?? raw.document}` : raw.document);
    return record;
  }

  private ddlTable(r: RawRecord): string | undefined {
    const meta = r.metadata.table;
    if (typeof meta === 'string' && meta) return baseName(meta);
    const tagged = parseTablesTag(r.metadata.tables);
    if (tagged.length === 1) return tagged[0];
    const m = /CREATE\s+(?:TABLE|VIEW)\s+((?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[^\s(]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[^\s(]+))?)/i.exec(r.document);
    return m ? baseName(m[1]) : undefined;
  }

  /** Relationship documents, FOREIGN KEY lines and the dataset's relationship model, as graph edges. */
  private edges(dataset: DatasetDefinition): JoinEdge[] {
    const edges: JoinEdge[] = [];
    for (const r of this.records.documentation) {
      if (r.metadata.source !== 'relationship' || r.tables.length < 1) continue;
      const e = parseRelationshipDoc(r.document);
      if (e) edges.push({ ...e, from: this.canonical(e.from) ?? e.from, to: this.canonical(e.to) ?? e.to });
    }
    const fk = /FOREIGN\s+KEY\s*\(([^)]*)\)\s*REFERENCES\s+((?:"(?:[^"]|"")*"|`[^`]*`|[^\s(]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|`[^`]*`|[^\s(]+))?)\s*\(([^)]*)\)/gi;
    for (const r of this.records.ddl) {
      const from = r.tables[0];
      if (!from) continue;
      for (const m of r.document.matchAll(fk)) {
        const to = this.canonical(m[2]) ?? baseName(m[2]);
        edges.push({ from, fromColumns: m[1].split(',').map(unquote), to, toColumns: m[3].split(',').map(unquote) });
      }
    }
    for (const rel of dataset.modeling?.relationships ?? []) {
      edges.push({
        from: this.canonical(rel.source) ?? rel.source,
        fromColumns: rel.sourceColumns,
        to: this.canonical(rel.target) ?? rel.target,
        toColumns: rel.targetColumns,
        confidence: rel.confidence,
      });
    }
    return edges;
  }

  /**
   * Tables the question names outright: every word of the table's name (singularised, split like identifiers)
   * appears in the question. Names of more words first ("order line" before "order").
   */
  namedTables(question: string): string[] {
    const q = new Set(tokenize(question));
    this.nameIndex ??= this.tableNames.map((t) => ({ table: t, words: nameWords(t) })).filter((e) => e.words.length > 0);
    return this.nameIndex
      .filter((e) => e.words.every((w) => q.has(w)))
      .sort((a, b) => b.words.length - a.words.length)
      .map((e) => e.table);
  }

  private nameIndex: { table: string; words: string[] }[] | undefined;

  private bridgeIndex: { signals: BridgeSignals; index: BridgeIndex } | undefined;

  /** The bilingual bridge over every table's name, DDL and description (built on first use, per signal set). */
  bridge(signals: BridgeSignals = allBridgeSignals): BridgeIndex {
    if (this.bridgeIndex?.signals === signals) return this.bridgeIndex.index;
    const byTable = new Map<string, BridgeTable>(this.tableNames.map((t) => [t, { table: t, body: '' }]));
    for (const r of this.records.ddl) {
      const e = r.tables[0] && byTable.get(r.tables[0]);
      if (e) e.body += `\n${r.document}`;
    }
    for (const r of this.records.documentation) {
      if (r.metadata.source !== 'description') continue;
      const e = r.tables[0] && byTable.get(r.tables[0]);
      if (!e) continue;
      for (const line of r.document.split('\n')) {
        const m = /^Table [^:]*: (.*)$/.exec(line);
        if (m) e.tableText = `${e.tableText ?? ''} ${m[1]}`;
        else e.body += `\n${line}`;
      }
    }
    const index = new BridgeIndex([...byTable.values()], signals);
    this.bridgeIndex = { signals, index };
    return index;
  }

  /** Business terms the question uses, most specific (longest) first, with the tables they point at. */
  matchTerms(question: string, options: { linkDefinitions?: boolean } = {}): MatchedTerm[] {
    const lower = question.toLowerCase();
    const qTokens = new Set(tokenize(question));
    const linked = options.linkDefinitions ?? true;
    return this.termIndex
      .map((t) => ({ ...t, tables: linked ? t.tables : t.declared }))
      .filter((t) => t.tables.length && (lower.includes(t.lower) || (!t.cjk && t.tokens.length > 0 && t.tokens.every((w) => qTokens.has(w)))))
      .sort((a, b) => b.term.term.length - a.term.term.length)
      .map((t) => ({ term: t.term, tables: t.tables }));
  }
}

/** "How Track joins Album: Track.AlbumId = Album.AlbumId AND ..." (the training's relationship documents). */
export function parseRelationshipDoc(text: string): Omit<JoinEdge, 'confidence'> | null {
  const m = /^How (.+?) joins (.+?): (.+)$/m.exec(text);
  if (!m) return null;
  const [, from, to, cond] = m;
  const fromColumns: string[] = [];
  const toColumns: string[] = [];
  for (const part of cond.split(' AND ')) {
    const eq = part.split(' = ');
    if (eq.length !== 2 || !eq[0].startsWith(`${from}.`) || !eq[1].startsWith(`${to}.`)) return null;
    fromColumns.push(eq[0].slice(from.length + 1));
    toColumns.push(eq[1].slice(to.length + 1));
  }
  return { from, fromColumns, to, toColumns };
}

/** An example record's question and SQL, from metadata when the training stored them there, else from the text. */
export function splitExample(r: RawRecord): { question: string; sql: string } {
  const q = r.metadata.question;
  const s = r.metadata.sql;
  if (typeof q === 'string' && typeof s === 'string') return { question: q, sql: s };
  try {
    const v = JSON.parse(r.document) as { question?: unknown; sql?: unknown };
    if (typeof v.question === 'string' && typeof v.sql === 'string') return { question: v.question, sql: v.sql };
  } catch {
    // not JSON
  }
  const m = /^(?:Question:\s*)?([\s\S]*?)\n(?:SQL:\s*)?((?:SELECT|WITH)\b[\s\S]*)$/i.exec(r.document);
  if (m) return { question: m[1].trim(), sql: m[2].trim() };
  return { question: typeof q === 'string' ? q : r.document, sql: typeof s === 'string' ? s : '' };
}
