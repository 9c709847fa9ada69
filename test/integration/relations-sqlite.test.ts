// Inference checked against real data in SQLite: a helpdesk schema of our own (no declared keys) and Chinook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { connect, parseDatasourceUrl } from '../../src/core/datasource';
import { declaredRelationships, inferRelationships, type InferredRelationship } from '../../src/core/modeling';
import { renderEvidence } from '../../src/core/modeling/evidence';
import { english } from '../../src/core/messages';

/** A relationship's evidence as the English CLI prints it. */
const said = (r: { evidence: Parameters<typeof renderEvidence>[0][] }) => r.evidence.map((e) => renderEvidence(e, english));

const dir = mkdtempSync(join(tmpdir(), 'tt-rel-'));
test.after(() => { if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); });

/** A helpdesk with no declared foreign keys: staff, customers, tickets, polymorphic notes, a legacy column. */
function helpdesk(file: string) {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE agents (id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT, reports_to INTEGER);
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, email TEXT, legacy_account_id INTEGER);
    CREATE TABLE accounts (id INTEGER PRIMARY KEY, label TEXT);
    CREATE TABLE tickets (id INTEGER PRIMARY KEY, customer_id INTEGER, assignee_id INTEGER, parent_id INTEGER, subject TEXT);
    CREATE TABLE notes (id INTEGER PRIMARY KEY, notable_type TEXT, notable_id INTEGER, body TEXT);
  `);
  const ins = (sql: string, rows: unknown[][]) => { const st = db.prepare(sql); for (const r of rows) st.run(...r); };
  ins('INSERT INTO agents VALUES (?,?,?,?,?)', Array.from({ length: 12 }, (_, i) => [i + 1, `A${i}`, `B${i}`, `a${i}@x`, i < 2 ? null : (i % 2) + 1]));
  // legacy_account_id holds ids of a system that no longer exists: almost none are in accounts.
  ins('INSERT INTO customers VALUES (?,?,?,?)', Array.from({ length: 80 }, (_, i) => [i + 1, `C${i}`, `c${i}@x`, 5000 + i]));
  ins('INSERT INTO accounts VALUES (?,?)', Array.from({ length: 30 }, (_, i) => [i + 1, `acc${i}`]));
  ins('INSERT INTO tickets VALUES (?,?,?,?,?)', Array.from({ length: 300 }, (_, i) => [i + 1, (i % 80) + 1, (i % 12) + 1, i > 10 && i % 7 === 0 ? (i % 10) + 1 : null, `T${i}`]));
  ins('INSERT INTO notes VALUES (?,?,?,?)', Array.from({ length: 200 }, (_, i) => [i + 1, i % 2 ? 'Ticket' : 'Customer', i % 2 ? (i % 300) + 1 : (i % 80) + 1, 'n']));
  db.close();
}

const byId = (rels: InferredRelationship[], id: string) => rels.find((r) => r.id === id);

test('the data confirms role, hierarchy and polymorphic guesses and refutes a name-only match', async () => {
  const file = join(dir, 'helpdesk.sqlite');
  helpdesk(file);
  const driver = await connect(parseDatasourceUrl(`sqlite://${file}`));
  try {
    const { tables } = await driver.introspect();
    const withData = await inferRelationships(tables, { driver, sampleSize: 100 });
    const namesOnly = await inferRelationships(tables);

    const assignee = byId(withData, 'tickets.assignee_id->agents.id');
    assert.ok(assignee && assignee.confidence >= 0.5, 'assignee_id is confirmed by the data');
    assert.ok(said(assignee).some((e) => /data: all 12 distinct values found/.test(e)), said(assignee).join(' | '));
    assert.ok((byId(namesOnly, 'tickets.assignee_id->agents.id')?.confidence ?? 0) < 0.5, 'from its name alone it stays below the threshold');

    const boss = byId(withData, 'agents.reports_to->agents.id');
    assert.ok(boss && boss.confidence >= 0.5 && boss.type === 'many-to-one');

    const parent = byId(withData, 'tickets.parent_id->tickets.id');
    assert.ok(parent && parent.confidence >= 0.5, 'parent_id: a self-reference confirmed by the data');

    assert.ok(byId(withData, 'tickets.customer_id->customers.id')!.confidence >= 0.9);

    // legacy_account_id names accounts, but its values are not there.
    const legacy = byId(namesOnly, 'customers.legacy_account_id->accounts.id');
    assert.ok(legacy && legacy.confidence >= 0.5, 'by name it looks like a reference');
    assert.equal(byId(withData, 'customers.legacy_account_id->accounts.id'), undefined, 'the data refutes it: dropped');
    const refuted = byId(await inferRelationships(tables, { driver, sampleSize: 100, minConfidence: 0 }), 'customers.legacy_account_id->accounts.id');
    assert.ok(refuted && refuted.confidence < 0.2, `kept on request, with a low confidence (${refuted?.confidence})`);
    assert.ok(said(refuted).some((e) => e.includes('only 0 of 80 distinct values found')), said(refuted).join(' | '));

    const poly = withData.filter((r) => r.source === 'notes' && r.sourceColumns[0] === 'notable_id');
    assert.deepEqual(poly.map((r) => r.target).sort(), ['customers', 'tickets']);
    for (const r of poly) {
      assert.ok(r.confidence >= 0.5, `${r.id}: ${r.confidence}`);
      assert.ok(said(r).some((e) => e.startsWith('polymorphic:')));
    }
    assert.ok(withData.every((r) => r.origin === 'inferred'));
  } finally {
    await driver.close();
  }
});

test('one-to-one from the data: every value distinct over the whole column', async () => {
  const file = join(dir, 'profiles.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); CREATE TABLE profiles (id INTEGER PRIMARY KEY, user_id INTEGER, bio TEXT);');
  for (let i = 1; i <= 40; i++) db.prepare('INSERT INTO users VALUES (?, ?)').run(i, `u${i}`);
  for (let i = 1; i <= 30; i++) db.prepare('INSERT INTO profiles VALUES (?, ?, ?)').run(i, i + 5, 'b');
  db.close();
  const driver = await connect(parseDatasourceUrl(`sqlite://${file}`));
  try {
    const rels = await inferRelationships((await driver.introspect()).tables, { driver });
    const r = byId(rels, 'profiles.user_id->users.id');
    assert.equal(r?.type, 'one-to-one');
    assert.ok(said(r).some((e) => e.includes('distinct in all 30 rows')));
  } finally {
    await driver.close();
  }
});

const chinookFile = join(process.env.TABLETALK_CHINOOK_DIR ?? join(__dirname, '../../../shared/datasets/chinook'), 'Chinook_Sqlite.sqlite');
const noChinook = existsSync(chinookFile) ? undefined : `Chinook SQLite file not found at ${chinookFile}`;

test('Chinook (SQLite): with declared keys hidden, inference finds them, and suggests nothing else', { skip: noChinook }, async () => {
  const driver = await connect(parseDatasourceUrl(`sqlite://${chinookFile}`));
  try {
    const { tables } = await driver.introspect();
    const truth = declaredRelationships(tables).map((r) => r.id).sort();
    assert.equal(truth.length, 11);
    const rels = await inferRelationships(tables, { driver, ignoreDeclared: true });
    const suggested = rels.filter((r) => r.confidence >= 0.5 && r.type !== 'many-to-many').map((r) => r.id).sort();
    assert.deepEqual(suggested, truth);
    const withDeclared = await inferRelationships(tables, { driver });
    assert.deepEqual(withDeclared.filter((r) => r.origin === 'declared').map((r) => r.id).sort(), truth);
    assert.ok(withDeclared.every((r) => r.origin === 'declared' || r.type === 'many-to-many'), 'declared keys explain every column: no extra guesses');
  } finally {
    await driver.close();
  }
});
