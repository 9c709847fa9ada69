/**
 * The training step that builds a model's value index: samples the tables whose columns changed since the active
 * index (all of them on a first or full run), copies the others' samples, and writes the file the run state will
 * point at once the run succeeds.
 */
import type { Driver, Table } from '../datasource/types';
import { sampleTable, type SampleLimits, type TableSample } from './sample';
import { readValues, tableHash, tableKey, VALUE_INDEX_VERSION, valuesFile, writeValues, type StoredValues, type ValueIndexInfo } from './store';

export interface ValueTrainingInput {
  driver: Driver;
  tables: Table[];
  dir: string;
  collection: string;
  runId: string;
  /** The active index, whose unchanged tables are copied instead of sampled again. */
  previous?: ValueIndexInfo | null;
  full?: boolean;
  /** False: write no values (the setting is off); the run state still says so. */
  enabled: boolean;
  limits?: SampleLimits;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface ValueTrainingResult {
  info: ValueIndexInfo;
  /** Tables sampled in this run (the rest were copied). */
  sampledTables: string[];
}

export async function buildValueIndex(input: ValueTrainingInput): Promise<ValueTrainingResult> {
  const file = valuesFile(input.dir, input.collection, input.runId);
  const data: StoredValues = { version: VALUE_INDEX_VERSION, createdAt: new Date().toISOString(), tables: {} };
  const sampledTables: string[] = [];
  if (input.enabled) {
    const before = !input.full && input.previous?.sampled ? readValues(input.previous.file) : null;
    const budget = { left: input.limits?.total ?? 30_000 };
    for (const t of input.tables) {
      input.signal?.throwIfAborted();
      const key = tableKey(t);
      const hash = tableHash(t);
      const old = before?.tables[key];
      let sample: TableSample;
      if (old && old.hash === hash) {
        sample = old.sample;
        budget.left -= sample.columns.reduce((n, c) => n + c.values.length, 0);
      } else {
        sample = await sampleTable(input.driver, t, budget, input.limits, input.signal);
        sampledTables.push(t.name);
      }
      for (const s of sample.skipped) if (s.reason === 'unreadable' || s.reason === 'timeout') input.log?.(`values of ${s.table}.${s.column} not sampled (${s.reason}): ${s.detail ?? ''}`);
      data.tables[key] = { hash, sample };
    }
  }
  await writeValues(file, data);
  const samples = Object.values(data.tables).map((t) => t.sample);
  return {
    info: {
      version: VALUE_INDEX_VERSION,
      file,
      values: samples.reduce((n, s) => n + s.columns.reduce((m, c) => m + c.values.length, 0), 0),
      columns: samples.reduce((n, s) => n + s.columns.length, 0),
      skipped: samples.flatMap((s) => s.skipped).filter((s) => s.reason !== 'not-categorical'),
      sampled: input.enabled,
    },
    sampledTables,
  };
}
