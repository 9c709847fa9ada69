// Chinook introspects to its 11 tables and exactly the 11 foreign keys it declares, on every dialect
// (SQLite twice: better-sqlite3 and the sql.js WASM fallback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinookName, open, removeTempDirs, targets } from './introspect-support';
import type { Schema } from '../../src/core/datasource/index';

test.after(removeTempDirs);

const tables = ['Album', 'Artist', 'Customer', 'Employee', 'Genre', 'Invoice', 'InvoiceLine', 'MediaType', 'Playlist', 'PlaylistTrack', 'Track'];
const declared: [string, string, string, string][] = [
  ['Album', 'ArtistId', 'Artist', 'ArtistId'],
  ['Customer', 'SupportRepId', 'Employee', 'EmployeeId'],
  ['Employee', 'ReportsTo', 'Employee', 'EmployeeId'],
  ['Invoice', 'CustomerId', 'Customer', 'CustomerId'],
  ['InvoiceLine', 'InvoiceId', 'Invoice', 'InvoiceId'],
  ['InvoiceLine', 'TrackId', 'Track', 'TrackId'],
  ['PlaylistTrack', 'PlaylistId', 'Playlist', 'PlaylistId'],
  ['PlaylistTrack', 'TrackId', 'Track', 'TrackId'],
  ['Track', 'AlbumId', 'Album', 'AlbumId'],
  ['Track', 'GenreId', 'Genre', 'GenreId'],
  ['Track', 'MediaTypeId', 'MediaType', 'MediaTypeId'],
];

for (const t of targets()) {
  test(`${t.label}: Chinook has 11 tables and its 11 declared foreign keys`, { skip: t.skip }, async () => {
    const n = (s: string) => chinookName(t.dialect, s);
    const logs: string[] = [];
    const driver = await open(t, t.chinookUrl, { log: (l) => logs.push(l) });
    let s: Schema;
    try {
      s = await driver.introspect();
    } finally {
      await driver.close();
    }
    assert.equal(s.dialect, t.dialect);
    assert.deepEqual(s.tables.map((x) => x.name).sort(), tables.map(n).sort());
    assert.ok(s.tables.every((x) => x.kind === 'table'));

    const fks = s.tables.flatMap((x) => x.foreignKeys.map((f) => `${x.name}(${f.columns.join(',')}) -> ${f.refTable}(${f.refColumns.join(',')})`));
    assert.deepEqual(fks.sort(), declared.map(([a, b, c, d]) => `${n(a)}(${n(b)}) -> ${n(c)}(${n(d)})`).sort());
    const count = (name: string) => s.tables.find((x) => x.name === n(name))?.foreignKeys.length;
    assert.deepEqual(['Track', 'InvoiceLine', 'PlaylistTrack', 'Album', 'Customer', 'Employee', 'Invoice'].map(count), [3, 2, 2, 1, 1, 1, 1]);

    const track = s.tables.find((x) => x.name === n('Track'));
    assert.ok(track);
    assert.deepEqual(track.columns.map((c) => c.name), ['TrackId', 'Name', 'AlbumId', 'MediaTypeId', 'GenreId', 'Composer', 'Milliseconds', 'Bytes', 'UnitPrice'].map(n));
    assert.deepEqual(track.columns.filter((c) => c.primaryKey).map((c) => c.name), [n('TrackId')]);
    const col = (name: string) => track.columns.find((c) => c.name === n(name));
    assert.equal(col('Name')?.nullable, false);
    assert.equal(col('Composer')?.nullable, true);
    assert.match(col('Name')?.type ?? '', /char/i);
    assert.match(col('UnitPrice')?.type ?? '', /numeric|decimal/i);
    assert.deepEqual(s.tables.find((x) => x.name === n('PlaylistTrack'))?.columns.filter((c) => c.primaryKey).map((c) => c.name), [n('PlaylistId'), n('TrackId')]);

    if (t.dialect === 'sqlite') {
      assert.equal(track.rowEstimate, 3503, 'SQLite counts rows exactly');
      assert.equal(track.schema, null);
    } else {
      // Server statistics: an estimate, but of the right size.
      assert.ok(track.rowEstimate === null || (track.rowEstimate > 1000 && track.rowEstimate < 10000), `rowEstimate ${track.rowEstimate}`);
      assert.equal(track.schema, t.dialect === 'postgres' ? 'public' : 'Chinook');
    }
    assert.ok(s.stats.roundTrips > 0 && s.stats.roundTrips <= 4, `roundTrips ${s.stats.roundTrips}`);
    assert.ok(s.stats.ms >= 0);
    if (t.dialect === 'sqlite') {
      const engine = t.extra.sqliteEngine;
      const name = { native: 'better-sqlite3', node: 'node:sqlite', wasm: 'node-sqlite3-wasm' }[engine as string];
      assert.equal(logs.filter((l) => l.startsWith('SQLite: using')).length, 1, 'the engine is named once in the log');
      assert.ok(logs.some((l) => l.startsWith('SQLite: using') && l.includes(name ?? '?')), logs.join('\n'));
    }
  });
}
