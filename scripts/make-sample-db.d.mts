// Types for scripts/make-sample-db.mjs, so TypeScript tests and tools can import it.
export interface SampleRelationship {
  /** `table.column` holding the reference. */
  from: string;
  /** `table.column` referenced. */
  to: string;
}
export declare const defaultSamplePath: string;
export declare const sampleRelationships: { declared: SampleRelationship[]; implied: SampleRelationship[] };
export declare function makeSampleDb(path?: string): { path: string; tables: Record<string, number> };
