// The offline embedder: no model download, deterministic, good enough to find tables by name and meaning of
// words in the question. Feature hashing ("hashing trick") of word unigrams/bigrams, character trigrams and
// CJK character unigrams/bigrams into a fixed-size signed vector, L2-normalised.
import { singular, splitIdentifier } from '../ask/tokenize';
import type { Embedder, EmbedderStats } from './embedder';

const DEFAULT_DIMENSION = 1024;

// Function words of questions, and the SQL keywords every DDL repeats: they would make all texts look alike.
// Words that are often table names (order, group, user, key...) are deliberately not here.
const STOPWORDS = new Set(
  `a an the of in on at to for by with from into as and or not is are was were be been being have has had do does did
  which what who whom whose when where why how many much most more least less top show list give get find tell me my i we
  our you your all each every per their its there that this these those than then it they them any some please
  create table null primary foreign references constraint varchar nvarchar nchar char integer int bigint smallint tinyint
  mediumint numeric decimal varying character autoincrement auto_increment serial bigserial unsigned if exists`
    .split(/\s+/)
    .filter(Boolean),
);

// Words that carry little meaning in a schema because almost every table has them.
const WEAK = new Map([['id', 0.3], ['key', 0.3], ['name', 0.6], ['default', 0.3], ['unique', 0.3]]);

const CJK_CLASS = '[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u3040-\\u30ff\\uac00-\\ud7af]';
const CJK = new RegExp(CJK_CLASS, 'u');
// A run of CJK characters, or a run of other letters/digits/underscores (an identifier or word).
const SEGMENTS = new RegExp(`(${CJK_CLASS}+)|((?:(?!${CJK_CLASS})[\\p{L}\\p{N}_$])+)`, 'gu');

// Identifier words and their singular come from the retrieval tokenizer (pluralize), so both sides of retrieval
// read "movies" as "movie" and keep "series".
export { singular, splitIdentifier };

/** Weighted features of a text; exported for tests and tuning. */
export function features(text: string): Map<string, number> {
  const f = new Map<string, number>();
  const add = (k: string, w: number) => f.set(k, (f.get(k) ?? 0) + w);
  let prev: string | null = null;
  for (const m of text.matchAll(SEGMENTS)) {
    if (m[1]) {
      const chars = [...m[1]];
      chars.forEach((c, i) => {
        add(`c:${c}`, 0.5);
        if (i + 1 < chars.length) add(`c2:${c}${chars[i + 1]}`, 1);
      });
      prev = null;
      continue;
    }
    const parts = splitIdentifier(m[2]);
    const words = parts.map(singular).filter((w) => !STOPWORDS.has(w));
    // A compound identifier also counts as one word, so "invoiceline" and "InvoiceLine" meet.
    if (parts.length > 1 && words.length > 1) add(`w:${words.join('')}`, 0.5);
    for (const w of words) {
      const weight = WEAK.get(w) ?? 1;
      add(`w:${w}`, weight);
      if (prev) add(`b:${prev}_${w}`, 0.5 * weight);
      prev = w;
      if (w.length >= 4 && !/^\d+$/.test(w)) {
        const padded = `#${w}#`;
        for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`, 0.15 * weight);
      }
    }
    if (!words.length) prev = null;
  }
  return f;
}

function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class BuiltinEmbedder implements Embedder {
  readonly id: string;
  readonly maxBatch = 4096;
  readonly stats: EmbedderStats = { calls: 0, texts: 0 };

  constructor(readonly dimension = DEFAULT_DIMENSION) {
    // v2: singular() from pluralize (v1 made "movies" "movy"); a collection trained with v1 asks for a retrain.
    this.id = `builtin-hash-v2-${dimension}`;
  }

  embedOne(text: string): number[] {
    const v = new Float64Array(this.dimension);
    for (const [k, w] of features(text)) {
      const h = fnv1a(k, 0x811c9dc5);
      const sign = fnv1a(k, 0x9e3779b9) & 1 ? 1 : -1;
      // Square root damps words repeated many times (a DDL names its table in every FK line).
      v[h % this.dimension] += sign * Math.sqrt(w);
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    // An empty or all-stopword text still needs a valid unit vector for cosine distance.
    if (norm === 0) {
      v[0] = 1;
      norm = 1;
    }
    const inv = 1 / Math.sqrt(norm);
    // Seven decimals is what Chroma's float32 storage keeps anyway, and it makes each request a third smaller.
    return Array.from(v, (x) => Math.round(x * inv * 1e7) / 1e7);
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    signal?.throwIfAborted();
    this.stats.calls++;
    this.stats.texts += texts.length;
    return texts.map((t) => this.embedOne(t));
  }
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}
