// `npm run bench:cli`: the `tabletalk` CLI as whole processes (what a user or a CI pipeline waits for), next to
// the same work done in process. On Chinook (SQLite): `retrieve`, and `ask --run` with the loopback stand-in
// model (test/support/fake-openai.mjs), cold (no shared Chroma server running: the call starts one) and warm (the
// server a previous call left running); on a generated 500-table SQLite schema: the first `train` and an
// immediate unchanged retrain, warm and cold. Medians of several runs. Writes bench/results/cli.md.
// Targets (issue 12): retrieve under 1 s, ask under 1.5 s, unchanged retrain under 0.3 of the first train.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { chinookDir } from '../test/support/databases.mjs';
import { startFakeOpenAI } from '../test/support/fake-openai.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const cliJs = join(root, 'dist', 'cli.js');
const require = createRequire(import.meta.url);
const { connect, parseDatasourceUrl } = require('../src/core/datasource/index.ts');
const { DatasetStore, datasetsDir } = require('../src/core/dataset/store.ts');
const { RunStateStore } = require('../src/core/dataset/run-state.ts');
const { EmbeddedChroma } = require('../src/core/vector/chroma-server.ts');
const { VectorStore } = require('../src/core/vector/vector-store.ts');
const { BuiltinEmbedder } = require('../src/core/vector/builtin-embedder.ts');
const { train } = require('../src/core/training/pipeline.ts');
const { retrieveTables } = require('../src/core/ask/strategy.ts');
const { ask } = require('../src/core/ask/ask.ts');
const { OpenAiChatProvider } = require('../src/core/llm/openai-chat.ts');

const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const TABLES = 500;
const work = mkdtempSync(join(tmpdir(), 'tt-bench-cli-'));
const question = 'Which artists have the most albums?';
const answerSql = 'SELECT ar.Name, COUNT(*) AS albums FROM Artist ar JOIN Album al ON al.ArtistId = ar.ArtistId GROUP BY ar.Name ORDER BY albums DESC LIMIT 5';

// The production build, as the VSIX ships it (minified: less to compile per call); the development build is
// restored at the end.
console.log('Building dist/ (node esbuild.mjs --production)...');
if (spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);

const ai = await startFakeOpenAI();
ai.onChat(() => `\`\`\`sql\n${answerSql}\n\`\`\``);
const llmEnv = { TABLETALK_OPENAI_BASE_URL: ai.url, TABLETALK_OPENAI_API_KEY: 'bench', TABLETALK_LLM_MODEL: 'fake-sql' };

// GNU time, where present, also gives the CPU time of each call (user + system): on a machine shared with other
// work the wall time says what the user waits, the CPU time what the call itself costs.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const cpuFile = join(work, 'cpu.txt');

/** One CLI process, timed from spawn to exit (asynchronously: the loopback model answers from this process). */
function cli(args, env = {}) {
  const t = performance.now();
  const cmd = gnuTime ? [gnuTime, ['-o', cpuFile, '-f', '%U %S', process.execPath, cliJs, ...args]] : [process.execPath, [cliJs, ...args]];
  const child = spawn(cmd[0], cmd[1], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const ms = performance.now() - t;
      if (code !== 0) return reject(new Error(`tabletalk ${args.join(' ')} failed (${code}): ${stderr}`));
      const cpu = gnuTime ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').reduce((a, b) => a + Number(b) * 1000, 0) : NaN;
      resolve({ ms, cpu, stdout });
    });
  });
}
const stop = (dir) => cli(['daemon', 'stop', '--dir', dir]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${Math.round(ms)} ms`;

/** Median wall time of `runs` calls, each cold (server stopped first) or warm (server left by the previous call). */
async function timed(label, dir, args, env, cold, runs = REPEAT) {
  const times = [];
  const cpus = [];
  if (!cold) await cli(args, env); // leaves the server running
  for (let i = 0; i < runs; i++) {
    if (cold) await stop(dir);
    const r = await cli(args, env);
    times.push(r.ms);
    cpus.push(r.cpu);
  }
  const m = median(times);
  console.log(`${label}: median ${fmt(m)} wall, ${fmt(median(cpus))} CPU (wall ${times.map((t) => Math.round(t)).join(', ')} ms)`);
  return { wall: m, cpu: median(cpus), best: Math.min(...times) };
}

// --- Chinook: retrieve and ask as CLI processes ---
const chinook = join(work, 'chinook');
const chinookDb = join(work, 'chinook.sqlite');
copyFileSync(join(chinookDir, 'Chinook_Sqlite.sqlite'), chinookDb);
await cli(['train', '--url', `sqlite://${chinookDb}`, '--name', 'chinook', '--dir', chinook, '--json'], { TABLETALK_LLM_MODEL: '' });
const retrieveArgs = ['retrieve', '--name', 'chinook', '--dir', chinook, '--question', question, '--json'];
const askArgs = ['ask', '--name', 'chinook', '--dir', chinook, '--question', question, '--run', '--json'];
const cliFigures = {
  retrieveCold: await timed('CLI retrieve, cold', chinook, retrieveArgs, {}, true),
  retrieveWarm: await timed('CLI retrieve, warm', chinook, retrieveArgs, {}, false),
  retrieveOff: await timed('CLI retrieve, TABLETALK_CHROMA_IDLE_SECONDS=0 (server started and stopped by each call)', chinook, retrieveArgs, { TABLETALK_CHROMA_IDLE_SECONDS: '0' }, true),
  askCold: await timed('CLI ask --run (loopback model), cold', chinook, askArgs, llmEnv, true),
  askWarm: await timed('CLI ask --run (loopback model), warm', chinook, askArgs, llmEnv, false),
};
const askOut = JSON.parse((await cli(askArgs, llmEnv)).stdout.trim().split('\n').pop());
if (askOut.sql !== answerSql || !askOut.rows?.length) throw new Error(`ask did not answer with the model's SQL and rows: ${JSON.stringify(askOut).slice(0, 300)}`);
await stop(chinook);

// --- Chinook: the same in process (one process, server already running, module code loaded) ---
const inChroma = new EmbeddedChroma({ dataDir: join(work, 'inproc-chroma') });
const inStore = new VectorStore(inChroma);
const embedder = new BuiltinEmbedder();
const driver = await connect(parseDatasourceUrl(`sqlite://${chinookDb}`));
const inDir = join(work, 'inproc');
const runState = RunStateStore.forDirectory(inDir);
const schema = await driver.introspect();
const inDataset = await new DatasetStore(datasetsDir(inDir)).create({ name: 'chinook', datasource: `sqlite://${chinookDb}`, tables: schema.tables.filter((t) => t.kind === 'table').map((t) => ({ name: t.name, schema: t.schema })) });
await train(inDataset, { driver, store: inStore, embedder, runState });
const inState = await runState.get(inDataset);
const llm = new OpenAiChatProvider({ baseURL: ai.url, apiKey: 'bench', model: 'fake-sql' });
await retrieveTables(inDataset, inState, question, { store: inStore, embedder }, { k: 5, contextItems: 5 }); // loads the corpus once
const inRetrieve = [];
const inAsk = [];
for (let i = 0; i < REPEAT; i++) {
  let t = performance.now();
  await retrieveTables(inDataset, inState, question, { store: inStore, embedder }, { k: 5, contextItems: 5 });
  inRetrieve.push(performance.now() - t);
  t = performance.now();
  await ask(inDataset, inState, question, { store: inStore, embedder, llm, driver, dialect: 'sqlite', run: true, k: 8, configureHint: '' });
  inAsk.push(performance.now() - t);
}
await driver.close();
const inFigures = { retrieve: median(inRetrieve), ask: median(inAsk) };
console.log(`in process: retrieve ${fmt(inFigures.retrieve)}, ask --run ${fmt(inFigures.ask)}`);

// --- 500 tables: first train vs unchanged retrain ---
function generateSchema(file, count) {
  const areas = ['sales', 'billing', 'crm', 'hr', 'stock', 'ship', 'web', 'finance', 'support', 'catalog'];
  const nouns = ['order', 'invoice', 'customer', 'employee', 'product', 'shipment', 'ticket', 'payment', 'account', 'region', 'supplier', 'warehouse', 'campaign', 'contract', 'asset'];
  const db = new Database(file);
  const names = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const name = `${areas[i % areas.length]}_${nouns[Math.floor(i / areas.length) % nouns.length]}_${String(i).padStart(4, '0')}`;
      names.push(name);
      const refs = i > 0 ? [Math.floor(i / 2), ...(i > 10 && i % 3 === 0 ? [i - 7] : [])] : [];
      const fk = refs.map((r) => `, ${names[r]}_id INTEGER REFERENCES "${names[r]}"(id)`).join('');
      db.exec(`CREATE TABLE "${name}" (id INTEGER PRIMARY KEY, name TEXT NOT NULL, status TEXT, amount NUMERIC(12,2) DEFAULT 0, created_at TEXT${fk})`);
      const insert = db.prepare(`INSERT INTO "${name}" (id, name, status, amount, created_at${refs.map((r) => `, ${names[r]}_id`).join('')}) VALUES (?, ?, ?, ?, ?${refs.map(() => ', ?').join('')})`);
      for (let r = 1; r <= 5; r++) insert.run(r, `${name} ${r}`, ['open', 'closed', 'pending'][r % 3], r * 10.5, `2024-01-0${r}`, ...refs.map(() => ((r + i) % 5) + 1));
    }
  })();
  db.close();
}
const bigDb = join(work, 'tables500.sqlite');
generateSchema(bigDb, TABLES);
const big = join(work, 'tables500');
const trainArgs = ['train', '--url', `sqlite://${bigDb}`, '--name', 'tables500', '--dir', big, '--json'];
const noLlm = { TABLETALK_LLM_MODEL: '' };
await stop(big);
const first = await cli(trainArgs, noLlm);
const firstJson = JSON.parse(first.stdout.trim().split('\n').pop());
const warmRetrains = [];
for (let i = 0; i < 3; i++) warmRetrains.push((await cli(trainArgs, noLlm)).ms);
const coldRetrains = [];
for (let i = 0; i < 3; i++) {
  await stop(big);
  coldRetrains.push((await cli(trainArgs, noLlm)).ms);
}
await stop(big);
const train500 = { first: first.ms, warm: median(warmRetrains), cold: median(coldRetrains), items: firstJson.counts };
console.log(`CLI train of ${TABLES} tables: first ${fmt(train500.first)}; unchanged retrain warm ${fmt(train500.warm)} (${(train500.warm / train500.first).toFixed(2)}), cold ${fmt(train500.cold)} (${(train500.cold / train500.first).toFixed(2)})`);

// In process, on the same schema.
const bigDriver = await connect(parseDatasourceUrl(`sqlite://${bigDb}`));
const bigDir = join(work, 'inproc500');
const bigSchema = await bigDriver.introspect();
const bigDataset = await new DatasetStore(datasetsDir(bigDir)).create({ name: 'tables500', datasource: `sqlite://${bigDb}`, tables: bigSchema.tables.filter((t) => t.kind === 'table').map((t) => ({ name: t.name, schema: t.schema })) });
const bigDeps = { driver: bigDriver, store: inStore, embedder, runState: RunStateStore.forDirectory(bigDir) };
let t = performance.now();
await train(bigDataset, bigDeps);
const inFirst = performance.now() - t;
t = performance.now();
await train(bigDataset, bigDeps);
const inRetrain = performance.now() - t;
await bigDriver.close();
await inChroma.stop();
ai.close();
console.log(`in process train of ${TABLES} tables: first ${fmt(inFirst)}, unchanged retrain ${fmt(inRetrain)} (${(inRetrain / inFirst).toFixed(2)})`);

const load = loadavg().map((l) => l.toFixed(1)).join(' / ');
const pass = (ok) => (ok ? 'PASS' : 'FAIL');
const fig = (f) => `${fmt(f.wall)} (${Number.isNaN(f.cpu) ? '?' : fmt(f.cpu)})`;
const ratioWarm = train500.warm / train500.first;
const md = `# CLI benchmark (\`npm run bench:cli\`)

Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}; shared with other work (load average at the end ${load}).
Whole \`tabletalk\` processes (node dist/cli.js, production build as in the VSIX), wall time from spawn to exit, median of ${REPEAT} runs; built-in embedder.
**Cold**: no shared Chroma server running (\`tabletalk daemon stop\` before each call), so the call starts one (and leaves it running).
**Warm**: the server a previous call left running is adopted (the default: it stays up ${600} s after the last call).
**In process**: the same core functions in one process, server running and code loaded (what VS Code and \`bench:ask\` measure).

| Chinook (SQLite, 11 tables) | CLI cold: wall (CPU) | CLI warm: wall (CPU), fastest | in process | target (CLI warm, wall) |
| --- | ---: | ---: | ---: | --- |
| \`retrieve\` | ${fig(cliFigures.retrieveCold)} | ${fig(cliFigures.retrieveWarm)}, ${fmt(cliFigures.retrieveWarm.best)} | ${fmt(inFigures.retrieve)} | under 1 s: ${pass(cliFigures.retrieveWarm.wall < 1000)} |
| \`ask --run\`, loopback model | ${fig(cliFigures.askCold)} | ${fig(cliFigures.askWarm)}, ${fmt(cliFigures.askWarm.best)} | ${fmt(inFigures.ask)} | under 1.5 s: ${pass(cliFigures.askWarm.wall < 1500)} |

With \`TABLETALK_CHROMA_IDLE_SECONDS=0\` (each call starts and stops its own server, as every call did before), \`retrieve\` took ${fig(cliFigures.retrieveOff)}.
CPU is user + system time of the CLI process (GNU time); the Chroma server's own CPU is not in it.

| ${TABLES} tables (SQLite; ${train500.items.ddl} DDL, ${train500.items.documentation} documentation, ${train500.items.sql} examples) | CLI | in process |
| --- | ---: | ---: |
| first \`train\` | ${fmt(train500.first)} | ${fmt(inFirst)} |
| unchanged retrain, warm | ${fmt(train500.warm)} (${ratioWarm.toFixed(2)} of the first) | ${fmt(inRetrain)} (${(inRetrain / inFirst).toFixed(2)} of the first) |
| unchanged retrain, cold | ${fmt(train500.cold)} (${(train500.cold / train500.first).toFixed(2)} of the first) | |

- Unchanged retrain of ${TABLES} tables as a whole CLI run, warm: ${ratioWarm.toFixed(2)} of the first train (target under 0.3): ${pass(ratioWarm < 0.3)}.
- In process runs from source (tsx), which has no build-time guard id (src/core/ask/guard-id.ts): its unchanged retrain parses every held example with the SQL guard again; the built CLI and extension skip that when the model's examples passed the same guard.
- The first train runs cold (it starts the server). The CLI is split per command (dist/cli-main.mjs + chunks shared with the host in dist/lazy/), so a call compiles only its command's code.
`;
writeFileSync(join(here, 'results', 'cli.md'), md);
console.log(`\nWrote bench/results/cli.md`);
rmSync(work, { recursive: true, force: true });
spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'ignore' });
