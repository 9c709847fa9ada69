// SQLite row estimates: exact counts for ordinary files; above 64 MB no table scan, but ANALYZE's sqlite_stat1
// when present, else null ("unknown").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { connect, parseDatasourceUrl } from '../../src/core/datasource/index';
import { removeTempDirs, sqliteEngines, tempDir } from './introspect-support';

test.after(removeTempDirs);

const dir = tempDir('tt-rows-');
const big = join(dir, 'big.sqlite');
const analyzed = join(dir, 'analyzed.sqlite');
{
  const db = new Database(big);
  db.exec(`CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB);
    INSERT INTO blobs (b) VALUES (zeroblob(70 * 1024 * 1024));
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1234) INSERT INTO items (name) SELECT 'n' || x FROM c;
    CREATE INDEX items_name ON items (name);`);
  db.close();
  copyFileSync(big, analyzed);
  const a = new Database(analyzed);
  a.exec('ANALYZE');
  a.close();
}

for (const { engine, skip } of sqliteEngines) {
  test(`sqlite (${engine}): a file over 64 MB is not scanned: sqlite_stat1 if analyzed, else null`, { skip }, async () => {
    for (const [file, expected] of [[big, null], [analyzed, 1234]] as const) {
      const d = await connect({ ...parseDatasourceUrl(`sqlite://${file}`), sqliteEngine: engine });
      try {
        const s = await d.introspect();
        assert.equal(s.tables.find((t) => t.name === 'items')?.rowEstimate, expected, file);
        assert.equal(s.stats.roundTrips, 2);
      } finally {
        await d.close();
      }
    }
  });
}
