import { createHash } from 'node:crypto';
import type { DatasetRunState, Relationship } from '../dataset/types';

/**
 * A hash of what training learns from the relationships (endpoints, type and origin; not confidence, evidence or
 * order). Training stores it as DatasetRunState.trainedModelHash; a different hash means "needs retraining".
 */
export function modelHash(relationships: readonly Relationship[]): string {
  const lines = relationships
    .map((r) => JSON.stringify([r.source, r.sourceColumns, r.target, r.targetColumns, r.type, r.origin]))
    .sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/** The one definition of "needs retraining": trained, and the relationships now differ from what training learned. */
export function needsRetraining(relationships: readonly Relationship[], state: Pick<DatasetRunState, 'trainedModelHash' | 'activeCollections'> | undefined): boolean {
  return !!(state?.trainedModelHash && state.activeCollections && state.trainedModelHash !== modelHash(relationships));
}
