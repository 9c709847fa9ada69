// `npm run bench:sqlite-memory`: memory of querying a 1 GB SQLite file through each SQLite engine. The "host"
// (a child process standing in for the extension host) opens the file with SqliteDriver and runs a full scan, an
// aggregate over every row, a lookup and a row-capped SELECT *; reported are the host's RSS growth and the SQLite
// helper process's peak RSS (VmHWM). The WASM engine reads pages on demand, so neither grows with the file.
// Writes bench/results/sqlite-memory.md. Linux only (reads /proc).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROWS = 1_000_000;
const BLOB = 1000;

function kib(status: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : 0;
}

async function host(file: string, engine: 'native' | 'node' | 'wasm'): Promise<void> {
  const { connect, parseDatasourceUrl } = await import('../src/core/datasource/index');
  const rssBefore = process.memoryUsage().rss;
  let peakHost = rssBefore;
  const sample = setInterval(() => (peakHost = Math.max(peakHost, process.memoryUsage().rss)), 20);
  const logs: string[] = [];
  const d = await connect({ ...parseDatasourceUrl(`sqlite://${file}`), sqliteEngine: engine, log: (l) => logs.push(l) });
  const schema = await d.introspect();
  const helper = readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).map(Number).find((p) => existsSync(`/proc/${p}/status`));
  const start = performance.now();
  const results: Record<string, unknown> = {};
  for (const [name, sql] of [
    ['count', 'SELECT count(*) AS n FROM big'],
    ['sum', 'SELECT sum(length(payload)) AS bytes FROM big'],
    ['lookup', 'SELECT id, label FROM big WHERE id = 777777'],
    ['capped', 'SELECT * FROM big'],
  ] as const) {
    const r = await d.queryReadOnly(sql, [], { maxRows: 1000, timeoutMs: 600_000 });
    results[name] = name === 'capped' ? `${r.rows.length} rows, truncated ${r.truncated}` : r.rows[0];
  }
  const ms = Math.round(performance.now() - start);
  const helperStatus = helper ? readFileSync(`/proc/${helper}/status`, 'utf8') : '';
  clearInterval(sample);
  peakHost = Math.max(peakHost, process.memoryUsage().rss);
  await d.close();
  process.stdout.write(JSON.stringify({
    engine, line: logs.find((l) => l.startsWith('SQLite: using')), tables: schema.tables.length, results, ms,
    hostGrowthMB: (peakHost - rssBefore) / 2 ** 20, helperPeakMB: kib(helperStatus, 'VmHWM') / 1024,
  }));
}

function makeFile(file: string): void {
  if (existsSync(file) && statSync(file).size > 1e9) return;
  console.log(`# writing a ${((ROWS * BLOB) / 1e9).toFixed(1)} GB SQLite file to ${file} (once; kept for later runs)`);
  const tmp = `${file}.tmp`;
  const r = spawnSync(process.execPath, ['-e', `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(tmp)});
    db.pragma('journal_mode = OFF'); db.pragma('synchronous = OFF');
    db.exec("CREATE TABLE big (id INTEGER PRIMARY KEY, label TEXT, payload BLOB)");
    db.exec("INSERT INTO big WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${ROWS}) SELECT i, 'row ' || i, randomblob(${BLOB}) FROM c");
    db.close();`], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not write the test file');
  renameSync(tmp, file);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'host') return host(process.argv[3], process.argv[4] as 'wasm');
  const file = join(tmpdir(), 'tabletalk-bench-1gb.sqlite');
  makeFile(file);
  const size = statSync(file).size;
  const engines = (process.env.ENGINES ?? 'wasm,native').split(',');
  const node22 = process.env.TABLETALK_SQLITE_NODE;
  if (node22 && !engines.includes('node')) engines.push('node');
  const rows: string[] = [];
  for (const engine of engines) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, 'host', file, engine], { encoding: 'utf8', env: process.env, maxBuffer: 1e7 });
    if (r.status !== 0) {
      console.log(`# ${engine}: failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      continue;
    }
    const o = JSON.parse(r.stdout) as { engine: string; line: string; results: Record<string, unknown>; ms: number; hostGrowthMB: number; helperPeakMB: number };
    const line = `| ${o.engine} | ${o.hostGrowthMB.toFixed(1)} | ${o.helperPeakMB.toFixed(1)} | ${(o.hostGrowthMB + o.helperPeakMB).toFixed(1)} | ${(o.ms / 1000).toFixed(1)} | ${JSON.stringify(o.results).replace(/\|/g, '/')} |`;
    console.log(`# ${o.line}`);
    console.log(line);
    rows.push(line);
  }
  const md = [
    `# SQLite memory on a ${(size / 2 ** 30).toFixed(2)} GiB file (${ROWS.toLocaleString('en')} rows of ${BLOB}-byte blobs)`,
    '',
    'Host = the process holding SqliteDriver (the extension host); helper = the SQLite child process (peak RSS, whole process).',
    'Queries: count(*), sum(length(payload)) over every row, a lookup by id, SELECT * capped at 1,000 rows.',
    '',
    '| engine | host RSS growth (MB) | helper peak RSS (MB) | total (MB) | queries (s) | results |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `Measured ${new Date().toISOString()} on ${process.platform}-${process.arch}, Node ${process.version}.`,
    '',
  ].join('\n');
  writeFileSync(join(__dirname, 'results', 'sqlite-memory.md'), md);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
