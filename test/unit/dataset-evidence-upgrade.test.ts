// Dataset files written before evidence became data (plain English strings) keep loading, show their strings as
// written in any language, and are upgraded by the next save: old strings stay strings, new evidence is stored as
// {kind, fields}. A damaged item does not make the file unreadable: it is shown as such and kept.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Table } from '../../src/core/datasource/types';
import { DatasetStore } from '../../src/core/dataset';
import { inferRelationships } from '../../src/core/modeling';
import { applyEdit, canvasState, type StateExtras } from '../../src/host/canvas/canvas-model';
import { chinese } from '../support/zh-render';

const dir = mkdtempSync(join(tmpdir(), 'tt-evidence-upgrade-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function table(name: string, cols: string[]): Table {
  return {
    name, schema: null, kind: 'table', rowEstimate: null, uniques: [], foreignKeys: [],
    columns: cols.map((c) => { const [n, type, pk] = c.split(':'); return { name: n, type, nullable: !pk, default: null, primaryKey: pk === 'pk', comment: null }; }),
  };
}
const schema = [
  table('authors', ['id:integer:pk', 'name:text']),
  table('books', ['id:integer:pk', 'title:text', 'author_id:integer', 'publisher_id:integer']),
  table('publishers', ['id:integer:pk', 'name:text']),
];
const extras: StateExtras = { key: 'k', datasourceName: 'lib', needsRetraining: false, problems: [], readOnly: false, inferring: false, history: { canUndo: false, canRedo: false }, revision: 1 };

/** A file as TableTalk wrote it before: evidence in English sentences. */
const oldFile = {
  version: 1, name: 'library', datasource: 'lib', collection: 'library-abc',
  tables: [{ name: 'authors', schema: null }, { name: 'books', schema: null }, { name: 'publishers', schema: null }],
  terms: [], examples: [],
  modeling: {
    relationships: [{
      id: 'books.author_id->authors.id', source: 'books', sourceColumns: ['author_id'], target: 'authors', targetColumns: ['id'],
      type: 'many-to-one', confidence: 0.93, origin: 'inferred',
      evidence: ['author_id names table authors', 'data: all 40 distinct values found in the target (100%)'],
    }],
    rejected: [], positions: {},
  },
};

test('an old file loads, shows its strings as written (English and Chinese UI alike), and the next save keeps them and stores new evidence as items', async () => {
  const datasets = join(dir, 'old');
  mkdirSync(datasets, { recursive: true });
  const path = join(datasets, 'library.json');
  writeFileSync(path, JSON.stringify(oldFile, null, 2));
  const store = new DatasetStore(datasets);
  const { datasets: listed, errors } = await store.list();
  assert.deepEqual(errors, []);
  assert.equal(listed.length, 1);
  const def = (await store.get('library'))!;
  const ctx = { def, schema, inferred: await inferRelationships(schema) };
  for (const render of [undefined, chinese]) {
    const state = canvasState(ctx, extras, render);
    assert.deepEqual(state.relationships.find((r) => r.id === 'books.author_id->authors.id')?.evidence, oldFile.modeling.relationships[0].evidence);
  }

  // The user accepts the open suggestion and the canvas saves.
  const open = canvasState(ctx, extras).suggestions;
  assert.deepEqual(open.map((s) => s.id), ['books.publisher_id->publishers.id']);
  const { def: next } = applyEdit(ctx, 'acceptSuggestions', { ids: ['books.publisher_id->publishers.id'] });
  await store.save(next);

  const written = JSON.parse(readFileSync(path, 'utf8')) as typeof oldFile;
  const [old, added] = written.modeling.relationships as { id: string; evidence: unknown[] }[];
  assert.deepEqual(old.evidence, oldFile.modeling.relationships[0].evidence, 'old strings stay strings');
  assert.ok(added.evidence.length >= 2 && added.evidence.every((e) => typeof e === 'object' && e !== null && 'kind' in e && 'fields' in e), JSON.stringify(added.evidence));
  assert.deepEqual(added.evidence[0], { kind: 'names-table', fields: { column: 'publisher_id', table: 'publishers' } });
  assert.ok(!JSON.stringify(added.evidence).includes(' names '), 'no sentence in the file');

  // Read back: the new evidence in the reader's language, the old as written.
  const reread = (await store.get('library'))!;
  const zh = canvasState({ ...ctx, def: reread }, extras, chinese);
  assert.deepEqual(zh.relationships.find((r) => r.id === 'books.publisher_id->publishers.id')?.evidence.slice(0, 1), ['publisher_id 指明了表 publishers']);
  assert.deepEqual(zh.relationships.find((r) => r.id === 'books.author_id->authors.id')?.evidence, oldFile.modeling.relationships[0].evidence);
  const en = canvasState({ ...ctx, def: reread }, extras);
  assert.deepEqual(en.relationships.find((r) => r.id === 'books.publisher_id->publishers.id')?.evidence.slice(0, 1), ['publisher_id names table publishers']);
});

test('damaged evidence items: the file still loads, each one is shown as unreadable with what it held, and a save loses none', async () => {
  const datasets = join(dir, 'damaged');
  mkdirSync(datasets, { recursive: true });
  const path = join(datasets, 'library.json');
  const damaged = [42, null, { kind: 'names-table' }, { kind: 'from-a-newer-version', fields: { column: 'author_id' } }, { kind: 'names-table', fields: { column: 'author_id' } }, { text: 'hand-written' }];
  const file = structuredClone(oldFile);
  (file.modeling.relationships[0].evidence as unknown[]) = ['author_id names table authors', ...damaged];
  writeFileSync(path, JSON.stringify(file, null, 2));
  const store = new DatasetStore(datasets);
  const def = await store.get('library');
  assert.ok(def, 'the file loads');
  const ctx = { def, schema, inferred: [] };
  const shown = canvasState(ctx, extras).relationships[0].evidence;
  assert.equal(shown[0], 'author_id names table authors');
  assert.deepEqual(shown.slice(1), damaged.map((d) => `evidence this version of TableTalk cannot read: ${JSON.stringify(d)}`));
  const zh = canvasState(ctx, extras, chinese).relationships[0].evidence;
  assert.deepEqual(zh.slice(1), damaged.map((d) => `此版本的 TableTalk 无法读取的依据：${JSON.stringify(d)}`));

  const { def: next } = applyEdit(ctx, 'moveNodes', { positions: { books: { x: 1, y: 2 } } });
  await store.save(next);
  const saved = JSON.parse(readFileSync(path, 'utf8')) as { modeling: { relationships: { evidence: unknown[] }[] } };
  // Items of a known shape are kept exactly; the others as their JSON, which is what is shown.
  assert.deepEqual(saved.modeling.relationships[0].evidence, [
    'author_id names table authors',
    { kind: 'unreadable', fields: { item: '42' } },
    { kind: 'unreadable', fields: { item: 'null' } },
    { kind: 'unreadable', fields: { item: '{"kind":"names-table"}' } },
    { kind: 'from-a-newer-version', fields: { column: 'author_id' } },
    { kind: 'names-table', fields: { column: 'author_id' } },
    { kind: 'unreadable', fields: { item: '{"text":"hand-written"}' } },
  ]);
  const again = canvasState({ ...ctx, def: (await store.get('library'))! }, extras).relationships[0].evidence;
  assert.deepEqual(again, shown, 'shown the same after the save');
});
