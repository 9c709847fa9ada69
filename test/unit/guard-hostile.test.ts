// The hostile-SQL suite through the guard alone (no database): every hostile input is refused, every input
// marked harmless passes. test/integration/guard-hostile-servers.test.ts runs the same inputs against servers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardSql } from '../../src/core/ask/guard';
import { hostileInputs, hostileSql } from '../support/hostile-sql';

const inputs = hostileInputs();

test('the hostile-SQL suite holds at least 150 inputs', () => {
  assert.ok(inputs.length >= 150, `only ${inputs.length} inputs`);
  console.log(`hostile-SQL suite: ${inputs.length} inputs (${inputs.filter((i) => i.c.pass).length} harmless ones that must pass)`);
});

for (const { c, dialect } of inputs) {
  const sql = hostileSql(c, dialect, { out: '/tmp/tt-hostile-out', victim: 12345 });
  test(`guard on ${dialect} ${c.pass ? 'passes' : 'refuses'}: ${JSON.stringify(sql).slice(1, 90)}`, () => {
    const r = guardSql(sql, dialect);
    if (c.pass) assert.equal(r.ok, true, r.ok ? '' : r.reason);
    else assert.equal(r.ok, false, `accepted: ${sql}`);
  });
}
