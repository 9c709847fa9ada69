// Identifier words: "MediaTypeId", "media_type_id" and "mediaTypeID" all become ["media", "type", "id"].
import pluralize from 'pluralize';

/** Splits an identifier on separators, camelCase and digit boundaries; lower-cased. */
export function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])([0-9])/g, '$1 $2')
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

// "id", "ids", "data" and friends would singularise into nonsense; these stay as they are.
const keep = new Set(['id', 'ids', 'by', 'to', 'of', 'is', 'has', 'status', 'data', 'media', 'news', 'series', 'species', 'bus', 'gas', 'alias', 'address']);

export function singular(word: string): string {
  if (word === 'ids') return 'id';
  if (keep.has(word) || word.length <= 2 || /^[0-9]+$/.test(word)) return word;
  return pluralize.singular(word);
}

const cache = new Map<string, string[]>();

/** Singular words of an identifier (cached: a large schema asks for the same names many times). */
export function nameWords(name: string): string[] {
  let words = cache.get(name);
  if (!words) {
    words = splitWords(name).map(singular);
    if (cache.size > 50_000) cache.clear();
    cache.set(name, words);
  }
  return [...words];
}

/** The key that compares table names whatever their casing, separators or plural: "InvoiceLines" -> "invoice_line". */
export function normalizedName(name: string): string {
  return nameWords(name).join('_');
}
