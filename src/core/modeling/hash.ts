import { createHash } from 'node:crypto';
import type { Relationship } from '../dataset/types';

/**
 * A hash of what training learns from the relationships (endpoints and type, not confidence, evidence or
 * order). Training stores it as DatasetRunState.trainedModelHash; a different hash means "needs retraining".
 */
export function modelHash(relationships: readonly Relationship[]): string {
  const lines = relationships
    .map((r) => JSON.stringify([r.source, r.sourceColumns, r.target, r.targetColumns, r.type]))
    .sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}
