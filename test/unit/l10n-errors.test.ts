// Errors in Chinese: core throws them as data (TableTalkError with l10n.t templates of src/core/messages.ts) and
// the host renders them from the bundle (errorParts in src/host/datasources/error-text.ts), nested Messages
// included; nothing is translated by matching English text. Real failures: missing, folder and non-database SQLite
// files, PostgreSQL and MySQL ports where nothing listens, LLM and embedding endpoints (the loopback OpenAI-compatible
// server, and a port where nothing listens), Chroma where nothing listens, an embedded Chroma whose server exits at
// once, and training runs that fail. A DatasourceError written as an English sentence fails here (only the few
// knowingly left English are listed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, type ConnectionOptions } from '../../src/core/datasource';
import { OpenAiChatProvider } from '../../src/core/llm/openai-chat';
import { OpenAiEmbedder } from '../../src/core/vector/openai-embedder';
import { BuiltinEmbedder } from '../../src/core/vector/builtin-embedder';
import { checkVectors } from '../../src/core/vector/embedder';
import { RemoteChroma } from '../../src/core/vector/endpoint';
import { EmbeddedChroma } from '../../src/core/vector/chroma-server';
import { VectorStore } from '../../src/core/vector/vector-store';
import { train } from '../../src/core/training/pipeline';
import { checkExample } from '../../src/core/training/examples';
import { renderExplanation } from '../../src/core/ask/explanation';
import { RunStateStore, runErrorText } from '../../src/core/dataset/run-state';
import type { DatasetDefinition } from '../../src/core/dataset/types';
import { TableTalkError } from '../../src/core/errors';
import { DatasetFileError, DatasetStore } from '../../src/core/dataset/store';
import { ask } from '../../src/core/ask/ask';
import { parseStrategy } from '../../src/core/ask/strategy';
import { fill } from '../../src/core/messages';
import type { FakeOpenAI } from '../support/fake-openai.mjs' with { 'resolution-mode': 'import' };
import { startFakeOpenAI } from '../support/train-setup';
import { describeErrorIn, errorParts, type L10n } from '../../src/host/datasources/error-text';

const root = resolve(__dirname, '../..');
const zhBundle = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const english: L10n = { t: (m, ...args) => fill(m, args) };
const chinese: L10n = {
  t: (m, ...args) => {
    assert.ok(m in zhBundle, `"${m}" has no translation in l10n/bundle.l10n.zh-cn.json`);
    return fill(zhBundle[m], args);
  },
};
const cjk = /[\u4e00-\u9fff]/;
/** An English word of three letters or more: none may be left in a Chinese text but the names and the server's words given. */
const englishWords = (text: string, allowed: string[]) => allowed.reduce((t, a) => t.split(a).join(' '), text).match(/\b[A-Za-z]{3,}\b/g) ?? [];

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
  const foreign = new Error('Some driver message, in its own words.');
  assert.deepEqual(errorParts(foreign, chinese), { message: 'Some driver message, in its own words.' }, 'a foreign error stays as it came');
});

test('real LLM and embedding endpoint failures (nothing listening) in Chinese', async () => {
  const baseURL = `http://127.0.0.1:${await closedPort()}/v1`;
  const errors: unknown[] = [];
  await new OpenAiChatProvider({ baseURL, model: 'm', maxRetries: 0, timeoutMs: 5000 }).complete([{ role: 'user', content: 'x' }]).catch((e: unknown) => errors.push(e));
  await new OpenAiEmbedder({ baseURL, model: 'e', maxRetries: 0, timeoutMs: 5000 }).embed(['x']).catch((e: unknown) => errors.push(e));
  assert.equal(errors.length, 2);
  assert.deepEqual(errorParts(errors[0], chinese), { message: `无法访问 LLM 接口 ${baseURL}（模型 m）`, hint: '请检查基础 URL，并确认服务器正在运行。' });
  assert.equal(errorParts(errors[1], chinese).message, `无法访问嵌入接口 ${baseURL}（模型 e）`);
  for (const e of errors) {
    assert.ok(e instanceof TableTalkError);
    assert.deepEqual(errorParts(e, english), { message: e.message, hint: e.hint }, 'English renders as the error says');
  }
});

let ai: FakeOpenAI;
test('LLM and embedding endpoints answering 401, 404, 503, garbage or nothing: Chinese around the server\'s own words', async (t) => {
  ai = await startFakeOpenAI({ dimension: 8 });
  t.after(() => ai.close());
  const llm = (timeoutMs = 5000) => new OpenAiChatProvider({ baseURL: ai.url, model: 'm', maxRetries: 0, timeoutMs, timeoutSetting: 'tabletalk.llm.timeoutSeconds' });
  const embedder = new OpenAiEmbedder({ baseURL: ai.url, model: 'e', maxRetries: 0, timeoutMs: 5000 });
  const chat = (ms?: number) => llm(ms).complete([{ role: 'user', content: 'q' }]).then(() => assert.fail('no error'), (e: unknown) => errorParts(e, chinese));
  const embed = () => embedder.embed(['a', 'b']).then(() => assert.fail('no error'), (e: unknown) => errorParts(e, chinese));

  ai.onChat(() => ({ status: 401, json: { error: { message: 'bad key' } } }));
  assert.deepEqual(await chat(), { message: `LLM 接口 ${ai.url}（模型 m）拒绝了 API 密钥（HTTP 401）`, hint: '请设置有效的 API 密钥。' });
  ai.onChat(() => ({ status: 503, json: { error: { message: 'overloaded right now' } } }));
  const overloaded = await chat();
  assert.match(overloaded.message, /^LLM 接口 .*（模型 m）出错，HTTP 503：.*overloaded right now/, 'the server\'s words kept as they came');
  ai.onChat(() => ({ body: JSON.stringify({ choices: [] }) }));
  assert.equal((await chat()).message, fill(zhBundle['The LLM {0} at {1} returned an empty or malformed answer'], ['m', ai.url]));
  ai.onChat(() => ({ hang: true }));
  const timeout = await chat(1000);
  assert.equal(timeout.message, `LLM 接口 ${ai.url}（模型 m）在 1 秒内没有回答`);
  assert.equal(timeout.hint, '请确认服务器正在运行且未过载，或调大设置 tabletalk.llm.timeoutSeconds。');

  ai.onEmbeddings(() => ({ status: 404, json: { error: { message: 'no such model' } } }));
  const notFound = await embed();
  assert.match(notFound.message, /^嵌入接口 .*（模型 e）/);
  assert.match(notFound.hint ?? '', cjk);
  ai.onEmbeddings(() => ({ vectors: [[1, 2, 3]] }));
  const unusable = await embed();
  assert.equal(unusable.message, fill(zhBundle['Embedder {0} returned unusable vectors: {1}'], ['openai:e', '应为 2 个向量，实际为 1']), 'the nested reason in Chinese too');
  for (const d of [overloaded, notFound, unusable, timeout]) assert.deepEqual(englishWords(`${d.message} ${d.hint}`, [ai.url, 'openai:e', 'overloaded right now', 'API', 'HTTP', 'LLM', 'URL', 'tabletalk.llm.timeoutSeconds']), [], `${d.message} ${d.hint}`);
});

test('vectors checked before writing: each reason nested in Chinese', () => {
  const e = new BuiltinEmbedder(4);
  const reasons = [
    () => checkVectors(e, [[1, 2, 3, 4], [1, 2]], 2),
    () => checkVectors(e, [[1, 2, 3, Number.NaN]], 1),
    () => checkVectors(e, [[]], 1),
  ].map((f) => {
    try {
      f();
    } catch (err) {
      return errorParts(err, chinese).message;
    }
    return assert.fail('no error');
  });
  assert.deepEqual(reasons.map((r) => r.split('：')[1]), ['向量长度 2 与 4 不同', '有向量含有不是有限数的值', '有向量为空或不是数组']);
});

test('Chroma where nothing listens, a bad Chroma URL and an embedded server that exits at once, in Chinese', async () => {
  const port = await closedPort();
  const lost = await new VectorStore(new RemoteChroma({ url: `http://127.0.0.1:${port}` })).listCollections().then(() => assert.fail('no error'), (e: unknown) => e);
  const zh = errorParts(lost, chinese);
  assert.match(zh.message, new RegExp(`^(尝试列出集合时与位于 http://127\\.0\\.0\\.1:${port} 的 Chroma的连接中断|Chroma 未能列出集合：)`), zh.message);
  assert.throws(() => new RemoteChroma({ url: 'chroma:8000' }), (e: unknown) => errorParts(e, chinese).message === '无效的 Chroma URL“chroma:8000”：必须以 http:// 或 https:// 开头');

  const script = join(dir, 'dies.js');
  writeFileSync(script, "process.stderr.write('boom: no data dir\\n'); process.exit(3);\n");
  chmodSync(script, 0o644);
  const embedded = new EmbeddedChroma({ dataDir: join(dir, 'chroma'), cliPath: script, startTimeoutMs: 20_000, maxRestarts: 0 });
  const died = await embedded.start().then(() => assert.fail('no error'), (e: unknown) => e);
  await embedded.stop();
  const d = errorParts(died, chinese);
  assert.match(d.message, /^内置 Chroma 服务器在启动时以退出码 3 退出：.*boom: no data dir/, d.message);
  assert.equal(d.hint, '请在 TableTalk 日志中查看 Chroma 服务器的输出。');
});

const dataset = (tables: DatasetDefinition['tables']): DatasetDefinition => ({
  version: 1, name: 'Shop', datasource: 'shop', collection: 'shop-l10n-errors', tables, terms: [], examples: [], modeling: { relationships: [], rejected: [], positions: {} },
});

test('a training run whose datasource is gone: the nested datasource error in Chinese, and the stored run state too', async () => {
  const missing = join(dir, 'gone.sqlite');
  const driver = await connect({ id: 'shop', name: 'shop', dialect: 'sqlite', file: missing });
  const runState = RunStateStore.forDirectory(join(dir, 'state'));
  const store = new VectorStore(new RemoteChroma({ url: `http://127.0.0.1:${await closedPort()}` }));
  const deps = { driver, store, embedder: new BuiltinEmbedder(), runState };
  try {
    const err = await train(dataset([{ schema: null, name: 'orders' }]), deps).then(() => assert.fail('no error'), (e: unknown) => e);
    const zh = errorParts(err, chinese);
    assert.equal(zh.message, `无法读取数据源的结构：找不到 SQLite 文件：${missing}`);
    assert.match(zh.hint ?? '', cjk);
    assert.deepEqual(englishWords(zh.message, [missing, 'SQLite']), []);
    const state = runState.peek(dataset([]));
    assert.equal(state.status, 'failed');
    assert.match(state.error ?? '', /^Cannot read the schema of the datasource: SQLite file not found: /, 'English kept for logs and the CLI');
    const shown = runErrorText(state, (m) => chinese.t(m.message, ...m.args)) ?? '';
    assert.ok(shown.startsWith(`无法读取数据源的结构：找不到 SQLite 文件：${missing}。`), shown);
    assert.deepEqual(englishWords(shown, [missing, 'SQLite', 'TableTalk']), [], shown);

    const none = await train(dataset([]), deps).then(() => assert.fail('no error'), (e: unknown) => e);
    assert.equal(errorParts(none, chinese).message, '数据集“Shop”没有表');
  } finally {
    await driver.close();
  }
});

test('a run state stored as English text by an earlier version is shown as it was written', async () => {
  const runState = RunStateStore.forDirectory(join(dir, 'old-state'));
  await runState.set(dataset([]), { ...runState.peek(dataset([])), status: 'failed', error: 'Cannot read the schema of the datasource: boom.' });
  const state = runState.peek(dataset([]));
  assert.equal(runErrorText(state, (m) => chinese.t(m.message, ...m.args)), 'Cannot read the schema of the datasource: boom.');
  await runState.set(dataset([]), { ...state, errorText: [{ message: 42 } as never] });
  assert.equal(runErrorText(runState.peek(dataset([])), (m) => chinese.t(m.message, ...m.args)), 'Cannot read the schema of the datasource: boom.', 'damaged data falls back to the text');
  await runState.update(dataset([]), { error: 'Written later by a writer that knows no errorText.', errorText: [{ message: 'Train the dataset again.', args: [] }] });
  assert.equal(runErrorText(runState.peek(dataset([])), (m) => chinese.t(m.message, ...m.args)), 'Written later by a writer that knows no errorText.', 'stale data never hides a newer text');
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

test('why an example was dropped (too few groups, refused by the guard) is data, shown in Chinese; the database\'s words stay', async () => {
  const { default: Database } = await import('better-sqlite3');
  const file = join(dir, 'examples.sqlite');
  const db = new Database(file);
  db.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY, status TEXT); INSERT INTO orders (status) VALUES ('paid');");
  db.close();
  const driver = await connect({ id: 'ex', name: 'ex', dialect: 'sqlite', file });
  try {
    const zh = (parts: Parameters<typeof renderExplanation>[0] | undefined) => renderExplanation(parts ?? [], (m) => chinese.t(m.message, ...m.args));
    const few = await checkExample(driver, { question: 'Orders by status', sql: 'SELECT status, COUNT(*) FROM orders GROUP BY status', source: 'template', tables: ['orders'], maxGroups: 30 });
    assert.equal(few?.error, 'returns too few groups');
    assert.equal(zh(few?.text), '返回的分组太少');
    const refused = await checkExample(driver, { question: 'Drop it', sql: 'DROP TABLE orders', source: 'user', tables: ['orders'] });
    assert.equal(refused?.refused, 'not-read-only');
    assert.match(zh(refused?.text), /^这是一条 DROP 语句/);
    const failed = await checkExample(driver, { question: 'Nope', sql: 'SELECT nope FROM orders', source: 'user', tables: ['orders'] });
    assert.match(failed?.error ?? '', /nope/);
    assert.equal(failed?.text, undefined, 'the database\'s own words have no template');
  } finally {
    await driver.close();
  }
});

test('dataset files, dataset names and Ask input: a damaged file, a taken name, an empty question and an untrained dataset in Chinese', async () => {
  const datasets = join(dir, 'datasets-zh');
  const store = new DatasetStore(datasets);
  const def = await store.create({ name: 'sales', datasource: 'x', tables: [] });
  writeFileSync(join(datasets, 'broken.json'), '{ "version": 1,');
  // The JSON parser's own words stay as they came, like a server's.
  const parserWords = (() => { try { JSON.parse('{ "version": 1,'); return ''; } catch (e) { return (e as Error).message; } })();
  const { errors } = await store.list();
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof DatasetFileError);
  const failures: unknown[] = [
    errors[0],
    await store.create({ name: 'SALES', datasource: 'x', tables: [] }).then(() => undefined, (e: unknown) => e),
    await store.rename('nope', 'x').then(() => undefined, (e: unknown) => e),
    await ask(def, null, '   ', { dialect: 'sqlite', store: undefined as never, embedder: new BuiltinEmbedder(), llm: undefined as never }).then(() => undefined, (e: unknown) => e),
    await ask(def, null, 'how many orders?', { dialect: 'sqlite', store: undefined as never, embedder: new BuiltinEmbedder(), llm: undefined as never }).then(() => undefined, (e: unknown) => e),
    (() => { try { parseStrategy('magic'); } catch (e) { return e; } })(),
  ];
  for (const err of failures) {
    assert.ok(err instanceof TableTalkError, `a TableTalkError: ${String(err)}`);
    const zh = errorParts(err, chinese);
    const en = errorParts(err, english);
    assert.equal(en.message, err.message, 'the English rendering is the error message');
    assert.match(zh.message, cjk, zh.message);
    assert.ok(zh.hint === undefined || cjk.test(zh.hint), `hint in Chinese: ${zh.hint}`);
    const left = englishWords(`${zh.message} ${zh.hint ?? ''}`, [parserWords, join(datasets, 'broken.json'), datasets, 'sales', 'SALES', 'nope', 'magic', 'baseline', 'full', 'JSON', 'TableTalk', 'tabletalk train', '--url', '--name', 'VS Code']);
    assert.deepEqual(left, [], `${zh.message} ${zh.hint ?? ''}`);
  }
});
