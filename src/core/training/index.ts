// Training: train() and what it reports.
export { train, resolveTables, type TrainDeps, type TrainOptions, type TrainResult, type Collections, type Counts } from './pipeline';
export { TrainingError, TrainingInProgressError } from './errors';
export { formatProgress, STEP_RANGES, type TrainingProgress, type TrainingStep } from './progress';
export { deleteDatasetCollections } from './collections';
export { createTableDdl } from './ddl';
export type { DroppedExample } from './examples';
