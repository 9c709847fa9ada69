// Training progress lines in Chinese: src/host/training/progress-text.ts translates the English messages of the
// training pipeline. Every message the pipeline can report is listed here with samples; when pipeline.ts gets a
// new or changed message this test fails until progress-text.ts (and its translation) follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { english, progressMessage, progressTemplates, type L10n } from '../../src/host/training/progress-text';

const root = resolve(__dirname, '../..');
const zhBundle = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const chinese: L10n = {
  t: (m, ...args) => {
    assert.ok(m in zhBundle, `"${m}" has no translation in l10n/bundle.l10n.zh-cn.json`);
    return english.t(zhBundle[m], ...args);
  },
};

/** The message argument of each this.progress(...) call in pipeline.ts → messages it produces. */
const samples: Record<string, string[]> = {
  "'reading the schema'": ['reading the schema'],
  "'checking the vector store'": ['checking the vector store'],
  '`${tables.length} tables`': ['14 tables'],
  '`${ddlItems.length} CREATE TABLE statements`': ['14 CREATE TABLE statements'],
  "'switching to the new model'": ['switching to the new model'],
  "`done in ${ms} ms: ${counts.ddl} DDL, ${counts.documentation} documentation, ${counts.sql} examples${dropped.length ? ` (${dropped.length} dropped)` : ''}`":
    ['done in 812 ms: 14 DDL, 3 documentation, 20 examples', 'done in 812 ms: 14 DDL, 3 documentation, 20 examples (2 dropped)'],
  '`${items.length} items unchanged, kept`': ['14 items unchanged, kept'],
  '`${total} items`': ['40 items'],
  '`${done} of ${total} items (${this.copied} kept from the previous model)`': ['12 of 40 items (8 kept from the previous model)'],
  '`${done} of ${total} items embedded`': ['12 of 40 items embedded'],
  '`${items.length} examples checked against the database, ${dropped.length} dropped`': ['18 examples checked against the database, 2 dropped'],
  "llm ? `asking ${llm.id}` : 'building examples from the schema'": ['asking loopback-chat', 'building examples from the schema'],
  "`${earlier.length} examples for ${bt.map((t) => t.name).join(', ')} kept from the previous model`": ['4 examples for orders, customers kept from the previous model'],
  "`asking ${llm.id} about ${bt.map((t) => t.name).join(', ')}`": ['asking loopback-chat about orders, customers'],
};

/** The third argument of every `this.progress(step, fraction, message)` call, as written. */
function progressMessages(source: string): string[] {
  const out: string[] = [];
  for (let i = source.indexOf('this.progress('); i !== -1; i = source.indexOf('this.progress(', i + 1)) {
    let depth = 0;
    const commas: number[] = [];
    let j = i + 'this.progress'.length;
    for (; j < source.length; j++) {
      const c = source[j];
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c) && --depth === 0) break;
      else if (c === ',' && depth === 1) commas.push(j);
    }
    out.push(source.slice(commas[1] + 1, j).trim());
  }
  return out;
}

test('every progress message of the training pipeline is known to progress-text.ts', () => {
  const inPipeline = progressMessages(readFileSync(join(root, 'src/core/training/pipeline.ts'), 'utf8'));
  assert.ok(inPipeline.length >= 10, `${inPipeline.length} messages found`);
  assert.deepEqual([...new Set(inPipeline)].sort(), Object.keys(samples).sort(), 'pipeline.ts messages changed: update src/host/training/progress-text.ts and this list');
});

test('progress messages in Chinese keep their numbers and names; in English they are unchanged', () => {
  for (const message of Object.values(samples).flat()) {
    assert.equal(progressMessage(message, english), message);
    const zh = progressMessage(message, chinese);
    assert.notEqual(zh, message, `"${message}" is translated`);
    assert.match(zh, /[\u4e00-\u9fff]/, `"${message}" → "${zh}"`);
    for (const token of message.match(/\d+|loopback-chat|orders, customers/g) ?? []) assert.ok(zh.includes(token), `"${zh}" keeps ${token}`);
  }
  assert.equal(progressMessage('12 of 40 items embedded', chinese), '已嵌入 12 / 40 项');
  assert.equal(progressMessage('a message no template knows', chinese), 'a message no template knows');
});

test('each template is the one that matches its own English text (none shadowed by a more general one)', () => {
  const which: L10n = { t: (m) => m };
  for (const [template] of progressTemplates) assert.equal(progressMessage(english.t(template, 'A1', 'B2', 'C3', 'D4', 'E5'), which), template);
});
