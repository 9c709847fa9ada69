// Datasets: definition files, run state, collection naming and pure edits.
export * from './types';
export { DatasetStore, DatasetFileError, DatasetNotFoundError, datasetsDir, datasetFileName, parseDatasetFile, assertValidDataset, type NewDataset, type DatasetListing } from './store';
export { RunStateStore, DirectoryBackend, runStateDir, runStateFile, legacyRunStateFile, initialRunState, isOwnerAlive, HEARTBEAT_MS, STALE_MS, type KeyValueBackend } from './run-state';
export { generateCollectionName, isValidCollectionName, stagingCollectionName, belongsToDataset, slugify, COLLECTION_KINDS, type CollectionKind } from './naming';
export { withTerms, withoutTerm, withExamples, withoutExample, withTables } from './edit';
export { datasetSchema } from './schema';
