// Evidence is data, rendered in the reader's language: real inference on Chinook (the SQLite file, its data
// sampled) shown under the Chinese UI has no English word of TableTalk's own, only the database's names; the
// canvas's reasons, problems and edit errors too. English stays what the CLI always printed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { connect, parseDatasourceUrl, type Driver, type Table } from '../../src/core/datasource';
import type { DatasetDefinition } from '../../src/core/dataset/types';
import { describe } from '../../src/core/errors';
import { english } from '../../src/core/messages';
import { inferRelationships, nameWords, type InferredRelationship } from '../../src/core/modeling';
import { renderEvidence } from '../../src/core/modeling/evidence';
import { applyEdit, canvasState, type StateExtras } from '../../src/host/canvas/canvas-model';
import { chinese, englishWords } from '../support/zh-render';

const chinookFile = join(process.env.TABLETALK_CHINOOK_DIR ?? join(__dirname, '../../../shared/datasets/chinook'), 'Chinook_Sqlite.sqlite');
const skip = existsSync(chinookFile) ? undefined : `Chinook SQLite file not found at ${chinookFile}`;

let driver: Driver;
let tables: Table[];
let identifiers: Set<string>;
let inferred: InferredRelationship[];
before(async () => {
  if (skip) return;
  driver = await connect(parseDatasourceUrl(`sqlite://${chinookFile}`));
  tables = (await driver.introspect()).tables;
  identifiers = new Set(tables.flatMap((t) => [t.name, ...t.columns.flatMap((c) => [c.name, c.type, ...nameWords(c.name)])]));
  // Declared keys, the same keys found again from names and data, names and types only, and weak candidates kept.
  inferred = [
    ...(await inferRelationships(tables, { driver })),
    ...(await inferRelationships(tables, { driver, ignoreDeclared: true, minConfidence: 0 })),
    ...(await inferRelationships(tables, { ignoreDeclared: true, minConfidence: 0 })),
  ];
});
after(async () => {
  await driver?.close();
});

test('every evidence of inference on Chinook renders in Chinese with no English word of TableTalk, names and figures kept', { skip }, () => {
  const items = inferred.flatMap((r) => r.evidence);
  const kinds = new Set(items.map((e) => e.kind));
  assert.ok(kinds.size >= 15, `${kinds.size} kinds of evidence: ${[...kinds].join(', ')}`);
  for (const e of items) {
    const zh = renderEvidence(e, chinese);
    assert.deepEqual(englishWords(zh, identifiers), [], `"${zh}" (${e.kind})`);
    assert.match(zh, /[\u4e00-\u9fff]/, zh);
    for (const v of Object.values(e.fields)) assert.ok(zh.includes(String(v)) || zh.includes(`${v}%`), `"${zh}" keeps ${v}`);
  }
  // The English the CLI printed before evidence became data, word for word.
  const track = inferred.find((r) => r.id === 'Track.AlbumId->Album.AlbumId' && r.origin === 'inferred')!;
  const said = track.evidence.map((e) => renderEvidence(e, english));
  assert.ok(said.includes('AlbumId names table Album'), said.join(' | '));
  assert.ok(said.includes('data: all 200 sampled distinct values found in the target (100%)'), said.join(' | '));
  assert.ok(said.includes('types match (INTEGER and INTEGER)'), said.join(' | '));
});

const extras: StateExtras = { key: 'chinook', datasourceName: 'chinook', needsRetraining: false, problems: [], readOnly: false, inferring: false, history: { canUndo: false, canRedo: false }, revision: 1 };

test('the canvas under the Chinese UI: evidence, broken and locked reasons, a missing table, problems and an edit error in Chinese', { skip }, () => {
  const def: DatasetDefinition = {
    version: 1, name: 'chinook', datasource: 'chinook', collection: 'chinook-abc', terms: [], examples: [],
    tables: [...['Album', 'Artist', 'Track', 'Genre', 'Employee', 'Customer'].map((name) => ({ name, schema: null })), { name: 'Gone', schema: null }],
    modeling: {
      relationships: [
        { id: 'Track.Lyrics->Album.AlbumId', source: 'Track', sourceColumns: ['Lyrics'], target: 'Album', targetColumns: ['AlbumId'], type: 'many-to-one', confidence: 1, origin: 'user', evidence: [{ kind: 'drawn', fields: {} }] },
        { id: 'Track.GenreId->Genre.GenreId,Name', source: 'Track', sourceColumns: ['GenreId'], target: 'Genre', targetColumns: ['GenreId', 'Name'], type: 'many-to-one', confidence: 1, origin: 'user', evidence: [] },
      ],
      rejected: [],
      positions: {},
    },
  };
  // Track's keys undeclared, so that what inference found for them is suggested.
  const schema = tables.map((t) => (t.name === 'Track' ? { ...t, foreignKeys: [] } : t));
  const ctx = { def, schema, inferred: inferred.filter((r) => r.origin === 'inferred') };
  const zh = canvasState(ctx, extras, chinese);
  const texts = [
    ...zh.relationships.flatMap((r) => [...r.evidence, r.broken ?? '', r.locked ?? '']),
    ...zh.suggestions.flatMap((r) => r.evidence),
    ...zh.tables.map((t) => t.missing ?? ''),
    ...zh.problems.map((p) => p.message),
  ].filter(Boolean);
  assert.ok(zh.suggestions.length > 0 && zh.relationships.some((r) => r.locked), JSON.stringify(zh.relationships.map((r) => [r.id, r.broken, r.locked])));
  assert.equal(zh.relationships.filter((r) => r.broken).length, 2, JSON.stringify(zh.relationships.map((r) => [r.id, r.broken, r.locked])));
  assert.ok(identifiers.add('Gone') && identifiers.add('Lyrics'));
  for (const t of texts) assert.deepEqual(englishWords(t, identifiers), [], t);
  assert.equal(zh.tables.find((t) => t.id === 'Gone')?.missing, 'Gone 在数据库中已不存在');
  assert.equal(zh.relationships.find((r) => r.id === 'Track.Lyrics->Album.AlbumId')?.broken, '字段 Track.Lyrics 已不存在');
  assert.match(zh.problems[0].message, /^2 个关系已失效/);

  const en = canvasState(ctx, extras);
  assert.equal(en.relationships.find((r) => r.id === 'Track.Lyrics->Album.AlbumId')?.broken, 'column Track.Lyrics no longer exists');
  assert.deepEqual(en.relationships.find((r) => r.id === 'Track.Lyrics->Album.AlbumId')?.evidence, ['drawn on the modeling canvas']);

  assert.throws(() => applyEdit(ctx, 'addTables', { tables: ['Album'] }), (err) => {
    assert.equal(describe(err, chinese).message, 'Album 已在数据集中');
    assert.equal(describe(err, english).message, 'Album is already in the dataset');
    return true;
  });
});
