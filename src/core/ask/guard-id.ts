// Which SQL guard this build carries: a hash of the guard's sources and of the SQL parser's version, set by
// esbuild.mjs at build time. A retrain that finds its examples already passed this very guard need not parse
// them again; when running from source (tsx) there is no id and the guard always runs.
declare const __TABLETALK_GUARD_ID__: string | undefined;

export const guardId: string | null = typeof __TABLETALK_GUARD_ID__ === 'string' && __TABLETALK_GUARD_ID__ ? __TABLETALK_GUARD_ID__ : null;
