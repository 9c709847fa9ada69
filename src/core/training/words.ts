import pluralize from 'pluralize';
import { splitIdentifier } from '../vector/builtin-embedder';

/** "InvoiceLine" -> "invoice line", "customer_id" -> "customer id": identifiers as words for questions. */
export function humanize(identifier: string): string {
  return splitIdentifier(identifier).join(' ') || identifier;
}

/**
 * English plural of the last word, whether the identifier was singular or plural already: "invoice line" ->
 * "invoice lines", "category" -> "categories", "customers" -> "customers" (never "customerses").
 */
export function plural(phrase: string): string {
  const m = /^(.*?)([A-Za-z]+)$/.exec(phrase);
  if (!m) return phrase;
  const [, head, w] = m;
  return `${head}${pluralize.plural(pluralize.singular(w))}`;
}

/** English singular of the last word: "customers" -> "customer", "addresses" -> "address". */
export function singular(phrase: string): string {
  const m = /^(.*?)([A-Za-z]+)$/.exec(phrase);
  if (!m) return phrase;
  const [, head, w] = m;
  return `${head}${pluralize.singular(w)}`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Dataset tables a text names (as identifiers, quoted or bare), in the order of the list. */
export function tablesMentioned(text: string, tableNames: string[]): string[] {
  const found: string[] = [];
  for (const name of tableNames) {
    const re = new RegExp(`(^|[^\\p{L}\\p{N}_])${escapeRe(name)}($|[^\\p{L}\\p{N}_])`, 'iu');
    if (re.test(text)) found.push(name);
  }
  return found;
}
