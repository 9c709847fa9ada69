// `tabletalk introspect` run as a real process from the built dist/cli.js, as a user runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chinookName, removeTempDirs, targets, tempDir } from './introspect-support';

test.after(removeTempDirs);

const cliPath = resolve(__dirname, '../../dist/cli.js');
const noCli = existsSync(cliPath) ? undefined : 'dist/cli.js not built (npm test builds it; or run node esbuild.mjs)';

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const env2: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!('TABLETALK_PASSWORD' in env)) delete env2.TABLETALK_PASSWORD;
    if (!('TABLETALK_SQLITE_WASM' in env)) delete env2.TABLETALK_SQLITE_WASM;
    const p = spawn(process.execPath, [cliPath, ...args], { env: env2 });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('error', rej);
    p.on('close', (code) => {
      clearTimeout(timer);
      res({ code: code ?? -1, stdout, stderr });
    });
  });
}

interface Out {
  dialect: string;
  tables: { name: string; foreignKeys: { columns: string[]; refTable: string; refColumns: string[] }[]; columns: Record<string, unknown>[] }[];
  stats: { roundTrips: number; ms: number };
}

const byDialect = new Map(targets().filter((t) => t.label !== 'sqlite (wasm)' && t.label !== 'sqlite (node)').map((t) => [t.dialect, t]));

for (const [dialect, t] of byDialect) {
  test(`${dialect}: tabletalk introspect --json lists Chinook's 11 tables and 11 foreign keys`, { skip: noCli ?? t.skip }, async () => {
    const r = await cli(['introspect', '--url', t.chinookUrl, '--json']);
    assert.equal(r.code, 0, r.stderr);
    // Only the SQLite engine's name, on stderr; stdout stays pure JSON.
    assert.equal(r.stderr, dialect === 'sqlite' ? 'SQLite: using better-sqlite3 (native).\n' : '');
    const out = JSON.parse(r.stdout) as Out;
    assert.deepEqual(Object.keys(out), ['dialect', 'tables', 'stats']);
    assert.equal(out.dialect, dialect);
    assert.equal(out.tables.length, 11);
    assert.equal(out.tables.flatMap((x) => x.foreignKeys).length, 11);
    assert.deepEqual(Object.keys(out.stats), ['roundTrips', 'ms']);
    const track = out.tables.find((x) => x.name === chinookName(t.dialect, 'Track'));
    assert.ok(track);
    // Exactly the documented shape.
    assert.deepEqual(Object.keys(track), ['name', 'schema', 'kind', 'rowEstimate', 'columns', 'foreignKeys', 'uniques']);
    assert.deepEqual(Object.keys(track.columns[0]), ['name', 'type', 'nullable', 'default', 'primaryKey', 'comment']);
    assert.deepEqual(Object.keys(track.foreignKeys[0]), ['columns', 'refTable', 'refColumns']);
    assert.deepEqual(track.foreignKeys.map((f) => f.refTable).sort(), ['Album', 'Genre', 'MediaType'].map((x) => chinookName(t.dialect, x)));
  });

  test(`${dialect}: tabletalk introspect without --json prints one line per table`, { skip: noCli ?? t.skip }, async () => {
    const r = await cli(['introspect', '--url', t.chinookUrl]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 12);
    assert.match(lines[0], new RegExp(`^${dialect}: 11 tables and views, 11 foreign keys \\(\\d+ catalog queries, \\d+ ms\\)$`));
    assert.match(r.stdout, new RegExp(`${chinookName(t.dialect, 'Track')} +table .*9 columns +FK `));
  });
}

test('postgres: the password can come from TABLETALK_PASSWORD; a wrong one is one stderr line without it', { skip: noCli ?? byDialect.get('postgres')?.skip }, async () => {
  const u = new URL(byDialect.get('postgres')?.chinookUrl ?? '');
  u.password = '';
  const ok = await cli(['introspect', '--url', u.toString(), '--json'], { TABLETALK_PASSWORD: 'secret' });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as Out).tables.length, 11);
  const bad = await cli(['introspect', '--url', u.toString(), '--json'], { TABLETALK_PASSWORD: 'N0t-the-Pa55word' });
  assert.notEqual(bad.code, 0);
  assert.equal(bad.stdout, '');
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /^tabletalk: PostgreSQL at 127\.0\.0\.1:\d+ rejected the password for user "tabletalk"\. \(Check the user name and password/);
  assert.doesNotMatch(bad.stderr, /N0t-the-Pa55word/);
});

test('an invalid URL exits non-zero with one readable line on stderr', { skip: noCli }, async () => {
  for (const url of ['oracle://scott:tiger@h/orcl', 'postgres://no-user-here:5432', 'not a url']) {
    const r = await cli(['introspect', '--url', url, '--json']);
    assert.notEqual(r.code, 0, url);
    assert.equal(r.stdout, '', url);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^tabletalk: Invalid datasource URL ".*": .+ \(Use sqlite:\/\/\/abs\/path\.db, /);
    assert.doesNotMatch(lines[0], /tiger/);
  }
  const missing = await cli(['introspect', '--json']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr.trim(), /^tabletalk: --url is required/);
});

test('sqlite: a missing file exits non-zero with one line, and no file appears', { skip: noCli }, async () => {
  const file = join(tempDir(), 'typo.sqlite');
  const r = await cli(['introspect', '--url', `sqlite://${file}`]);
  assert.notEqual(r.code, 0);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /SQLite file not found: .*typo\.sqlite \(Check the path/);
  assert.equal(existsSync(file), false);
});

test('sqlite: TABLETALK_SQLITE_WASM=1 runs the WASM engine from the bundle and says so once', { skip: noCli ?? byDialect.get('sqlite')?.skip }, async () => {
  const r = await cli(['introspect', '--url', byDialect.get('sqlite')?.chinookUrl ?? '', '--json'], { TABLETALK_SQLITE_WASM: '1' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, 'SQLite: using node-sqlite3-wasm (WASM, reads the file page by page).\n');
  const out = JSON.parse(r.stdout) as Out;
  assert.equal(out.tables.length, 11);
  assert.equal(out.tables.flatMap((x) => x.foreignKeys).length, 11);
});
