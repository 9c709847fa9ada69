// Example generation pieces that need no database: templates, LLM answer parsing, statement counting, items.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Column, Table } from '../../src/core/datasource/types';
import { guardExample, parseExamplePairs, templateExamples, exampleItem, labelColumn } from '../../src/core/training/examples';
import { joinEdges } from '../../src/core/training/relationships';
import { contentHash, makeItem } from '../../src/core/training/items';
import { humanize, plural, tablesMentioned } from '../../src/core/training/words';

const col = (name: string, type: string, extra: Partial<Column> = {}): Column => ({ name, type, nullable: true, default: null, primaryKey: false, comment: null, ...extra });
const artist: Table = { name: 'Artist', schema: null, kind: 'table', rowEstimate: 1, columns: [col('ArtistId', 'INTEGER', { primaryKey: true }), col('Name', 'NVARCHAR(120)')], foreignKeys: [], uniques: [] };
const album: Table = {
  name: 'Album', schema: null, kind: 'table', rowEstimate: 1,
  columns: [col('AlbumId', 'INTEGER', { primaryKey: true }), col('Title', 'NVARCHAR(160)'), col('ArtistId', 'INTEGER'), col('Price', 'NUMERIC(10,2)'), col('Format', 'TEXT')],
  foreignKeys: [{ columns: ['ArtistId'], refTable: 'Artist', refColumns: ['ArtistId'] }], uniques: [],
};

test('templates: counts, top-N on a measure, low-cardinality group-bys, and joins along relationships', () => {
  const ex = templateExamples([artist, album], joinEdges([artist, album], []), 'postgres');
  const byQ = new Map(ex.map((e) => [e.question, e]));
  assert.equal(byQ.get('How many artists are there?')?.sql, 'SELECT COUNT(*) AS "artist_count" FROM "Artist"');
  assert.equal(byQ.get('Which 10 albums have the highest price?')?.sql, 'SELECT "Title", "Price" FROM "Album" ORDER BY "Price" DESC LIMIT 10');
  assert.equal(byQ.get('Which artists have the most albums?')?.sql, 'SELECT p."Name", COUNT(*) AS "album_count" FROM "Album" c JOIN "Artist" p ON c."ArtistId" = p."ArtistId" GROUP BY p."ArtistId", p."Name" ORDER BY "album_count" DESC LIMIT 10');
  assert.deepEqual(byQ.get('Which artists have the most albums?')?.tables, ['Album', 'Artist']);
  // The same pairs in Chinese, keeping the schema's words.
  assert.equal(byQ.get('一共有多少个 artist？')?.sql, byQ.get('How many artists are there?')?.sql);
  assert.equal(byQ.get('哪些 artist 的 album 最多？')?.sql, byQ.get('Which artists have the most albums?')?.sql);
  assert.equal(byQ.get('price 最高的 10 个 album 是哪些？')?.sql, byQ.get('Which 10 albums have the highest price?')?.sql);
  const grouped = byQ.get('How many albums are there per format?');
  assert.equal(grouped?.maxGroups, 30, 'kept only when the column has few values');
  assert.ok(ex.every((e) => e.source === 'template'));
  // MySQL quoting
  assert.ok(templateExamples([artist], [], 'mysql')[0].sql.includes('`Artist`'));
});

test('templates read as written by a person: no double plurals, no ranking by flags or ids, measures and groupings that mean something', () => {
  const customers: Table = {
    name: 'customers', schema: null, kind: 'table', rowEstimate: 1,
    columns: [col('id', 'INTEGER', { primaryKey: true }), col('name', 'TEXT'), col('email', 'TEXT'), col('country', 'TEXT'), col('is_vip', 'BOOLEAN'), col('age', 'INTEGER'), col('postal_code', 'INTEGER')],
    foreignKeys: [], uniques: [],
  };
  const addresses: Table = {
    name: 'addresses', schema: null, kind: 'table', rowEstimate: 1,
    columns: [col('address_id', 'INTEGER', { primaryKey: true }), col('customer_id', 'INTEGER'), col('is_default', 'TINYINT(1)'), col('city', 'TEXT'), col('zip', 'TEXT')],
    foreignKeys: [{ columns: ['customer_id'], refTable: 'customers', refColumns: ['id'] }], uniques: [],
  };
  const orders: Table = {
    name: 'orders', schema: null, kind: 'table', rowEstimate: 1,
    columns: [col('id', 'INTEGER', { primaryKey: true }), col('customer_id', 'INTEGER'), col('order_number', 'INTEGER'), col('status_code', 'INTEGER'), col('total_amount', 'DECIMAL(10,2)'), col('channel', 'VARCHAR(20)')],
    foreignKeys: [{ columns: ['customer_id'], refTable: 'customers', refColumns: ['id'] }], uniques: [],
  };
  const tables = [customers, addresses, orders];
  const ex = templateExamples(tables, joinEdges(tables, []), 'mysql');
  const questions = ex.map((e) => e.question);
  assert.deepEqual(questions.filter((x) => /[a-z]\?$/.test(x) || /^[A-Z]/.test(x)), [
    'How many customers are there?',
    'Which 10 customers have the highest age?',
    'How many customers are there per country?',
    'How many addresses are there?',
    'How many addresses are there per city?',
    'How many orders are there?',
    'Which 10 orders have the highest total amount?',
    'How many orders are there per channel?',
    'Which customers have the most addresses?',
    'Which customers have the most orders?',
  ]);
  assert.ok(!questions.some((x) => /(seses|erses)\b/.test(x)), questions.join('\n'));
  assert.ok(!ex.some((e) => /ORDER BY `(is_vip|is_default|id|customer_id|order_number|status_code|postal_code)`/.test(e.sql)), 'no ranking by flags, keys or codes');
  assert.ok(!ex.some((e) => /GROUP BY `(email|zip|name)`/.test(e.sql)), 'no grouping by contact data or labels');
  // Every English question has its Chinese twin with the same SQL.
  const zh = ex.filter((e) => /[\u4e00-\u9fff]/.test(e.question));
  assert.equal(zh.length * 2, ex.length);
  assert.deepEqual(zh.map((e) => e.question), ['一共有多少个 customer？', 'age 最高的 10 个 customer 是哪些？', '每个 country 有多少个 customer？', '一共有多少个 address？', '每个 city 有多少个 address？', '一共有多少个 order？', 'total amount 最高的 10 个 order 是哪些？', '每个 channel 有多少个 order？', '哪些 customer 的 address 最多？', '哪些 customer 的 order 最多？']);
});

test('through a link table the question names the table on its other side', () => {
  const playlist: Table = { name: 'Playlist', schema: null, kind: 'table', rowEstimate: 1, columns: [col('PlaylistId', 'INTEGER', { primaryKey: true }), col('Name', 'TEXT')], foreignKeys: [], uniques: [] };
  const track: Table = { name: 'Track', schema: null, kind: 'table', rowEstimate: 1, columns: [col('TrackId', 'INTEGER', { primaryKey: true }), col('Name', 'TEXT')], foreignKeys: [], uniques: [] };
  const link: Table = {
    name: 'PlaylistTrack', schema: null, kind: 'table', rowEstimate: 1,
    columns: [col('PlaylistId', 'INTEGER', { primaryKey: true }), col('TrackId', 'INTEGER', { primaryKey: true })],
    foreignKeys: [{ columns: ['PlaylistId'], refTable: 'Playlist', refColumns: ['PlaylistId'] }, { columns: ['TrackId'], refTable: 'Track', refColumns: ['TrackId'] }], uniques: [],
  };
  const tables = [playlist, track, link];
  const qs = templateExamples(tables, joinEdges(tables, []), 'sqlite').map((e) => e.question);
  assert.ok(qs.includes('Which tracks are in the most playlists?') && qs.includes('哪些 track 出现在最多的 playlist 中？'), qs.join('\n'));
  assert.ok(!qs.some((x) => /playlist tracks\?$/.test(x) && x.startsWith('Which')), qs.join('\n'));
});

test('the label column is the one that names a row', () => {
  assert.equal(labelColumn(artist)?.name, 'Name');
  assert.equal(labelColumn(album)?.name, 'Title');
});

test('words for questions', () => {
  assert.equal(humanize('InvoiceLine'), 'invoice line');
  assert.equal(plural('invoice line'), 'invoice lines');
  assert.equal(plural('category'), 'categories');
  assert.equal(plural('box'), 'boxes');
  assert.equal(plural('customers'), 'customers');
  assert.equal(plural('addresses'), 'addresses');
  assert.equal(plural('order lines'), 'order lines');
  assert.deepEqual(tablesMentioned('SELECT * FROM "Album" JOIN artist ON x JOIN AlbumArt', ['Artist', 'Album', 'Track']), ['Artist', 'Album']);
});

test('LLM answers: a JSON array of pairs, also inside a code fence or prose; anything else yields nothing', () => {
  assert.deepEqual(parseExamplePairs('Here you go:\n```json\n[{"question":"How many?","sql":"SELECT 1;"}]\n```'), [{ question: 'How many?', sql: 'SELECT 1' }]);
  assert.deepEqual(parseExamplePairs('[{"question":"a","sql":"SELECT 2"},{"question":"no sql"},{"q":1},"x"]'), [{ question: 'a', sql: 'SELECT 2' }]);
  assert.deepEqual(parseExamplePairs('I cannot help with that.'), []);
  assert.deepEqual(parseExamplePairs('[not json]'), []);
  assert.deepEqual(parseExamplePairs('{"question":"a","sql":"b"}'), []);
});

test('examples go through the SQL guard: several statements, writes, executable comments and file functions are refused', () => {
  const ex = (sql: string) => ({ question: 'q', sql, source: 'llm' as const, tables: [] });
  assert.equal(guardExample(ex('SELECT 1;'), 'sqlite'), null);
  assert.equal(guardExample(ex("SELECT ';' AS x"), 'sqlite'), null);
  assert.equal(guardExample(ex('SELECT 1 -- ; not code'), 'sqlite'), null);
  assert.equal(guardExample(ex('SELECT 1; DROP TABLE x'), 'sqlite')?.refused, 'multiple-statements');
  assert.equal(guardExample(ex("SELECT Name FROM Customer /*! INTO OUTFILE '/tmp/x' */"), 'mysql')?.refused, 'executable-comment');
  assert.equal(guardExample(ex("SELECT Name FROM Customer INTO DUMPFILE '/tmp/x'"), 'mysql')?.refused, 'select-into');
  assert.equal(guardExample(ex("SELECT pg_read_file('/etc/passwd')"), 'postgres')?.refused, 'side-effect-function');
  assert.equal(guardExample(ex("SELECT * FROM dblink_exec('dbname=x', 'insert into t values (1)')"), 'postgres')?.refused, 'side-effect-function');
  assert.match(guardExample(ex('SELECT pg_terminate_backend(1)'), 'postgres')?.error ?? '', /ends another session/);
});

test('item ids come from content: equal content, equal id; any change, new id', () => {
  const a = exampleItem({ question: 'q', sql: 'SELECT 1', source: 'user', tables: ['T'] });
  const b = exampleItem({ question: 'q', sql: 'SELECT 1', source: 'user', tables: ['T'] });
  const c = exampleItem({ question: 'q', sql: 'SELECT 2', source: 'user', tables: ['T'] });
  assert.equal(a.id, b.id);
  assert.notEqual(a.id, c.id);
  assert.equal(a.embedText, 'q', 'examples are found by their question');
  const d1 = makeItem('documentation', 'x', 'x', { b: 1, a: 2 });
  const d2 = makeItem('documentation', 'x', 'x', { a: 2, b: 1 });
  assert.equal(d1.id, d2.id, 'metadata order does not matter');
  assert.equal(contentHash([a, c]), contentHash([c, a]));
  assert.notEqual(contentHash([a]), contentHash([a, c]));
});
