/**
 * Okapi BM25 over a fixed set of documents (the trained DDL, documentation and examples). Built once per trained
 * collection and kept in memory; a question is scored against the postings of its own terms only, so a query on
 * thousands of documents costs well under a millisecond.
 */
import { tokenize } from './tokenize';

export interface Bm25Hit {
  index: number;
  score: number;
}

export class Bm25Index {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[] = [];
  private totalLength = 0;

  constructor(private readonly k1 = 1.2, private readonly b = 0.75) {}

  get size(): number {
    return this.lengths.length;
  }

  /** Adds a document; returns its index (the order of addition). */
  add(text: string): number {
    const doc = this.lengths.length;
    const tokens = tokenize(text);
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [term, tf] of counts) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = []));
      list.push({ doc, tf });
    }
    this.lengths.push(tokens.length);
    this.totalLength += tokens.length;
    return doc;
  }

  /** Documents matching any term of the query, best first. */
  search(query: string, limit = 50): Bm25Hit[] {
    const n = this.lengths.length;
    if (!n) return [];
    const avg = this.totalLength / n || 1;
    const scores = new Float64Array(n);
    const touched: number[] = [];
    for (const term of new Set(tokenize(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      // Lucene's idf form: stays positive for terms found in more than half of the documents.
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.lengths[doc]) / avg);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += (idf * tf * (this.k1 + 1)) / norm;
      }
    }
    return touched
      .sort((x, y) => scores[y] - scores[x] || x - y)
      .slice(0, limit)
      .map((index) => ({ index, score: scores[index] }));
  }
}
