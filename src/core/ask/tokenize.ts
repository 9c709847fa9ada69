/**
 * Words for lexical retrieval (BM25) and term matching. Identifiers are split the way people read them
 * ("InvoiceLine", "invoice_line" -> invoice, line, plus the compound "invoiceline"), English words are
 * singularised ("albums" -> album), and Chinese/Japanese/Korean text, which has no spaces, becomes overlapping
 * character bigrams ("销售额" -> 销售, 售额), the usual way to index CJK without a dictionary.
 */
import pluralize from 'pluralize';

const CJK_CLASS = '[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u3040-\\u30ff\\uac00-\\ud7af]';
const SEGMENTS = new RegExp(`(${CJK_CLASS}+)|((?:(?!${CJK_CLASS})[\\p{L}\\p{N}_$])+)`, 'gu');

// Question words and the SQL keywords every DDL repeats: in every document or every question, they carry nothing.
const STOPWORDS = new Set(
  `a an the of in on at to for by with from into as and or not is are was were be been being have has had do does did
  which what who whom whose when where why how many much most more least less show list give get find tell me my i we
  our you your all each every per their its there that this these those than then it they them any some please can
  could would should will shall may might must over under between about also just only one other such same so very
  create table null primary foreign references constraint varchar nvarchar nchar char integer int bigint smallint
  tinyint mediumint numeric decimal varying character autoincrement auto_increment serial bigserial unsigned if exists
  key default text real date datetime timestamp boolean bool float double blob clob unique check collate nocase`
    .split(/\s+/)
    .filter(Boolean),
);

// Words whose plural/singular forms pluralize gets wrong for schemas.
const KEEP = new Set(['id', 'by', 'to', 'of', 'is', 'has', 'status', 'data', 'media', 'news', 'series', 'species', 'bus', 'gas', 'alias', 'address', 'sales']);

/** "InvoiceLine" -> [invoice, line]; "customer_id" -> [customer, id]; "HTTPServer2" -> [http, server, 2]. */
export function splitIdentifier(word: string): string[] {
  return word
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .split(/[\s_$]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const singularCache = new Map<string, string>();
export function singular(word: string): string {
  if (word === 'ids') return 'id';
  if (word.length <= 3 || KEEP.has(word) || !/^[a-z]+$/.test(word)) return word;
  let s = singularCache.get(word);
  if (s === undefined) {
    s = pluralize.singular(word);
    if (singularCache.size > 50_000) singularCache.clear();
    singularCache.set(word, s);
  }
  return s;
}

/** Index terms of a text, in order, with repeats (BM25 counts them). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SEGMENTS)) {
    if (m[1]) {
      const chars = [...m[1]];
      if (chars.length === 1) out.push(chars[0]);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
      continue;
    }
    const parts = splitIdentifier(m[2]);
    const words = parts.map(singular).filter((w) => !STOPWORDS.has(w));
    for (const w of words) out.push(w);
    // The compound form lets "invoiceline" (a question typed without spaces) meet InvoiceLine, and keeps
    // "media_type" apart from a lone "type".
    if (parts.length > 1 && words.length > 1) out.push(words.join(''));
  }
  return out;
}

/** The words of an identifier as tokenize() would index them, without the compound form. */
export function nameWords(name: string): string[] {
  const words = tokenize(name);
  if (words.length > 2 && words[words.length - 1] === words.slice(0, -1).join('')) words.pop();
  return words;
}

export function hasCjk(text: string): boolean {
  return new RegExp(CJK_CLASS, 'u').test(text);
}
