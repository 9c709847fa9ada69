import { splitIdentifier } from '../vector/builtin-embedder';

/** "InvoiceLine" -> "invoice line", "customer_id" -> "customer id": identifiers as words for questions. */
export function humanize(identifier: string): string {
  return splitIdentifier(identifier).join(' ') || identifier;
}

/** English plural of the last word: "invoice line" -> "invoice lines", "category" -> "categories". */
export function plural(phrase: string): string {
  const m = /^(.*?)([A-Za-z]+)$/.exec(phrase);
  if (!m) return phrase;
  const [, head, w] = m;
  if (/[^aeiou]y$/i.test(w)) return `${head}${w.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(w)) return `${head}${w}es`;
  return `${head}${w}s`;
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
