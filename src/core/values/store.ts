/**
 * The value index on disk: one JSON file per trained model next to the dataset's run state (the CLI's
 * <dir>/.tabletalk/values, the extension's global storage), holding the sampled values per table with the hash of
 * the table's columns, so a retrain samples again only the tables whose columns changed. It is a file, not a
 * Chroma collection, because lookups are exact and trigram matches on strings: a hash probe in memory costs
 * microseconds, where a vector query would cost an embedding and an HTTP round trip per question.
 */
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { Table } from '../datasource/types';
import { ValueIndex, type ValueEntry } from './valueIndex';
import type { TableSample } from './sample';

export const VALUE_INDEX_VERSION = 1;

export interface StoredValues {
  version: number;
  createdAt: string;
  tables: Record<string, { hash: string; sample: TableSample }>;
}

/** What the run state records about the active value index. */
export interface ValueIndexInfo {
  version: number;
  file: string;
  /** Values stored. */
  values: number;
  columns: number;
  /** Columns left out, by reason. */
  skipped: { table: string; column: string; reason: string; detail?: string }[];
  /** False when sampling was turned off (the setting, or --no-sample-values). */
  sampled: boolean;
}

export const tableKey = (t: { name: string; schema: string | null }) => `${t.schema ?? ''}.${t.name}`;

/** Changes when the table's columns (names, types, keys) change. */
export function tableHash(t: Table): string {
  return createHash('sha256').update(JSON.stringify([t.columns.map((c) => [c.name, c.type, c.primaryKey]), t.foreignKeys.map((f) => f.columns)])).digest('hex').slice(0, 16);
}

export function valuesFile(dir: string, collection: string, runId: string): string {
  return join(dir, `${collection}-${runId}.json`);
}

export function readValues(file: string): StoredValues | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as StoredValues;
    return v && v.version === VALUE_INDEX_VERSION && v.tables && typeof v.tables === 'object' ? v : null;
  } catch {
    return null;
  }
}

export async function writeValues(file: string, data: StoredValues): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(data));
  await rename(tmp, file);
}

export function removeValues(file: string): void {
  rmSync(file, { force: true });
}

export function entriesOf(data: StoredValues): ValueEntry[] {
  const out: ValueEntry[] = [];
  for (const { sample } of Object.values(data.tables)) for (const c of sample.columns) for (const value of c.values) out.push({ table: c.table, column: c.column, value });
  return out;
}

// Loaded indexes by file; a file is written once per training run and never changed afterwards.
const cache = new Map<string, { mtime: number; index: ValueIndex }>();

/** The index in `file`, loaded once per process; null when the file is missing or from another version. */
export function loadValueIndex(file: string): ValueIndex | null {
  let mtime: number;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return null;
  }
  const hit = cache.get(file);
  if (hit && hit.mtime === mtime) return hit.index;
  const data = readValues(file);
  if (!data) return null;
  const index = new ValueIndex(entriesOf(data));
  cache.set(file, { mtime, index });
  while (cache.size > 8) cache.delete(cache.keys().next().value as string);
  return index;
}
