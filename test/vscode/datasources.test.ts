// Datasources inside real VS Code: the commands write real settings and SecretStorage, and the real tree
// provider (the one VS Code renders) lists what the real drivers read from real databases.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TableTalkApi } from '../../src/extension';
import type { DatasourceTreeNode } from '../../src/host/datasources/tree';
import { parseDatasourceUrl } from '../../src/core/datasource/url';
import { extensionId, metric, readTableTalkLog, skipWith, tabletalk, userSettingsFile, waitFor } from './support';

const chinookDir = process.env.TABLETALK_CHINOOK_DIR;
const chinookFile = chinookDir ? path.join(chinookDir, 'Chinook_Sqlite.sqlite') : undefined;
const noChinook = !chinookFile || !fs.existsSync(chinookFile) ? `Chinook_Sqlite.sqlite not found (TABLETALK_CHINOOK_DIR=${chinookDir ?? 'unset'})` : undefined;
const pgUrl = process.env.TABLETALK_TEST_PG_URL;
const noPg = pgUrl ? undefined : process.env.TABLETALK_TEST_PG_URL_SKIP ?? 'TABLETALK_TEST_PG_URL is not set (run through npm test)';

function settingsEntries(): unknown[] {
  const i = vscode.workspace.getConfiguration('tabletalk').inspect<unknown[]>('datasources');
  return [...(i?.globalValue ?? []), ...(i?.workspaceValue ?? [])];
}

async function children(api: TableTalkApi, node?: DatasourceTreeNode): Promise<DatasourceTreeNode[]> {
  return (await api.datasources.tree.getChildren(node)) ?? [];
}

async function rootNode(api: TableTalkApi, id: string): Promise<DatasourceTreeNode> {
  return waitFor(`datasource ${id} in the tree`, async () => (await children(api)).find((n) => n.kind === 'datasource' && n.id === id));
}

const label = (api: TableTalkApi, node: DatasourceTreeNode) => {
  const l = api.datasources.tree.getTreeItem(node).label;
  return typeof l === 'string' ? l : l?.label ?? '';
};
const description = (api: TableTalkApi, node: DatasourceTreeNode) => String(api.datasources.tree.getTreeItem(node).description ?? '');

describe('TableTalk in VS Code', () => {
  let api: TableTalkApi;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-vscode-'));

  /** Datasources these tests added, removed afterwards (other suites keep theirs). */
  const created: string[] = [];
  const add = async (input: Record<string, unknown>) => {
    const saved = await vscode.commands.executeCommand<{ id: string } | undefined>('tabletalk.addDatasource', input);
    assert.ok(saved?.id, 'the command returns the saved definition');
    created.push(saved.id);
    return saved;
  };

  before(async () => {
    assert.ok(vscode.extensions.getExtension(extensionId), `${extensionId} is loaded`);
    api = await tabletalk();
  });

  after(async () => {
    const left = new Set(api?.context.listDatasources().map((d) => d.config.id));
    for (const id of created.filter((x) => left.has(x))) await vscode.commands.executeCommand('tabletalk.removeDatasource', id, { confirm: false });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('activates, registers its commands and logs its activation time', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['addDatasource', 'editDatasource', 'testConnection', 'refreshDatasources', 'removeDatasource', 'retryDatasource']) {
      assert.ok(commands.includes(`tabletalk.${c}`), `tabletalk.${c} is registered`);
    }
    const logged = await waitFor('the activation line in the log', () => /TableTalk activated in ([\d.]+) ms/.exec(readTableTalkLog(api))?.[1]);
    metric('activationLoggedMs', Number(logged));
    assert.ok(Number(logged) >= 0);
  });

  describe('SQLite', () => {
    it('adds Chinook through the command: settings hold the definition and the tree lists its tables and columns', async function () {
      if (noChinook) skipWith(this, noChinook);
      const saved = await add({ name: 'Chinook', dialect: 'sqlite', file: chinookFile });
      assert.ok(saved?.id, 'the command returns the saved definition');
      const entry = settingsEntries().find((e) => (e as { id?: string }).id === saved.id);
      assert.deepEqual(entry, { id: saved.id, name: 'Chinook', dialect: 'sqlite', file: chinookFile });

      const node = await rootNode(api, saved.id);
      const tables = await children(api, node);
      assert.deepEqual(tables.map((t) => label(api, t)).sort(), ['Album', 'Artist', 'Customer', 'Employee', 'Genre', 'Invoice', 'InvoiceLine', 'MediaType', 'Playlist', 'PlaylistTrack', 'Track']);
      assert.equal(description(api, node), 'SQLite · connected');
      assert.ok(api.context.openDriverIds().includes(saved.id), 'the pool holds an open driver');

      const track = tables.find((t) => label(api, t) === 'Track')!;
      const columns = await children(api, track);
      assert.ok(columns.length >= 9, `Track has its columns (${columns.length})`);
      const byName = new Map(columns.map((c) => [label(api, c), c]));
      assert.match(description(api, byName.get('TrackId')!), /^INTEGER · PK · not null$/);
      assert.match(description(api, byName.get('AlbumId')!), /^INTEGER · FK → Album\.AlbumId · nullable$/);
      const tooltip = api.datasources.tree.getTreeItem(byName.get('Composer')!).tooltip;
      assert.match(tooltip instanceof vscode.MarkdownString ? tooltip.value : String(tooltip), /Default: none/);
    });

    it('a missing file shows an error node with the reason and Retry, which recovers once the file exists', async function () {
      if (noChinook) skipWith(this, noChinook);
      const file = path.join(tmp, 'later.sqlite');
      const saved = await add({ name: 'Later', dialect: 'sqlite', file });
      const node = await rootNode(api, saved.id);
      const [error, ...rest] = await children(api, node);
      assert.equal(rest.length, 0);
      assert.equal(error.kind, 'error');
      const item = api.datasources.tree.getTreeItem(error);
      assert.match(String(item.label), /later\.sqlite|not found|does not exist|no such file/i, `the reason names the problem: ${String(item.label)}`);
      assert.equal(item.command?.command, 'tabletalk.retryDatasource');
      assert.equal(description(api, node), 'SQLite · error');

      fs.copyFileSync(chinookFile!, file);
      await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
      const tables = await children(api, node);
      assert.equal(tables.length, 11, 'after Retry the tables are listed');
    });

    it('a hand edit of the setting closes the old pool and the tree follows the new definition', async function () {
      if (noChinook) skipWith(this, noChinook);
      const saved = await add({ name: 'Hand edited', dialect: 'sqlite', file: chinookFile });
      const node = await rootNode(api, saved.id);
      assert.equal((await children(api, node)).length, 11);
      assert.ok(api.context.openDriverIds().includes(saved.id));
      const config = vscode.workspace.getConfiguration('tabletalk');
      const entries = (config.inspect<Record<string, unknown>[]>('datasources')?.globalValue ?? []).map((e) => (e.id === saved.id ? { ...e, file: path.join(tmp, 'moved.sqlite') } : e));
      await config.update('datasources', entries, vscode.ConfigurationTarget.Global);
      await waitFor('the pool to close', () => !api.context.openDriverIds().includes(saved.id) || undefined);
      const [error] = await children(api, await rootNode(api, saved.id));
      assert.equal(error?.kind, 'error');
      assert.match(label(api, error), /moved\.sqlite/);
    });

    it('remove closes the pool and deletes the definition', async function () {
      if (noChinook) skipWith(this, noChinook);
      const saved = await add({ name: 'To remove', dialect: 'sqlite', file: chinookFile, target: 'workspace' });
      const ws = vscode.workspace.getConfiguration('tabletalk').inspect<{ id: string }[]>('datasources')?.workspaceValue ?? [];
      assert.ok(ws.some((e) => e.id === saved.id), 'saved in workspace settings as asked');
      await children(api, await rootNode(api, saved.id));
      assert.ok(api.context.openDriverIds().includes(saved.id));
      const removed = await vscode.commands.executeCommand<boolean>('tabletalk.removeDatasource', saved.id, { confirm: false });
      assert.equal(removed, true);
      assert.ok(!api.context.openDriverIds().includes(saved.id), 'the pool is closed');
      assert.ok(!settingsEntries().some((e) => (e as { id?: string }).id === saved.id), 'the definition is gone');
      assert.ok(!(await children(api)).some((n) => n.kind === 'datasource' && n.id === saved.id), 'the tree no longer shows it');
    });
  });

  describe('MySQL / MariaDB', () => {
    const mysqlUrl = process.env.TABLETALK_TEST_MYSQL_URL;
    const noMysql = mysqlUrl ? undefined : process.env.TABLETALK_TEST_MYSQL_URL_SKIP ?? 'TABLETALK_TEST_MYSQL_URL is not set (run through npm test)';

    it('adds Chinook on MariaDB with its password in SecretStorage only; the tree lists tables and columns', async function () {
      if (noMysql) skipWith(this, noMysql);
      const target = parseDatasourceUrl(mysqlUrl!);
      const saved = await add({ name: 'Chinook MariaDB', dialect: 'mysql', host: target.host, port: target.port, user: target.user, database: target.database, password: target.password });
      assert.equal((await api.context.secrets.stored(`tabletalk.datasource.${saved.id}.password`))?.secret, target.password);
      const entry = settingsEntries().find((e) => (e as { id?: string }).id === saved.id) as Record<string, unknown>;
      assert.equal(entry.password, undefined, 'no password in the setting');
      const node = await rootNode(api, saved.id);
      const tables = await children(api, node);
      assert.ok(tables.some((t) => label(api, t) === 'InvoiceLine'), 'tables are listed directly under the datasource');
      assert.match(description(api, node), /^MySQL · connected$/);
      const invoiceLine = tables.find((t) => label(api, t) === 'InvoiceLine')!;
      const cols = await children(api, invoiceLine);
      const trackId = cols.find((c) => label(api, c) === 'TrackId')!;
      assert.match(description(api, trackId), /FK → Track\.TrackId/);
    });
  });

  describe('PostgreSQL', () => {
    // A role of our own with a password no log line could contain by accident.
    const role = `tt_vscode_${randomBytes(3).toString('hex')}`;
    const password = `Pw-${randomBytes(9).toString('hex')}`;
    let id = '';
    let target: ReturnType<typeof parseDatasourceUrl>;

    before(async function () {
      if (noPg) return;
      target = parseDatasourceUrl(pgUrl!);
      const { Client } = await import('pg');
      const admin = new Client({ connectionString: pgUrl });
      await admin.connect();
      try {
        await admin.query(`create role ${role} login password '${password}'`);
        await admin.query(`grant select on all tables in schema public to ${role}`);
      } finally {
        await admin.end();
      }
    });

    after(async () => {
      if (noPg) return;
      if (id) await vscode.commands.executeCommand('tabletalk.removeDatasource', id, { confirm: false });
      const { Client } = await import('pg');
      const admin = new Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`drop owned by ${role}; drop role if exists ${role}`).catch(() => undefined);
      await admin.end();
    });

    it('stores the password only in SecretStorage: not in settings, the settings file or the log', async function () {
      if (noPg) skipWith(this, noPg);
      const saved = await add({
        name: 'Chinook PG', dialect: 'postgres', host: target.host, port: target.port, user: role, database: target.database, password, ssl: { mode: 'disable' },
      });
      id = saved.id;
      created.pop(); // this suite's after() removes it, and the remove test checks that
      assert.equal((await api.context.secrets.stored(`tabletalk.datasource.${id}.password`))?.secret, password);
      const raw = JSON.parse((await api.context.extension.secrets.get(`tabletalk.datasource.${id}.password`)) ?? '{}') as { secret?: string; for?: string };
      assert.equal(raw.secret, password, 'under the documented key');
      assert.match(raw.for ?? '', /^postgres:\/\/[^@]+@[^:]+:\d+\/\w+$/, 'bound to the destination it was saved for');
      const node = await rootNode(api, id);
      const schemas = await children(api, node);
      assert.deepEqual(schemas.map((s) => label(api, s)), ['public']);
      const tables = await children(api, schemas[0]);
      assert.ok(tables.some((t) => label(api, t) === 'invoice_line'), 'tables are listed under their schema');
      assert.equal(description(api, node), 'PostgreSQL · connected');

      assert.ok(!JSON.stringify(settingsEntries()).includes(password), 'settings hold no password');
      const file = userSettingsFile(api);
      assert.ok(fs.existsSync(file), `user settings at ${file}`);
      assert.ok(fs.readFileSync(file, 'utf8').includes(role), 'the settings file holds the definition');
      assert.ok(!fs.readFileSync(file, 'utf8').includes(password), 'the settings file holds no password');
      await waitFor('the log to mention the datasource', () => readTableTalkLog(api).includes('Chinook PG') || undefined);
      assert.ok(!readTableTalkLog(api).includes(password), 'the log holds no password');
    });

    it('editing without a password keeps the stored one', async function () {
      if (noPg) skipWith(this, noPg);
      if (!id) skipWith(this, 'the add test did not create the datasource');
      await vscode.commands.executeCommand('tabletalk.editDatasource', id, { name: 'Chinook PG (renamed)', password: '' });
      assert.equal((await api.context.secrets.stored(`tabletalk.datasource.${id}.password`))?.secret, password);
      const node = await rootNode(api, id);
      assert.equal(label(api, node), 'Chinook PG (renamed)');
      const result = await vscode.commands.executeCommand<{ ok: boolean }>('tabletalk.testConnection', id);
      assert.deepEqual(result?.ok, true, 'the kept password still connects');
      assert.equal((await children(api, node))[0]?.kind, 'schema');
    });

    it('a wrong password gives an error node with the reason and Retry; the right one recovers', async function () {
      if (noPg) skipWith(this, noPg);
      if (!id) skipWith(this, 'the add test did not create the datasource');
      await vscode.commands.executeCommand('tabletalk.editDatasource', id, { password: 'not-the-password' });
      const node = await rootNode(api, id);
      const [error] = await children(api, node);
      assert.equal(error.kind, 'error');
      const item = api.datasources.tree.getTreeItem(error);
      assert.match(String(item.label), /password|authentication/i);
      assert.equal(item.command?.command, 'tabletalk.retryDatasource');
      const test = await vscode.commands.executeCommand<{ ok: boolean; error?: string }>('tabletalk.testConnection', id);
      assert.equal(test?.ok, false);

      await vscode.commands.executeCommand('tabletalk.editDatasource', id, { password });
      await vscode.commands.executeCommand('tabletalk.retryDatasource', id);
      assert.equal((await children(api, node))[0]?.kind, 'schema');
      assert.ok(!readTableTalkLog(api).includes(password), 'the log holds no password');
    });

    it('remove deletes the secret and closes the pool', async function () {
      if (noPg) skipWith(this, noPg);
      if (!id) skipWith(this, 'the add test did not create the datasource');
      assert.ok(api.context.openDriverIds().includes(id));
      assert.equal(await vscode.commands.executeCommand('tabletalk.removeDatasource', id, { confirm: false }), true);
      assert.equal((await api.context.secrets.stored(`tabletalk.datasource.${id}.password`))?.secret, undefined);
      assert.ok(!api.context.openDriverIds().includes(id));
      id = '';
    });
  });
});
