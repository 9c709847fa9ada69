// Dataset definitions as reviewable JSON files, one per dataset, validated against schemas/dataset.schema.json.
import { TableTalkError } from '../errors';
import { l10n } from '../messages';
import { english, type Text } from '../messages';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import { repairEvidence } from './schema';
import { validateDataset as validate } from './validate-dataset';
import { generateCollectionName } from './naming';
import { createFileExclusive, writeFileAtomic } from './files';
import type { BusinessTerm, DatasetDefinition, ExampleQuery, TableRef } from './types';

/** `<root>/.tabletalk/datasets`: where a workspace folder (or the CLI's --dir) keeps its dataset files. */
export function datasetsDir(root: string): string {
  return join(root, '.tabletalk', 'datasets');
}

/** A dataset file that cannot be read or does not match the schema. The file is left exactly as it is. */
export class DatasetFileError extends TableTalkError {
  declare readonly hint: string;
  declare readonly hintText: Text;
  /** What is wrong with the file, in English (logs, the CLI's JSON); `detailText` is the same as data. */
  readonly detail: string;
  constructor(readonly path: string, readonly detailText: Text, hint: Text = l10n.t('Fix the file (or move it away) and try again; TableTalk never overwrites it.')) {
    super('dataset-file', l10n.t('Dataset file {0}: {1}', path, detailText), { hint });
    this.detail = typeof detailText === 'string' ? detailText : english(detailText);
  }
}

export class DatasetNotFoundError extends TableTalkError {
  declare readonly hint: string;
  constructor(readonly datasetName: string, dir: string) {
    super('dataset-not-found', l10n.t('No dataset named "{0}" in {1}', datasetName, dir), { hint: l10n.t('Create it first (e.g. `tabletalk train --url ... --name ...`) or check the name.') });
  }
}

// The schema is ours and checked against JSON Schema's meta-schema by a unit test (dataset-store.test.ts), so
// it is not checked again here: that check was most of the compile, paid by every CLI call.

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` ("${String(e.params.additionalProperty)}")` : ''}`).join('; ');
}

/** Parses and validates file content; throws DatasetFileError naming the path and the first problems. */
export function parseDatasetFile(path: string, text: string): DatasetDefinition {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DatasetFileError(path, l10n.t('is not valid JSON ({0})', (e as Error).message));
  }
  repairEvidence(value);
  if (!validate(value)) throw new DatasetFileError(path, l10n.t('does not match the dataset schema: {0}', describeErrors(validate.errors)));
  return value;
}

const datasetExists = (name: string) => new TableTalkError('dataset-exists', l10n.t('A dataset named "{0}" already exists', name), { hint: l10n.t('Choose another dataset name.') });

/** Validates a definition before it is written, so an invalid one never reaches disk. */
export function assertValidDataset(def: DatasetDefinition): void {
  const name = def.name;
  if (!validate(def)) throw new TableTalkError('dataset-invalid', l10n.t('Dataset "{0}" is not valid: {1}', name, describeErrors(validate.errors)));
}

/** File name for a dataset name: keeps Unicode (销售.json), replaces only characters file systems refuse. */
export function datasetFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = name.trim().replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_');
  return `${safe || '_'}.json`;
}

export interface NewDataset {
  name: string;
  datasource: string;
  tables: TableRef[];
  terms?: BusinessTerm[];
  examples?: ExampleQuery[];
  descriptions?: Record<string, string>;
}

export interface DatasetListing {
  datasets: DatasetDefinition[];
  /** Files that could not be read; shown to the user, never rewritten. */
  errors: DatasetFileError[];
}

export class DatasetStore {
  constructor(readonly dir: string) {}

  pathOf(name: string): string {
    return join(this.dir, datasetFileName(name));
  }

  async list(): Promise<DatasetListing> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json')).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { datasets: [], errors: [] };
      throw e;
    }
    const datasets: DatasetDefinition[] = [];
    const errors: DatasetFileError[] = [];
    for (const n of names) {
      const path = join(this.dir, n);
      try {
        datasets.push(parseDatasetFile(path, await readFile(path, 'utf8')));
      } catch (e) {
        if (e instanceof DatasetFileError) errors.push(e);
        else errors.push(new DatasetFileError(path, l10n.t('cannot be read ({0})', (e as Error).message)));
      }
    }
    return { datasets, errors };
  }

  /** The dataset of that name, undefined when there is none; throws DatasetFileError when its file is broken. */
  async get(name: string): Promise<DatasetDefinition | undefined> {
    return (await this.locate(name))?.def;
  }

  /** The dataset and the file it lives in (normally <name>.json; a file renamed by hand is found by content). */
  private async locate(name: string): Promise<{ path: string; def: DatasetDefinition } | undefined> {
    const path = this.pathOf(name);
    const text = await readIfExists(path);
    if (text !== undefined) {
      const def = parseDatasetFile(path, text);
      if (def.name === name) return { path, def };
    }
    const { datasets } = await this.list();
    const def = datasets.find((d) => d.name === name);
    if (!def) return undefined;
    for (const n of await readdir(this.dir)) {
      const p = join(this.dir, n);
      if (n.endsWith('.json') && p !== path) {
        try {
          if (parseDatasetFile(p, await readFile(p, 'utf8')).name === name) return { path: p, def };
        } catch {
          // broken files are reported by list()
        }
      }
    }
    return undefined;
  }

  async require(name: string): Promise<DatasetDefinition> {
    const def = await this.get(name);
    if (!def) throw new DatasetNotFoundError(name, this.dir);
    return def;
  }

  /** Creates a dataset with a fresh, unique collection name. Fails if the name is taken. */
  async create(input: NewDataset): Promise<DatasetDefinition> {
    const { datasets, errors } = await this.list();
    const path = this.pathOf(input.name);
    if (datasets.some((d) => d.name.toLowerCase() === input.name.toLowerCase())) throw datasetExists(input.name);
    const broken = errors.find((e) => e.path === path);
    if (broken) throw broken;
    const def: DatasetDefinition = {
      version: 1,
      name: input.name,
      datasource: input.datasource,
      collection: generateCollectionName(input.name, datasets.map((d) => d.collection)),
      tables: input.tables,
      terms: input.terms ?? [],
      examples: input.examples ?? [],
      modeling: { relationships: [], rejected: [], positions: {} },
      ...(input.descriptions ? { descriptions: input.descriptions } : {}),
    };
    assertValidDataset(def);
    // Exclusive: two processes creating the same dataset at once must not end with two collection names.
    if (!(await createFileExclusive(path, `${JSON.stringify(def, null, 2)}\n`))) throw datasetExists(input.name);
    return def;
  }

  /**
   * Writes the definition atomically. Refuses to replace a file that is corrupt or that holds another dataset,
   * so hand edits are never lost.
   */
  async save(def: DatasetDefinition): Promise<void> {
    assertValidDataset(def);
    const path = this.pathOf(def.name);
    const existing = await readIfExists(path);
    if (existing !== undefined) {
      const current = parseDatasetFile(path, existing);
      if (current.name !== def.name) throw new DatasetFileError(path, l10n.t('holds dataset "{0}", not "{1}"', current.name, def.name), l10n.t('Choose another dataset name.'));
    }
    await writeFileAtomic(path, `${JSON.stringify(def, null, 2)}\n`);
  }

  /** Renames a dataset; its collection name (and so its trained model) stays. */
  async rename(oldName: string, newName: string): Promise<DatasetDefinition> {
    const found = await this.locate(oldName);
    if (!found) throw new DatasetNotFoundError(oldName, this.dir);
    if (oldName === newName) return found.def;
    if (await this.get(newName)) throw datasetExists(newName);
    const renamed = { ...found.def, name: newName };
    await this.save(renamed);
    if (this.pathOf(newName) !== found.path) await rm(found.path, { force: true });
    return renamed;
  }

  /** Removes the file. Dropping the dataset's collections is the caller's job (VectorStore.deleteDatasetCollections). */
  async delete(name: string): Promise<DatasetDefinition> {
    const found = await this.locate(name);
    if (!found) throw new DatasetNotFoundError(name, this.dir);
    await rm(found.path);
    return found.def;
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new DatasetFileError(path, l10n.t('is a folder, not a dataset file'), l10n.t('Move the folder away (TableTalk keeps each dataset in one .json file there) and try again.'));
    if (code === 'ENOTDIR') throw new DatasetFileError(path, l10n.t('cannot be read: a part of its path is a file, not a folder'), l10n.t('Check the datasets folder (--dir in the CLI).'));
    throw new DatasetFileError(path, l10n.t('cannot be read ({0})', (e as Error).message));
  }
}
