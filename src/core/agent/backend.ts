// What the agent tools need from where they run. The CLI's MCP server backs it with dataset files, environment
// passwords and an embedded Chroma; the VS Code host with its datasources, SecretStorage and settings. The tools
// themselves (tools.ts) are written once against this interface.
import type { RetrievalDeps } from '../ask/strategy';
import type { DatasetDefinition, DatasetRunState } from '../dataset/types';
import type { Dialect, Driver } from '../datasource/types';

export interface AgentLimits {
  /** Rows a query returns at most (the dataset's row limit where this runs). */
  maxRows: number;
  /** Statement timeout. */
  timeoutMs: number;
  /** Bytes of JSON rows a tool result holds at most; rows beyond are cut and the result says so. */
  maxBytes: number;
}

export interface AgentBackend {
  datasets(): Promise<DatasetDefinition[]>;
  dataset(name: string): Promise<DatasetDefinition | undefined>;
  /** Run state of a dataset (null or without activeCollections when it was never trained). */
  state(def: DatasetDefinition): Promise<DatasetRunState | null>;
  /** A name for the dataset's datasource that is safe to show (never a password). */
  datasourceLabel(def: DatasetDefinition): string;
  /** The datasource's dialect, or null when the datasource is not defined where this runs. */
  dialect(def: DatasetDefinition): Dialect | null;
  /** A connected driver for the dataset's datasource; the backend owns it (pools or closes it). */
  driver(def: DatasetDefinition, signal?: AbortSignal): Promise<Driver>;
  /** The vector store and the embedder the dataset was trained with. */
  retrieval(state: DatasetRunState): Promise<RetrievalDeps>;
  limits(): AgentLimits;
  /** How to train a dataset where this runs (CLI command or VS Code command). */
  trainHint(name: string): string;
  /** How to define a missing datasource where this runs. */
  datasourceHint(def: DatasetDefinition): string;
  /** Removes secrets the backend knows of from text leaving a tool. */
  clean(text: string): string;
}

export type AgentErrorCode = 'invalid-input' | 'unknown-dataset' | 'unknown-table' | 'not-trained' | 'no-datasource' | 'datasource' | 'retrieval';

/** A failure the model can act on: what went wrong and what to do next. */
export class AgentToolError extends Error {
  constructor(readonly code: AgentErrorCode, message: string, readonly hint?: string) {
    super(message);
    this.name = 'AgentToolError';
  }
}
