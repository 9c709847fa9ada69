import type { Driver } from '../datasource/types';
import type { EvidenceItem, Relationship } from '../dataset/types';

export interface InferOptions {
  /** Reads samples of the data; without it (or when the database refuses) only names and types count. */
  driver?: Driver;
  /** Distinct non-null values sampled per source column (default 200); the scan behind them is bounded too. */
  sampleSize?: number;
  /** Leave declared foreign keys out, as if the database had none (for scoring inference against them). */
  ignoreDeclared?: boolean;
  signal?: AbortSignal;
  /** Candidates below this confidence are dropped (default 0.2). */
  minConfidence?: number;
  /** Per sampling query (default 5000 ms). */
  timeoutMs?: number;
}

/** A relationship as inference proposes it: always with evidence, and for many-to-many the junction it goes through. */
export interface InferredRelationship extends Relationship {
  evidence: EvidenceItem[];
  /** Many-to-many only: the junction table that holds the pairs. Not part of the dataset file. */
  via?: string;
}
