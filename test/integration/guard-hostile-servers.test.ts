// The hostile-SQL suite (test/support/hostile-sql.ts) against real servers: every input goes through the one
// guarded runner (runGuarded) the way Ask, edited SQL and training do; those the guard passes really run. Then:
// no file was written on the database host, no server file came back, every table's checksum is unchanged, no
// lock is left, and another session is still alive. MariaDB runs as a login with FILE and secure_file_priv
// unset (checked here, and shown to matter by one control query that bypasses the guard). Training with hostile
// generated (loopback LLM) and dataset-file examples drops and reports every one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { connect, parseDatasourceUrl, type Driver } from '../../src/core/datasource/index';
import type { Dialect } from '../../src/core/datasource/types';
import { runGuarded } from '../../src/core/ask/runner';
import { DatasetStore, datasetsDir } from '../../src/core/dataset/store';
import { RunStateStore } from '../../src/core/dataset/run-state';
import { EmbeddedChroma } from '../../src/core/vector/chroma-server';
import { VectorStore } from '../../src/core/vector/vector-store';
import { BuiltinEmbedder } from '../../src/core/vector/builtin-embedder';
import { train } from '../../src/core/training/pipeline';
import { OpenAiChatProvider } from '../../src/core/llm/openai-chat';
import { chinookCopy, dataChecksum, noChinook, startFake } from '../support/ask-setup';
import { hostileInputs, hostileSql } from '../support/hostile-sql';

const pgUrl = process.env.TABLETALK_TEST_PG_URL;
const myUrl = process.env.TABLETALK_TEST_MYSQL_URL;
const skipFor: Record<Dialect, string | undefined> = {
  sqlite: noChinook,
  postgres: pgUrl ? undefined : (process.env.TABLETALK_TEST_PG_URL_SKIP ?? 'TABLETALK_TEST_PG_URL is not set; run through npm test'),
  mysql: myUrl ? undefined : (process.env.TABLETALK_TEST_MYSQL_URL_SKIP ?? 'TABLETALK_TEST_MYSQL_URL is not set; run through npm test'),
};

const passwd = readFileSync('/etc/passwd', 'utf8');
const hostText = existsSync('/etc/hostname') ? readFileSync('/etc/hostname', 'utf8').trim() : hostname();
/** A value that came from a server file: /etc/passwd's first line, or the host name file's content. */
function leaked(values: unknown[]): string | null {
  const firstLine = passwd.split('\n')[0];
  for (const v of values) {
    const s = v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : typeof v === 'string' ? v : null;
    if (s === null) continue;
    if (s.includes(firstLine) || (hostText.length > 3 && s.trim() === hostText)) return s.slice(0, 60);
  }
  return null;
}

interface Session {
  id: number;
  alive(): Promise<boolean>;
  locksLeft(): Promise<number>;
  close(): Promise<void>;
}

async function otherSession(dialect: Dialect, url: string): Promise<Session | null> {
  if (dialect === 'postgres') {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    c.on('error', () => {});
    const id = Number((await c.query('SELECT pg_backend_pid() AS p')).rows[0].p);
    return {
      id,
      alive: async () => (await c.query('SELECT 1 AS one').then((r) => r.rows[0].one === 1, () => false)),
      locksLeft: async () => Number((await c.query("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory'")).rows[0].n),
      close: () => c.end().catch(() => {}),
    };
  }
  if (dialect === 'mysql') {
    const c = await mysql.createConnection(url);
    c.on('error', () => {});
    const [rows] = await c.query('SELECT CONNECTION_ID() AS id');
    return {
      id: Number((rows as { id: number }[])[0].id),
      alive: async () => c.query('SELECT 1 AS one').then(() => true, () => false),
      locksLeft: async () => {
        const [r] = await c.query("SELECT COUNT(*) AS n FROM information_schema.METADATA_LOCK_INFO WHERE LOCK_TYPE LIKE '%user lock%'").catch(() => c.query("SELECT IF(IS_USED_LOCK('tt') IS NULL, 0, 1) AS n"));
        return Number((r as { n: number }[])[0].n);
      },
      close: () => c.end().catch(() => {}),
    };
  }
  return null;
}

for (const dialect of ['sqlite', 'postgres', 'mysql'] as Dialect[]) {
  describe(`hostile SQL on ${dialect}: guarded runner, real server, no effect`, { skip: skipFor[dialect] }, () => {
    let driver: Driver;
    let url: string;
    let cleanup: (() => void) | undefined;
    let outDir: string;
    let victim: Session | null;
    let checksum0: string;

    before(async () => {
      if (dialect === 'sqlite') {
        const copy = chinookCopy();
        url = copy.url;
        cleanup = () => rmSync(copy.dir, { recursive: true, force: true });
      } else url = (dialect === 'postgres' ? pgUrl : myUrl) as string;
      driver = await connect(parseDatasourceUrl(url));
      outDir = mkdtempSync(join(tmpdir(), 'tt-hostile-out-'));
      chmodSync(outDir, 0o777); // writable by the server's own user, so a write that got through would land here
      victim = await otherSession(dialect, url);
      if (dialect === 'postgres') {
        // dblink makes the PostgreSQL escape real (it opens its own, writable connection): install it when we can.
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        const got = await admin.query('CREATE EXTENSION IF NOT EXISTS dblink').then(() => 'installed', (e: Error) => `not installed (${e.message})`);
        console.log(`PostgreSQL dblink: ${got}`);
        await admin.end();
      }
      checksum0 = await dataChecksum(driver);
    });
    after(async () => {
      await victim?.close();
      await driver?.close();
      rmSync(outDir, { recursive: true, force: true });
      cleanup?.();
    });

    if (dialect === 'mysql') {
      test('the login has FILE and secure_file_priv is unset, so a guard bypass would read and write files (control)', async () => {
        const c = await mysql.createConnection(url);
        const [[grants], [[priv]]] = await Promise.all([c.query('SHOW GRANTS'), c.query('SELECT @@secure_file_priv AS p')]) as unknown as [[Record<string, string>[]], [[{ p: string | null }]]];
        await c.end();
        const text = grants.map((g) => Object.values(g)[0]).join('\n');
        assert.match(text, /GRANT (ALL PRIVILEGES|.*\bFILE\b)/, text);
        assert.ok(priv.p === null || priv.p === '', `secure_file_priv = ${priv.p}`);
        // The first bypass, sent straight to the driver: the server does read the file.
        const r = await driver.queryReadOnly("SELECT 1 /*!50000 , LOAD_FILE('/etc/passwd') */ AS f", [], { maxRows: 1 });
        assert.ok(leaked(r.rows.flatMap((row) => Object.values(row))), 'without the guard the server returns /etc/passwd');
      });
    }

    test('every hostile input: refused by the guard, or run with no effect', async () => {
      const inputs = hostileInputs().filter((i) => i.dialect === dialect);
      const out = join(outDir, 'x.csv');
      let refused = 0;
      let ran = 0;
      let failed = 0;
      for (const { c } of inputs) {
        const sql = hostileSql(c, dialect, { out, victim: victim?.id ?? 0 });
        let r;
        try {
          r = await runGuarded(driver, sql, { maxRows: 50, timeoutMs: 5_000 });
        } catch {
          failed++; // the server refused it: no effect either, checked below
          continue;
        }
        if (!r.ok) {
          refused++;
          assert.ok(!c.pass, `a harmless input was refused: ${sql}: ${r.reason}`);
          continue;
        }
        ran++;
        assert.ok(c.pass, `the guard let a hostile input through: ${sql}`);
        const values = r.result.rows.flatMap((row) => Object.values(row));
        assert.equal(leaked(values), null, `a server file came back for: ${sql}`);
      }
      console.log(`${dialect}: ${inputs.length} hostile inputs: ${refused} refused by the guard, ${ran} ran (harmless), ${failed} rejected by the server`);
      assert.deepEqual(readdirSync(outDir), [], 'no file was written on the database host');
      assert.equal(await dataChecksum(driver), checksum0, 'every table is unchanged');
      if (victim) {
        assert.equal(await victim.alive(), true, 'the other session is still connected');
        assert.equal(await victim.locksLeft(), 0, 'no advisory or named lock is held');
      }
    });

    test('training with hostile generated and dataset-file examples: each dropped and reported, none has an effect', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tt-hostile-train-'));
      const chroma = new EmbeddedChroma({ dataDir: join(dir, '.tabletalk', 'chroma') });
      const ai = await startFake();
      try {
        const out = join(outDir, 'train.csv');
        const t = (name: string) => (dialect === 'postgres' ? name.toLowerCase() : name);
        const hostile = hostileInputs()
          .filter((i) => i.dialect === dialect && !i.c.pass && /^\s*SELECT/i.test(i.c.sql))
          .slice(0, 40)
          .map((i, n) => ({ question: `hostile ${n}`, sql: hostileSql(i.c, dialect, { out, victim: victim?.id ?? 0 }) }));
        const half = Math.ceil(hostile.length / 2);
        const generated = hostile.slice(0, half);
        const fromFile = hostile.slice(half).map((e) => ({ ...e, question: `file ${e.question}` }));
        ai.onChat(() => JSON.stringify(generated));
        const schema = await driver.introspect();
        const datasets = new DatasetStore(datasetsDir(dir));
        const dataset = await datasets.create({
          name: 'hostile',
          datasource: 'test',
          tables: schema.tables.filter((x) => [t('Genre'), t('Track')].includes(x.name)).map((x) => ({ name: x.name, schema: x.schema })),
          terms: [],
        });
        const withExamples = { ...dataset, examples: fromFile };
        await datasets.save(withExamples);
        const result = await train(withExamples, {
          driver,
          store: new VectorStore(chroma),
          embedder: new BuiltinEmbedder(),
          runState: RunStateStore.forDirectory(dir),
          llm: new OpenAiChatProvider({ baseURL: ai.url, model: 'fake-sql', contextWindow: 16_000 }),
        });
        const refused = new Map(result.dropped.filter((d) => d.refused).map((d) => [d.question, d]));
        for (const e of [...generated, ...fromFile]) assert.ok(refused.has(e.question), `not reported as refused: ${e.question}: ${e.sql}`);
        console.log(`${dialect}: training dropped ${result.dropped.length} examples, ${refused.size} refused by the guard (${generated.length} generated, ${fromFile.length} from the file); ${result.counts.sql} kept`);
        assert.deepEqual(readdirSync(outDir), [], 'no file was written on the database host');
        assert.equal(await dataChecksum(driver), checksum0, 'every table is unchanged');
        if (victim) assert.equal(await victim.alive(), true, 'the other session is still connected');
      } finally {
        await ai.close();
        await chroma.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
