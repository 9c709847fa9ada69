// Types for scripts/make-sample-db.mjs, so TypeScript tests and tools can import it.
export type { SampleRelationship } from '../src/core/sample/schema';
import type { SampleRelationship } from '../src/core/sample/schema';
export declare const defaultSamplePath: string;
export declare const sampleRelationships: { declared: SampleRelationship[]; implied: SampleRelationship[] };
export declare function makeSampleDb(path?: string): { path: string; tables: Record<string, number> };
