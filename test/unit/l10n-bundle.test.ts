// Host strings (vscode.l10n.t) and core's messages (l10n.t of src/core/messages.ts) in English and Simplified
// Chinese: l10n/bundle.l10n.json must be what
// `npm run l10n:export` extracts from src/ now, and every string in it needs a zh-cn translation with the same
// placeholders. A new string without a translation, or a bundle not regenerated after a change, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, string | { message: string }>;
const text = (v: string | { message: string }) => (typeof v === 'string' ? v : v.message);
const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort();
/** Chinese characters or Chinese (full-width) punctuation. */
const hasCjk = (s: string) => /[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]/.test(s);
/** Strings whose Chinese is the same as the English: names and settings keys. */
const sameInChinese = new Set(['Chroma URL']);


test('l10n/bundle.l10n.json holds exactly the strings of src/ (run `npm run l10n:export` after changing one)', async () => {
  const { extractStrings } = (await import('../../scripts/l10n-export.mjs')) as typeof import('../../scripts/l10n-export.mjs', { with: { 'resolution-mode': 'import' } });
  const extracted = Object.keys(await extractStrings()).sort();
  const bundled = Object.keys(readJson('l10n/bundle.l10n.json')).sort();
  assert.ok(extracted.length > 300, `found ${extracted.length} strings in src/`);
  assert.deepEqual(extracted.filter((k) => !bundled.includes(k)), [], 'strings in src/ missing from l10n/bundle.l10n.json');
  assert.deepEqual(bundled.filter((k) => !extracted.includes(k)), [], 'strings in l10n/bundle.l10n.json no longer in src/');
});

test('every host string has a Chinese translation with the same placeholders, and no stale translation is kept', () => {
  const en = readJson('l10n/bundle.l10n.json');
  const zh = readJson('l10n/bundle.l10n.zh-cn.json');
  assert.deepEqual(Object.keys(en).filter((k) => !(k in zh)), [], 'untranslated: add them to l10n/bundle.l10n.zh-cn.json');
  assert.deepEqual(Object.keys(zh).filter((k) => !(k in en)), [], 'translations of strings the code no longer has');
  for (const [key, value] of Object.entries(zh)) {
    const t = text(value);
    assert.ok(t.trim(), `empty translation of "${key}"`);
    assert.deepEqual(placeholders(t), placeholders(key), `placeholders of "${key}" → "${t}"`);
    if (!sameInChinese.has(key)) assert.ok(hasCjk(t), `"${key}" → "${t}" is not Chinese`);
  }
});
