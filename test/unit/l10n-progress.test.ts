// Training progress as data: core reports each step's message as a Message (src/core/training/progress.ts), the
// CLI prints it in English by default and in the bundle's language with --lang, the host in VS Code's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fill, type Message } from '../../src/core/messages';
import { connectingProgress, formatProgress, startingProgress, stepText, STEP_RANGES, type TrainingStep } from '../../src/core/training/progress';

const root = resolve(__dirname, '../..');
const zhBundle = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const chinese = (m: Message): string => {
  assert.ok(m.message in zhBundle, `"${m.message}" has no translation in l10n/bundle.l10n.zh-cn.json`);
  return fill(zhBundle[m.message], m.args);
};

test('the CLI progress line in English is what it always was: "[ 42%] <step>: <message>"', () => {
  const p = { percent: 41.6, step: 'train DDL' as const, message: { message: '{0} of {1} items embedded', args: [12, 40] } };
  assert.equal(formatProgress(p), '[ 42%] train DDL: 12 of 40 items embedded');
  assert.equal(formatProgress(startingProgress()), '[  0%] prepare: starting');
});

test('every step and the host\'s own progress messages render in Chinese, keeping their numbers', () => {
  for (const step of Object.keys(STEP_RANGES) as TrainingStep[]) {
    assert.equal(stepText(step).message, step, 'a step\'s English text is its id');
    assert.match(chinese(stepText(step)), /[\u4e00-\u9fff]/, step);
  }
  for (const p of [startingProgress(), connectingProgress()]) assert.match(chinese(p.message), /[\u4e00-\u9fff]/, p.message.message);
  const line = formatProgress({ percent: 20, step: 'train DDL', message: { message: '{0} of {1} items embedded', args: [12, 40] } }, chinese);
  assert.equal(line, `[ 20%] ${zhBundle['train DDL']}: 已嵌入 12 / 40 项`);
});

test('the pipeline reports progress only as Messages built with l10n.t (so the export finds each template)', () => {
  const source = readFileSync(join(root, 'src/core/training/pipeline.ts'), 'utf8');
  const calls = [...source.matchAll(/this\.progress\(([^;]*)\);/g)].map((m) => m[1]);
  assert.ok(calls.length >= 10, `${calls.length} progress calls found`);
  for (const c of calls) assert.match(c, /l10n\.t\('/, c);
  const bundle = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;
  for (const m of source.matchAll(/l10n\.t\('([^']+)'/g)) assert.ok(m[1] in bundle, `"${m[1]}" is in l10n/bundle.l10n.json (run npm run l10n:export)`);
});
