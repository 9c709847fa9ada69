import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withExamples, withoutExample, withoutTerm, withTables, withTerms } from '../../src/core/dataset/edit';
import type { DatasetDefinition } from '../../src/core/dataset/types';

const base: DatasetDefinition = {
  version: 1, name: 'd', datasource: 'x', collection: 'd-12345678',
  tables: [{ name: 'Invoice', schema: null }, { name: 'Customer', schema: null }],
  terms: [{ term: '销售额', definition: 'old' }],
  examples: [{ question: 'q1', sql: 'SELECT 1' }],
  modeling: {
    relationships: [{ id: 'Invoice.CustomerId->Customer.CustomerId', source: 'Invoice', sourceColumns: ['CustomerId'], target: 'Customer', targetColumns: ['CustomerId'], type: 'many-to-one', confidence: 1, origin: 'declared' }],
    rejected: [],
    positions: { Invoice: { x: 1, y: 2 }, Customer: { x: 3, y: 4 } },
  },
};

test('terms: a term of the same text is replaced, new ones are added, removal by text', () => {
  const d = withTerms(base, [{ term: '销售额', definition: 'new', tables: ['Invoice'] }, { term: 'churn', definition: 'lost customers' }]);
  assert.deepEqual(d.terms.map((t) => [t.term, t.definition]), [['销售额', 'new'], ['churn', 'lost customers']]);
  assert.deepEqual(withoutTerm(d, '销售额').terms.map((t) => t.term), ['churn']);
  assert.equal(base.terms[0].definition, 'old', 'the input is not changed');
});

test('examples: exact duplicates are skipped; removal by question and SQL', () => {
  const d = withExamples(base, [{ question: 'q1', sql: 'SELECT 1' }, { question: 'q1', sql: 'SELECT 2' }]);
  assert.equal(d.examples.length, 2);
  assert.deepEqual(withoutExample(d, { question: 'q1', sql: 'SELECT 1' }).examples, [{ question: 'q1', sql: 'SELECT 2' }]);
});

test('changing tables drops relationships and canvas positions of tables no longer in the dataset', () => {
  const d = withTables(base, [{ name: 'Invoice', schema: null }]);
  assert.deepEqual(d.tables, [{ name: 'Invoice', schema: null }]);
  assert.deepEqual(d.modeling.relationships, []);
  assert.deepEqual(Object.keys(d.modeling.positions), ['Invoice']);
  assert.equal(withTables(base, base.tables).modeling.relationships.length, 1);
});
