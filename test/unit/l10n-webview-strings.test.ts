// The webviews' own string tables (webview/*/strings.ts): the compiler already refuses a missing Chinese key;
// here every Chinese text must be Chinese and keep the English placeholders, and the locale choice must follow
// what VS Code reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tables as canvas } from '../../webview/canvas/strings';
import { tables as ask } from '../../webview/ask/strings';
import { tables as datasourceForm } from '../../webview/datasource-form/strings';
import { format, pickLocale } from '../../webview/shared/l10n';

const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort();
const hasCjk = (s: string) => /[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]/.test(s);
/** Texts that are the same in Chinese. */
const same = new Set(['SQL']);

for (const [name, t] of [['canvas', canvas], ['ask', ask], ['datasource-form', datasourceForm]] as const) {
  test(`${name} webview: every zh-cn text is Chinese with the English placeholders`, () => {
    const en: Record<string, string> = t.en;
    const zh: Record<string, string> = t['zh-cn'];
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      assert.deepEqual(placeholders(zh[key]), placeholders(en[key]), `${key}: "${en[key]}" → "${zh[key]}"`);
      if (!same.has(en[key])) assert.ok(hasCjk(zh[key]), `${key}: "${zh[key]}" is not Chinese`);
    }
  });
}

test('locale: VS Code\'s Simplified Chinese names pick zh-cn, anything else English', () => {
  for (const l of ['zh-cn', 'zh-CN', 'zh-hans', 'zh', 'zh-sg']) assert.equal(pickLocale(l), 'zh-cn', l);
  for (const l of ['en', 'en-us', 'fr', 'zh-tw', '', undefined, null]) assert.equal(pickLocale(l), 'en', String(l));
});

test('format fills {n} placeholders and leaves unknown ones', () => {
  assert.equal(format('{0} 张表，{1} 个字段 {2}', [3, 'x']), '3 张表，x 个字段 {2}');
});
