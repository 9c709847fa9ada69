// The bytes of a result exported to a file (CSV, CSV for Excel, JSON, Excel 2003 XML workbook), in the order the
// user sees (sort, then filter). Pure: no vscode, so unit tests read exactly what the user gets.
import { shownOrder, type Cell, type ExportFormat, type SortSpec } from '../../protocol/ask';

/** A spreadsheet runs a text cell starting with one of these as a formula (CSV injection, OWASP): = + - @ tab CR. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMERIC = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** Text that a spreadsheet would take for a formula gets a leading apostrophe; numbers (and numeric text) stay. */
export function defuse(text: string): string {
  return FORMULA_START.test(text) && !NUMERIC.test(text) ? `'${text}` : text;
}

function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? defuse(value) : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** JSON keys: duplicate column names (e.g. two "Name" from a join) become "Name", "Name_2", ... */
export function uniqueNames(columns: string[]): string[] {
  const seen = new Map<string, number>();
  return columns.map((c) => {
    const n = (seen.get(c) ?? 0) + 1;
    seen.set(c, n);
    return n === 1 ? c : `${c}_${n}`;
  });
}

// Characters XML 1.0 forbids even when escaped; a binary-ish text value would make the workbook unreadable.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xmlText = (s: string) => s.replace(XML_FORBIDDEN, '\uFFFD').replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\r?\n/g, '&#10;');

function xmlCell(value: Cell): string {
  if (value === null) return '<Cell/>';
  if (typeof value === 'number') return `<Cell><Data ss:Type="Number">${value}</Data></Cell>`;
  if (typeof value === 'boolean') return `<Cell><Data ss:Type="Boolean">${value ? 1 : 0}</Data></Cell>`;
  return `<Cell><Data ss:Type="String">${xmlText(value)}</Data></Cell>`;
}

export interface ExportedFile {
  bytes: Uint8Array;
  rows: number;
  extension: string;
}

export function exportResult(format: ExportFormat, columns: string[], rows: Cell[][], sort: SortSpec | null, filter = ''): ExportedFile {
  const order = shownOrder(rows, sort, filter);
  const utf8 = (s: string) => new TextEncoder().encode(s);
  if (format === 'csv' || format === 'csvExcel') {
    const lines = [columns.map((c) => csvField(c)).join(',')];
    for (const i of order) lines.push(rows[i].map(csvField).join(','));
    const text = `${lines.join('\r\n')}\r\n`;
    // Excel reads a CSV without a byte-order mark in the system's code page: accents and CJK become mojibake.
    return { bytes: utf8(format === 'csvExcel' ? `\uFEFF${text}` : text), rows: order.length, extension: 'csv' };
  }
  if (format === 'json') {
    const keys = uniqueNames(columns);
    const objects = order.map((i) => Object.fromEntries(keys.map((k, c) => [k, rows[i][c] ?? null])));
    return { bytes: utf8(`${JSON.stringify(objects, null, 2)}\n`), rows: order.length, extension: 'json' };
  }
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<?mso-application progid="Excel.Sheet"?>',
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">',
    '<Styles><Style ss:ID="h"><Font ss:Bold="1"/></Style></Styles>',
    '<Worksheet ss:Name="Result"><Table>',
    `<Row>${columns.map((c) => `<Cell ss:StyleID="h"><Data ss:Type="String">${xmlText(c)}</Data></Cell>`).join('')}</Row>`,
  ];
  for (const i of order) out.push(`<Row>${rows[i].map(xmlCell).join('')}</Row>`);
  out.push('</Table></Worksheet></Workbook>', '');
  return { bytes: utf8(out.join('\n')), rows: order.length, extension: 'xml' };
}
