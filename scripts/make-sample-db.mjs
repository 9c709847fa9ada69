#!/usr/bin/env node
// Writes TableTalk's sample database: "Harbor & Pine", a shop with stores, a warehouse, a web shop and two years
// of orders, some relationships declared and some only implied by names. The generator lives in src/core/sample
// (the extension's "Try the Sample Database" command uses the same code); this script bundles it with esbuild
// into out/sample/ and runs it with better-sqlite3. Every run writes the same rows and bytes.
// Usage: node scripts/make-sample-db.mjs [output.sqlite]   (default: .tabletalk-sample/shop.sqlite)
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultSamplePath = resolve(repoRoot, '.tabletalk-sample', 'shop.sqlite');

/** Bundles src/core/sample to CommonJS (rewritten only when it changed, atomically) and loads it. */
async function loadCore() {
  const outfile = join(repoRoot, 'out', 'sample', 'sample-core.cjs');
  try {
    const esbuild = await import('esbuild');
    const built = await esbuild.build({
      entryPoints: [join(repoRoot, 'src', 'core', 'sample', 'index.ts')],
      bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, outfile, logLevel: 'error',
      external: ['better-sqlite3', 'node-sqlite3-wasm'],
    });
    const code = built.outputFiles[0].contents;
    if (!existsSync(outfile) || !readFileSync(outfile).equals(Buffer.from(code))) {
      mkdirSync(dirname(outfile), { recursive: true });
      const temp = `${outfile}.${process.pid}.tmp`;
      writeFileSync(temp, code);
      renameSync(temp, outfile);
    }
  } catch (e) {
    if (!existsSync(outfile)) throw new Error(`Could not build the sample generator (src/core/sample): ${e instanceof Error ? e.message : e}. Run \`npm ci\` first.`, { cause: e });
  }
  return createRequire(import.meta.url)(outfile);
}

const core = await loadCore();

/** Relationships of the sample schema: `declared` have a FOREIGN KEY clause, `implied` exist only by naming. */
export const sampleRelationships = core.sampleRelationships;

/**
 * Writes the sample database to `path` (replacing any file there) and returns the row count of each table.
 * It is built in a temporary file next to `path` and renamed into place, so a reader never sees half a database.
 */
export function makeSampleDb(path = defaultSamplePath) {
  return core.makeSampleDbNative(path, Database);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { path, tables } = makeSampleDb(process.argv[2] ?? defaultSamplePath);
    const rows = Object.values(tables).reduce((a, b) => a + b, 0);
    console.log(`Sample database written to ${path}: ${Object.keys(tables).length} tables, ${rows} rows`);
    for (const [name, count] of Object.entries(tables)) console.log(`  ${name.padEnd(18)} ${count}`);
  } catch (e) {
    console.error(`Could not write the sample database: ${e instanceof Error ? e.message : e}\nGive a writable file path: npm run sample-db -- <path/to/shop.sqlite>`);
    process.exit(1);
  }
}
