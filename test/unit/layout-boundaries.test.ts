// The layout's rules, checked on the sources (ESLint's no-restricted-imports says the same while editing):
// src/core runs without VS Code and speaks its own types, never the webview's wire types of src/protocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = join(__dirname, '..', '..');
const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
});
/** Every module specifier a file imports (static, type-only, dynamic, re-exports). */
const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'([^']+)'/g)].map((m) => m[1]);

test('src/core imports nothing from src/protocol, src/host or vscode', () => {
  const bad: string[] = [];
  for (const f of files(join(root, 'src', 'core'))) {
    for (const spec of imports(f)) {
      const target = spec.startsWith('.') ? relative(root, resolve(dirname(f), spec)) : spec;
      if (spec === 'vscode' || /^src\/(protocol|host)(\/|$)/.test(target) || /^src\/extension/.test(target)) bad.push(`${relative(root, f)} -> ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});
