// Types for test/support/node22.mjs, so TypeScript tests can import it.
export declare const NODE22_VERSION: string;
export declare function cacheDir(): string;
export declare function ensureNode22(): { bin: string; skip?: undefined } | { bin?: undefined; skip: string };
