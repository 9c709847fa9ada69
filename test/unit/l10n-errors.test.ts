// Datasource errors in Chinese: src/host/datasources/error-text.ts translates what src/core/datasource says (and
// what to do) in English. Real failures: a missing, a folder and a non-database SQLite file, and a PostgreSQL and
// a MySQL port where nothing listens. Every DatasourceError in core is pinned below, so a new one fails here
// until it is translated (or knowingly left English: the CLI-only ones).
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
import { describeErrorIn, errorText } from '../../src/host/datasources/error-text';

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
    const zh = errorText(err.message, chinese);
    assert.match(zh, cjk, `"${err.message}" → "${zh}"`);
    assert.ok(err.hint, `"${err.message}" has a hint`);
    assert.match(errorText(err.hint, chinese), cjk, `hint "${err.hint}"`);
    assert.equal(errorText(err.message, english), err.message);
    assert.equal(errorText(err.hint, english), err.hint);
  }
  assert.equal(errorText(cases[0].message, chinese), `找不到 SQLite 文件：${join(dir, 'missing.sqlite')}`);
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

/** The message and hint arguments of every `new DatasourceError(message, hint, …)` in src/core/datasource, as written. */
const knownErrors = [
  "'A SQLite datasource needs a file path.' | 'Choose the database file.'",
  "'No database to introspect.' | 'Put the database name in the URL (mysql://user@host:port/db) or pass --schema.'",
  "'The SQLite helper script (sqlite-process.js) is missing from the installation.' | 'Rebuild with `node esbuild.mjs` or reinstall the extension.'",
  "'The SQLite process is not running.' | 'Retry.'",
  "'The datasource was closed.' | 'Reconnect to it.'",
  "'The datasource was closed.' | undefined",
  "'The query was cancelled.' | undefined",
  "`${file} is a folder | not a SQLite database file.`",
  "`${product} refused a change | because TableTalk runs queries read-only: ${detail}`",
  "`${this.file} is not a SQLite database.` | 'Choose a SQLite database file (.sqlite, .db); TableTalk opens it read-only.'",
  "`Cannot open ${this.file}: ${message}.` | 'Check that the file is readable by you.'",
  "`Cannot reach ${where}: ${msg}.` | `Check the host",
  "`Cannot read the CA certificate file ${ssl.caFile}: ${(e as Error).message}` | 'Choose a readable PEM file with the server\\'s CA certificate",
  "`Cannot start the SQLite process: ${e.message}` | undefined",
  "`Invalid datasource URL \"${redactUrl(url)}\": ${why}` | `Use ${FORMS}.`",
  "`MySQL at ${where} does not accept SSL connections.` | 'Set the SSL mode to \"disable\".'",
  "`MySQL at ${where} has no database \"${o.database}\".` | 'Check the database name.'",
  "`MySQL at ${where} rejected the password for user \"${o.user}\".` | 'Check the user name and password (stored password, or TABLETALK_PASSWORD for the CLI).'",
  "`MySQL at ${where}: user \"${o.user}\" has no access to database \"${o.database}\".` | 'Grant the user access",
  "`MySQL: ${msg}` | undefined",
  "`No answer from ${where} within ${s} s.` | `Check the host and port",
  "`Nothing accepts connections at ${where} (connection refused).` | `Check the host and port",
  "`PostgreSQL at ${where} does not accept SSL connections.` | 'Set the SSL mode to \"disable\".'",
  "`PostgreSQL at ${where} has no database \"${o.database}\".` | 'Check the database name.'",
  "`PostgreSQL at ${where} needs a password for user \"${o.user}\".` | 'Enter the password (stored password, or TABLETALK_PASSWORD for the CLI).'",
  "`PostgreSQL at ${where} refused user \"${o.user}\": ${msg}.` | 'Check the user name",
  "`PostgreSQL at ${where} rejected the password for user \"${o.user}\".` | 'Check the user name and password (stored password, or TABLETALK_PASSWORD for the CLI).'",
  "`PostgreSQL: ${msg}` | undefined",
  "`SQLite file not found: ${file}` | 'Check the path. TableTalk opens existing files only and never creates one.'",
  "`SQLite: ${message}` | undefined",
  "`The PostgreSQL server at ${where} closed the connection: ${msg}.` | 'Check that the server is running (it may have been restarted)",
  "`The SQLite process stopped (${signal ?? `exit code ${code}`})${why ? `: ${why}` : ''}.` | 'Retry; if it keeps failing",
  "`The SSL/TLS connection to ${where} failed: ${msg}.` | 'Check the SSL mode: \"disable\" if the server has no TLS",
  "`The connection to MySQL at ${where} was closed by the server.` | 'Check that the port belongs to a MySQL/MariaDB server",
  "`The host name \"${ep.host}\" cannot be resolved.` | 'Check the host name (or use an IP address).'",
  "`The query ran longer than ${ms} ms and was stopped.` | 'Narrow the query (filters, LIMIT) or raise the timeout.'",
  "`The result is larger than ${mb} MB | so TableTalk stopped reading it.`", // this scanner splits at the comma inside the template
  "'MySQL: the statement returned no result set (it is not a query).' | 'TableTalk only shows the rows a SELECT returns.'",
  "`Unknown dialect \"${String((options as { dialect?: unknown }).dialect)}\".` | 'Use sqlite",
];

test('every DatasourceError of src/core/datasource is known here (a new one fails until error-text.ts translates it)', () => {
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
      found.add(args.join(' | '));
    }
  }
  assert.deepEqual([...found].sort(), [...knownErrors].sort(), 'DatasourceErrors changed: update src/host/datasources/error-text.ts, its translations and this list');
});
