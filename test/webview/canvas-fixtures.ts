// Canvas states as the host would send them: a small shop, and generated schemas for the benchmark.
import type { CanvasColumn, CanvasRelationship, CanvasState, CanvasTable } from '../../src/protocol/canvas';

const col = (name: string, type: string, flags: Partial<CanvasColumn> = {}): CanvasColumn => ({ name, type, nullable: false, primaryKey: false, foreignKey: false, ...flags });

export function shopState(overrides: Partial<CanvasState> = {}): CanvasState {
  const tables: CanvasTable[] = [
    { id: 'customers', name: 'customers', schema: null, columns: [col('id', 'integer', { primaryKey: true }), col('email', 'text'), col('referrer_id', 'integer', { nullable: true })] },
    { id: 'orders', name: 'orders', schema: null, columns: [col('id', 'integer', { primaryKey: true }), col('customer_id', 'integer', { foreignKey: true }), col('placed_at', 'timestamp')] },
    { id: 'order_items', name: 'order_items', schema: null, columns: [col('order_id', 'integer', { primaryKey: true }), col('product_id', 'integer', { primaryKey: true }), col('qty', 'integer')] },
    { id: 'products', name: 'products', schema: null, columns: [col('id', 'integer', { primaryKey: true }), col('name', 'text'), col('price', 'numeric(10,2)', { nullable: true })] },
  ];
  const relationships: CanvasRelationship[] = [
    { id: 'orders.customer_id->customers.id', source: 'orders', sourceColumns: ['customer_id'], target: 'customers', targetColumns: ['id'], type: 'many-to-one', confidence: 1, origin: 'declared', evidence: ['declared foreign key'] },
  ];
  const suggestions: CanvasRelationship[] = [
    { id: 'order_items.order_id->orders.id', source: 'order_items', sourceColumns: ['order_id'], target: 'orders', targetColumns: ['id'], type: 'many-to-one', confidence: 0.93, origin: 'inferred', evidence: ['order_id names table orders', 'data: all 40 distinct values found in the target (100%)'] },
    { id: 'order_items.product_id->products.id', source: 'order_items', sourceColumns: ['product_id'], target: 'products', targetColumns: ['id'], type: 'many-to-one', confidence: 0.81, origin: 'inferred', evidence: ['product_id names table products'] },
    { id: 'customers.referrer_id->customers.id', source: 'customers', sourceColumns: ['referrer_id'], target: 'customers', targetColumns: ['id'], type: 'many-to-one', confidence: 0.3, origin: 'inferred', evidence: ['referrer_id names a person\'s role ("referrer")'] },
  ];
  return {
    dataset: { key: '/ws/.tabletalk/datasets/shop.json', name: 'shop', datasource: 'shop-db' },
    tables,
    available: [{ id: 'suppliers', name: 'suppliers', schema: null }],
    relationships,
    suggestions,
    positions: { customers: { x: 0, y: 0 }, orders: { x: 400, y: 0 }, order_items: { x: 800, y: 0 }, products: { x: 800, y: 300 } },
    needsRetraining: false,
    problems: [],
    readOnly: false,
    inferring: false,
    history: { canUndo: false, canRedo: false },
    revision: 1,
    ...overrides,
  };
}

/** `n` tables of `fields` columns; table i references one earlier table (9 in 10 do), like real schemas. */
export function generatedState(n: number, fields = 10, withPositions = false): CanvasState {
  let seed = 42;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const tables: CanvasTable[] = [];
  const relationships: CanvasRelationship[] = [];
  for (let i = 0; i < n; i++) {
    const columns = [col('id', 'integer', { primaryKey: true })];
    const refersTo = i > 0 && i % 10 !== 0 ? Math.floor(rnd() * i) : -1;
    if (refersTo >= 0) columns.push(col(`t${refersTo}_id`, 'integer', { foreignKey: true }));
    while (columns.length < fields) columns.push(col(`field_${columns.length}`, columns.length % 3 ? 'text' : 'integer', { nullable: columns.length % 2 === 0 }));
    tables.push({ id: `t${i}`, name: `t${i}`, schema: null, columns });
    if (refersTo >= 0) {
      relationships.push({ id: `t${i}.t${refersTo}_id->t${refersTo}.id`, source: `t${i}`, sourceColumns: [`t${refersTo}_id`], target: `t${refersTo}`, targetColumns: ['id'], type: 'many-to-one', confidence: 1, origin: 'declared', evidence: ['declared foreign key'] });
    }
  }
  const perRow = Math.ceil(Math.sqrt(n));
  return {
    dataset: { key: `/bench/${n}.json`, name: `bench-${n}`, datasource: 'generated' },
    tables,
    available: [],
    relationships,
    suggestions: [],
    positions: withPositions ? Object.fromEntries(tables.map((t, i) => [t.id, { x: (i % perRow) * 340, y: Math.floor(i / perRow) * 320 }])) : {},
    needsRetraining: false,
    problems: [],
    readOnly: false,
    inferring: false,
    history: { canUndo: false, canRedo: false },
    revision: 1,
  };
}
