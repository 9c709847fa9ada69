// The canvas model without VS Code: state built from a definition + schema + inference, and validated edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Table } from '../../src/core/datasource/types';
import type { DatasetDefinition } from '../../src/core/dataset/types';
import { inferRelationships } from '../../src/core/modeling';
import { applyEdit, canvasState, EditError, EditHistory, type ModelContext, type StateExtras } from '../../src/host/canvas/canvas-model';

function table(name: string, cols: string[], fks: { columns: string[]; refTable: string; refColumns: string[] }[] = []): Table {
  return {
    name, schema: null, kind: 'table', rowEstimate: null, uniques: [], foreignKeys: fks,
    columns: cols.map((c) => { const [n, type, pk] = c.split(':'); return { name: n, type, nullable: !pk, default: null, primaryKey: pk === 'pk', comment: null }; }),
  };
}

const schema: Table[] = [
  table('authors', ['id:integer:pk', 'name:text']),
  table('books', ['id:integer:pk', 'author_id:integer', 'publisher_id:integer'], [{ columns: ['publisher_id'], refTable: 'publishers', refColumns: ['id'] }]),
  table('publishers', ['id:integer:pk', 'name:text']),
  table('tags', ['id:integer:pk', 'label:text']),
  table('book_tags', ['book_id:integer:pk', 'tag_id:integer:pk']),
  table('reviews', ['id:integer:pk', 'book_id:integer']),
];

function dataset(over: Partial<DatasetDefinition['modeling']> = {}, tables = ['authors', 'books', 'publishers', 'tags', 'book_tags']): DatasetDefinition {
  return {
    version: 1, name: 'library', datasource: 'lib', collection: 'library-abc', terms: [], examples: [],
    tables: tables.map((name) => ({ name, schema: null })),
    modeling: { relationships: [], rejected: [], positions: {}, ...over },
  };
}

const extras: StateExtras = { key: 'k', datasourceName: 'lib', needsRetraining: false, problems: [], readOnly: false, inferring: false, history: { canUndo: false, canRedo: false }, revision: 1 };

async function context(def = dataset()): Promise<ModelContext> {
  const keys = def.tables.map((t) => t.name);
  return { def, schema, inferred: await inferRelationships(schema.filter((t) => keys.includes(t.name))) };
}

test('state: declared keys are relationships, inferred ones suggestions; FK markers; available tables', async () => {
  const s = canvasState(await context(), extras);
  assert.deepEqual(s.relationships.map((r) => [r.id, r.origin]), [['books.publisher_id->publishers.id', 'declared']]);
  const ids = s.suggestions.map((r) => r.id).sort();
  assert.ok(ids.includes('books.author_id->authors.id'));
  assert.ok(ids.includes('book_tags.book_id->books.id') && ids.includes('book_tags.tag_id->tags.id'));
  assert.ok(s.suggestions.some((r) => r.type === 'many-to-many' && r.via === 'book_tags'), 'books N:M tags via book_tags');
  assert.equal(s.tables.find((t) => t.id === 'books')!.columns.find((c) => c.name === 'publisher_id')!.foreignKey, true);
  assert.equal(s.tables.find((t) => t.id === 'books')!.columns.find((c) => c.name === 'author_id')!.foreignKey, false);
  assert.deepEqual(s.available.map((t) => t.id), ['reviews']);
});

test('broken relationships are kept and explained; a missing table is shown as missing', async () => {
  const def = dataset({ relationships: [{ id: 'books.editor_id->authors.id', source: 'books', sourceColumns: ['editor_id'], target: 'authors', targetColumns: ['id'], type: 'many-to-one', confidence: 1, origin: 'user' }] }, ['authors', 'books', 'gone']);
  const s = canvasState({ ...(await context(def)), def }, extras);
  const broken = s.relationships.find((r) => r.id === 'books.editor_id->authors.id')!;
  assert.equal(broken.broken, 'column books.editor_id no longer exists');
  assert.match(s.tables.find((t) => t.id === 'gone')!.missing!, /no longer exists in the database/);
  assert.ok(s.problems.some((p) => p.message.includes('1 relationship is broken')));
});

test('accept one suggestion, all above a threshold, and a many-to-many as its two joins', async () => {
  let ctx = await context();
  const one = applyEdit(ctx, 'acceptSuggestions', { ids: ['books.author_id->authors.id'] });
  assert.deepEqual(one.result, { accepted: 1 });
  assert.deepEqual(one.def.modeling.relationships.map((r) => [r.id, r.origin]), [['books.author_id->authors.id', 'inferred']]);
  ctx = { ...ctx, def: one.def };
  assert.ok(!canvasState(ctx, extras).suggestions.some((s) => s.id === 'books.author_id->authors.id'), 'accepted: no longer suggested');

  const nm = canvasState(ctx, extras).suggestions.find((s) => s.type === 'many-to-many')!;
  const joined = applyEdit(ctx, 'acceptSuggestions', { ids: [nm.id] });
  assert.deepEqual(joined.def.modeling.relationships.map((r) => r.id).sort(), ['book_tags.book_id->books.id', 'book_tags.tag_id->tags.id', 'books.author_id->authors.id']);
  assert.ok(joined.def.modeling.relationships.every((r) => r.type !== 'many-to-many'), 'stored as direct joins');
  assert.ok(!canvasState({ ...ctx, def: joined.def }, extras).suggestions.some((s) => s.via), 'the N:M is satisfied');

  const all = applyEdit(await context(), 'acceptSuggestions', { minConfidence: 0.5 });
  assert.ok(all.def.modeling.relationships.length >= 3);
  assert.ok(all.def.modeling.relationships.every((r) => r.confidence >= 0.5));
  assert.throws(() => applyEdit(ctx, 'acceptSuggestions', { ids: ['nope'] }), /No open suggestion "nope"/);
});

test('reject: the suggestion is remembered and not offered again', async () => {
  const ctx = await context();
  const r = applyEdit(ctx, 'rejectSuggestions', { ids: ['books.author_id->authors.id'] });
  assert.deepEqual(r.def.modeling.rejected, ['books.author_id->authors.id']);
  assert.ok(!canvasState({ ...ctx, def: r.def }, extras).suggestions.some((s) => s.id === 'books.author_id->authors.id'));
});

test('createRelationship validates tables and columns, orients from the reference to the key, refuses duplicates', async () => {
  const ctx = await context();
  const drawn = applyEdit(ctx, 'createRelationship', { source: 'authors', sourceColumns: ['id'], target: 'books', targetColumns: ['author_id'] });
  const rel = drawn.def.modeling.relationships[0];
  assert.deepEqual([rel.id, rel.type, rel.origin, rel.confidence], ['books.author_id->authors.id', 'many-to-one', 'user', 1]);
  assert.deepEqual(drawn.result, { id: 'books.author_id->authors.id' });
  const after = { ...ctx, def: drawn.def };
  assert.throws(() => applyEdit(after, 'createRelationship', { source: 'books', sourceColumns: ['author_id'], target: 'authors', targetColumns: ['id'] }), /already related/);
  assert.throws(() => applyEdit(ctx, 'createRelationship', { source: 'books', sourceColumns: ['writer_id'], target: 'authors', targetColumns: ['id'] }), /books has no column writer_id/);
  assert.throws(() => applyEdit(ctx, 'createRelationship', { source: 'reviews', sourceColumns: ['book_id'], target: 'books', targetColumns: ['id'] }), /reviews is not a table of the dataset/);
  assert.throws(() => applyEdit(ctx, 'createRelationship', { source: 'books', sourceColumns: ['publisher_id'], target: 'publishers', targetColumns: ['id'] }), /already related \(books.publisher_id->publishers.id\)/, 'declared keys count');
  assert.throws(() => applyEdit({ ...ctx, schema: null }, 'createRelationship', { source: 'books', sourceColumns: ['author_id'], target: 'authors', targetColumns: ['id'] }), EditError);
});

test('type change and delete touch the model only; declared keys cannot be deleted', async () => {
  const ctx = await context();
  const drawn = applyEdit(ctx, 'createRelationship', { source: 'books', sourceColumns: ['author_id'], target: 'authors', targetColumns: ['id'] });
  const c2 = { ...ctx, def: drawn.def };
  const typed = applyEdit(c2, 'updateRelationship', { id: 'books.author_id->authors.id', type: 'one-to-one' });
  assert.equal(typed.def.modeling.relationships[0].type, 'one-to-one');
  const deleted = applyEdit(c2, 'deleteRelationship', { id: 'books.author_id->authors.id' });
  assert.deepEqual(deleted.def.modeling.relationships, []);
  assert.throws(() => applyEdit(c2, 'deleteRelationship', { id: 'books.publisher_id->publishers.id' }), /declared in the database/);
});

test('tables: add from the database, remove with their relationships and positions; positions validated', async () => {
  const ctx = await context(dataset({ positions: { books: { x: 1, y: 2 }, tags: { x: 5, y: 5 } } }));
  const added = applyEdit(ctx, 'addTables', { tables: ['reviews'] });
  assert.deepEqual(added.def.tables.map((t) => t.name), ['authors', 'books', 'publishers', 'tags', 'book_tags', 'reviews']);
  assert.throws(() => applyEdit(ctx, 'addTables', { tables: ['nope'] }), /No table nope in the database/);
  const drawn = applyEdit(ctx, 'createRelationship', { source: 'books', sourceColumns: ['author_id'], target: 'authors', targetColumns: ['id'] });
  const removed = applyEdit({ ...ctx, def: drawn.def }, 'removeTables', { tables: ['authors', 'tags'] });
  assert.deepEqual(removed.def.tables.map((t) => t.name), ['books', 'publishers', 'book_tags']);
  assert.deepEqual(removed.def.modeling.relationships, []);
  assert.deepEqual(Object.keys(removed.def.modeling.positions), ['books']);
  const moved = applyEdit(ctx, 'moveNodes', { positions: { books: { x: 10.6, y: -3.2 } } });
  assert.deepEqual(moved.def.modeling.positions, { books: { x: 11, y: -3 }, tags: { x: 5, y: 5 } });
  assert.throws(() => applyEdit(ctx, 'moveNodes', { positions: { reviews: { x: 0, y: 0 } } }), /Not tables of the dataset: reviews/);
});

test('undo and redo restore whole steps', async () => {
  const ctx = await context();
  const history = new EditHistory();
  const a = applyEdit(ctx, 'moveNodes', { positions: { books: { x: 1, y: 1 } } });
  history.record(ctx.def);
  const b = applyEdit({ ...ctx, def: a.def }, 'acceptSuggestions', { minConfidence: 0.5 });
  history.record(a.def);
  assert.deepEqual(history.state, { canUndo: true, canRedo: false });
  const undone = history.undo(b.def);
  assert.deepEqual(undone.modeling, a.def.modeling);
  assert.deepEqual(history.redo(undone).modeling, b.def.modeling);
  history.undo(b.def);
  history.undo(a.def);
  assert.throws(() => history.undo(ctx.def), /Nothing to undo/);
});

test('tables in a schema: refs without a schema and relationships naming bare tables resolve like training does', async () => {
  const inSchema = schema.map((t) => ({ ...t, schema: 'public', foreignKeys: t.foreignKeys.map((f) => ({ ...f, refSchema: null })) }));
  const def = dataset({ relationships: [{ id: 'books.author_id->authors.id', source: 'books', sourceColumns: ['author_id'], target: 'authors', targetColumns: ['id'], type: 'many-to-one', confidence: 1, origin: 'user' }], positions: { books: { x: 3, y: 4 } } });
  const ctx: ModelContext = { def, schema: inSchema, inferred: await inferRelationships(inSchema.filter((t) => t.name !== 'reviews')) };
  const s = canvasState(ctx, extras);
  assert.deepEqual(s.tables.map((t) => t.id), ['public.authors', 'public.books', 'public.publishers', 'public.tags', 'public.book_tags']);
  assert.ok(s.tables.every((t) => !t.missing));
  const drawn = s.relationships.find((r) => r.id === 'books.author_id->authors.id')!;
  assert.deepEqual([drawn.source, drawn.target, drawn.broken], ['public.books', 'public.authors', undefined]);
  assert.deepEqual(s.positions, { 'public.books': { x: 3, y: 4 } });
  assert.ok(!s.suggestions.some((x) => x.source === 'public.books' && x.sourceColumns[0] === 'author_id'), 'already modelled under its bare name');
  const removed = applyEdit(ctx, 'removeTables', { tables: ['public.authors'] });
  assert.deepEqual(removed.def.modeling.relationships, []);
});

test('state: table and column comments, the dataset file\'s descriptions first', async () => {
  const commented = schema.map((t) => (t.name === 'books' ? { ...t, comment: '图书', columns: t.columns.map((c) => ({ ...c, comment: c.name === 'author_id' ? '作者编号' : null })) } : t));
  const def = { ...dataset(), descriptions: { 'books.publisher_id': '出版社编号' } };
  const s = canvasState({ ...(await context(def)), schema: commented }, extras);
  const books = s.tables.find((t) => t.id === 'books')!;
  assert.equal(books.comment, '图书');
  assert.deepEqual(books.columns.map((c) => c.comment), [undefined, '作者编号', '出版社编号']);
  assert.equal(s.tables.find((t) => t.id === 'authors')!.comment, undefined);
});
