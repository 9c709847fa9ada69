// History: records every answer AskService gives (panel, chat, Run Query from an editor), shows them in the
// History view, finds them by words (Search History; Filter History narrows the view itself, so an entry of
// yesterday or last month is found among hundreds), and opens, re-runs or saves one as a training example.
import * as vscode from 'vscode';
import type { TableTalkContext } from '../context';
import type { AskFeature } from '../ask/register';
import { registerCommand } from '../commands';
import { entryOf, HistoryStore, type HistoryEntry } from './store';
import { describe, HistoryItem, HistoryTree, label } from './tree';

export interface HistoryFeature {
  store: HistoryStore;
  tree: HistoryTree;
}

const entryOfArg = (store: HistoryStore, arg: unknown): HistoryEntry | undefined => {
  if (arg instanceof HistoryItem) return arg.entry;
  if (arg && typeof arg === 'object' && typeof (arg as { id?: unknown }).id === 'string') return store.get((arg as { id: string }).id);
  return undefined;
};

export function registerHistory(ctx: TableTalkContext, ask: AskFeature): HistoryFeature {
  const store = ctx.register(new HistoryStore(ctx.extension.workspaceState));
  const tree = ctx.register(new HistoryTree(store));
  const view = ctx.register(vscode.window.createTreeView('tabletalk.history', { treeDataProvider: tree }));
  // The view says when it is filtered (and by what), so a short list is never mistaken for the whole history.
  const showFilter = () => {
    const words = tree.currentFilter;
    const shown = words ? tree.getChildren().length : 0;
    view.description = words ? vscode.l10n.t('filtered: {0}', words) : undefined;
    view.message = words ? (shown ? vscode.l10n.t('{0} of {1} entries match "{2}".', shown, store.all().length, words) : vscode.l10n.t('No entry matches "{0}". Clear the filter to see the whole history.', words)) : undefined;
  };
  ctx.register(store.onDidChange(showFilter));
  ctx.register(
    ask.service.onDidAnswer(({ dataset, answer }) => {
      void store.add(entryOf(dataset, answer)).catch((err: unknown) => ctx.log.error('History: could not record an answer', err));
    }),
  );

  const open = (e: HistoryEntry) => ask.open(e.dataset).prefill(e.question, e.sql ?? '');
  const rerun = (e: HistoryEntry) => {
    if (!e.sql) throw new Error(vscode.l10n.t('This entry has no SQL to run: ask the question again in the Ask panel.'));
    return ask.open(e.dataset).run(e.question, e.sql);
  };
  const promote = async (e: HistoryEntry) => {
    if (!e.sql) throw new Error(vscode.l10n.t('This entry has no SQL to save as an example.'));
    const question =
      e.question.trim() ||
      (await vscode.window.showInputBox({ title: vscode.l10n.t('Save as Example'), prompt: vscode.l10n.t('Which question does this SQL answer?'), ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Type the question.')) }));
    if (!question) return undefined;
    const saved = await ask.service.saveExample(e.dataset, question.trim(), e.sql);
    void vscode.window.showInformationMessage(saved.message);
    return saved;
  };

  registerCommand(ctx, 'tabletalk.openHistoryEntry', (arg?: unknown) => {
    const e = entryOfArg(store, arg);
    if (e) open(e);
  });
  registerCommand(ctx, 'tabletalk.rerunHistoryEntry', (arg?: unknown) => {
    const e = entryOfArg(store, arg);
    return e ? rerun(e) : undefined;
  });
  registerCommand(ctx, 'tabletalk.promoteHistoryEntry', (arg?: unknown) => {
    const e = entryOfArg(store, arg);
    return e ? promote(e) : undefined;
  });
  registerCommand(ctx, 'tabletalk.removeHistoryEntry', async (arg?: unknown) => {
    const e = entryOfArg(store, arg);
    if (e) await store.remove(e.id);
  });
  registerCommand(ctx, 'tabletalk.clearHistory', async () => {
    const clear = vscode.l10n.t('Clear History');
    const n = store.all().length;
    if (!n) return;
    const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Remove all {0} questions and queries from the history of this workspace?', n), { modal: true }, clear);
    if (ok === clear) await store.clear();
  });
  registerCommand(ctx, 'tabletalk.searchHistory', async () => {
    const all = store.all();
    if (!all.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The history is empty: questions asked and queries run in this workspace appear here.'));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      all.map((e) => ({ label: label(e), description: describe(e), detail: e.question.trim() ? (e.sql ?? '').replace(/\s+/g, ' ').slice(0, 200) : undefined, entry: e })),
      { title: vscode.l10n.t('Search History'), placeHolder: vscode.l10n.t('Type words of the question, the SQL or the dataset'), matchOnDescription: true, matchOnDetail: true },
    );
    if (!picked) return undefined;
    const e = picked.entry;
    const actions = [
      { label: vscode.l10n.t('Open in Ask Panel'), run: () => open(e) },
      ...(e.sql ? [{ label: vscode.l10n.t('Run Again'), run: () => rerun(e) }, { label: vscode.l10n.t('Save as Example'), run: () => promote(e) }, { label: vscode.l10n.t('Copy SQL'), run: () => vscode.env.clipboard.writeText(e.sql ?? '') }] : []),
    ];
    const action = await vscode.window.showQuickPick(actions, { title: label(e), placeHolder: describe(e) });
    await action?.run();
    return e;
  });
  /** From code: the words ('' clears). From the view: an input box holding the current filter. Returns the entries shown. */
  registerCommand(ctx, 'tabletalk.filterHistory', async (arg?: unknown): Promise<HistoryEntry[] | undefined> => {
    const words =
      typeof arg === 'string'
        ? arg
        : await vscode.window.showInputBox({ title: vscode.l10n.t('Filter History'), prompt: vscode.l10n.t('Words of the question, the SQL or the dataset (empty: show everything)'), value: tree.currentFilter });
    if (words === undefined) return undefined;
    tree.setFilter(words.trim());
    showFilter();
    return tree.getChildren().map((i) => i.entry);
  });
  registerCommand(ctx, 'tabletalk.copyHistorySql', async (arg?: unknown) => {
    const e = entryOfArg(store, arg);
    if (e?.sql) await vscode.env.clipboard.writeText(e.sql);
  });
  return { store, tree };
}
