// Renders Messages with the project's Chinese bundle, as VS Code does under the Chinese UI; a template without a
// translation fails the test that renders it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fill, type Message } from '../../src/core/messages';

const bundle = JSON.parse(readFileSync(join(resolve(__dirname, '../..'), 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string | { message: string }>;

export function chinese(m: Message): string {
  const t = bundle[m.message];
  assert.ok(t, `"${m.message}" has no translation in l10n/bundle.l10n.zh-cn.json`);
  return fill(typeof t === 'string' ? t : t.message, m.args);
}

/** Latin words left in `text` once the given identifiers (table, column and type names) are taken out. */
export function englishWords(text: string, identifiers: Iterable<string>): string[] {
  let rest = text;
  for (const id of [...identifiers].sort((a, b) => b.length - a.length)) if (id) rest = rest.split(id).join(' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}
