// The value index on real databases: training samples the values of name-like and categorical columns of Chinook
// on SQLite, PostgreSQL and MariaDB (never the sensitive ones), "songs by AC/DC" retrieves Artist with the tables
// that join it to songs, and the prompt Ask sends names the value as stored. Also: connected selection brings the
// bridges between Artist and InvoiceLine past lexically similar distractors, a retrain samples again only the
// table that changed, and a column the database refuses to read is skipped and reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { connect, parseDatasourceUrl, type Driver } from '../../src/core/datasource/index';
import { DatasetStore, datasetsDir } from '../../src/core/dataset/store';
import { RunStateStore } from '../../src/core/dataset/run-state';
import type { BusinessTerm } from '../../src/core/dataset/types';
import { EmbeddedChroma } from '../../src/core/vector/chroma-server';
import { VectorStore } from '../../src/core/vector/vector-store';
import { BuiltinEmbedder } from '../../src/core/vector/builtin-embedder';
import { train } from '../../src/core/training/pipeline';
import { retrieveTables } from '../../src/core/ask/strategy';
import { ask } from '../../src/core/ask/ask';
import { OpenAiChatProvider } from '../../src/core/llm/openai-chat';
import { chinookCopy, noChinook, startFakeOpenAI, tempDir } from '../support/train-setup';

const root = tempDir('tt-values-');
const chroma = new EmbeddedChroma({ dataDir: join(root, 'chroma') });
const store = new VectorStore(chroma);
const embedder = new BuiltinEmbedder();
const drivers: Driver[] = [];
test.after(async () => {
  for (const d of drivers) await d.close().catch(() => {});
  await chroma.stop();
  rmSync(root, { recursive: true, force: true });
});

async function trainChinook(url: string, name: string, terms: BusinessTerm[] = [], log?: (l: string) => void) {
  const dir = join(root, name);
  const driver = await connect(parseDatasourceUrl(url));
  drivers.push(driver);
  const tables = (await driver.introspect()).tables.filter((t) => t.kind === 'table').map((t) => ({ name: t.name, schema: t.schema }));
  const dataset = await new DatasetStore(datasetsDir(dir)).create({ name, datasource: url, tables, terms, examples: [] });
  const runState = RunStateStore.forDirectory(dir);
  const result = await train(dataset, { driver, store, embedder, runState, valuesDir: join(dir, 'values'), log });
  return { dataset, runState, driver, result, dir, state: await runState.get(dataset) };
}

const EMAIL = /[^\s"@]+@[^\s"@]+\.[a-z]{2,}/i;

async function valuesCase(url: string, names: { artist: string; album: string; track: string; name: string; customer: string; email: string; employee: string; phone: string }, label: string) {
  const t = await trainChinook(url, `values-${label}`);
  const info = t.state.values;
  assert.ok(info && info.sampled && info.values > 500, `values indexed: ${info?.values}`);
  // Sensitive columns are never read: the stored file holds no e-mail address, and says why they were left out.
  const stored = readFileSync(info.file, 'utf8');
  assert.doesNotMatch(stored, EMAIL);
  assert.ok(stored.includes('AC/DC'));
  const skipped = info.skipped.map((s) => `${s.table}.${s.column}:${s.reason}`);
  assert.ok(skipped.includes(`${names.customer}.${names.email}:sensitive-name`), skipped.join(', '));
  assert.ok(skipped.includes(`${names.employee}.${names.phone}:sensitive-name`), skipped.join(', '));
  const data = JSON.parse(stored) as { tables: Record<string, { sample: { columns: { column: string }[] } }> };
  const sampledColumns = Object.values(data.tables).flatMap((x) => x.sample.columns.map((c) => c.column.toLowerCase()));
  assert.ok(!sampledColumns.some((c) => /email|phone|fax|address/.test(c)), sampledColumns.join(', '));

  const r = await retrieveTables(t.dataset, t.state, 'songs by AC/DC', { store, embedder }, { k: 5 });
  assert.ok(r.tables.includes(names.artist) && r.tables.includes(names.album) && r.tables.includes(names.track), r.tables.join(', '));
  assert.deepEqual(r.values[0], { table: names.artist, column: names.name, value: 'AC/DC', kind: 'exact', score: 1, span: 'AC/DC' });
  const why = r.reasons.find((x) => x.table === names.artist);
  assert.ok(why?.kinds.includes('value'), JSON.stringify(r.reasons));
  assert.equal(r.retrain, null);

  // Ask sends the value as stored to the model.
  const ai = await startFakeOpenAI();
  try {
    ai.onChat(() => 'No SQL.');
    const llm = new OpenAiChatProvider({ baseURL: ai.url, model: 'fake-sql', contextWindow: 16_000 });
    await ask(t.dataset, t.state, 'songs by AC/DC', { store, embedder, llm, dialect: t.driver.dialect });
    const system = ai.requests.chat[0].messages[0].content as string;
    assert.ok(system.includes(`${names.artist}.${names.name} = 'AC/DC'`), system);
  } finally {
    await ai.close();
  }
}

test('SQLite Chinook: values sampled without sensitive columns; "songs by AC/DC" finds Artist, Album, Track; the prompt names the value', { skip: noChinook }, async () => {
  await valuesCase(chinookCopy(tempDir('tt-values-db-')).url, { artist: 'Artist', album: 'Album', track: 'Track', name: 'Name', customer: 'Customer', email: 'Email', employee: 'Employee', phone: 'Phone' }, 'sqlite');
});

test('PostgreSQL Chinook: the same on snake_case names', { skip: process.env.TABLETALK_TEST_PG_URL ? undefined : (process.env.TABLETALK_TEST_PG_URL_SKIP ?? 'TABLETALK_TEST_PG_URL not set; run through npm test') }, async () => {
  await valuesCase(process.env.TABLETALK_TEST_PG_URL as string, { artist: 'artist', album: 'album', track: 'track', name: 'name', customer: 'customer', email: 'email', employee: 'employee', phone: 'phone' }, 'pg');
});

test('MariaDB Chinook: the same', { skip: process.env.TABLETALK_TEST_MYSQL_URL ? undefined : (process.env.TABLETALK_TEST_MYSQL_URL_SKIP ?? 'TABLETALK_TEST_MYSQL_URL not set; run through npm test') }, async () => {
  await valuesCase(process.env.TABLETALK_TEST_MYSQL_URL as string, { artist: 'Artist', album: 'Album', track: 'Track', name: 'Name', customer: 'Customer', email: 'Email', employee: 'Employee', phone: 'Phone' }, 'mysql');
});

test('connected selection: "Which artist earned the most revenue?" gets Artist, Album, Track and InvoiceLine past distractors named after artists and revenue', { skip: noChinook }, async () => {
  const { file, url } = chinookCopy(tempDir('tt-values-db-'));
  const db = new Database(file);
  // Unrelated tables whose names and columns look like the question: what crowded the plain top 5.
  for (const n of ['ArtistRevenue', 'ArtistRevenueShare', 'TopArtistRevenue', 'ArtistEarnedRevenue', 'ArtistRevenueReport', 'RevenueByArtist']) db.exec(`CREATE TABLE "${n}" ("${n}Id" INTEGER PRIMARY KEY, "ArtistName" TEXT, "Earned" REAL, "Revenue" REAL)`);
  db.close();
  const t = await trainChinook(url, 'bridge', [{ term: 'revenue', definition: 'Money earned: unit price times quantity of invoice lines', tables: ['InvoiceLine'] }]);
  // k = 6: the revenue term's definition also names Invoice (a term links the tables it names), so the join path
  // Artist-Album-Track-InvoiceLine-Invoice is five tables, and one look-alike within 10% of the best keeps its place.
  const r = await retrieveTables(t.dataset, t.state, 'Which artist earned the most revenue?', { store, embedder }, { k: 6 });
  for (const need of ['Artist', 'Album', 'Track', 'InvoiceLine']) assert.ok(r.tables.includes(need), `${need} in ${r.tables.join(', ')}`);
  const kinds = Object.fromEntries(r.reasons.map((x) => [x.table, x.kinds]));
  assert.ok(kinds.Album.includes('bridge') && kinds.Track.includes('bridge'), JSON.stringify(kinds));
  assert.ok(kinds.InvoiceLine.includes('term'), JSON.stringify(kinds));
  assert.deepEqual(r.joinPaths.map((p) => p.tables.join('>')).sort().length > 0, true);
});

test('an incremental retrain samples only the table whose columns changed; turning sampling off stores no values', { skip: noChinook }, async () => {
  const { file, url } = chinookCopy(tempDir('tt-values-db-'));
  const first = await trainChinook(url, 'incremental');
  const lines: string[] = [];
  const db = new Database(file);
  db.exec(`ALTER TABLE "Genre" ADD COLUMN "Mood" TEXT DEFAULT 'calm'`);
  db.close();
  const driver = await connect(parseDatasourceUrl(url));
  drivers.push(driver);
  const dataset = (await new DatasetStore(datasetsDir(first.dir)).require('incremental'));
  const again = await train(dataset, { driver, store, embedder, runState: first.runState, valuesDir: join(first.dir, 'values'), log: (l) => lines.push(l) });
  assert.ok(lines.some((l) => /value index: \d+ values of \d+ columns \(1 tables sampled, 10 kept\)/.test(l)), lines.join('\n'));
  const mood = JSON.parse(readFileSync(again.values?.file as string, 'utf8')).tables['.Genre'].sample.columns.find((c: { column: string }) => c.column === 'Mood');
  assert.deepEqual(mood.values, ['calm']);
  // The previous model's file is gone once the new one answers.
  assert.throws(() => readFileSync(first.state.values?.file as string));

  const off = await train(dataset, { driver, store, embedder, runState: first.runState, valuesDir: join(first.dir, 'values') }, { sampleValues: false });
  assert.equal(off.values?.sampled, false);
  assert.equal(off.values?.values, 0);
  const state = await first.runState.get(dataset);
  const r = await retrieveTables(dataset, state, 'songs by AC/DC', { store, embedder }, { k: 5 });
  assert.deepEqual(r.values, []);
  assert.equal(r.retrain, null, 'sampling turned off is a choice, not a reason to retrain');
});

test('a model trained before the value index still answers and says why to retrain', { skip: noChinook }, async () => {
  const { url } = chinookCopy(tempDir('tt-values-db-'));
  const dir = join(root, 'old');
  const driver = await connect(parseDatasourceUrl(url));
  drivers.push(driver);
  const tables = (await driver.introspect()).tables.map((x) => ({ name: x.name, schema: x.schema }));
  const dataset = await new DatasetStore(datasetsDir(dir)).create({ name: 'old', datasource: url, tables, terms: [], examples: [] });
  const runState = RunStateStore.forDirectory(dir);
  await train(dataset, { driver, store, embedder, runState }); // no values folder: as before this change
  const state = await runState.get(dataset);
  assert.equal(state.values, undefined);
  const r = await retrieveTables(dataset, state, 'Which artists have the most albums?', { store, embedder }, { k: 5 });
  assert.ok(r.tables.includes('Artist') && r.tables.includes('Album'), r.tables.join(', '));
  assert.match(r.retrain ?? '', /trained before TableTalk indexed column values: train the dataset again.*keeps answering/);
});

test('PostgreSQL: a table the role may not read is skipped and reported; the others are sampled', { skip: process.env.TABLETALK_TEST_PG_ADMIN_URL && process.env.TABLETALK_TEST_PG_URL ? undefined : 'TABLETALK_TEST_PG_ADMIN_URL not set; run through npm test' }, async () => {
  const u = new URL(process.env.TABLETALK_TEST_PG_URL as string);
  const admin = new pg.Client({ connectionString: process.env.TABLETALK_TEST_PG_ADMIN_URL });
  await admin.connect();
  await admin.query("DROP ROLE IF EXISTS tt_values_limited");
  await admin.query("CREATE ROLE tt_values_limited LOGIN PASSWORD 'limited-pw'");
  await admin.end();
  const owner = new pg.Client({ connectionString: u.toString() });
  await owner.connect();
  try {
    await owner.query('GRANT USAGE ON SCHEMA public TO tt_values_limited; GRANT SELECT ON ALL TABLES IN SCHEMA public TO tt_values_limited; REVOKE SELECT ON genre FROM tt_values_limited');
    u.username = 'tt_values_limited';
    u.password = 'limited-pw';
    const lines: string[] = [];
    const t = await trainChinook(u.toString(), 'values-limited', [], (l) => lines.push(l));
    const genre = t.state.values?.skipped.find((s) => s.table === 'genre' && s.column === 'name');
    assert.equal(genre?.reason, 'unreadable');
    assert.match(genre?.detail ?? '', /permission denied/i);
    assert.ok(lines.some((l) => l.startsWith('values of genre.name not sampled (unreadable)')), lines.join('\n'));
    assert.ok(readFileSync(t.state.values?.file as string, 'utf8').includes('AC/DC'));
  } finally {
    await owner.query('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM tt_values_limited; REVOKE USAGE ON SCHEMA public FROM tt_values_limited').catch(() => {});
    await owner.end();
  }
});
