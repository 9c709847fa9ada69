// `npm run bench:introspect`: introspection speed and round trips on Chinook (11 tables) and on a generated
// schema of 2,000 tables x 12 columns with a foreign key on each, for SQLite, PostgreSQL and MariaDB.
// Starts its own servers (test/support/databases.mjs) and a temp SQLite file; writes bench/results/introspect.md.
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { connect, parseDatasourceUrl, type Driver, type Schema } from '../src/core/datasource/index';

const TABLES = 2000;
const RUNS = 5;

/** Table i has an id, a foreign key to table i-1 (table 0 to itself) and 10 more columns: 12 columns. */
function ddl(i: number, quote: (s: string) => string, pkType: string): string {
  const t = (n: number) => quote(`t${String(n).padStart(4, '0')}`);
  const cols = Array.from({ length: 10 }, (_, k) => `${quote(`c${k + 1}`)} ${k % 2 ? 'varchar(40)' : 'integer'}`).join(', ');
  return `CREATE TABLE ${t(i)} (${quote('id')} ${pkType} PRIMARY KEY, ${quote('parent_id')} integer REFERENCES ${t(Math.max(0, i - 1))}(${quote('id')}), ${cols})`;
}

/** User + system CPU of one process in ms, from /proc (Linux; 100 clock ticks per second). 0 once it is gone. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

function childrenOf(ppid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      return new RegExp(`^PPid:\\s+${ppid}$`, 'm').test(readFileSync(`/proc/${pid}/status`, 'utf8'));
    } catch {
      return false;
    }
  });
}

/**
 * The processes doing the work: this one, its children (the SQLite helper, MariaDB) and, for PostgreSQL, the
 * postmaster and its backends. Their CPU time does not depend on how busy the shared machine is.
 */
function workers(postmaster?: number): number[] {
  const pids = [process.pid, ...childrenOf(process.pid)];
  if (postmaster) pids.push(postmaster, ...childrenOf(postmaster));
  return pids;
}

interface Figure {
  dialect: string;
  size: string;
  tables: number;
  foreignKeys: number;
  roundTrips: number;
  coldMs: number;
  medianMs: number;
  /** CPU time per introspection, client and server together (ms): what the work costs on an idle machine. */
  cpuMs: number;
  /** 1-minute load average when the runs ended: the machine is shared, so figures are read against it. */
  load: number;
}

async function measure(dialect: string, size: string, url: string, postmaster?: number): Promise<Figure> {
  const driver: Driver = await connect(parseDatasourceUrl(url));
  try {
    await driver.test(); // connection set-up is not introspection
    const runs: Schema[] = [await driver.introspect()]; // the first call also opens the pool's other connections
    const before = new Map(workers(postmaster).map((pid) => [pid, cpuMs(pid)]));
    for (let i = 1; i < RUNS; i++) runs.push(await driver.introspect());
    const cpu = workers(postmaster).reduce((sum, pid) => sum + cpuMs(pid) - (before.get(pid) ?? 0), 0) / (RUNS - 1);
    const ms = runs.map((r) => r.stats.ms);
    const sorted = [...ms].sort((a, b) => a - b);
    const trips = new Set(runs.map((r) => r.stats.roundTrips));
    if (trips.size !== 1) throw new Error(`${dialect} ${size}: round trips vary between runs: ${[...trips].join(', ')}`);
    const s = runs[0];
    const f: Figure = {
      dialect, size, tables: s.tables.length, foreignKeys: s.tables.reduce((n, t) => n + t.foreignKeys.length, 0),
      roundTrips: s.stats.roundTrips, coldMs: ms[0], medianMs: sorted[Math.floor(sorted.length / 2)], cpuMs: Math.round(cpu), load: Math.round(loadavg()[0] * 10) / 10,
    };
    console.log(`${dialect.padEnd(8)} ${size.padEnd(8)} ${String(f.tables).padStart(5)} tables ${String(f.foreignKeys).padStart(5)} FKs  ${String(f.roundTrips).padStart(2)} round trips  first ${String(f.coldMs).padStart(5)} ms  median ${String(f.medianMs).padStart(5)} ms  ${Math.round(f.tables / (f.medianMs / 1000 || 0.001))} tables/s  cpu ${f.cpuMs} ms  (load ${f.load})`);
    return f;
  } finally {
    await driver.close();
  }
}

async function main(): Promise<void> {
  const { startPostgres, startMariadb, chinookDir } = await import('../test/support/databases.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'tt-bench-'));
  const servers: { stop(): void }[] = [];
  const figures: Figure[] = [];
  try {
    // SQLite
    const chinookSqlite = join(chinookDir, 'Chinook_Sqlite.sqlite');
    if (!existsSync(chinookSqlite)) throw new Error(`Chinook not found at ${chinookSqlite}`);
    const bigSqlite = join(dir, 'bench2000.sqlite');
    const db = new Database(bigSqlite);
    const q = (s: string) => `"${s}"`;
    db.transaction(() => {
      for (let i = 0; i < TABLES; i++) db.exec(ddl(i, q, 'integer'));
    })();
    db.close();
    figures.push(await measure('sqlite', 'chinook', `sqlite://${chinookSqlite}`));
    figures.push(await measure('sqlite', '2000', `sqlite://${bigSqlite}`));

    // PostgreSQL
    console.log('# starting PostgreSQL and MariaDB');
    const pgs = await startPostgres();
    if (pgs.skip) throw new Error(pgs.skip);
    servers.push(pgs);
    const admin = new pg.Client({ connectionString: pgs.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE bench2000');
    await admin.end();
    const pgBig = new pg.Client({ connectionString: pgs.url('bench2000') });
    await pgBig.connect();
    await pgBig.query(`BEGIN; ${Array.from({ length: TABLES }, (_, i) => ddl(i, q, 'integer')).join(';\n')}; COMMIT`);
    await pgBig.query('ANALYZE');
    const backend = Number((await pgBig.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    const postmaster = Number(/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${backend}/status`, 'utf8'))?.[1]);
    await pgBig.end();
    figures.push(await measure('postgres', 'chinook', pgs.chinookUrl, postmaster));
    figures.push(await measure('postgres', '2000', pgs.url('bench2000'), postmaster));

    // MariaDB
    const my = await startMariadb();
    if (my.skip) throw new Error(my.skip);
    servers.push(my);
    const myc = await mysql.createConnection({ uri: my.url(), multipleStatements: true });
    await myc.query('CREATE DATABASE bench2000; USE bench2000');
    const bq = (s: string) => '`' + s + '`';
    for (let i = 0; i < TABLES; i += 200) {
      await myc.query(Array.from({ length: Math.min(200, TABLES - i) }, (_, k) => ddl(i + k, bq, 'int')).join(';\n'));
    }
    await myc.end();
    figures.push(await measure('mysql', 'chinook', my.chinookUrl));
    figures.push(await measure('mysql', '2000', my.url('bench2000')));
  } finally {
    for (const s of servers) s.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const problems: string[] = [];
  for (const d of ['sqlite', 'postgres', 'mysql']) {
    const [small, big] = [figures.find((f) => f.dialect === d && f.size === 'chinook'), figures.find((f) => f.dialect === d && f.size === '2000')];
    if (!small || !big) continue;
    if (small.roundTrips !== big.roundTrips) problems.push(`${d}: ${small.roundTrips} round trips for 11 tables but ${big.roundTrips} for ${TABLES}`);
    if (big.medianMs >= 1000) problems.push(`${d}: ${TABLES} tables took ${big.medianMs} ms (not under 1 s)`);
    if (big.tables !== TABLES || big.foreignKeys !== TABLES) problems.push(`${d}: found ${big.tables} tables and ${big.foreignKeys} foreign keys, expected ${TABLES} each`);
    if (small.tables !== 11 || small.foreignKeys !== 11) problems.push(`${d}: Chinook gave ${small.tables} tables and ${small.foreignKeys} foreign keys, expected 11 each`);
  }

  const cpu = cpus();
  const machine = `${cpu.length} cores (${cpu[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${osType()} ${release()}, Node ${process.version}`;
  const rows = figures.map((f) => `| ${f.dialect} | ${f.size === 'chinook' ? 'Chinook' : `generated ${TABLES} × 12 cols`} | ${f.tables} | ${f.foreignKeys} | ${f.roundTrips} | ${f.coldMs} | ${f.medianMs} | ${Math.round(f.tables / (f.medianMs / 1000 || 0.001))} | ${f.cpuMs} | ${f.load} |`);
  const md = `# Introspection benchmark

Measured by \`npm run bench:introspect\` (bench/introspect.ts) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine}.

Each figure is \`Schema.stats\` from \`Driver.introspect()\` after \`Driver.test()\` connected: \`ms\` is the
wall time of the catalog work (first call, which on PostgreSQL/MariaDB also opens the pool's extra connections
for the overlapped queries; then the median of ${RUNS} calls), \`roundTrips\` the catalog statements sent. Servers are local
(loopback), started by the benchmark: PostgreSQL 15 and MariaDB from Debian, default settings. The generated
schema has ${TABLES} tables of 12 columns, each with a primary key and a foreign key to the previous table.
"load avg" is the machine's 1-minute load average after the runs: the machine is shared with other work, and
on 2 cores a load above 2 means the figures include waiting for a CPU. "CPU ms" is the CPU time one
introspection used in this process, its children (the SQLite helper process, MariaDB) and the PostgreSQL
server's processes (from /proc, averaged over the calls after the first): unlike wall time it does not grow
with other work on the machine.

| dialect | schema | tables | foreign keys | round trips | first ms | median ms | tables/s | CPU ms | load avg |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

${problems.length ? `**Not met:**\n${problems.map((p) => `- ${p}`).join('\n')}` : `Round trips are the same for 11 and ${TABLES} tables on every dialect, and ${TABLES} tables take under 1 s on each.`}
`;
  writeFileSync(join(__dirname, 'results', 'introspect.md'), md);
  console.log(`\n${problems.length ? `NOT MET:\n${problems.join('\n')}` : `OK: round trips equal for 11 and ${TABLES} tables on every dialect; ${TABLES} tables under 1 s on each.`}`);
  console.log('Wrote bench/results/introspect.md');
  if (problems.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
