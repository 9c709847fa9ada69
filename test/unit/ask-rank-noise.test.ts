// Ranking against noise: a Chinese question over English identifiers gets its vector hits from hashing collisions
// (cosine similarity ~0.1), and a large, densely joined part of the schema gathers many weak seeds from them. The
// tables the bilingual bridge names must not lose to either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RetrievalCorpus, type RawRecord } from '../../src/core/ask/corpus';
import { selectConnected } from '../../src/core/ask/connected';
import { JoinGraph, type JoinEdge } from '../../src/core/ask/joinPaths';
import { rankFull, type RankedTable } from '../../src/core/ask/rank';
import type { DatasetDefinition } from '../../src/core/dataset/types';

const edge = (from: string, to: string): JoinEdge => ({ from, fromColumns: [`${to}_id`], to, toColumns: ['id'] });
// A shop (five tables joined together) and a hotel (two).
const graph = new JoinGraph([edge('sales_order', 'customer'), edge('sales_order', 'store'), edge('order_item', 'sales_order'), edge('order_item', 'product'), edge('hotel_room', 'hotel')]);
const ranked = (list: [string, number][]): RankedTable[] => list.map(([table, score]) => ({ table, score, reasons: ['test'] }));

test('two strong seeds that join outrank a larger group of weaker ones', () => {
  const fused = ranked([['hotel_room', 0.3], ['store', 0.27], ['hotel', 0.25], ['customer', 0.22], ['sales_order', 0.21], ['order_item', 0.2], ['product', 0.19]]);
  const tables = selectConnected(fused, graph, (t) => t, { k: 5, maxHops: 4, seedRatio: 0.4 }).map((t) => t.table);
  assert.ok(tables.includes('hotel_room') && tables.includes('hotel'), tables.join(', '));
  assert.equal(tables[0], 'hotel_room');
});

test('a group still wins on its strongest seeds when they are the stronger ones', () => {
  const fused = ranked([['sales_order', 0.3], ['customer', 0.28], ['hotel', 0.2], ['hotel_room', 0.19], ['store', 0.15], ['product', 0.14]]);
  const tables = selectConnected(fused, graph, (t) => t, { k: 3, maxHops: 4, seedRatio: 0.4 }).map((t) => t.table);
  assert.deepEqual(tables.slice(0, 2), ['sales_order', 'customer']);
  assert.ok(!tables.includes('hotel_room'), tables.join(', '));
});

const ddl = (name: string, cols: string[]): RawRecord => ({
  id: `ddl-${name}`,
  document: `CREATE TABLE "${name}" (\n${cols.map((c) => `  "${c}" TEXT`).join(',\n')}\n);`,
  metadata: { table: name, kind: 'ddl' },
});
const records = { ddl: [ddl('hotel', ['hotel_name', 'stars', 'city']), ddl('store', ['store_name', 'city']), ddl('customer', ['full_name', 'city'])], documentation: [], sql: [] };
const dataset: DatasetDefinition = {
  version: 1,
  name: 'noise',
  datasource: 'sqlite:///noise.db',
  collection: 'noise-1',
  tables: records.ddl.map((r) => ({ name: String(r.metadata.table), schema: null })),
  terms: [],
  examples: [],
  modeling: { relationships: [], rejected: [], positions: {} },
};
// The vector store's answer: store first, customer second, at a given cosine distance.
const hits = (distance: number) => ({
  ddl: [records.ddl[1], records.ddl[2]].map((r, i) => ({ id: r.id, document: r.document, metadata: r.metadata as Record<string, string>, distance: distance + i * 0.01 })),
  documentation: [],
  sql: [],
});

test('vector hits that share next to nothing with the question weigh less than real matches', () => {
  const corpus = new RetrievalCorpus(records, dataset);
  const question = '哪些酒店是五星级？';
  const score = (distance: number | null, t: string) =>
    rankFull(question, corpus, distance === null ? { ddl: [], documentation: [], sql: [] } : hits(distance), { k: 3 }).tables.find((x) => x.table === t)?.score ?? 0;
  assert.equal(rankFull(question, corpus, hits(0.9), { k: 3 }).tables[0].table, 'hotel', 'the bridge names 酒店 = hotel');
  // What the vector hits add to store, at a cosine similarity of 0.1 (noise) and of 0.7 (a real match).
  const noise = score(0.9, 'store') - score(null, 'store');
  const real = score(0.3, 'store') - score(null, 'store');
  assert.ok(real > 0, `a real match counts: ${real}`);
  assert.ok(noise <= real * 0.6, `store gains ${noise} from noise and ${real} from a real match`);
});
