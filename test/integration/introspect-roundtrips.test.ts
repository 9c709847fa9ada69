// A fixed number of catalog queries whatever the table count: Chinook (11 tables) and a generated schema of 60
// tables with a foreign key each take the same number of round trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, q, removeTempDirs, targets } from './introspect-support';

test.after(removeTempDirs);

const N = 60;

for (const t of targets()) {
  test(`${t.label}: round trips are the same for 11 and ${N} tables`, { skip: t.skip }, async () => {
    const Q = (s: string) => q(t.dialect, s);
    const name = (i: number) => Q(`gen_${String(i).padStart(3, '0')}`);
    const ddl = Array.from({ length: N }, (_, i) =>
      `CREATE TABLE ${name(i)} (${Q('id')} integer PRIMARY KEY, ${Q('prev_id')} integer REFERENCES ${name(Math.max(0, i - 1))} (${Q('id')}), ${Q('label')} varchar(40), ${Q('n')} integer)`);
    const scratch = await t.scratch(ddl);
    try {
      const small = await open(t, t.chinookUrl);
      const big = await open(t, scratch.url);
      try {
        const a = await small.introspect();
        const b = await big.introspect();
        assert.equal(a.tables.length, 11);
        assert.equal(b.tables.length, N);
        assert.equal(b.tables.reduce((n, x) => n + x.foreignKeys.length, 0), N);
        assert.equal(b.stats.roundTrips, a.stats.roundTrips, `11 tables: ${a.stats.roundTrips} round trips, ${N} tables: ${b.stats.roundTrips}`);
        console.log(`# ${t.label}: ${a.stats.roundTrips} round trips for 11 and for ${N} tables (${a.stats.ms} ms, ${b.stats.ms} ms)`);
      } finally {
        await small.close();
        await big.close();
      }
    } finally {
      await scratch.drop();
    }
  });
}
