// Shared by the Ask tests: a Chinook dataset trained for real (built-in embedder, embedded Chroma, the training
// pipeline) on any of the three databases, the loopback OpenAI-compatible server, and a checksum of the data that
// proves nothing was written.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, parseDatasourceUrl, type Driver } from '../../src/core/datasource/index';
import { DatasetStore, datasetsDir } from '../../src/core/dataset/store';
import { RunStateStore } from '../../src/core/dataset/run-state';
import type { BusinessTerm, DatasetDefinition, DatasetRunState } from '../../src/core/dataset/types';
import { EmbeddedChroma } from '../../src/core/vector/chroma-server';
import { VectorStore } from '../../src/core/vector/vector-store';
import { BuiltinEmbedder } from '../../src/core/vector/builtin-embedder';
import { train } from '../../src/core/training/pipeline';
import type { FakeOpenAI } from './fake-openai.mjs' with { 'resolution-mode': 'import' };
export type { FakeOpenAI };

export const chinookFile = process.env.TABLETALK_CHINOOK_DIR ? join(process.env.TABLETALK_CHINOOK_DIR, 'Chinook_Sqlite.sqlite') : '';
export const noChinook = existsSync(chinookFile) ? undefined : `Chinook SQLite file not found (TABLETALK_CHINOOK_DIR=${process.env.TABLETALK_CHINOOK_DIR ?? 'unset'}); run through npm test`;

/** A private copy of Chinook: a test that went wrong could only hurt the copy. */
export function chinookCopy(): { url: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tt-ask-db-'));
  const file = join(dir, 'chinook.sqlite');
  copyFileSync(chinookFile, file);
  return { url: `sqlite://${file}`, dir };
}

export interface TrainedChinook {
  dir: string;
  datasets: DatasetStore;
  runState: RunStateStore;
  dataset: DatasetDefinition;
  state: DatasetRunState;
  store: VectorStore;
  embedder: BuiltinEmbedder;
  driver: Driver;
  close(): Promise<void>;
}

/** Creates and trains a dataset over every table of the datasource at `url`. */
export async function trainChinook(url: string, options: { name?: string; terms?: BusinessTerm[] } = {}): Promise<TrainedChinook> {
  const dir = mkdtempSync(join(tmpdir(), 'tt-ask-'));
  const chroma = new EmbeddedChroma({ dataDir: join(dir, '.tabletalk', 'chroma') });
  const driver = await connect(parseDatasourceUrl(url));
  const datasets = new DatasetStore(datasetsDir(dir));
  const runState = RunStateStore.forDirectory(dir);
  const store = new VectorStore(chroma);
  const embedder = new BuiltinEmbedder();
  const close = async () => {
    await driver.close().catch(() => {});
    await chroma.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const schema = await driver.introspect();
    const dataset = await datasets.create({
      name: options.name ?? 'chinook',
      datasource: url.replace(/:[^:@/]*@/, '@'),
      tables: schema.tables.filter((t) => t.kind === 'table').map((t) => ({ name: t.name, schema: t.schema })),
      terms: options.terms ?? [],
    });
    await train(dataset, { driver, store, embedder, runState });
    return { dir, datasets, runState, dataset, state: await runState.get(dataset), store, embedder, driver, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Row count and the first rows of every table, hashed: equal before and after means nothing was written. */
export async function dataChecksum(driver: Driver): Promise<string> {
  const hash = createHash('sha256');
  const tables = (await driver.introspect()).tables.filter((t) => t.kind === 'table').sort((a, b) => a.name.localeCompare(b.name));
  for (const t of tables) {
    const ref = driver.qualify(t);
    const count = await driver.queryReadOnly(`SELECT COUNT(*) AS n FROM ${ref}`, [], { maxRows: 1 });
    const sample = await driver.queryReadOnly(`SELECT * FROM ${ref} ORDER BY 1 LIMIT 20`, [], { maxRows: 20 });
    hash.update(`${t.name}:${String(count.rows[0]?.n)}:${JSON.stringify(sample.rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
  }
  return `${tables.length} tables ${hash.digest('hex').slice(0, 16)}`;
}

export async function startFake(): Promise<FakeOpenAI> {
  const { startFakeOpenAI } = await import('./fake-openai.mjs');
  return startFakeOpenAI();
}

/** The text of the last user message of the last chat request (the question, or the correction request). */
export function lastUserMessage(ai: FakeOpenAI): string {
  const messages = ai.requests.chat.at(-1)?.messages ?? [];
  return [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}
