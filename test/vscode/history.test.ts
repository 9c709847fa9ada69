// History across days, inside real VS Code: the history holds a question asked yesterday (written through the
// History store's own API with yesterday's time, as the extension itself would have recorded it then) among
// today's queries; the user filters the History view by a word of it, sees yesterday's date on it, and runs it
// again: the rows come back and today's run joins the history.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TableTalkApi } from '../../src/extension';
import type { HistoryEntry } from '../../src/host/history/store';
import type { HistoryItem } from '../../src/host/history/tree';
import type { AskAnswer } from '../../src/protocol/ask';
import { formatDateTime } from '../../src/host/format';
import { skipWith, tabletalk, waitFor } from './support';
import { addSqliteDatasource, chinookFile, deleteDatasets, noChinook, removeDatasource } from './dataset-helpers';

const PREFIX = 'HX test ';
const NAME = `${PREFIX}music`;
const QUESTION = 'Which genres are about jazz?';
const SQL = "SELECT Name FROM Genre WHERE Name LIKE '%Jazz%' ORDER BY Name";

describe('History across days', function () {
  this.timeout(120_000);
  let api: TableTalkApi;
  let datasource = '';
  let dir = '';
  const ids: string[] = [];

  before(async function () {
    if (noChinook) skipWith(this, noChinook);
    api = await tabletalk();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-history-'));
    const db = path.join(dir, 'chinook.sqlite');
    fs.copyFileSync(chinookFile!, db);
    datasource = await addSqliteDatasource('Chinook for History', db);
    await vscode.commands.executeCommand('tabletalk.createDataset', { datasource, name: NAME, tables: ['Genre'] });
  });

  after(async () => {
    if (!api) return;
    await vscode.commands.executeCommand('tabletalk.filterHistory', '');
    for (const id of ids) await api.history.store.remove(id);
    for (const e of api.history.store.all().filter((x) => x.dataset === NAME)) await api.history.store.remove(e.id);
    for (const p of api.ask.panels()) p.dispose();
    await deleteDatasets(api, PREFIX);
    if (datasource) await removeDatasource(datasource);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds yesterday's question by filtering the History view, and runs it again", async () => {
    // Today: a couple of queries, recorded as the user runs them.
    for (const sql of ['SELECT Name FROM Genre ORDER BY Name LIMIT 3', 'SELECT COUNT(*) AS Genres FROM Genre']) {
      const a = await vscode.commands.executeCommand<AskAnswer>('tabletalk.ask', { dataset: NAME, sql });
      assert.equal(a?.ran, true, JSON.stringify(a?.error));
    }
    await waitFor('today\'s runs in the history', () => (api.history.store.all().filter((e) => e.dataset === NAME).length >= 2 ? true : undefined));

    // Yesterday: the question asked then, at 15:30 local time.
    const yesterday = new Date();
    yesterday.setDate(yesterday.getDate() - 1);
    yesterday.setHours(15, 30, 0, 0);
    const old: HistoryEntry = { id: `yesterday-${Date.now().toString(36)}`, kind: 'ask', question: QUESTION, sql: SQL, dataset: NAME, time: yesterday.toISOString(), rows: 1, outcome: 'ok' };
    ids.push(old.id);
    await api.history.store.add(old);

    // The user filters the view by a word of the question: only yesterday's entry is left, dated yesterday.
    const shown = await vscode.commands.executeCommand<HistoryEntry[]>('tabletalk.filterHistory', 'jazz');
    assert.deepEqual(shown?.map((e) => e.id), [old.id]);
    const items = api.history.tree.getChildren();
    assert.equal(items.length, 1);
    const item: HistoryItem = items[0];
    assert.equal(item.label, QUESTION);
    const day = formatDateTime(yesterday, vscode.env.language);
    assert.ok(String(item.description).includes(day), `the entry shows yesterday's time (${day}): ${String(item.description)}`);
    assert.ok(String(item.description).startsWith(NAME), String(item.description));

    // Run it again (the entry's context-menu action): the rows come back, and today's run joins the history.
    const again = await vscode.commands.executeCommand<AskAnswer>('tabletalk.rerunHistoryEntry', item);
    assert.equal(again?.ran, true, JSON.stringify(again?.error));
    assert.deepEqual(again?.rows, [['Jazz']]);
    const now = await waitFor('the re-run in the filtered view', () => {
      const list = api.history.tree.getChildren();
      return list.length === 2 ? list : undefined;
    });
    assert.equal(now[1].entry.id, old.id, 'newest first: the re-run above yesterday\'s entry');
    assert.equal(now[0].entry.sql, SQL);
    assert.equal(new Date(now[0].entry.time).toDateString(), new Date().toDateString());
    ids.push(now[0].entry.id);

    // Clearing the filter shows the whole history again.
    const all = await vscode.commands.executeCommand<HistoryEntry[]>('tabletalk.filterHistory', '');
    assert.ok((all?.length ?? 0) >= 4, `whole history: ${all?.length}`);
  });
});
