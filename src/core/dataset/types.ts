/**
 * A dataset: a named choice of tables from one datasource plus what the model should learn about it.
 * The definition is a reviewable JSON file (.tabletalk/datasets/<name>.json) a team can commit; run state
 * (status, progress, ...) lives in extension storage, not in the file.
 */
import type { ValueIndexInfo } from '../values/store';
import type { Text } from '../messages';

export type RelationshipType = 'one-to-one' | 'one-to-many' | 'many-to-one' | 'many-to-many';
export type RelationshipOrigin = 'declared' | 'inferred' | 'user';

/** A table reference inside a dataset; schema is null on SQLite/MySQL and for the default schema. */
export interface TableRef {
  name: string;
  schema: string | null;
}

export interface Relationship {
  /** Stable id (e.g. "Track.AlbumId->Album.AlbumId"); survives edits of type/confidence. */
  id: string;
  source: string;
  sourceColumns: string[];
  target: string;
  targetColumns: string[];
  type: RelationshipType;
  /** In [0, 1]: 1 for declared and user-drawn relationships. */
  confidence: number;
  origin: RelationshipOrigin;
  /** Why the relationship holds; rendered in the reader's language when shown (src/core/modeling/evidence.ts). */
  evidence?: Evidence[];
}

/**
 * One reason behind a relationship, as data: a kind and its fields (identifiers and figures, never words of a
 * language). A kind rather than the English template as key: the file format then stays the same when a sentence
 * is reworded, and a team sharing the file reads it in each member's language. Kinds and fields are part of the
 * file format: add, never rename.
 */
export interface EvidenceItem {
  kind: string;
  fields: Record<string, string | number>;
}

/** A structured item, or a plain string: evidence written by TableTalk before items existed (English), or by hand; shown as written. */
export type Evidence = string | EvidenceItem;

export interface BusinessTerm {
  term: string;
  definition: string;
  /** Tables (and optionally "Table.column") the term refers to; lets retrieval point at them. */
  tables?: string[];
  columns?: string[];
}

export interface ExampleQuery {
  question: string;
  sql: string;
}

export interface NodePosition {
  x: number;
  y: number;
}

export interface ModelingConfig {
  relationships: Relationship[];
  /** Suggestions the user rejected, by relationship id, so inference does not offer them again. */
  rejected: string[];
  /** Canvas node positions by table name. */
  positions: Record<string, NodePosition>;
}

/** The committed JSON file. Field names are part of the file format: add, never rename. */
export interface DatasetDefinition {
  $schema?: string;
  version: 1;
  name: string;
  /** Id of a datasource in the `tabletalk.datasources` setting (or a URL for CLI-made datasets). */
  datasource: string;
  /** Stable Chroma collection prefix: 3–512 chars of [a-zA-Z0-9._-], alphanumeric at both ends. */
  collection: string;
  tables: TableRef[];
  terms: BusinessTerm[];
  examples: ExampleQuery[];
  modeling: ModelingConfig;
  /** Free-text descriptions by "Table" or "Table.column", trained as documentation. */
  descriptions?: Record<string, string>;
}

export type TrainingStatus = 'pending' | 'training' | 'completed' | 'failed' | 'cancelled';

/** Run state kept outside the definition file. */
export interface DatasetRunState {
  status: TrainingStatus;
  progress: number;
  step: string | null;
  /** Why the last run failed, in English (logs, the CLI, and states stored before errorText existed). */
  error: string | null;
  /** The same as data, sentence by sentence, rendered in the reader's language (see runErrorText). */
  errorText?: Text[] | null;
  lastTrainedAt: string | null;
  /** The collections that answer queries now (the last successful run); staging never lands here until success. */
  activeCollections: { ddl: string; documentation: string; sql: string } | null;
  /** Hash of the relationships that were trained, to show "needs retraining" when they change. */
  trainedModelHash: string | null;
  /** The embedder the active collections were trained with; retrieval must use the same one. */
  embedder?: { id: string; dimension: number } | null;
  /** Items in each active collection after the last successful run. */
  counts?: { ddl: number; documentation: number; sql: number } | null;
  /** Set while status is `training`: who runs it, so a run left behind by a dead process can be recognised. */
  run?: RunOwner | null;
  /** Set when the stored state could not be read and was kept aside; cleared by the next successful train. */
  damaged?: { file: string; keptAs: string; at: string } | null;
  /** The active model's value index (sampled column values); absent for models trained before it existed. */
  values?: ValueIndexInfo | null;
  /**
   * The SQL guard (src/core/ask/guard-id.ts) every example of the active sql collection passed; an unchanged
   * retrain under the same guard skips re-checking them. Absent for models trained from source or before it existed.
   */
  examplesGuard?: string | null;
}

/** The process running a training; `heartbeatAt` is refreshed every few seconds while it is alive. */
export interface RunOwner {
  id: string;
  pid: number;
  hostname: string;
  startedAt: string;
  heartbeatAt: string;
}
