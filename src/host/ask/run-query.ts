// "TableTalk: Run Query" from an editor: the selection, or the statement under the cursor, runs on the dataset
// chosen for the document (asked once with a quick pick, remembered per document in workspaceState) through the
// Ask panel's run, i.e. the same guard, read-only runner, row limit and timeout; rows land in its results grid.
// A CodeLens above each statement runs that statement; one on the first line shows and changes the dataset.
import * as vscode from 'vscode';
import { statementAt, statementRanges } from '../../core/ask/statements';
import type { Dialect } from '../../core/datasource/types';
import type { TableTalkContext } from '../context';
import { registerCommand } from '../commands';
import type { AskPanel } from './panel';
import type { AskService } from './service';

export const SQL_LANGUAGES = ['sql', 'pgsql', 'postgres', 'postgresql', 'mysql', 'sqlite', 'sqlite3'];
const KEY = 'tabletalk.runQuery.datasets';

interface RunQueryDeps {
  service: AskService;
  open(dataset: string, options?: { beside?: boolean }): AskPanel;
}

/** A statement as the CodeLens passes it: the document and the offsets of the statement. */
interface StatementArg {
  uri: string;
  start: number;
  end: number;
}

export function registerRunQuery(ctx: TableTalkContext, deps: RunQueryDeps): { datasetFor(doc: vscode.TextDocument): string | undefined; remember(uri: vscode.Uri, dataset: string): Thenable<void> } {
  const memento = ctx.extension.workspaceState;
  const remembered = () => memento.get<Record<string, string>>(KEY) ?? {};
  const remember = (uri: vscode.Uri, dataset: string) => memento.update(KEY, { ...remembered(), [uri.toString()]: dataset });
  const datasetFor = (doc: vscode.TextDocument) => remembered()[doc.uri.toString()];
  const lensesChanged = new vscode.EventEmitter<void>();
  ctx.register(lensesChanged);

  const dialectOf = async (dataset: string | undefined): Promise<Dialect> => {
    return (dataset && (await deps.service.dialectOfDataset(dataset))) || 'postgres';
  };

  /** Asks which dataset the document's SQL runs on; remembers the answer. */
  const choose = async (doc: vscode.TextDocument, force: boolean): Promise<string | undefined> => {
    const { all } = await deps.service.datasetNames();
    const current = datasetFor(doc);
    if (!force && current && all.includes(current)) return current;
    if (!all.length) {
      const create = vscode.l10n.t('Create Dataset');
      const choice = await vscode.window.showInformationMessage(vscode.l10n.t('SQL runs on a dataset\'s datasource: there is no dataset yet. Create one from a datasource first.'), create);
      if (choice === create) void vscode.commands.executeCommand('tabletalk.createDataset');
      return undefined;
    }
    let picked: string | undefined = all.length === 1 && !force ? all[0] : undefined;
    if (!picked) {
      const items = (await deps.service.datasetChoices())
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((d) => ({ label: d.name, description: d.datasource, picked: d.name === current }));
      picked = (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Run Query'), placeHolder: vscode.l10n.t('Which dataset\'s database should this document\'s SQL run on?') }))?.label;
    }
    if (!picked) return undefined;
    await remember(doc.uri, picked);
    lensesChanged.fire();
    return picked;
  };

  const runText = async (doc: vscode.TextDocument, sql: string) => {
    const dataset = await choose(doc, false);
    if (!dataset) return undefined;
    const panel = deps.open(dataset, { beside: true });
    return panel.run('', sql);
  };

  registerCommand(ctx, 'tabletalk.runQuery', async (arg?: unknown) => {
    const a = arg as Partial<StatementArg> | undefined;
    if (a && typeof a.uri === 'string' && typeof a.start === 'number' && typeof a.end === 'number') {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(a.uri));
      const sql = doc.getText().slice(a.start, a.end);
      return sql.trim() ? runText(doc, sql) : undefined;
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a SQL document and put the cursor in a statement (or select SQL) to run it.'));
      return undefined;
    }
    const doc = editor.document;
    let sql = editor.selections.filter((s) => !s.isEmpty).map((s) => doc.getText(s)).join('\n');
    if (!sql.trim()) {
      const text = doc.getText();
      const r = statementAt(text, doc.offsetAt(editor.selection.active), await dialectOf(datasetFor(doc)));
      sql = r ? text.slice(r.start, r.end) : '';
    }
    if (!sql.trim()) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no SQL statement at the cursor.'));
      return undefined;
    }
    return runText(doc, sql);
  });

  registerCommand(ctx, 'tabletalk.chooseQueryDataset', async (arg?: unknown) => {
    const uri = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) return undefined;
    return choose(await vscode.workspace.openTextDocument(uri), true);
  });

  ctx.register(
    vscode.languages.registerCodeLensProvider(
      SQL_LANGUAGES.map((language) => ({ language })),
      {
        onDidChangeCodeLenses: lensesChanged.event,
        async provideCodeLenses(doc) {
          if (!vscode.workspace.getConfiguration('tabletalk').get<boolean>('runQuery.codeLens', true)) return [];
          const text = doc.getText();
          const ranges = statementRanges(text, await dialectOf(datasetFor(doc)));
          const lenses = ranges.map((r) => {
            const at = new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.start));
            return new vscode.CodeLens(at, { title: vscode.l10n.t('$(play) Run Query'), command: 'tabletalk.runQuery', arguments: [{ uri: doc.uri.toString(), start: r.start, end: r.end } satisfies StatementArg] });
          });
          if (ranges.length) {
            const dataset = datasetFor(doc);
            const at = new vscode.Range(doc.positionAt(ranges[0].start), doc.positionAt(ranges[0].start));
            lenses.push(new vscode.CodeLens(at, { title: dataset ? vscode.l10n.t('Dataset: {0}', dataset) : vscode.l10n.t('Choose Dataset'), command: 'tabletalk.chooseQueryDataset', arguments: [doc.uri.toString()] }));
          }
          return lenses;
        },
      },
    ),
  );
  return { datasetFor, remember };
}
