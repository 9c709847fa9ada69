// Relationship modeling without VS Code: inference, validation against the schema, the training hash.
export { inferRelationships, declaredRelationships, DEFAULT_SAMPLE_SIZE } from './infer';
export type { InferOptions, InferredRelationship } from './types';
export { modelHash, needsRetraining } from './hash';
export { relationshipId } from './ids';
export { tableKey, primaryKey, isUniqueKey } from './tables';
export { splitWords, nameWords, normalizedName } from './words';
