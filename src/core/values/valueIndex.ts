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

// A value held by more tables than this ("pending" in every status column) points at none of them.
const MAX_TABLES_PER_VALUE = 30;

export class ValueIndex {
  /** Distinct normal forms, each with the entries that share it. */
  private readonly forms: string[] = [];
  private readonly formEntries: number[][] = [];
  private readonly exact = new Map<string, number>();
  private readonly grams = new Map<string, number[]>();
  /** Trigram count of each form (0 for forms outside the trigram index). */
  private readonly gramCount: number[] = [];
  readonly entries: ValueEntry[] = [];

  constructor(entries: Iterable<ValueEntry>) {
    for (const e of entries) {
      const norm = normalizeValue(foldAccents(e.value));
      if (!usable(norm)) continue;
      const i = this.entries.length;
      this.entries.push(e);
      let f = this.exact.get(norm);
      if (f === undefined) {
        f = this.forms.length;
        this.forms.push(norm);
        this.formEntries.push([]);
        this.gramCount.push(0);
        this.exact.set(norm, f);
        if (!hasCjkChar(norm) && norm.length >= 5) {
          const grams = trigrams(norm);
          this.gramCount[f] = grams.length;
          for (const g of grams) {
            const p = this.grams.get(g);
            if (p) p.push(f);
            else this.grams.set(g, [f]);
          }
        }
      }
      this.formEntries[f].push(i);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** Values the question names, best first, at most `limit`. */
  lookup(question: string, limit = 10): ValueMatch[] {
    const found = new Map<number, ValueMatch>();
    const add = (form: number, kind: ValueMatch['kind'], score: number, span: string) => {
      const list = this.formEntries[form];
      if (new Set(list.map((i) => this.entries[i].table)).size > MAX_TABLES_PER_VALUE) return;
      for (const i of list) {
        const prev = found.get(i);
        if (prev && prev.score >= score) continue;
        found.set(i, { ...this.entries[i], kind, score, span });
      }
    };
    const raw = question.normalize('NFKC').slice(0, 4000).split(/\s+/).filter(Boolean);
    const covered = new Set<string>();
    // Words inside an exact match: no near miss is looked for around them.
    const matchedWords = new Set<number>();
    for (let i = 0; i < raw.length; i++) {
      for (let n = Math.min(MAX_WORDS, raw.length - i); n >= 1; n--) {
        const span = raw.slice(i, i + n).join(' ');
        const norm = normalizeValue(foldAccents(span));
        const form = norm ? this.exact.get(norm) : undefined;
        if (form !== undefined) {
          covered.add(norm);
          for (let w = i; w < i + n; w++) matchedWords.add(w);
          add(form, 'exact', strength(span, n), span);
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
          const form = this.exact.get(sub);
          if (form !== undefined) add(form, 'exact', 1, sub);
        }
      }
    }
    this.fuzzy(raw, covered, matchedWords, add);
    return [...found.values()].sort((a, b) => b.score - a.score || b.span.length - a.span.length || a.table.localeCompare(b.table)).slice(0, limit);
  }

  /**
   * Phrases of 5+ letters written like a name (a capital, a digit or quotes) that nearly equal a value (Dice
   * coefficient on trigrams ≥ 0.75): "Canadien Grand Prix", "ACDC Live".
   */
  private fuzzy(raw: string[], covered: Set<string>, matchedWords: Set<number>, add: (form: number, kind: ValueMatch['kind'], score: number, span: string) => void): void {
    if (!this.grams.size) return;
    for (let i = 0; i < raw.length; i++) {
      for (let n = 1; n <= Math.min(4, raw.length - i); n++) {
        if (matchedWords.has(i + n - 1)) break;
        const span = raw.slice(i, i + n).join(' ');
        // The capital that starts the question ("Which ...") says nothing about a name.
        if (!/["'“”‘’\p{Lu}\d]/u.test(i === 0 ? span.slice(1) : span)) continue;
        const norm = normalizeValue(foldAccents(span));
        if (norm.length < 5 || covered.has(norm) || hasCjkChar(norm)) continue;
        const qg = trigrams(norm);
        const common = new Map<number, number>();
        for (const g of qg) {
          const p = this.grams.get(g);
          // A trigram in thousands of values ("ing") says little and costs much.
          if (!p || p.length > 2000) continue;
          for (const f of p) common.set(f, (common.get(f) ?? 0) + 1);
        }
        // Dice ≥ 0.75 needs at least this many shared trigrams whatever the value's size.
        const least = Math.ceil((0.75 * qg.length) / (2 - 0.75));
        for (const [f, c] of common) {
          if (c < least) continue;
          const dice = (2 * c) / (qg.length + this.gramCount[f]);
          if (dice >= 0.75) add(f, 'fuzzy', 0.6 * dice * strength(span, n), span);
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
