// The pure parts of Ask in VS Code: cells as the webview gets them, the shared sort order, the CSV the user copies,
// the chat markdown, and the host's check of what the webview sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerFromResult, toCell } from '../../src/host/ask/answer';
import { toCsv } from '../../src/host/ask/csv';
import { answerMarkdown } from '../../src/host/ask/markdown';
import { compareCells, parseAskMessage, sortedOrder, type AskAnswer } from '../../src/protocol/ask';
import type { AskResult } from '../../src/core/ask/ask';
import { guardSql } from '../../src/core/ask/guard';
import { fill, type Message } from '../../src/core/messages';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

test('cells: big integers, bytes, dates, JSON and non-finite numbers become showable values', () => {
  assert.equal(toCell(null), null);
  assert.equal(toCell(undefined), null);
  assert.equal(toCell(42n), 42);
  assert.equal(toCell(2n ** 63n - 1n), '9223372036854775807');
  assert.equal(toCell(Buffer.from([0xde, 0xad])), '0xdead');
  assert.match(String(toCell(Buffer.alloc(100))), /^0x(00){64}… \(100 bytes\)$/);
  assert.equal(toCell(new Date('2024-01-02T03:04:05Z')), '2024-01-02T03:04:05.000Z');
  assert.equal(toCell({ a: 1, b: 2n }), '{"a":1,"b":"2"}');
  assert.equal(toCell(Number.NaN), 'NaN');
  assert.equal(toCell(true), true);
});

test('sort order: numbers by value (big integers as text too), text naturally, NULLs last, stable', () => {
  const rows = [[10], [null], [9], ['9223372036854775807'], [2.5], [null], [-1]];
  assert.deepEqual(sortedOrder(rows, { column: 0, direction: 'ascending' }).map((i) => rows[i][0]), [-1, 2.5, 9, 10, '9223372036854775807', null, null]);
  const text = [['item 10'], ['Item 9'], ['apple'], ['Äpfel']];
  assert.deepEqual(sortedOrder(text, { column: 0, direction: 'ascending' }).map((i) => text[i][0]), ['Äpfel', 'apple', 'Item 9', 'item 10']);
  assert.deepEqual(sortedOrder(text, null), [0, 1, 2, 3]);
  assert.ok(compareCells(null, 'x') > 0 && compareCells('x', null) < 0);
  // Equal values keep the database's order in both directions.
  const ties = [['a', 1], ['b', 1], ['c', 0]];
  assert.deepEqual(sortedOrder(ties, { column: 1, direction: 'descending' }), [0, 1, 2]);
});

test('CSV: header, RFC 4180 quoting, NULL as empty, in the order shown', () => {
  const csv = toCsv(['id', 'name, full', 'note'], [[1, 'Smith, "Jo"', null], [2, 'line\nbreak', ' padded '], [3, 'plain', true]], { column: 0, direction: 'descending' });
  assert.equal(csv, ['id,"name, full",note', '3,plain,true', '2,"line\nbreak"," padded "', '1,"Smith, ""Jo""",', ''].join('\r\n'));
});

const baseResult: AskResult = {
  question: 'Top artists?',
  dialect: 'sqlite',
  strategy: 'full',
  sql: 'SELECT Name FROM Artist',
  tables: ['Artist'],
  usedTables: ['Artist'],
  joinPaths: [{ from: 'Track', to: 'Playlist', tables: ['Track', 'PlaylistTrack', 'Playlist'], steps: [
    { left: 'Track', leftColumns: ['TrackId'], right: 'PlaylistTrack', rightColumns: ['TrackId'] },
    { left: 'PlaylistTrack', leftColumns: ['PlaylistId'], right: 'Playlist', rightColumns: ['PlaylistId'] },
  ] }],
  ran: true,
  columns: ['Name'],
  rows: [{ Name: 'AC/DC' }, { Name: 'A | B' }],
  truncated: false,
  rowLimit: 1000,
  ms: 2,
  refused: null,
  error: null,
  explanation: 'Ran a read-only SQLite query reading Artist in 2 ms; it returned 2 rows.',
  explanationParts: [{ message: 'Ran a read-only {0} query reading {1} in {2} ms; it returned {3} rows.', args: ['SQLite', 'Artist', 2, '2'] }],
  modelNote: null,
  attempts: [{ sql: 'SELECT Name FROM Artist', outcome: 'ok' }],
  context: null,
  promptBudget: null,
};

test('answer from ask(): rows as cells, join paths as readable hops, refused SQL kept for the user', () => {
  const a = answerFromResult(3, baseResult);
  assert.deepEqual(a.rows, [['AC/DC'], ['A | B']]);
  assert.deepEqual(a.joinPaths, [{ tables: ['Track', 'PlaylistTrack', 'Playlist'], steps: ['Track.TrackId = PlaylistTrack.TrackId', 'PlaylistTrack.PlaylistId = Playlist.PlaylistId'] }]);
  assert.equal(a.rejectedSql, null);
  const refused = answerFromResult(4, { ...baseResult, sql: null, ran: false, rows: [], columns: [], refused: { code: 'not-read-only', reason: 'DROP changes the database.', text: [{ message: 'DROP changes the database.', args: [] }] }, attempts: [{ sql: 'DROP TABLE Artist', outcome: 'refused', message: 'DROP changes the database.' }] });
  assert.equal(refused.rejectedSql, 'DROP TABLE Artist');
  assert.equal(refused.sql, null);
});

test('the answer the webview gets holds words rendered in the display language, the refusal reason included', () => {
  const zh = JSON.parse(readFileSync(join(__dirname, '../../l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const chinese = (m: Message) => fill(zh[m.message] ?? assert.fail(`no zh-cn for "${m.message}"`), m.args);
  const g = guardSql('DROP TABLE Artist', 'sqlite');
  assert.ok(!g.ok);
  if (g.ok) return;
  const refused: AskResult = { ...baseResult, sql: null, ran: false, rows: [], columns: [], refused: { code: g.code, reason: g.reason, text: g.text }, explanation: g.reason, explanationParts: g.text, attempts: [{ sql: 'DROP TABLE Artist', outcome: 'refused', message: g.reason, text: g.text }] };
  const a = answerFromResult(5, refused, chinese);
  assert.equal(a.explanation, '这是一条 DROP 语句（会删除对象）。TableTalk 只运行单条只读查询（SELECT 或 WITH ... SELECT），因此没有执行任何语句。');
  assert.deepEqual(a.refused, { code: 'not-read-only', reason: a.explanation });
  assert.equal(answerFromResult(5, refused).explanation, g.reason, 'English by default, word for word');
  assert.equal(answerFromResult(6, baseResult, chinese).explanation, '已运行只读 SQLite 查询（读取 Artist），用时 2 毫秒，返回 2 行。');
});

test('chat markdown: SQL in a fence no backtick can close, escaped cells, refusal first, limited result said', () => {
  const a: AskAnswer = { ...answerFromResult(1, baseResult), sql: 'SELECT \'```\' AS x' };
  const md = answerMarkdown(a);
  assert.ok(md.includes("````sql\nSELECT '```' AS x\n````"), md);
  assert.match(md, /\| Name \|\n\| --- \|\n\| AC\/DC \|\n\| A \\\| B \|/);
  assert.match(md, /Join path: Track → PlaylistTrack → Playlist/);
  const many: AskAnswer = { ...a, rows: Array.from({ length: 30 }, (_, i) => [`r${i}`]), truncated: true, rowLimit: 30 };
  const limited = answerMarkdown(many, 10);
  assert.equal((limited.match(/^\| r\d+ \|$/gm) ?? []).length, 10);
  assert.match(limited, /limited to 30 rows/);
  const refused = answerMarkdown({ ...a, sql: null, rejectedSql: 'DROP TABLE Artist', ran: false, refused: { code: 'not-read-only', reason: 'x' }, explanation: 'Only read-only queries are allowed.' });
  assert.match(refused, /^\*\*Refused:\*\* Only read-only queries are allowed\./);
  assert.match(refused, /```sql\nDROP TABLE Artist\n```/);
});

test('the host accepts only well-formed requests from the webview', () => {
  assert.deepEqual(parseAskMessage({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
  const ok = parseAskMessage({ type: 'request', id: 1, method: 'run', params: { question: '', sql: 'SELECT 1' } });
  assert.equal(ok.ok, true);
  for (const [raw, why] of [
    [{ type: 'request', id: 2, method: 'ask', params: { question: '   ' } }, /invalid parameters for ask/],
    [{ type: 'request', id: 3, method: 'copyCsv', params: { sort: { column: -1, direction: 'ascending' } } }, /invalid parameters for copyCsv/],
    [{ type: 'request', id: 4, method: 'action', params: { action: 'deleteEverything' } }, /invalid parameters for action/],
    [{ type: 'request', id: 5, method: 'dropDatabase', params: {} }, /unknown request "dropDatabase"/],
    [{ type: 'request', method: 'ask', params: { question: 'x' } }, /numeric id/],
    ['hello', /must be an object/],
  ] as const) {
    const r = parseAskMessage(raw);
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, why);
  }
});
