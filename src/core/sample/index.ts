// The sample shop database: TableTalk's own demo data (the "Try the Sample Database" command, `npm run demo`,
// `npm run sample-db`). Deterministic: every run writes the same rows.
export { generateSample, type SampleRow, type SampleTables, type SampleValue } from './generate';
export { makeRandom, type Random } from './random';
export { sampleRelationships, sampleSchemaSql, sampleTableOrder, type SampleRelationship, type SampleTableName } from './schema';
export { makeSampleDb, makeSampleDbNative, makeSampleDbWasm, type SampleDbEngineResult, type SampleDbResult } from './write';
