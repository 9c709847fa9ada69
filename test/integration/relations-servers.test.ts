// Inference on real PostgreSQL and MariaDB (Chinook loaded by test/run.mjs): declared keys found again with
// them hidden, the CLI's JSON, and a PostgreSQL role that may not read the data (names and types only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { connect, parseDatasourceUrl } from '../../src/core/datasource';
import { declaredRelationships, inferRelationships } from '../../src/core/modeling';
import { renderEvidence } from '../../src/core/modeling/evidence';
import { english } from '../../src/core/messages';

/** A relationship's evidence as the English CLI prints it. */
const said = (r: { evidence: Parameters<typeof renderEvidence>[0][] }) => r.evidence.map((e) => renderEvidence(e, english));

const servers = [
  { name: 'PostgreSQL', url: process.env.TABLETALK_TEST_PG_URL, skip: process.env.TABLETALK_TEST_PG_URL_SKIP },
  { name: 'MariaDB', url: process.env.TABLETALK_TEST_MYSQL_URL, skip: process.env.TABLETALK_TEST_MYSQL_URL_SKIP },
];
const cli = join(__dirname, '../../dist/cli.js');

for (const s of servers) {
  const skip = s.url ? undefined : s.skip ?? `${s.name} not started (run through npm test)`;

  test(`${s.name} Chinook: with declared keys hidden, inference finds all 11 and suggests nothing else`, { skip }, async () => {
    const driver = await connect(parseDatasourceUrl(s.url!));
    try {
      const { tables } = await driver.introspect();
      const truth = declaredRelationships(tables).map((r) => r.id).sort();
      assert.equal(truth.length, 11);
      const rels = await inferRelationships(tables, { driver, ignoreDeclared: true });
      assert.deepEqual(rels.filter((r) => r.confidence >= 0.5 && r.type !== 'many-to-many').map((r) => r.id).sort(), truth);
      const role = rels.find((r) => /support_?rep_?id/i.test(r.sourceColumns[0]))!;
      assert.ok(said(role).some((e) => /^data: all \d+ distinct values found/.test(e)), `the data confirms the role column: ${said(role).join(' | ')}`);
    } finally {
      await driver.close();
    }
  });

  test(`${s.name}: tabletalk relations --tables --json prints the documented shape`, { skip }, () => {
    const all = JSON.parse(execFileSync(process.execPath, [cli, 'relations', '--url', s.url!, '--json'], { encoding: 'utf8' })) as { relations: Record<string, unknown>[] };
    const track = all.relations.find((r) => /\.?track$/i.test(String(r.source)) && /album_?id/i.test((r.sourceColumns as string[])[0]))!;
    assert.deepEqual(Object.keys(track), ['source', 'sourceColumns', 'target', 'targetColumns', 'type', 'confidence', 'origin', 'evidence']);
    assert.equal(track.origin, 'declared');
    assert.equal(track.confidence, 1);
    assert.equal(track.type, 'many-to-one');
    const trackName = String(track.source);
    const albumName = String(track.target);
    const only = JSON.parse(execFileSync(process.execPath, [cli, 'relations', '--url', s.url!, '--tables', `${trackName},${albumName}`, '--ignore-declared', '--json'], { encoding: 'utf8' })) as { relations: Record<string, unknown>[] };
    assert.ok(only.relations.length >= 1);
    assert.ok(only.relations.every((r) => r.origin === 'inferred' && [trackName, albumName].includes(String(r.source)) && [trackName, albumName].includes(String(r.target))));
    assert.ok(only.relations.some((r) => r.source === trackName && r.target === albumName && (r.confidence as number) >= 0.9));
  });
}

const pgAdmin = process.env.TABLETALK_TEST_PG_ADMIN_URL;
const pgUrl = process.env.TABLETALK_TEST_PG_URL;

test('PostgreSQL role that may not read the data: inference falls back to names and types, and says so', { skip: pgAdmin && pgUrl ? undefined : process.env.TABLETALK_TEST_PG_URL_SKIP ?? 'PostgreSQL not started (run through npm test)' }, async () => {
  const admin = new Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query('DROP ROLE IF EXISTS tt_nosample');
    await admin.query("CREATE ROLE tt_nosample LOGIN PASSWORD 'nosample'");
    await admin.query('GRANT USAGE ON SCHEMA public TO tt_nosample');
    // REFERENCES shows the tables and keys in the catalog, without the right to read a row.
    await admin.query('GRANT REFERENCES ON ALL TABLES IN SCHEMA public TO tt_nosample');
  } finally {
    await admin.end();
  }
  const url = new URL(pgUrl!);
  url.username = 'tt_nosample';
  url.password = 'nosample';
  const driver = await connect(parseDatasourceUrl(url.toString()));
  try {
    const { tables } = await driver.introspect();
    assert.equal(tables.length, 11, 'the catalog is readable');
    const rels = await inferRelationships(tables, { driver, ignoreDeclared: true });
    assert.ok(rels.length >= 9);
    for (const r of rels.filter((x) => x.type !== 'many-to-many')) {
      assert.ok(said(r).some((e) => /refused sampling queries/.test(e) && /permission denied/.test(e)), `${r.id}: ${said(r).join(' | ')}`);
      assert.ok(!said(r).some((e) => e.startsWith('data: ')), 'no data evidence');
    }
    const suggested = rels.filter((r) => r.confidence >= 0.5 && r.type !== 'many-to-many');
    assert.equal(suggested.length, 9, 'the name-matched keys are still suggested');
  } finally {
    await driver.close();
  }
});
