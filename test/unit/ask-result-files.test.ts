// What an exported result file holds: CSV (with and without the byte-order mark Excel needs) safe from formula
// injection, JSON with unique keys, an Excel 2003 XML workbook with typed cells; and the chart chosen for a shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defuse, exportResult, uniqueNames } from '../../src/host/ask/result-files';
import { chartShape, ticks } from '../../webview/ask/chart-shape';
import { shownOrder } from '../../src/protocol/ask';

const text = (b: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

test('CSV: cells a spreadsheet would run as formulas get an apostrophe; numbers, negative ones too, stay numbers', () => {
  for (const bad of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '=HYPERLINK("http://x")']) assert.equal(defuse(bad)[0], "'", bad);
  assert.equal(defuse('-12.5'), '-12.5');
  assert.equal(defuse('plain'), 'plain');
  const f = exportResult('csv', ['Name', 'Total'], [['=cmd|" /C calc"!A0', -3], ['Zoë', null]], null);
  assert.equal(text(f.bytes), 'Name,Total\r\n"\'=cmd|"" /C calc""!A0",-3\r\nZoë,\r\n');
  assert.equal(f.rows, 2);
  assert.equal(f.extension, 'csv');
});

test('CSV for Excel starts with the UTF-8 byte-order mark; plain CSV does not', () => {
  const excel = exportResult('csvExcel', ['名前'], [['Zoë']], null).bytes;
  assert.deepEqual([...excel.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(text(excel).slice(1), '名前\r\nZoë\r\n');
  assert.notEqual(exportResult('csv', ['a'], [['b']], null).bytes[0], 0xef);
});

test('exports follow the shown order: sort, then filter', () => {
  const rows = [['b', 2], ['a', 1], ['c', 3]];
  assert.deepEqual(shownOrder(rows, { column: 1, direction: 'descending' }, 'A'), [1]);
  const json = JSON.parse(text(exportResult('json', ['k', 'v'], rows, { column: 1, direction: 'descending' }, '').bytes));
  assert.deepEqual(json, [{ k: 'c', v: 3 }, { k: 'b', v: 2 }, { k: 'a', v: 1 }]);
});

test('JSON: duplicate column names get suffixes, NULL stays null', () => {
  assert.deepEqual(uniqueNames(['Name', 'Name', 'Id', 'Name']), ['Name', 'Name_2', 'Id', 'Name_3']);
  const json = JSON.parse(text(exportResult('json', ['Name', 'Name'], [['AC/DC', null]], null).bytes));
  assert.deepEqual(json, [{ Name: 'AC/DC', Name_2: null }]);
});

test('Excel XML: typed cells, escaped text, control characters replaced so the workbook stays readable', () => {
  const x = text(exportResult('xml', ['A<B', 'N', 'Flag'], [['x & "y"\u0001', 1.5, true], [null, -2, false]], null).bytes);
  assert.match(x, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<\?mso-application progid="Excel.Sheet"\?>/);
  assert.ok(x.includes('<Data ss:Type="String">A&#60;B</Data>'));
  assert.ok(x.includes('<Cell><Data ss:Type="String">x &#38; &#34;y&#34;\uFFFD</Data></Cell><Cell><Data ss:Type="Number">1.5</Data></Cell><Cell><Data ss:Type="Boolean">1</Data></Cell>'));
  assert.ok(x.includes('<Row><Cell/><Cell><Data ss:Type="Number">-2</Data></Cell><Cell><Data ss:Type="Boolean">0</Data></Cell></Row>'));
  assert.equal((x.match(/<Row>/g) ?? []).length, 3);
});

test('chart shape: bars for text + measure (key columns are not measures), a line for dates or years, none without both', () => {
  assert.deepEqual(chartShape(['ArtistId', 'Name', 'Albums'], [[1, 'AC/DC', 2], [2, 'Accept', 2]]), { preferred: 'bar', x: 1, y: [2], temporal: false });
  assert.deepEqual(chartShape(['Month', 'Revenue', 'Orders'], [['2024-01', 10.5, 3], ['2024-02', null, 4]]), { preferred: 'line', x: 0, y: [1, 2], temporal: true });
  assert.deepEqual(chartShape(['Year', 'Total'], [[2009, 449.46], [2010, 481.45]]), { preferred: 'line', x: 0, y: [1], temporal: true });
  assert.equal(chartShape(['Name', 'Country'], [['a', 'b']]), null);
  assert.equal(chartShape(['Total'], [[1]]), null);
  assert.equal(chartShape(['Name', 'Total'], []), null);
  assert.deepEqual(ticks(0, 21), [0, 5, 10, 15, 20, 25]);
  assert.deepEqual(ticks(-3, 7), [-4, -2, 0, 2, 4, 6, 8]);
});
