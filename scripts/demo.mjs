#!/usr/bin/env node
// `npm run demo`: TableTalk on its sample database, from a fresh clone, in one command. Installs what is missing
// (the Debian packages code-server builds with, through scripts/setup-system.sh; the npm packages), builds,
// writes the sample shop database, and starts VS Code (code-server) on 127.0.0.1 with TableTalk loaded, the
// "Sample shop" datasource registered, the embedded Chroma and the built-in embedder. Prints the URL; Ctrl+C stops it.
// Options: --port N (default 8080 or env PORT; another free port is used, and named, when it is taken)
//          --data-dir DIR (default .vscode-test/demo: VS Code profile, workspace, sample database; delete it to start over)
//          --locale zh-cn (VS Code's display language, so TableTalk in Chinese; kept until another --locale, e.g. en)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CODE_SERVER_VERSION, codeServerDebianPackages, installDir, missingDebianPackages, quietSettings, root } from '../test/support/code-server.mjs';
import { build, installNpmPackages, parsePort, serve } from './run-vscode.mjs';

// The id the extension's "Try the Sample Database" command uses (src/host/sample/sample-database.ts), so the
// command finds this datasource instead of adding a second one.
const SAMPLE_DATASOURCE_ID = 'sample-shop';

let values;
try {
  ({ values } = parseArgs({ options: { port: { type: 'string', default: process.env.PORT ?? '8080' }, 'data-dir': { type: 'string' }, locale: { type: 'string' } } }));
} catch (err) {
  console.error(`${err instanceof Error ? err.message : err}\nUsage: npm run demo [-- --port 8080] [-- --data-dir DIR] [-- --locale zh-cn]`);
  process.exit(2);
}
const port = parsePort(values.port);
const dataDir = resolve(values['data-dir'] ?? join(root, '.vscode-test', 'demo'));
const profileDir = join(dataDir, 'profile');
const folder = join(dataDir, 'workspace');
const sampleFile = join(dataDir, 'sample', 'shop.sqlite');

/** code-server's first install builds native modules: their Debian packages must be there (once installed, never again). */
function installSystemPackages() {
  if (existsSync(join(installDir, `.installed-${CODE_SERVER_VERSION}`))) return;
  const missing = missingDebianPackages(codeServerDebianPackages);
  if (!missing.length) return;
  console.log(`code-server needs Debian packages that are missing: ${missing.join(' ')}.`);
  console.log('Running `bash scripts/setup-system.sh`: it installs them, and the other system packages TableTalk uses (database servers and Chromium for the tests) that are missing.');
  const setup = spawnSync('bash', [join(root, 'scripts', 'setup-system.sh')], { stdio: 'inherit' });
  const still = missingDebianPackages(codeServerDebianPackages);
  if (setup.status !== 0 || still.length) {
    const list = (still.length ? still : missing).join(' ');
    console.error(`code-server cannot be installed: these Debian packages are missing: ${list}.\n` +
      `Install them with \`sudo apt-get install -y ${list}\` (or run \`sudo bash scripts/setup-system.sh\`), then run \`npm run demo\` again.`);
    process.exit(1);
  }
}

/** The sample database, written once (the same bytes every time); a deleted file is written again. */
async function writeSample() {
  if (existsSync(sampleFile)) {
    console.log(`Sample database: ${sampleFile}`);
    return;
  }
  const { makeSampleDb } = await import('./make-sample-db.mjs'); // needs the npm packages: imported after npm ci
  try {
    const { tables } = makeSampleDb(sampleFile);
    const rows = Object.values(tables).reduce((a, b) => a + b, 0);
    console.log(`Sample database written to ${sampleFile}: ${Object.keys(tables).length} tables, ${rows} rows.`);
  } catch (err) {
    console.error(`Could not write the sample database to ${sampleFile}: ${err instanceof Error ? err.message : err}\nChoose a writable folder with --data-dir.`);
    process.exit(1);
  }
}

/**
 * User settings of the demo profile: the sample datasource (no secrets: SQLite has none), the embedded Chroma and
 * the built-in embedder. Settings the user changed in an earlier run are kept; only the sample's entry is put back.
 */
function writeSettings() {
  const file = join(profileDir, 'user-data', 'User', 'settings.json');
  let settings = { ...quietSettings };
  if (existsSync(file)) {
    try {
      settings = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      console.log(`${file} is not plain JSON (comments?), so it was left as it is. If the Sample shop is missing, run "TableTalk: Try the Sample Database".`);
      return;
    }
  }
  const datasources = Array.isArray(settings['tabletalk.datasources']) ? settings['tabletalk.datasources'] : [];
  const entry = { id: SAMPLE_DATASOURCE_ID, name: 'Sample shop', dialect: 'sqlite', file: sampleFile };
  const index = datasources.findIndex((d) => d?.id === SAMPLE_DATASOURCE_ID);
  if (index >= 0) datasources[index] = { ...datasources[index], dialect: 'sqlite', file: sampleFile };
  else datasources.unshift(entry);
  settings['tabletalk.datasources'] = datasources;
  settings['tabletalk.vectorStore.kind'] ??= 'embedded';
  settings['tabletalk.embeddings.provider'] ??= 'builtin';
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(settings, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

installSystemPackages();
installNpmPackages();
build();
await writeSample();
writeSettings();
await serve({
  port,
  folder,
  profileDir,
  locale: values.locale,
  notes: [
    'The "Sample shop" datasource is in the TableTalk view; the walkthrough "Get Started with TableTalk" is on the Welcome page (Help > Welcome).',
    'Trained models go to the embedded Chroma with the built-in embedder (offline). To ask questions, set an LLM with "TableTalk: Configure LLM".',
    `Profile, workspace and sample database: ${dataDir} (delete it to start over).`,
    '',
  ],
});
