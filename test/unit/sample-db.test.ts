// The sample database generator: same rows and bytes on every run, a shop-sized schema, some relationships
// declared and some only implied by names, and every implied reference pointing at an existing row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

// The generator is an ES module script (run by `npm run sample-db`); this test file compiles to CommonJS.
type SampleModule = typeof import('../../scripts/make-sample-db.mjs', { with: { 'resolution-mode': 'import' } });
let makeSampleDb: SampleModule['makeSampleDb'];
let sampleRelationships: SampleModule['sampleRelationships'];
let first: ReturnType<SampleModule['makeSampleDb']>;
let db: Database.Database;

const dir = mkdtempSync(join(tmpdir(), 'tt-sample-'));
test.before(async () => {
  ({ makeSampleDb, sampleRelationships } = await import('../../scripts/make-sample-db.mjs'));
  first = makeSampleDb(join(dir, 'a', 'shop.sqlite'));
  db = new Database(first.path, { readonly: true });
});
test.after(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const tableNames = (d: Database.Database) =>
  (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

function contentHash(file: string): string {
  const d = new Database(file, { readonly: true });
  const hash = createHash('sha256');
  for (const name of tableNames(d)) {
    hash.update(`${name}\n`);
    for (const row of d.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw().all()) hash.update(`${JSON.stringify(row)}\n`);
  }
  d.close();
  return hash.digest('hex');
}

const split = (ref: string) => {
  const [table, column] = ref.split('.');
  return { table, column };
};

test('two runs give the same rows and the same file bytes', () => {
  const second = makeSampleDb(join(dir, 'b', 'shop.sqlite'));
  assert.deepEqual(second.tables, first.tables);
  assert.equal(contentHash(second.path), contentHash(first.path));
  assert.ok(readFileSync(second.path).equals(readFileSync(first.path)), 'the two files differ byte for byte');
});

test('a shop-sized schema: 10 to 15 tables, every one with rows, fact tables in the thousands', () => {
  const names = tableNames(db);
  assert.ok(names.length >= 10 && names.length <= 15, `${names.length} tables`);
  assert.deepEqual([...names].sort(), Object.keys(first.tables).sort());
  for (const name of names) {
    const { n } = db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number };
    assert.equal(n, first.tables[name], `row count of ${name}`);
    assert.ok(n > 0, `${name} is empty`);
  }
  for (const fact of ['orders', 'order_items', 'payments', 'reviews']) assert.ok(first.tables[fact] >= 500, `${fact}: ${first.tables[fact]} rows`);
});

test('some relationships are declared with FOREIGN KEY, the others exist only by name', () => {
  const declared = new Set<string>();
  for (const name of tableNames(db)) {
    for (const fk of db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as { table: string; from: string; to: string }[]) {
      declared.add(`${name}.${fk.from} -> ${fk.table}.${fk.to}`);
    }
  }
  const expectDeclared = sampleRelationships.declared.map((r) => `${r.from} -> ${r.to}`);
  assert.deepEqual([...declared].sort(), expectDeclared.sort());
  // The ones the brief names explicitly must be left for inference.
  for (const ref of ['reviews.product_id', 'shipments.order_id', 'employees.manager_id', 'orders.created_by']) {
    assert.ok(sampleRelationships.implied.some((r) => r.from === ref), `${ref} should be implied`);
    assert.ok(![...declared].some((d) => d.startsWith(`${ref} `)), `${ref} should have no FOREIGN KEY clause`);
  }
  assert.ok(sampleRelationships.implied.length >= 8, 'inference should have plenty to find');
});

test('every declared and implied reference points at an existing row, and is used', () => {
  assert.deepEqual(db.prepare('PRAGMA foreign_key_check').all(), []);
  for (const rel of [...sampleRelationships.declared, ...sampleRelationships.implied]) {
    const from = split(rel.from), to = split(rel.to);
    const { used, dangling } = db.prepare(
      `SELECT count(s."${from.column}") AS used,
              sum(s."${from.column}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "${to.table}" t WHERE t."${to.column}" = s."${from.column}")) AS dangling
       FROM "${from.table}" s`,
    ).get() as { used: number; dangling: number };
    assert.ok(used > 0, `${rel.from} is never filled`);
    assert.equal(dangling, 0, `${rel.from}: ${dangling} values missing from ${rel.to}`);
  }
});

test('the data answers typical business questions sensibly', () => {
  const months = db.prepare("SELECT substr(order_date, 1, 7) AS month, sum(total_amount) AS revenue FROM orders WHERE status <> 'cancelled' GROUP BY month ORDER BY month").all() as { month: string; revenue: number }[];
  assert.equal(months.length, 24);
  assert.equal(months[0].month, '2023-01');
  assert.equal(months[23].month, '2024-12');
  const year = (y: string) => months.filter((m) => m.month.startsWith(y)).reduce((s, m) => s + m.revenue, 0);
  assert.ok(year('2024') > year('2023'), 'the shop grows');
  const december = months.find((m) => m.month === '2024-12')!.revenue;
  const june = months.find((m) => m.month === '2024-06')!.revenue;
  assert.ok(december > june, 'holiday season is busier');

  const { never } = db.prepare('SELECT count(*) AS never FROM products p WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.product_id = p.id)').get() as { never: number };
  assert.ok(never >= 5 && never < 60, `${never} products never ordered`);

  const spend = db.prepare('SELECT customer_id, sum(total_amount) AS spend FROM orders GROUP BY customer_id ORDER BY spend DESC').all() as { spend: number }[];
  assert.ok(spend[0].spend > 5 * spend[Math.floor(spend.length / 2)].spend, 'a few customers spend much more than the median');

  const { mismatched } = db.prepare(
    `SELECT count(*) AS mismatched FROM orders o
     WHERE abs(o.subtotal - (SELECT sum(line_total) FROM order_items i WHERE i.order_id = o.id)) > 0.005
        OR abs(o.total_amount - (o.subtotal + o.shipping_fee + o.tax_amount)) > 0.005`,
  ).get() as { mismatched: number };
  assert.equal(mismatched, 0, 'order totals add up');
  const statuses = (db.prepare('SELECT DISTINCT status FROM orders ORDER BY status').all() as { status: string }[]).map((r) => r.status);
  assert.deepEqual(statuses, ['cancelled', 'delivered', 'paid', 'pending', 'refunded', 'shipped']);
});

test('the script writes the file it is given and fails clearly, leaving nothing behind, when it cannot', () => {
  const out = join(dir, 'cli', 'demo.sqlite');
  const ok = spawnSync(process.execPath, ['scripts/make-sample-db.mjs', out], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /Sample database written to .*demo\.sqlite: 14 tables/);
  assert.equal(contentHash(out), contentHash(first.path));

  const blocker = join(dir, 'not-a-folder');
  writeFileSync(blocker, 'x');
  const bad = spawnSync(process.execPath, ['scripts/make-sample-db.mjs', join(blocker, 'shop.sqlite')], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /Could not write the sample database: .*not-a-folder/);
  assert.equal(readFileSync(blocker, 'utf8'), 'x');

  // A failure mid-way (here: the target is a folder) removes the temporary file.
  const folderTarget = join(dir, 'cli', 'folder.sqlite');
  makeSampleDb(join(folderTarget, 'inner.sqlite'));
  const clash = spawnSync(process.execPath, ['scripts/make-sample-db.mjs', folderTarget], { encoding: 'utf8' });
  assert.equal(clash.status, 1);
  assert.match(clash.stderr, /Could not write the sample database/);
  assert.deepEqual(readdirSync(join(dir, 'cli')).filter((f) => f.includes('.tmp')), []);
  assert.ok(existsSync(join(folderTarget, 'inner.sqlite')), 'the folder in the way is left alone');
});
