// `tabletalk mcp` driven by a real MCP client: the SDK's Client over stdio spawning the built CLI, on a Chinook
// dataset trained with `tabletalk train` into a real embedded Chroma. Checked on what an agent gets: the tool list,
// the context for a question, rows from a guarded query, refusals with their reason and the database unchanged,
// and a clear message for each kind of bad input.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { chinookCopy, cli, cliJs, noChinook, noCli, tempDir } from '../support/train-setup';

const skip = noChinook ?? noCli;
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
// Tool results are JSON read by shape: one loose type rather than a schema per tool.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;
const SECRET = 'pw-Never-Shown-7731';

interface ToolText { isError?: boolean; content: { type: string; text?: string }[] }
const parsed = (r: unknown) => {
  const t = r as ToolText;
  return { isError: !!t.isError, value: JSON.parse(t.content.find((c) => c.type === 'text')?.text ?? 'null') as Record<string, J>, text: t.content.map((c) => c.text ?? '').join('\n') };
};

async function connectClient(dir: string, extraArgs: string[] = [], env: Record<string, string> = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliJs, 'mcp', '--dir', dir, ...extraArgs],
    env: { ...(process.env as Record<string, string>), ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'tabletalk-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe('tabletalk mcp over stdio with the MCP SDK client', { skip }, () => {
  let dir = '';
  let db = '';
  let dbHash = '';
  let mcp: Awaited<ReturnType<typeof connectClient>>;
  const call = async (name: string, args: Record<string, unknown>) => parsed(await mcp.client.callTool({ name, arguments: args }));

  before(async () => {
    dir = tempDir('tt-mcp-');
    const copy = chinookCopy(dir);
    db = copy.file;
    const r = await cli(['train', '--url', copy.url, '--name', 'chinook', '--dir', dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    dbHash = sha256(db);
    // An untrained dataset (a copy of the file under another name and collection) and one whose server is down.
    const file = JSON.parse(readFileSync(join(dir, '.tabletalk', 'datasets', 'chinook.json'), 'utf8'));
    writeFileSync(join(dir, '.tabletalk', 'datasets', 'untrained.json'), JSON.stringify({ ...file, name: 'untrained', collection: 'untrained-0000', examples: [] }));
    writeFileSync(join(dir, '.tabletalk', 'datasets', 'down.json'), JSON.stringify({ ...file, name: 'down', collection: 'down-0000', datasource: 'postgres://tt@127.0.0.1:1/chinook', tables: [{ name: 'artist', schema: 'public' }] }));
    mcp = await connectClient(dir, [], { TABLETALK_PASSWORD: SECRET });
  });

  after(async () => {
    await mcp?.client.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('lists the five tools with descriptions and JSON schemas', async () => {
    const { tools } = await mcp.client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['tabletalk_describe_table', 'tabletalk_get_context', 'tabletalk_list_datasets', 'tabletalk_run_query', 'tabletalk_suggest_relationships']);
    for (const t of tools) {
      assert.ok((t.description ?? '').length > 80, `${t.name} explains itself to a model`);
      assert.equal(t.inputSchema.type, 'object');
    }
    assert.deepEqual(tools.find((t) => t.name === 'tabletalk_run_query')?.inputSchema.required, ['dataset', 'sql']);
  });

  test('list datasets says which are trained and how to train the others', async () => {
    const r = await call('tabletalk_list_datasets', {});
    assert.equal(r.isError, false);
    const byName = Object.fromEntries(r.value.datasets.map((d: J) => [d.name, d]));
    assert.equal(byName.chinook.trained, true);
    assert.equal(byName.chinook.dialect, 'sqlite');
    assert.equal(byName.chinook.tables.length, 11);
    assert.equal(byName.untrained.trained, false);
    assert.match(byName.untrained.howToTrain, /tabletalk train --name "untrained"/);
  });

  test('get context for a Chinook question: the tables with DDL, join path and closest examples, inside the token budget', async () => {
    const r = await call('tabletalk_get_context', { dataset: 'chinook', question: 'Which tracks are on the playlist called Grunge?' });
    assert.equal(r.isError, false, r.text);
    const tables = r.value.tables.map((t: J) => t.table);
    assert.ok(tables.includes('Playlist') && tables.includes('Track'), `tables: ${tables.join(', ')}`);
    assert.ok(tables.includes('PlaylistTrack'), 'the bridge table comes with its DDL');
    assert.match(r.value.tables.find((t: J) => t.table === 'Track').ddl, /CREATE TABLE/);
    assert.ok(r.value.joinPaths.some((p: J) => p.tables.includes('PlaylistTrack') && p.on.length > 0), JSON.stringify(r.value.joinPaths));
    assert.ok(r.value.examples.length > 0 && r.value.examples.every((e: J) => e.question && e.sql));
    assert.equal(r.value.dialect, 'sqlite');
    assert.ok(r.value.tokens.used <= 4000);

    const small = await call('tabletalk_get_context', { dataset: 'chinook', question: 'Which tracks are on the playlist called Grunge?', maxTokens: 400 });
    assert.equal(small.isError, false);
    assert.ok(small.value.tokens.used <= 400, `used ${small.value.tokens.used}`);
    assert.ok(small.value.omitted, 'says what did not fit');
    assert.ok(small.text.length < r.text.length);
  });

  test('runs a guarded query and gets rows', async () => {
    const r = await call('tabletalk_run_query', { dataset: 'chinook', sql: 'SELECT ar.Name, COUNT(*) AS Albums FROM Album al JOIN Artist ar ON ar.ArtistId = al.ArtistId GROUP BY ar.Name ORDER BY Albums DESC LIMIT 3' });
    assert.equal(r.isError, false, r.text);
    assert.deepEqual(r.value.columns, ['Name', 'Albums']);
    assert.deepEqual(r.value.rows[0], { Name: 'Iron Maiden', Albums: 21 });
    assert.equal(r.value.rowCount, 3);
    assert.equal(r.value.truncated, false);
  });

  test('a DELETE, several statements and a side-effect function are refused with the reason; the database is unchanged', async () => {
    const del = await call('tabletalk_run_query', { dataset: 'chinook', sql: 'DELETE FROM Artist' });
    assert.equal(del.isError, true);
    assert.equal(del.value.refused, true);
    assert.equal(del.value.ran, false);
    assert.match(del.value.reason, /DELETE|read-only|write/i);
    const multi = await call('tabletalk_run_query', { dataset: 'chinook', sql: 'SELECT 1; DROP TABLE Artist' });
    assert.equal(multi.value.refused, true);
    assert.match(multi.value.reason, /statement/i);
    const fn = await call('tabletalk_run_query', { dataset: 'chinook', sql: "SELECT load_extension('/tmp/x.so')" });
    assert.equal(fn.value.refused, true);
    assert.match(fn.value.reason, /load_extension/i);
    assert.equal(sha256(db), dbHash, 'the database file is byte-for-byte unchanged');
    const count = await call('tabletalk_run_query', { dataset: 'chinook', sql: 'SELECT COUNT(*) AS n FROM Artist' });
    assert.deepEqual(count.value.rows, [{ n: 275 }]);
  });

  test('describe a table: columns, keys, relationships', async () => {
    const r = await call('tabletalk_describe_table', { dataset: 'chinook', table: 'track' });
    assert.equal(r.isError, false, r.text);
    assert.equal(r.value.table, 'Track');
    assert.deepEqual(r.value.primaryKey, ['TrackId']);
    assert.ok(r.value.columns.some((c: J) => c.name === 'Milliseconds' && c.nullable === false));
    assert.deepEqual(r.value.foreignKeys.map((f: J) => f.references).sort(), ['Album', 'Genre', 'MediaType']);
    assert.deepEqual(r.value.referencedBy.map((f: J) => f.table).sort(), ['InvoiceLine', 'PlaylistTrack']);
    assert.ok(Array.isArray(r.value.relationships), 'the modeled relationships (none drawn for a CLI-trained dataset)');
  });

  test('suggest relationships for tables', async () => {
    const r = await call('tabletalk_suggest_relationships', { dataset: 'chinook', tables: ['Invoice'] });
    assert.equal(r.isError, false, r.text);
    assert.ok(Array.isArray(r.value.suggestions));
    for (const s of r.value.suggestions) {
      assert.match(`${s.from} ${s.to}`, /Invoice/);
      assert.ok(s.confidence > 0 && s.confidence <= 1 && s.evidence.length > 0);
    }
    assert.ok(r.value.suggestions.some((s: J) => s.from === 'Invoice(CustomerId)' && s.to === 'Customer(CustomerId)' && s.origin === 'declared'), JSON.stringify(r.value.suggestions));
    assert.ok(r.value.suggestions.some((s: J) => s.from === 'InvoiceLine(InvoiceId)' && s.to === 'Invoice(InvoiceId)'), 'relationships into the table too');
    assert.equal(r.value.modeled, 0);
  });

  test('bad input gets a message the model can act on', async () => {
    const unknown = await call('tabletalk_get_context', { dataset: 'nope', question: 'x' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.value.error, /no dataset named "nope"/);
    assert.match(unknown.value.hint, /chinook/);
    const table = await call('tabletalk_describe_table', { dataset: 'chinook', table: 'Customers2' });
    assert.match(table.value.error, /no table named "Customers2"/);
    assert.match(table.value.hint, /Customer/);
    const untrained = await call('tabletalk_get_context', { dataset: 'untrained', question: 'How many artists?' });
    assert.equal(untrained.value.code, 'not-trained');
    assert.match(untrained.value.error, /not trained/);
    assert.match(untrained.value.hint, /tabletalk train/);
    const malformed = await call('tabletalk_run_query', { dataset: 'chinook', query: 'SELECT 1' });
    assert.equal(malformed.isError, true);
    assert.match(malformed.value.error, /needs "sql"/);
    assert.match(malformed.value.error, /unknown field "query"/);
    const wrongType = await call('tabletalk_get_context', { dataset: 'chinook', question: 'x', maxTokens: 'lots' });
    assert.match(wrongType.value.error, /"maxTokens" must be integer/);
  });

  test('a datasource that is down: a clear error, without the password', async () => {
    const r = await call('tabletalk_run_query', { dataset: 'down', sql: 'SELECT 1' });
    assert.equal(r.isError, true);
    assert.match(r.value.error, /127\.0\.0\.1:1.*(refused|connect)/i);
    assert.ok(!r.text.includes(SECRET), 'the password is not in the tool output');
    assert.ok(!mcp.stderr().includes(SECRET), 'nor in the server log');
  });

  test('resources: each dataset\'s schema and terms', async () => {
    const { resources } = await mcp.client.listResources();
    const uris = resources.map((r) => r.uri);
    assert.ok(uris.includes('tabletalk://dataset/chinook/schema') && uris.includes('tabletalk://dataset/chinook/terms'), uris.join(', '));
    const schema = await mcp.client.readResource({ uri: 'tabletalk://dataset/chinook/schema' });
    const value = JSON.parse((schema.contents[0] as { text: string }).text);
    assert.equal(value.tables.length, 11);
    assert.ok(value.tables.find((t: J) => t.table === 'Album').columns.some((c: J) => c.name === 'Title'));
    const terms = await mcp.client.readResource({ uri: 'tabletalk://dataset/chinook/terms' });
    assert.ok('terms' in JSON.parse((terms.contents[0] as { text: string }).text));
  });

  test('row, byte and time limits from the server options: cut and said so; a long query is stopped', async () => {
    const limited = await connectClient(dir, ['--max-rows', '20', '--max-bytes', '2048', '--timeout-ms', '1000']);
    try {
      const rows = parsed(await limited.client.callTool({ name: 'tabletalk_run_query', arguments: { dataset: 'chinook', sql: 'SELECT TrackId FROM Track' } }));
      assert.equal(rows.value.rowCount, 20);
      assert.equal(rows.value.truncated, true);
      assert.match(rows.value.truncatedBy, /20-row/);
      const bytes = parsed(await limited.client.callTool({ name: 'tabletalk_run_query', arguments: { dataset: 'chinook', sql: 'SELECT * FROM Track' } }));
      assert.equal(bytes.value.truncated, true);
      assert.match(bytes.value.truncatedBy, /2048-byte/);
      assert.ok(JSON.stringify(bytes.value.rows).length <= 2048);
      const slow = parsed(await limited.client.callTool({ name: 'tabletalk_run_query', arguments: { dataset: 'chinook', sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000) SELECT COUNT(*) AS n FROM c' } }));
      assert.equal(slow.isError, true);
      assert.equal(slow.value.ran, false);
      assert.match(slow.value.error, /longer than 1000 ms and was stopped/);
      assert.equal(slow.value.timeoutMs, 1000);
    } finally {
      await limited.client.close();
    }
  });
});

test('tabletalk mcp refuses a password on the command line and a --port', { skip }, async () => {
  const pw = await cli(['mcp', '--dir', '.', '--password', 'x']);
  assert.equal(pw.code, 1);
  assert.match(pw.stderr, /not accepted: passwords come from the environment/);
  assert.ok(!pw.stderr.includes(' x '), 'the value is not echoed');
  const port = await cli(['mcp', '--dir', '.', '--port', '3000']);
  assert.equal(port.code, 1);
  assert.match(port.stderr, /--port is not supported yet/);
});
