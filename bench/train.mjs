// `npm run bench:train`: the training pipeline with the built-in embedder against the embedded Chroma, on
// Chinook (SQLite) and on a generated 1,000-table SQLite schema: items/s, total ms, embedding calls, and the same
// for an immediate retrain of the unchanged dataset. Writes bench/results/train.md; exits 1 unless every unchanged
// retrain takes under 10% of its first train. Run with tsx registered (the npm script does).
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { chinookDir } from '../test/support/databases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { connect, parseDatasourceUrl } = require('../src/core/datasource/index.ts');
const { DatasetStore, datasetsDir } = require('../src/core/dataset/store.ts');
const { RunStateStore } = require('../src/core/dataset/run-state.ts');
const { EmbeddedChroma } = require('../src/core/vector/chroma-server.ts');
const { VectorStore } = require('../src/core/vector/vector-store.ts');
const { BuiltinEmbedder } = require('../src/core/vector/builtin-embedder.ts');
const { train } = require('../src/core/training/pipeline.ts');

const TABLES = Number(process.env.BENCH_TABLES ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'tt-bench-train-'));

/** A 1,000-table schema with readable names, keys, a few rows each and a foreign key web, built deterministically. */
function generateSchema(file, count) {
  const areas = ['sales', 'billing', 'crm', 'hr', 'stock', 'ship', 'web', 'finance', 'support', 'catalog'];
  const nouns = ['order', 'invoice', 'customer', 'employee', 'product', 'shipment', 'ticket', 'payment', 'account', 'region', 'supplier', 'warehouse', 'campaign', 'contract', 'asset'];
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const names = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const name = `${areas[i % areas.length]}_${nouns[Math.floor(i / areas.length) % nouns.length]}_${String(i).padStart(4, '0')}`;
      names.push(name);
      const refs = i > 0 ? [Math.floor(i / 2), ...(i > 10 && i % 3 === 0 ? [i - 7] : [])] : [];
      const fkCols = refs.map((r) => `  ${names[r]}_id INTEGER REFERENCES "${names[r]}"(id)`);
      db.exec(`CREATE TABLE "${name}" (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT,
  amount NUMERIC(12,2) DEFAULT 0,
  created_at TEXT${fkCols.length ? ',\n' + fkCols.join(',\n') : ''}
)`);
      const insert = db.prepare(`INSERT INTO "${name}" (id, name, status, amount, created_at${refs.map((r) => `, ${names[r]}_id`).join('')}) VALUES (?, ?, ?, ?, ?${refs.map(() => ', ?').join('')})`);
      for (let r = 1; r <= 5; r++) insert.run(r, `${name} ${r}`, ['open', 'closed', 'pending'][r % 3], r * 10.5, `2024-01-0${r}`, ...refs.map(() => ((r + i) % 5) + 1));
    }
  })();
  db.close();
}

async function bench(label, url, store, embedder) {
  const driver = await connect(parseDatasourceUrl(url));
  try {
    const work = join(dir, label.replace(/\W+/g, '-'));
    const datasets = new DatasetStore(datasetsDir(work));
    const runState = RunStateStore.forDirectory(work);
    const schema = await driver.introspect();
    const dataset = await datasets.create({ name: label, datasource: url, tables: schema.tables.filter((t) => t.kind === 'table').map((t) => ({ name: t.name, schema: t.schema })) });
    const deps = { driver, store, embedder, runState };
    const runs = [];
    for (const kind of ['first train', 'unchanged retrain']) {
      const calls = embedder.stats.calls;
      const t = performance.now();
      const r = await train(dataset, deps);
      const ms = Math.round(performance.now() - t);
      const items = r.counts.ddl + r.counts.documentation + r.counts.sql;
      runs.push({ kind, ms, items, embedded: r.embedded, calls: embedder.stats.calls - calls, counts: r.counts, dropped: r.dropped.length, unchanged: r.unchanged });
      console.log(`${label} ${kind}: ${items} items (${r.counts.ddl} DDL, ${r.counts.documentation} documentation, ${r.counts.sql} examples, ${r.dropped.length} dropped) in ${ms} ms = ${Math.round((items / ms) * 1000)} items/s; ${r.embedded} texts in ${embedder.stats.calls - calls} embedding calls`);
    }
    return { label, tables: dataset.tables.length, runs, ratio: runs[1].ms / runs[0].ms };
  } finally {
    await driver.close();
  }
}

const chroma = new EmbeddedChroma({ dataDir: join(dir, 'chroma') });
const results = [];
let startMs;
try {
  let t = performance.now();
  await chroma.start();
  startMs = Math.round(performance.now() - t);
  console.log(`embedded Chroma started in ${startMs} ms`);
  const store = new VectorStore(chroma);
  const embedder = new BuiltinEmbedder();

  const chinook = join(chinookDir, 'Chinook_Sqlite.sqlite');
  if (existsSync(chinook)) results.push(await bench('Chinook', `sqlite://${chinook}`, store, embedder));
  else console.log(`Chinook not found at ${chinook}: skipped`);

  const big = join(dir, `generated-${TABLES}.sqlite`);
  t = performance.now();
  generateSchema(big, TABLES);
  console.log(`generated ${TABLES}-table SQLite schema in ${Math.round(performance.now() - t)} ms`);
  results.push(await bench(`${TABLES} tables`, `sqlite://${big}`, store, embedder));
} finally {
  await chroma.stop();
  rmSync(dir, { recursive: true, force: true });
}

const ok = results.every((r) => r.ratio < 0.1);
const cpu = cpus();
const lines = [
  '# Training benchmark (`npm run bench:train`)',
  '',
  `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}.`,
  `Built-in embedder (feature hashing, 1024 dimensions), embedded Chroma child process (started in ${startMs} ms, not counted below), SQLite datasource; template examples (no LLM), every one executed read-only before training.`,
  '',
  '| dataset | run | items (DDL / docs / examples) | total ms | items/s | texts embedded | embedding calls |',
  '| --- | --- | --- | ---: | ---: | ---: | ---: |',
  ...results.flatMap((r) => r.runs.map((run) => `| ${r.label} (${r.tables} tables) | ${run.kind} | ${run.items} (${run.counts.ddl} / ${run.counts.documentation} / ${run.counts.sql}) | ${run.ms} | ${Math.round((run.items / run.ms) * 1000)} | ${run.embedded} | ${run.calls} |`)),
  '',
  ...results.map((r) => `- ${r.label}: the unchanged retrain took ${(r.ratio * 100).toFixed(1)}% of the first train (${r.runs[1].unchanged.join(', ')} kept as they were; must be under 10%): ${r.ratio < 0.1 ? 'PASS' : 'FAIL'}.`),
  '- Embedding calls are batched (256 texts per call for the built-in embedder): the call count is the number of batches, never one per item.',
  '- An unchanged retrain still introspects the database, rebuilds the DDL, documentation and example candidates and compares content hashes with the active collections; it re-executes only the candidate examples the active model does not hold (the ones dropped last time).',
  '',
];
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'train.md'), lines.join('\n'));
console.log(`\nwrote bench/results/train.md: ${ok ? 'PASS' : 'FAIL'}`);
process.exit(ok ? 0 : 1);
