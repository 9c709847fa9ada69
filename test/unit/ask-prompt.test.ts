import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPrompt, PromptBudgetError, type PromptInput } from '../../src/core/ask/prompt';
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from '../../src/core/ask/tokens';

function bigDdl(n: number, columns: number) {
  return Array.from({ length: n }, (_, i) => ({
    table: `table_${i}`,
    text: `CREATE TABLE table_${i} (\n${Array.from({ length: columns }, (_, c) => `  column_number_${c} VARCHAR(200) NOT NULL`).join(',\n')}\n);`,
  }));
}

const base = (over: Partial<PromptInput> = {}): PromptInput => ({
  dialect: 'sqlite',
  question: 'How many tracks does each album have?',
  ddl: bigDdl(200, 30),
  documentation: Array.from({ length: 50 }, (_, i) => `Term ${i}: a business word explained at some length so that it costs tokens, number ${i}.`),
  joinPaths: [{ from: 'Track', to: 'Album', tables: ['Track', 'Album'], steps: [{ left: 'Track', leftColumns: ['AlbumId'], right: 'Album', rightColumns: ['AlbumId'] }] }],
  examples: Array.from({ length: 40 }, (_, i) => ({ question: `Example question ${i}?`, sql: `SELECT COUNT(*) FROM table_${i} WHERE column_number_1 = 'x'` })),
  contextWindow: 8000,
  ...over,
});

const cost = (messages: { content: string }[]) => messages.reduce((n, m) => n + estimateTokens(m.content) + MESSAGE_OVERHEAD_TOKENS, 0);

test('token estimate: about 3.5 Latin characters per token, CJK characters count more than one each', () => {
  assert.equal(estimateTokens('a'.repeat(35)), 10);
  assert.equal(estimateTokens('销售额'), 4);
  assert.equal(estimateTokens(''), 0);
});

test('the whole prompt stays inside the window minus the reserved output, measured on the messages sent', () => {
  for (const window of [2000, 8000, 32000, 128000]) {
    const p = buildPrompt(base({ contextWindow: window }));
    assert.ok(p.budget.total <= p.budget.budget, `window ${window}: ${p.budget.total} > ${p.budget.budget}`);
    assert.equal(cost(p.messages), p.budget.total);
    assert.equal(p.budget.budget, window - p.budget.reservedOutput);
  }
});

test('huge DDL does not crowd out examples, documentation or join paths', () => {
  const p = buildPrompt(base());
  const s = p.budget.sections;
  assert.ok(s.ddl.dropped > 0, 'there is more DDL than fits');
  assert.ok(s.examples.included >= 5, `examples included: ${s.examples.included}`);
  assert.ok(s.documentation.included >= 3, `documentation included: ${s.documentation.included}`);
  assert.equal(s.joinPaths.included, 1);
  assert.ok(p.messages.some((m) => m.role === 'assistant' && m.content.includes('FROM table_0')), 'the most relevant example is sent as a few-shot turn');
  assert.match(p.messages[0].content, /Track -> Album: Track.AlbumId = Album.AlbumId/);
});

test('sections fill by relevance and leftovers go to the sections that still need room', () => {
  const p = buildPrompt(base({ documentation: [], joinPaths: [], examples: [{ question: 'q?', sql: 'SELECT 1' }] }));
  assert.deepEqual(p.tables, p.tables.slice().sort((a, b) => Number(a.split('_')[1]) - Number(b.split('_')[1])));
  assert.equal(p.tables[0], 'table_0');
  // With the other sections nearly empty, DDL gets almost the whole budget, not just its 50% share.
  assert.ok(p.budget.sections.ddl.used > p.budget.sections.ddl.share * 1.6, JSON.stringify(p.budget.sections.ddl));
  assert.ok(p.budget.budget - p.budget.total < 400, `unused: ${p.budget.budget - p.budget.total}`);
});

test('a table bigger than the whole DDL share is cut to its first lines rather than dropped', () => {
  const p = buildPrompt(base({ ddl: bigDdl(1, 3000), contextWindow: 4000 }));
  assert.deepEqual(p.tables, ['table_0']);
  assert.match(p.messages[0].content, /more lines not shown/);
  assert.ok(p.budget.total <= p.budget.budget);
});

test('the dialect is stated with its quoting and LIMIT rules', () => {
  assert.match(buildPrompt(base({ dialect: 'sqlite' })).messages[0].content, /SQLite SQL[\s\S]*double quotes[\s\S]*LIMIT n/);
  assert.match(buildPrompt(base({ dialect: 'postgres' })).messages[0].content, /PostgreSQL SQL[\s\S]*ILIKE/);
  assert.match(buildPrompt(base({ dialect: 'mysql' })).messages[0].content, /MySQL\/MariaDB SQL[\s\S]*backticks/);
});

test('the question is the last message; a correction round sends the failed SQL and the error inside the budget', () => {
  const p = buildPrompt(base({ question: '每个国家的销售额是多少？' }));
  assert.deepEqual(p.messages.at(-1), { role: 'user', content: '每个国家的销售额是多少？' });
  const c = buildPrompt(base({ correction: { sql: 'SELECT nope FROM x', error: 'no such column: nope' } }));
  assert.match(c.messages.at(-1)!.content, /failed on SQLite with this error:\nno such column: nope/);
  assert.ok(c.budget.total <= c.budget.budget);
});

test('a question that cannot fit the window is a clear error', () => {
  assert.throws(() => buildPrompt(base({ question: 'why '.repeat(5000), contextWindow: 2000 })), (e: unknown) => e instanceof PromptBudgetError && /context window/.test(e.message));
});
