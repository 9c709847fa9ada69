import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quoteIdent, qualify } from '../../src/core/datasource/index';

test('identifiers are quoted with the dialect\'s quote, embedded quotes doubled', () => {
  assert.equal(quoteIdent('sqlite', 'select'), '"select"');
  assert.equal(quoteIdent('postgres', 'Quote"d'), '"Quote""d"');
  assert.equal(quoteIdent('postgres', '"'), '""""');
  assert.equal(quoteIdent('mysql', 'back`tick'), '`back``tick`');
  assert.equal(quoteIdent('mysql', 'Quote"d'), '`Quote"d`');
  assert.equal(quoteIdent('sqlite', 'My Table'), '"My Table"');
  assert.equal(quoteIdent('postgres', '表格'), '"表格"');
  assert.equal(quoteIdent('mysql', 'MixedCase'), '`MixedCase`');
});

test('qualify adds the schema only when there is one', () => {
  assert.equal(qualify('postgres', { schema: 'sales', name: 'Order' }), '"sales"."Order"');
  assert.equal(qualify('sqlite', { schema: null, name: 'Track' }), '"Track"');
  assert.equal(qualify('mysql', { schema: 'Chinook', name: 'Track`' }), '`Chinook`.`Track```');
});
