// A business term whose definition names a table ("stored in the Artist table", `Track.GenreId`) points at it
// without a separate tables field, in Chinese questions too; names that are only words inside other words do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RetrievalCorpus, type RawRecord } from '../../src/core/ask/corpus';
import { rankFull } from '../../src/core/ask/rank';
import type { DatasetDefinition } from '../../src/core/dataset/types';

const names = ['Artist', 'Album', 'Track', 'Genre', 'artist_agency', 'genre_trend_report', 'Payroll'];
const ddl: RawRecord[] = names.map((n) => ({ id: `ddl-${n}`, document: `CREATE TABLE "${n}" ("Id" INTEGER)`, metadata: { table: n } }));
const dataset: DatasetDefinition = {
  version: 1,
  name: 'music',
  datasource: 'sqlite:///m.db',
  collection: 'music-1',
  tables: names.map((name) => ({ name, schema: null })),
  terms: [
    { term: '艺术家', definition: 'Musicians and bands; stored in the Artist table.' },
    { term: '流派', definition: 'Rock, Jazz...: rows of Genre, linked from `Track.GenreId`.' },
    { term: '工资', definition: 'Monthly pay of the staff.' },
  ],
  examples: [],
  modeling: { relationships: [], rejected: [], positions: {} },
};
const corpus = new RetrievalCorpus({ ddl, documentation: [], sql: [] }, dataset);

test('terms point at the tables their definitions name', () => {
  assert.deepEqual(corpus.matchTerms('哪位艺术家的专辑最多？').map((m) => m.tables), [['Artist']]);
  assert.deepEqual(corpus.matchTerms('每种流派有多少首歌？').map((m) => m.tables), [['Track', 'Genre']]);
  assert.deepEqual(corpus.matchTerms('工资是多少'), [], 'a definition naming no table points nowhere');
  assert.deepEqual(corpus.matchTerms('哪位艺术家的专辑最多？', { linkDefinitions: false }), []);
});

test('a linked term ranks its table first in a Chinese question', () => {
  const r = rankFull('哪位艺术家最受欢迎？', corpus, { ddl: [], documentation: [], sql: [] }, { k: 3 });
  assert.equal(r.tables[0].table, 'Artist');
  assert.ok(r.tables[0].reasons.includes('term:艺术家'), r.tables[0].reasons.join(' '));
});
