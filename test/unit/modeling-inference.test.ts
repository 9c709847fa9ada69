// Inference from names, types and keys alone (no database): schemas that are not Chinook, in several naming styles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Table } from '../../src/core/datasource/types';
import { inferRelationships, modelHash, nameWords, needsRetraining, type InferredRelationship } from '../../src/core/modeling';
import { renderEvidence } from '../../src/core/modeling/evidence';
import { english } from '../../src/core/messages';

/** A relationship's evidence as the English CLI prints it. */
const said = (r: { evidence: Parameters<typeof renderEvidence>[0][] }) => r.evidence.map((e) => renderEvidence(e, english));

/** `table('posts', 'id:int pk', 'user_id:int', 'title:text')`; "fk=table.col" declares a foreign key. */
function table(name: string, ...cols: string[]): Table {
  const t: Table = { name, schema: null, kind: 'table', rowEstimate: null, columns: [], foreignKeys: [], uniques: [] };
  for (const spec of cols) {
    const [col, type, ...flags] = spec.split(/[: ]/);
    t.columns.push({ name: col, type, nullable: !flags.includes('pk'), default: null, primaryKey: flags.includes('pk'), comment: null });
    if (flags.includes('unique')) t.uniques.push({ name: null, columns: [col] });
    const fk = flags.find((f) => f.startsWith('fk='));
    if (fk) {
      const [refTable, refCol] = fk.slice(3).split('.');
      t.foreignKeys.push({ columns: [col], refTable, refColumns: [refCol] });
    }
  }
  return t;
}

const find = (rels: InferredRelationship[], source: string, col: string) => rels.filter((r) => r.source === source && r.sourceColumns.join(',') === col);
const suggested = (rels: InferredRelationship[]) => rels.filter((r) => r.confidence >= 0.5 && r.type !== 'many-to-many').map((r) => r.id).sort();

test('identifier words: separators, camelCase, acronyms and plurals compare equal', () => {
  assert.deepEqual(nameWords('MediaTypeId'), ['media', 'type', 'id']);
  assert.deepEqual(nameWords('media_type_id'), ['media', 'type', 'id']);
  assert.deepEqual(nameWords('mediaTypeID'), ['media', 'type', 'id']);
  assert.deepEqual(nameWords('wp_posts'), ['wp', 'post']);
  assert.deepEqual(nameWords('People'), ['person']);
  assert.deepEqual(nameWords('Categories'), ['category']);
});

test('Rails-style schema: <table>_id to plural tables, *_by to users, parent_id to the same table', async () => {
  const tables = [
    table('users', 'id:integer pk', 'email:varchar'),
    table('posts', 'id:integer pk', 'user_id:integer', 'title:varchar'),
    table('categories', 'id:integer pk', 'parent_id:integer', 'name:varchar'),
    table('comments', 'id:integer pk', 'post_id:integer', 'created_by:integer', 'body:text'),
  ];
  const rels = await inferRelationships(tables);
  assert.deepEqual(suggested(rels), ['comments.created_by->users.id', 'comments.post_id->posts.id', 'posts.user_id->users.id']);
  const [parent] = find(rels, 'categories', 'parent_id');
  assert.equal(parent.target, 'categories', 'parent_id is a self-reference');
  assert.ok(parent.confidence < 0.5, 'a hierarchy guessed from the name alone needs the data to be suggested');
  assert.ok(said(parent).some((e) => e.includes('data not checked')));
  for (const r of rels) {
    assert.equal(r.origin, 'inferred');
    assert.ok(r.confidence > 0 && r.confidence < 1);
    assert.ok(r.evidence.length >= 2, `${r.id} explains itself`);
  }
});

test('WordPress-style prefixes: wp_posts is "post"; post_author points at users', async () => {
  const tables = [
    table('wp_users', 'ID:bigint pk', 'user_login:varchar'),
    table('wp_posts', 'ID:bigint pk', 'post_author:bigint', 'post_title:text'),
    table('wp_postmeta', 'meta_id:bigint pk', 'post_id:bigint', 'meta_key:varchar'),
    table('wp_comments', 'comment_ID:bigint pk', 'comment_post_ID:bigint', 'user_id:bigint'),
  ];
  const rels = await inferRelationships(tables);
  assert.deepEqual(
    suggested(rels),
    ['wp_comments.comment_post_ID->wp_posts.ID', 'wp_comments.user_id->wp_users.ID', 'wp_postmeta.post_id->wp_posts.ID'],
  );
  assert.ok(said(find(rels, 'wp_postmeta', 'post_id')[0]).some((e) => e.includes('table prefix')));
  const [author] = find(rels, 'wp_posts', 'post_author');
  assert.equal(author.target, 'wp_users');
});

test('PascalCase <Table>Id, same-named primary keys, and a table\'s own key is never a reference', async () => {
  const tables = [
    table('Orders', 'OrderId:int pk', 'CustomerRef:int'),
    table('OrderLines', 'OrderLineId:int pk', 'OrderId:int', 'ProductId:int', 'Qty:int'),
    table('Products', 'ProductId:int pk', 'Name:nvarchar'),
  ];
  const rels = await inferRelationships(tables);
  assert.deepEqual(suggested(rels), ['OrderLines.OrderId->Orders.OrderId', 'OrderLines.ProductId->Products.ProductId']);
  assert.equal(find(rels, 'OrderLines', 'OrderLineId').length, 0, 'OrderLineId is OrderLines\' own key, not a reference to Orders');
});

test('incompatible types rule a name match out; a non-unique target lowers confidence', async () => {
  const tables = [
    table('accounts', 'id:integer pk'),
    table('events', 'id:integer pk', 'account_id:varchar(36)', 'region_code:varchar'),
    table('regions', 'code:varchar', 'name:varchar'),
  ];
  const rels = await inferRelationships(tables);
  assert.equal(find(rels, 'events', 'account_id').length, 0);
  const [region] = find(rels, 'events', 'region_code');
  assert.ok(region, 'region_code names regions');
  assert.ok(said(region).some((e) => e.includes('neither a primary key nor unique')));
  assert.ok(region.confidence < 0.5);
});

test('composite keys and one-to-one', async () => {
  const tables = [
    table('order_lines', 'order_id:integer pk', 'line_no:integer pk', 'qty:integer'),
    table('shipments', 'id:integer pk', 'order_id:integer', 'line_no:integer'),
    table('people', 'id:integer pk', 'first_name:text', 'last_name:text'),
    table('passports', 'person_id:integer pk', 'number:text unique'),
  ];
  const rels = await inferRelationships(tables);
  const composite = rels.find((r) => r.source === 'shipments' && r.target === 'order_lines');
  assert.ok(composite);
  assert.deepEqual(composite.sourceColumns, ['order_id', 'line_no']);
  assert.deepEqual(composite.targetColumns, ['order_id', 'line_no']);
  assert.ok(composite.confidence >= 0.5);
  const [passport] = find(rels, 'passports', 'person_id');
  assert.equal(passport.target, 'people');
  assert.equal(passport.type, 'one-to-one');
});

test('declared foreign keys come first with confidence 1, and ignoreDeclared hides them', async () => {
  const tables = [
    table('artists', 'id:integer pk'),
    table('albums', 'id:integer pk', 'performer:integer fk=artists.id'),
    table('tracks', 'id:integer pk', 'album_id:integer'),
  ];
  const rels = await inferRelationships(tables);
  const declared = rels.filter((r) => r.origin === 'declared');
  assert.deepEqual(declared.map((r) => [r.id, r.confidence, r.type]), [['albums.performer->artists.id', 1, 'many-to-one']]);
  assert.ok(find(rels, 'tracks', 'album_id')[0].origin === 'inferred');
  const hidden = await inferRelationships(tables, { ignoreDeclared: true });
  assert.equal(hidden.filter((r) => r.origin === 'declared').length, 0);
  assert.equal(find(hidden, 'albums', 'performer').length, 0, '"performer" names no table and no role');
});

test('junction tables give a many-to-many link via the junction', async () => {
  const tables = [
    table('posts', 'id:integer pk', 'title:text'),
    table('tags', 'id:integer pk', 'label:text'),
    table('post_tags', 'post_id:integer pk', 'tag_id:integer pk', 'created_at:timestamp'),
  ];
  const rels = await inferRelationships(tables);
  const nm = rels.filter((r) => r.type === 'many-to-many');
  assert.equal(nm.length, 1);
  assert.equal(nm[0].via, 'post_tags');
  assert.deepEqual([nm[0].source, nm[0].target].sort(), ['posts', 'tags']);
  assert.ok(said(nm[0])[0].includes('junction table post_tags'));
});

test('people in roles: a staff role points at the staff table, a hierarchy column at its own table', async () => {
  const tables = [
    table('staff_members', 'id:integer pk', 'first_name:text', 'last_name:text', 'email:text', 'supervisor:integer'),
    table('clients', 'id:integer pk', 'first_name:text', 'last_name:text', 'email:text', 'account_manager_id:integer'),
    table('shops', 'id:integer pk', 'manager_id:integer', 'head_count:integer'),
  ];
  const rels = await inferRelationships(tables);
  assert.equal(find(rels, 'clients', 'account_manager_id')[0]?.target, 'staff_members');
  assert.equal(find(rels, 'staff_members', 'supervisor')[0]?.target, 'staff_members');
  assert.equal(find(rels, 'shops', 'manager_id')[0]?.target, 'staff_members');
  assert.equal(find(rels, 'shops', 'head_count').length, 0);
  assert.equal(find(rels, 'clients', 'account_manager_id').length, 1, 'one table of people wins for a role column');
});

test('sampleSize is validated', async () => {
  await assert.rejects(inferRelationships([], { sampleSize: 0 }), /sampleSize must be a whole number/);
});

test('modelHash ignores order, confidence and evidence but not endpoints, type or origin (training writes the origin)', () => {
  const a = { id: 'a', source: 'T', sourceColumns: ['x'], target: 'U', targetColumns: ['id'], type: 'many-to-one' as const, confidence: 0.7, origin: 'inferred' as const };
  const b = { ...a, id: 'b', source: 'V' };
  assert.equal(modelHash([a, b]), modelHash([b, { ...a, confidence: 1, evidence: ['x'] }]));
  assert.notEqual(modelHash([a, b]), modelHash([a, { ...b, type: 'one-to-one' }]));
  assert.notEqual(modelHash([a, b]), modelHash([b, { ...a, origin: 'user' }]));
  assert.notEqual(modelHash([a, b]), modelHash([a]));
});

test('needsRetraining: only a trained dataset whose relationships changed since', () => {
  const a = { id: 'a', source: 'T', sourceColumns: ['x'], target: 'U', targetColumns: ['id'], type: 'many-to-one' as const, confidence: 0.7, origin: 'inferred' as const };
  const trained = { trainedModelHash: modelHash([a]), activeCollections: { ddl: 'c1', documentation: 'c2', sql: 'c3' } };
  assert.equal(needsRetraining([a], trained), false);
  assert.equal(needsRetraining([{ ...a, evidence: ['seen in data'] }], trained), false);
  assert.equal(needsRetraining([], trained), true);
  assert.equal(needsRetraining([], { trainedModelHash: null, activeCollections: null }), false, 'never trained: nothing to retrain');
});
