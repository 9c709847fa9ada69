// "Copy as CSV": RFC 4180 text of a result in the order the user sees it (the webview's sort).
import { sortedOrder, type Cell, type SortSpec } from '../../protocol/ask';

function field(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: string[], rows: Cell[][], sort: SortSpec | null = null): string {
  const lines = [columns.map(field).join(',')];
  for (const i of sortedOrder(rows, sort)) lines.push(rows[i].map(field).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
