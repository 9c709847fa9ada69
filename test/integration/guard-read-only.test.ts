// Every guard case of the Ask issue against real SQLite (a copy of Chinook), PostgreSQL and MariaDB: the loopback
// OpenAI-compatible server answers the way a misbehaving model would, ask() runs with `run: true`, and after each
// case a checksum of every table (row count + first rows) proves the database was not written to.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { ask, type AskOptions, type AskResult } from '../../src/core/ask/ask';
import { OpenAiChatProvider } from '../../src/core/llm/openai-chat';
import type { Dialect } from '../../src/core/datasource/types';
import { chinookCopy, dataChecksum, lastUserMessage, noChinook, startFake, trainChinook, type FakeOpenAI, type TrainedChinook } from '../support/ask-setup';

interface DialectCase {
  dialect: Dialect;
  label: string;
  skip: string | undefined;
  url: () => { url: string; cleanup?: () => void };
  /** Table and column names as this Chinook spells them. */
  t: { track: string; name: string; trackId: string; customer: string; firstName: string; country: string };
  foreignSql: string;
  foreignWhy: RegExp;
  sideEffectSql: string;
}

const pascal = { track: 'Track', name: 'Name', trackId: 'TrackId', customer: 'Customer', firstName: 'FirstName', country: 'Country' };
const cases: DialectCase[] = [
  {
    dialect: 'sqlite',
    label: 'SQLite',
    skip: noChinook,
    url: () => {
      const c = chinookCopy();
      return { url: c.url, cleanup: () => rmSync(c.dir, { recursive: true, force: true }) };
    },
    t: pascal,
    foreignSql: 'SELECT TOP 5 Name FROM Track',
    foreignWhy: /SQL Server syntax, not SQLite/,
    sideEffectSql: "SELECT load_extension('/tmp/evil.so')",
  },
  {
    dialect: 'postgres',
    label: 'PostgreSQL',
    skip: process.env.TABLETALK_TEST_PG_URL ? undefined : (process.env.TABLETALK_TEST_PG_URL_SKIP ?? 'TABLETALK_TEST_PG_URL is not set; run through npm test'),
    url: () => ({ url: process.env.TABLETALK_TEST_PG_URL as string }),
    t: { track: 'track', name: 'name', trackId: 'track_id', customer: 'customer', firstName: 'first_name', country: 'country' },
    foreignSql: 'SELECT `name` FROM `track` LIMIT 5',
    foreignWhy: /Backtick quoting is MySQL syntax, not PostgreSQL/,
    sideEffectSql: 'SELECT pg_sleep(5)',
  },
  {
    dialect: 'mysql',
    label: 'MariaDB',
    skip: process.env.TABLETALK_TEST_MYSQL_URL ? undefined : (process.env.TABLETALK_TEST_MYSQL_URL_SKIP ?? 'TABLETALK_TEST_MYSQL_URL is not set; run through npm test'),
    url: () => ({ url: process.env.TABLETALK_TEST_MYSQL_URL as string }),
    t: pascal,
    foreignSql: "SELECT Name FROM Track WHERE Name ILIKE '%love%'",
    foreignWhy: /not valid MySQL\/MariaDB near "ILIKE/,
    sideEffectSql: 'SELECT SLEEP(5)',
  },
];

const fence = (sql: string) => `Here is the query:\n\`\`\`sql\n${sql}\n\`\`\``;

for (const c of cases) {
  describe(`guard on ${c.label}: a misbehaving model never changes the data`, { skip: c.skip }, () => {
    let trained: TrainedChinook;
    let ai: FakeOpenAI;
    let cleanup: (() => void) | undefined;
    let before0: string;

    before(async () => {
      const target = c.url();
      cleanup = target.cleanup;
      ai = await startFake();
      trained = await trainChinook(target.url, { terms: [{ term: '客户', definition: '购买音乐的顾客', tables: [c.t.customer] }] });
      before0 = await dataChecksum(trained.driver);
    });
    after(async () => {
      await trained?.close();
      await ai?.close();
      cleanup?.();
    });

    const llm = () => new OpenAiChatProvider({ baseURL: ai.url, model: 'fake-sql', contextWindow: 16_000 });
    async function askWith(answer: string | ((n: number) => string), question = 'How many tracks are there?', extra: Partial<AskOptions> = {}): Promise<AskResult> {
      ai.reset();
      ai.onChat((_body, n) => (typeof answer === 'string' ? answer : answer(n)));
      return ask(trained.dataset, trained.state, question, { store: trained.store, embedder: trained.embedder, llm: llm(), driver: trained.driver, run: true, ...extra });
    }
    async function assertUnchanged() {
      assert.equal(await dataChecksum(trained.driver), before0, 'the data changed');
    }

    test('the model answers with prose: "no SQL found", nothing runs', async () => {
      const r = await askWith('I am sorry, but I cannot answer questions about the weather from this database.');
      assert.equal(r.sql, null);
      assert.equal(r.ran, false);
      assert.equal(r.refused?.code, 'no-sql');
      assert.match(r.refused!.reason, /No SQL found in the model's answer: "I am sorry/);
      assert.match(r.explanation, /No SQL found/);
      await assertUnchanged();
    });

    test('the model answers with several statements: refused, nothing runs', async () => {
      const r = await askWith(fence(`SELECT COUNT(*) FROM ${c.t.track};\nDELETE FROM ${c.t.track};`));
      assert.equal(r.refused?.code, 'multiple-statements');
      assert.match(r.refused!.reason, /2 statements \(SELECT, DELETE\)/);
      assert.equal(r.ran, false);
      assert.equal(ai.calls.chat, 1, 'a refusal for safety is not sent back for correction');
      await assertUnchanged();
    });

    test('the model answers with DROP TABLE: refused with the reason', async () => {
      const r = await askWith(fence(`DROP TABLE ${c.t.track}`));
      assert.equal(r.refused?.code, 'not-read-only');
      assert.match(r.explanation, /DROP statement: it drops objects\. TableTalk only runs a single read-only query/);
      assert.equal(r.sql, null);
      await assertUnchanged();
    });

    test('the model hides an UPDATE in a CTE: refused', async () => {
      const r = await askWith(fence(`WITH x AS (UPDATE ${c.t.track} SET ${c.t.name} = 'hacked' RETURNING *) SELECT COUNT(*) FROM x`));
      assert.equal(r.refused?.code, 'write-in-query');
      assert.match(r.refused!.reason, /data-changing statement \("UPDATE \S+ SET/);
      await assertUnchanged();
    });

    test(`the model writes SQL for another dialect: one correction round, then refused`, async () => {
      const r = await askWith(fence(c.foreignSql));
      assert.equal(ai.calls.chat, 2, 'the parse failure went back to the model once');
      assert.match(lastUserMessage(ai), /failed on/);
      assert.equal(r.refused?.code === 'wrong-dialect' || r.refused?.code === 'unparsable', true, JSON.stringify(r.refused));
      assert.match(r.refused!.reason, c.foreignWhy);
      assert.match(r.explanation, /asked once to correct it/);
      await assertUnchanged();
    });

    test('the model calls a function with side effects: refused', async () => {
      const r = await askWith(fence(c.sideEffectSql));
      assert.equal(r.refused?.code, 'side-effect-function');
      await assertUnchanged();
    });

    test('a query longer than the timeout is stopped and reported, and the connection still works', async () => {
      const t0 = Date.now();
      const r = await askWith(fence(`SELECT COUNT(*) AS n FROM ${c.t.track} a, ${c.t.track} b, ${c.t.track} c`), 'How many track triples are there?', { timeoutMs: 1000 });
      const took = Date.now() - t0;
      assert.equal(r.refused, null);
      assert.equal(r.ran, false);
      assert.match(r.error?.message ?? '', /ran longer than 1000 ms/);
      assert.match(r.explanation, /The query failed on/);
      assert.equal(ai.calls.chat, 1, 'a timeout is not a mistake the model can correct');
      assert.ok(took < 15_000, `stopped after ${took} ms`);
      await assertUnchanged();
    });

    test('a result of millions of rows is limited and the user is told', async () => {
      const r = await askWith(fence(`SELECT a.${c.t.trackId} AS a, b.${c.t.trackId} AS b FROM ${c.t.track} a CROSS JOIN ${c.t.track} b`), 'Every pair of tracks', { maxRows: 1000 });
      assert.equal(r.ran, true, JSON.stringify(r.error ?? r.refused));
      assert.equal(r.rows.length, 1000);
      assert.equal(r.truncated, true);
      assert.deepEqual(r.columns, ['a', 'b']);
      assert.match(r.explanation, /returned more than 1,000 rows: only the first 1,000 are shown \(the row limit\)/);
      await assertUnchanged();
    });

    test('a question in Chinese: the business term finds the table, the SQL runs', async () => {
      const r = await askWith(fence(`SELECT ${c.t.firstName}, ${c.t.country} FROM ${c.t.customer}`), '每位客户来自哪个国家？');
      assert.equal(lastUserMessage(ai), '每位客户来自哪个国家？');
      assert.ok(r.tables.map((x) => x.toLowerCase()).includes(c.t.customer.toLowerCase()), `retrieved ${r.tables.join(', ')}`);
      assert.match(ai.requests.chat[0].messages[0].content, new RegExp(`CREATE TABLE (\\S+\\.)?[\`"]?${c.t.customer}[\`"]? \\(`), 'the DDL of the term\'s table is in the prompt');
      assert.equal(r.ran, true, JSON.stringify(r.error ?? r.refused));
      assert.equal(r.rows.length, 59);
      assert.equal(r.truncated, false);
      assert.deepEqual(r.usedTables.map((x) => x.toLowerCase()), [c.t.customer.toLowerCase()]);
      await assertUnchanged();
    });
  });
}
