// THIRD_PARTY_NOTICES.md as scripts/third-party-notices.mjs writes it from the bundles' inputs: every npm package
// esbuild bundled is listed with its version, licence and licence text (@dagrejs/dagre's MIT among them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error -- a plain .mjs script without types
import { bundledPackageDirs, writeNotices } from '../../scripts/third-party-notices.mjs';

const inputs = 'dist/bundled-inputs.json';

test('package folders come from bundled inputs, scoped and nested ones included', () => {
  assert.deepEqual(
    bundledPackageDirs(['src/extension.ts', 'node_modules/pg/lib/index.js', 'node_modules/pg/lib/client.js', 'node_modules/@xyflow/react/dist/esm/index.js', 'node_modules/a/node_modules/b/x.js']),
    ['node_modules/@xyflow/react', 'node_modules/a/node_modules/b', 'node_modules/pg'],
  );
});

test('the notices list every bundled package with its licence and licence text', { skip: existsSync(inputs) ? undefined : `${inputs} missing (node esbuild.mjs)` }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tt-notices-'));
  try {
    const out = join(dir, 'NOTICES.md');
    const r = writeNotices(out) as { packages: number };
    const text = readFileSync(out, 'utf8');
    const dirs = bundledPackageDirs(JSON.parse(readFileSync(inputs, 'utf8'))) as string[];
    assert.ok(dirs.length > 20 && r.packages > 20, `${dirs.length} bundled package folders`);
    for (const d of dirs) {
      const pkg = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { name: string; version: string; license?: unknown };
      assert.ok(text.includes(`| ${pkg.name} | ${pkg.version} |`), `${pkg.name} missing from the table`);
      assert.ok(text.includes(`## ${pkg.name} ${pkg.version}\n\nLicence: ${typeof pkg.license === 'string' ? pkg.license : ''}`), `${pkg.name} section`);
    }
    assert.match(text, /## @dagrejs\/dagre [\d.]+\n\nLicence: MIT(?:(?!\n## )[\s\S])*?Permission is hereby granted, free of charge/);
    assert.match(text, /## preact [\d.]+\n\nLicence: MIT[\s\S]*?### LICENSE/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
