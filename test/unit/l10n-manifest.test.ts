// The manifest in English and Simplified Chinese: every user-visible contribution string in package.json is a
// %key% of package.nls.json, and package.nls.zh-cn.json translates every key (links and setting references kept).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;
const manifest = readJson('package.json');
const en = readJson('package.nls.json') as Record<string, string>;
const zh = readJson('package.nls.zh-cn.json') as Record<string, string>;

/** Names that are the same in every language. */
const BRAND = new Set(['TableTalk']);
/** Fields whose string values the user reads (in commands, views, settings, welcome content, chat, walkthroughs). */
const VISIBLE = new Set(['title', 'shortTitle', 'category', 'description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage',
  'enumDescriptions', 'markdownEnumDescriptions', 'errorMessage', 'patternErrorMessage', 'contents', 'fullName']);

/** Every string under `node`, with its JSON path and the field it belongs to; snippet bodies (code) are left out. */
function* strings(node: unknown, path: string, field: string): Generator<{ path: string; field: string; value: string }> {
  if (typeof node === 'string') yield { path, field, value: node };
  else if (Array.isArray(node)) for (const [i, v] of node.entries()) yield* strings(v, `${path}[${i}]`, field);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) if (k !== 'defaultSnippets') yield* strings(v, `${path}.${k}`, k);
  }
}

const all = [...strings(manifest, '', '')];
const keyOf = (v: string) => /^%([^%]+)%$/.exec(v)?.[1];

test('every user-visible contribution string in package.json is a %key% (brand names aside)', () => {
  // Language-model tools' input schemas are read by models, not users, and must equal what the MCP server sends.
  const modelFacing = (path: string) => /^\.contributes\.languageModelTools\[\d+\]\.inputSchema\./.test(path);
  const visible = all.filter((s) => s.path.startsWith('.contributes.') && !modelFacing(s.path) && (VISIBLE.has(s.field) || /^\.contributes\.views\.[^.]+\[\d+\]\.name$/.test(s.path)));
  assert.ok(visible.length > 80, `${visible.length} visible strings found`);
  const literal = visible.filter((s) => !keyOf(s.value) && !BRAND.has(s.value)).map((s) => `${s.path}: ${s.value.slice(0, 60)}`);
  assert.deepEqual(literal, [], 'put these in package.nls.json and package.nls.zh-cn.json');
  assert.ok(keyOf(String(manifest.description)), 'the extension description is translated too');
});

test('every %key% in package.json is in package.nls.json and package.nls.zh-cn.json, and both hold the same keys', () => {
  const used = new Set(all.map((s) => keyOf(s.value)).filter((k): k is string => !!k));
  assert.deepEqual([...used].filter((k) => !(k in en)), [], 'missing from package.nls.json');
  assert.deepEqual([...used].filter((k) => !(k in zh)), [], 'missing from package.nls.zh-cn.json');
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort(), 'package.nls.json and package.nls.zh-cn.json differ in keys');
  assert.deepEqual(Object.keys(en).filter((k) => !used.has(k)), [], 'keys no contribution uses');
});

test('Chinese manifest strings are Chinese and keep command links, setting references and code', () => {
  const kept = (s: string) => [...s.matchAll(/\]\((command:[^)]+)\)|`[^`]+`/g)].map((m) => m[1] ?? m[0]).sort();
  for (const [key, english] of Object.entries(en)) {
    if (key.endsWith('.media')) continue; // a file path (next test)
    const chinese = zh[key];
    assert.ok(/[\u4e00-\u9fff]/.test(chinese), `${key}: "${chinese}" is not Chinese`);
    assert.deepEqual(kept(chinese), kept(english), `${key}: links and code spans`);
  }
  assert.equal(zh['view.datasources.name'], '数据源');
  assert.equal(zh['view.datasets.name'], '数据集');
});

test('walkthrough pages exist in both languages, the Chinese ones under media/walkthrough/zh-cn/', () => {
  const media = Object.keys(en).filter((k) => k.endsWith('.media'));
  assert.equal(media.length, 5);
  for (const key of media) {
    assert.ok(existsSync(join(root, en[key])), en[key]);
    assert.match(zh[key], /^media\/walkthrough\/zh-cn\//);
    assert.match(readFileSync(join(root, zh[key]), 'utf8'), /^# [^\n]*[\u4e00-\u9fff]/, `${zh[key]} has a Chinese title`);
  }
});

test('host strings are looked up in ./l10n', () => {
  assert.equal(manifest.l10n, './l10n');
  assert.equal((manifest.scripts as Record<string, string>)['l10n:export'], 'node scripts/l10n-export.mjs', 'one export for host and core strings (it writes l10n/bundle.l10n.json)');
});
