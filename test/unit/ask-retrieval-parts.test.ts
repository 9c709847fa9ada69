import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../src/core/ask/tokenize';
import { Bm25Index } from '../../src/core/ask/bm25';
import { JoinGraph, describeStep } from '../../src/core/ask/joinPaths';

test('tokenize splits identifiers, singularises, drops stop words and keeps compounds', () => {
  assert.deepEqual(tokenize('Which InvoiceLines belong to customer_ids?'), ['invoice', 'line', 'invoiceline', 'belong', 'customer', 'id', 'customerid']);
  assert.deepEqual(tokenize('albums by artists'), ['album', 'artist']);
  assert.deepEqual(tokenize('categories'), ['category']);
  assert.deepEqual(tokenize('mediaTypeId'), ['media', 'type', 'id', 'mediatypeid']);
});

test('tokenize turns Chinese into character bigrams, also inside mixed text', () => {
  assert.deepEqual(tokenize('销售额'), ['销售', '售额']);
  assert.deepEqual(tokenize('每个国家的销售额 by Country'), ['每个', '个国', '国家', '家的', '的销', '销售', '售额', 'country']);
  assert.deepEqual(tokenize('歌'), ['歌']);
});

test('BM25 ranks the document sharing the rarest terms first', () => {
  const idx = new Bm25Index();
  idx.add('CREATE TABLE Artist (ArtistId INTEGER, Name TEXT)');
  idx.add('CREATE TABLE Album (AlbumId INTEGER, Title TEXT, ArtistId INTEGER)');
  idx.add('CREATE TABLE Track (TrackId INTEGER, Name TEXT, AlbumId INTEGER, Composer TEXT)');
  idx.add('销售额: 发票明细的单价乘以数量');
  const hits = idx.search('Which composers wrote the most tracks?');
  assert.equal(hits[0].index, 2);
  assert.equal(idx.search('Albums of each artist')[0].index, 1);
  assert.equal(idx.search('按国家统计销售额')[0].index, 3);
  assert.deepEqual(idx.search('zebra'), []);
});

const chinookEdges = [
  ['Album', 'ArtistId', 'Artist', 'ArtistId'],
  ['Track', 'AlbumId', 'Album', 'AlbumId'],
  ['Track', 'GenreId', 'Genre', 'GenreId'],
  ['Track', 'MediaTypeId', 'MediaType', 'MediaTypeId'],
  ['PlaylistTrack', 'TrackId', 'Track', 'TrackId'],
  ['PlaylistTrack', 'PlaylistId', 'Playlist', 'PlaylistId'],
  ['InvoiceLine', 'TrackId', 'Track', 'TrackId'],
  ['InvoiceLine', 'InvoiceId', 'Invoice', 'InvoiceId'],
  ['Invoice', 'CustomerId', 'Customer', 'CustomerId'],
  ['Customer', 'SupportRepId', 'Employee', 'EmployeeId'],
  ['Employee', 'ReportsTo', 'Employee', 'EmployeeId'],
].map(([from, fc, to, tc]) => ({ from, fromColumns: [fc], to, toColumns: [tc] }));

test('join graph finds the bridge table between two tables and describes each hop', () => {
  const g = new JoinGraph(chinookEdges);
  const p = g.shortestPath('playlist', 'Genre');
  assert.ok(p);
  assert.deepEqual(p.tables, ['Playlist', 'PlaylistTrack', 'Track', 'Genre']);
  assert.equal(describeStep(p.steps[0]), 'Playlist.PlaylistId = PlaylistTrack.PlaylistId');
  assert.equal(g.shortestPath('Artist', 'Genre', 2), null, 'paths longer than maxHops are not offered');
});

test('connect adds the bridges of a greedy Steiner tree, attributed to the table that needed them', () => {
  const g = new JoinGraph(chinookEdges);
  const { paths, bridgesOf } = g.connect(['Genre', 'Customer', 'Track']);
  assert.deepEqual(bridgesOf.get('Customer'), ['Track', 'InvoiceLine', 'Invoice']);
  assert.equal(paths.length, 1, 'Track is already in the tree when its turn comes');
  const lone = new JoinGraph(chinookEdges).connect(['Artist', 'Nowhere']);
  assert.equal(lone.paths.length, 0);
});

test('an uncertain relationship loses to a certain one of the same length', () => {
  const g = new JoinGraph([
    { from: 'A', fromColumns: ['b'], to: 'B', toColumns: ['id'], confidence: 0.4 },
    { from: 'B', fromColumns: ['d'], to: 'D', toColumns: ['id'], confidence: 0.4 },
    { from: 'A', fromColumns: ['c'], to: 'C', toColumns: ['id'], confidence: 1 },
    { from: 'C', fromColumns: ['d'], to: 'D', toColumns: ['id'], confidence: 1 },
  ]);
  assert.deepEqual(g.shortestPath('A', 'D')?.tables, ['A', 'C', 'D']);
});
