// Datasource errors in Chinese: src/core/datasource throws them as data (l10n.t templates of src/core/messages.ts)
// and the host renders them from the bundle (errorParts in src/host/datasources/error-text.ts). Real failures: a
// missing, a folder and a non-database SQLite file, and a PostgreSQL and a MySQL port where nothing listens. A
// DatasourceError written as an English sentence fails here (only the few knowingly left English are listed).
// The LLM, embedding, vector-store and training errors are still translated by template (not converted yet).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, type ConnectionOptions } from '../../src/core/datasource';
import { OpenAiChatProvider } from '../../src/core/llm/openai-chat';
import { OpenAiEmbedder } from '../../src/core/vector/openai-embedder';
import { english, type L10n } from '../../src/host/english-templates';
import { describeErrorIn, errorParts, errorText } from '../../src/host/datasources/error-text';

const root = resolve(__dirname, '../..');
const zhBundle = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const chinese: L10n = {
  t: (m, ...args) => {
    assert.ok(m in zhBundle, `"${m}" has no translation in l10n/bundle.l10n.zh-cn.json`);
    return english.t(zhBundle[m], ...args);
  },
};
const cjk = /[\u4e00-\u9fff]/;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-l10n-errors-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function failure(options: ConnectionOptions): Promise<Error & { hint?: string }> {
  const driver = await connect({ connectTimeoutMs: 3000, ...options });
  try {
    await driver.test();
  } catch (e) {
    return e as Error & { hint?: string };
  } finally {
    await driver.close().catch(() => undefined);
  }
  throw new Error(`connecting to ${JSON.stringify(options)} did not fail`);
}

test('real connection and file failures: message and hint in Chinese, the details kept; English unchanged', async () => {
  writeFileSync(join(dir, 'notes.sqlite'), 'not a database, just text '.repeat(100));
  const port = await closedPort();
  const cases = [
    await failure({ id: 'a', name: 'a', dialect: 'sqlite', file: join(dir, 'missing.sqlite') }),
    await failure({ id: 'b', name: 'b', dialect: 'sqlite', file: dir }),
    await failure({ id: 'c', name: 'c', dialect: 'sqlite', file: join(dir, 'notes.sqlite') }),
    await failure({ id: 'd', name: 'd', dialect: 'postgres', host: '127.0.0.1', port, user: 'u', database: 'db' }),
    await failure({ id: 'e', name: 'e', dialect: 'mysql', host: '127.0.0.1', port, user: 'u', database: 'db' }),
  ];
  for (const err of cases) {
    const zh = errorParts(err, chinese);
    assert.match(zh.message, cjk, `"${err.message}" → "${zh.message}"`);
    assert.ok(err.hint, `"${err.message}" has a hint`);
    assert.match(zh.hint ?? '', cjk, `hint "${err.hint}"`);
    assert.deepEqual(errorParts(err, english), { message: err.message, hint: err.hint });
  }
  assert.equal(errorParts(cases[0], chinese).message, `找不到 SQLite 文件：${join(dir, 'missing.sqlite')}`);
  assert.equal(describeErrorIn(cases[3], chinese), `127.0.0.1:${port} 上没有服务接受连接（连接被拒绝）。 请检查主机和端口，并确认 PostgreSQL 服务器正在运行。 (connect ECONNREFUSED 127.0.0.1:${port})`);
  assert.equal(errorText('Some message no template knows.', chinese), 'Some message no template knows.');
});

test('real LLM and embedding endpoint failures (nothing listening) in Chinese', async () => {
  const baseURL = `http://127.0.0.1:${await closedPort()}/v1`;
  const errors: Array<Error & { hint?: string }> = [];
  await new OpenAiChatProvider({ baseURL, model: 'm', maxRetries: 0, timeoutMs: 5000 }).complete([{ role: 'user', content: 'x' }]).catch((e: Error) => errors.push(e));
  await new OpenAiEmbedder({ baseURL, model: 'e', maxRetries: 0, timeoutMs: 5000 }).embed(['x']).catch((e: Error) => errors.push(e));
  assert.equal(errors.length, 2);
  assert.equal(errorText(errors[0].message, chinese), `无法访问 LLM 接口 ${baseURL}（模型 m）`);
  assert.equal(errorText(errors[1].message, chinese), `无法访问嵌入接口 ${baseURL}（模型 e）`);
  for (const e of errors) assert.match(errorText(e.hint ?? '', chinese), cjk, `hint "${e.hint}"`);
});

test('vector store and training errors as core writes them, in Chinese', () => {
  assert.equal(errorText('The embedded Chroma server did not start', chinese), '内置 Chroma 服务器未能启动');
  assert.equal(errorText('See the TableTalk log for the Chroma server output.', chinese), '请在 TableTalk 日志中查看 Chroma 服务器的输出。');
  assert.equal(errorText('Tables orders, customers of dataset "Shop" no longer exist in the database', chinese), '数据集“Shop”的表 orders, customers 在数据库中已不存在');
  assert.equal(errorText('Dataset "Shop" has no tables', chinese), '数据集“Shop”没有表');
});

/** The DatasourceErrors of src/core/datasource whose message is not a template, and why. */
const knownEnglish = [
  "'No database to introspect.'", // CLI only (--schema)
  "'The SQLite helper script (sqlite-process.js) is missing from the installation.'", // a broken installation
  '`Cannot start the SQLite process: ${e.message}`', // the system's words
  '`Invalid datasource URL "${redactUrl(url)}": ${why}`', // CLI only (--url)
  '`MySQL: ${msg}`', // the server's words
  '`PostgreSQL: ${msg}`', // the server's words
  '`SQLite: ${message}`', // the engine's words
  '`Unknown dialect "${String((options as { dialect?: unknown }).dialect)}".`', // settings written by hand
];
test('every DatasourceError of src/core/datasource says its message as data (a template of the bundle)', () => {
  const found = new Set<string>();
  for (const name of ['errors', 'mysql', 'postgres', 'sqlite', 'ssl', 'url', 'index']) {
    const source = readFileSync(join(root, 'src/core/datasource', `${name}.ts`), 'utf8');
    const open = 'new DatasourceError(';
    for (let i = source.indexOf(open); i !== -1; i = source.indexOf(open, i + 1)) {
      let depth = 0;
      const cuts: number[] = [];
      let j = i + open.length - 1;
      for (; j < source.length; j++) {
        const c = source[j];
        if ('([{'.includes(c)) depth++;
        else if (')]}'.includes(c) && --depth === 0) break;
        else if (c === ',' && depth === 1) cuts.push(j);
      }
      const args: string[] = [];
      let from = i + open.length;
      for (const k of [...cuts, j].slice(0, 2)) {
        args.push(source.slice(from, k).trim());
        from = k + 1;
      }
      const isData = (arg: string) => arg === 'undefined' || arg.startsWith('l10n.t(') || /^why \? l10n\.t\(/.test(arg);
      if (!isData(args[0])) found.add(args[0]); // its hint stays English with it
      else if (args[1] !== undefined && !isData(args[1])) found.add(`hint of ${args[0]}: ${args[1]}`);
    }
  }
  assert.deepEqual([...found].sort(), [...knownEnglish].sort(), 'a DatasourceError written as English text: use l10n.t from src/core/messages.ts (and translate it in l10n/bundle.l10n.zh-cn.json)');
});
