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

/** Singular words of an identifier. */
export function nameWords(name: string): string[] {
  return splitWords(name).map(singular);
}

/** The key that compares table names whatever their casing, separators or plural: "InvoiceLines" -> "invoice_line". */
export function normalizedName(name: string): string {
  return nameWords(name).join('_');
}
