/**
 * The value index: every sampled value under its normal form, for exact lookup of the phrases of a question
 * (word n-grams; substrings for Chinese, which has no spaces), and a trigram index for near misses ("ACDC",
 * "Beatls"). Built in memory from the stored samples once per trained model; a lookup costs a few hash probes per
 * question word, whatever the number of tables.
 */
import { foldAccents, hasCjkChar, normalizeValue, trigrams } from './normalize';

export interface ValueEntry {
  table: string;
  column: string;
  value: string;
}

export interface ValueMatch extends ValueEntry {
  kind: 'exact' | 'fuzzy';
  /** 0–1: 1 for an exact match the question marks as a name (capitals, quotes, digits, Chinese, several words). */
  score: number;
  /** The question's words that matched. */
  span: string;
}

// Values that are words every question uses: matching them says nothing about a table.
const NOISE = new Set(['a', 'an', 'the', 'all', 'any', 'none', 'null', 'other', 'others', 'unknown', 'yes', 'no', 'true', 'false', 'n a', 'na', 'total', 'by', 'of', 'in', 'on', 'and', 'or', 'is', 'it', 'to', 'for', 'with', 'which', 'what', 'how', 'many', 'most', 'top', 'list', 'show']);

const MAX_WORDS = 6;
const MAX_CJK = 12;

function usable(norm: string): boolean {
  if (!norm || NOISE.has(norm)) return false;
  if (/^[\d\s]+$/.test(norm)) return false;
  return hasCjkChar(norm) ? [...norm].length >= 2 : norm.length >= 2;
}

export class ValueIndex {
  private readonly exact = new Map<string, number[]>();
  private readonly grams = new Map<string, number[]>();
  private readonly norms: string[] = [];
  /** Trigram count of each entry's normal form (0 for entries outside the trigram index). */
  private readonly gramCount: number[] = [];
  readonly entries: ValueEntry[] = [];

  constructor(entries: Iterable<ValueEntry>) {
    for (const e of entries) {
      const norm = normalizeValue(foldAccents(e.value));
      if (!usable(norm)) continue;
      const i = this.entries.length;
      this.entries.push(e);
      this.norms.push(norm);
      this.gramCount.push(0);
      const list = this.exact.get(norm);
      if (list) list.push(i);
      else this.exact.set(norm, [i]);
      if (!hasCjkChar(norm) && norm.length >= 5) {
        const grams = trigrams(norm);
        this.gramCount[i] = grams.length;
        for (const g of grams) {
          const p = this.grams.get(g);
          if (p) p.push(i);
          else this.grams.set(g, [i]);
        }
      }
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** Values the question names, best first, at most `limit`. */
  lookup(question: string, limit = 10): ValueMatch[] {
    const found = new Map<number, ValueMatch>();
    const add = (i: number, kind: ValueMatch['kind'], score: number, span: string) => {
      const prev = found.get(i);
      if (prev && prev.score >= score) return;
      found.set(i, { ...this.entries[i], kind, score, span });
    };
    const raw = question.normalize('NFKC').slice(0, 4000).split(/\s+/).filter(Boolean);
    const covered = new Set<string>();
    for (let i = 0; i < raw.length; i++) {
      for (let n = Math.min(MAX_WORDS, raw.length - i); n >= 1; n--) {
        const span = raw.slice(i, i + n).join(' ');
        const norm = normalizeValue(foldAccents(span));
        const hits = norm ? this.exact.get(norm) : undefined;
        if (hits) {
          covered.add(norm);
          for (const h of hits) add(h, 'exact', strength(span, n), span);
        }
      }
    }
    // Chinese: any substring of a run of characters may be a value (华东区的销售额 -> 华东区).
    const qnorm = normalizeValue(question.slice(0, 4000));
    if (hasCjkChar(qnorm)) {
      const chars = [...qnorm];
      for (let i = 0; i < chars.length; i++) {
        if (!hasCjkChar(chars[i])) continue;
        for (let n = 2; n <= MAX_CJK && i + n <= chars.length; n++) {
          const sub = chars.slice(i, i + n).join('');
          const hits = this.exact.get(sub);
          if (hits) for (const h of hits) add(h, 'exact', 1, sub);
        }
      }
    }
    this.fuzzy(raw, covered, add);
    return [...found.values()].sort((a, b) => b.score - a.score || b.span.length - a.span.length || a.table.localeCompare(b.table)).slice(0, limit);
  }

  /** Word n-grams of 5+ letters that nearly equal a value (Dice coefficient on trigrams ≥ 0.75). */
  private fuzzy(raw: string[], covered: Set<string>, add: (i: number, kind: ValueMatch['kind'], score: number, span: string) => void): void {
    if (!this.grams.size) return;
    for (let i = 0; i < raw.length; i++) {
      for (let n = 1; n <= Math.min(4, raw.length - i); n++) {
        const span = raw.slice(i, i + n).join(' ');
        const norm = normalizeValue(foldAccents(span));
        if (norm.length < 5 || covered.has(norm) || hasCjkChar(norm)) continue;
        const qg = trigrams(norm);
        const common = new Map<number, number>();
        for (const g of qg) {
          const p = this.grams.get(g);
          // A trigram in thousands of values ("ing") says little and costs much.
          if (!p || p.length > 5000) continue;
          for (const e of p) common.set(e, (common.get(e) ?? 0) + 1);
        }
        // Dice ≥ 0.75 needs at least this many shared trigrams whatever the value's size.
        const least = Math.ceil((0.75 * qg.length) / (2 - 0.75));
        for (const [e, c] of common) {
          if (c < least) continue;
          const dice = (2 * c) / (qg.length + this.gramCount[e]);
          if (dice >= 0.75) add(e, 'fuzzy', 0.6 * dice * strength(span, n), span);
        }
      }
    }
  }
}

/** How surely a phrase of the question is meant as a name: capitals, digits, quotes, several words, Chinese. */
function strength(span: string, words: number): number {
  if (/["'“”‘’「」『』]/.test(span) || /\p{Lu}/u.test(span) || /\d/.test(span) || hasCjkChar(span) || words > 1) return 1;
  return 0.35;
}
