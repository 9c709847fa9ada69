// Datasets inside real VS Code: the commands write real dataset files in the workspace, the real Datasets view
// lists them (status, groups, refresh on outside edits), and a corrupt file is shown and never rewritten.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TableTalkApi } from '../../src/extension';
import type { DatasetDefinition } from '../../src/core/dataset/types';
import type { DatasetFileErrorNode } from '../../src/host/datasets/tree';
import { skipWith, tabletalk, waitFor } from './support';
import { addSqliteDatasource, chinookFile, datasetFile, datasetNode, deleteDatasets, iconId, item, noChinook, removeDatasource, roots, tooltipText, workspaceFolder } from './dataset-helpers';

const PREFIX = 'DS test ';

describe('Datasets in VS Code', () => {
  let api: TableTalkApi;
  let datasource = '';

  before(async function () {
    api = await tabletalk();
    if (noChinook) return;
    datasource = await addSqliteDatasource('Chinook for datasets', chinookFile!);
  });

  after(async () => {
    if (!api) return;
    await deleteDatasets(api, PREFIX);
    for (const f of ['broken.json', 'not-a-dataset.json']) fs.rmSync(path.join(workspaceFolder(), '.tabletalk', 'datasets', f), { force: true });
    if (datasource) await removeDatasource(datasource);
  });

  it('registers the Datasets view commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['createDataset', 'renameDataset', 'changeDatasetTables', 'deleteDataset', 'addBusinessTerm', 'addExample', 'openDatasetFile', 'trainDataset', 'cancelTraining', 'showTrainingProgress', 'configureVectorStore', 'configureEmbeddings', 'configureLlm']) {
      assert.ok(commands.includes(`tabletalk.${c}`), `tabletalk.${c} is registered`);
    }
  });

  it('Create Dataset writes .tabletalk/datasets/<name>.json in the workspace and the view lists it as not trained', async function () {
    if (noChinook) skipWith(this, noChinook);
    const name = `${PREFIX}sales`;
    const def = await vscode.commands.executeCommand<DatasetDefinition>('tabletalk.createDataset', { datasource, name, tables: ['Invoice', 'InvoiceLine', 'customer'] });
    assert.ok(def, 'the command returns the definition');
    const onDisk = JSON.parse(fs.readFileSync(datasetFile(name), 'utf8')) as DatasetDefinition;
    assert.equal(onDisk.name, name);
    assert.equal(onDisk.datasource, datasource);
    assert.deepEqual(onDisk.tables, [{ name: 'Invoice', schema: null }, { name: 'InvoiceLine', schema: null }, { name: 'Customer', schema: null }], 'table names resolve to the real ones');
    assert.match(onDisk.collection, /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$/, 'a Chroma-valid collection name');
    assert.ok(onDisk.collection.startsWith('ds-test-sales-'), onDisk.collection);

    const node = await datasetNode(api, name);
    const treeItem = item(api, node);
    assert.equal(treeItem.description, 'not trained');
    assert.equal(treeItem.contextValue, 'tabletalk.dataset.pending');
    assert.equal(iconId(treeItem), 'circle-large-outline');
    assert.match(tooltipText(treeItem), /Chinook for datasets/);
    assert.match(tooltipText(treeItem), /3 tables · 0 business terms · 0 examples/);
    const groups = (await api.datasets.tree.getChildren(node)) ?? [];
    assert.deepEqual(groups.map((g) => [item(api, g).label, item(api, g).description]), [['Tables', '3'], ['Business terms', '0'], ['Examples', '0']]);
    const tables = (await api.datasets.tree.getChildren(groups[0])) ?? [];
    assert.deepEqual(tables.map((x) => item(api, x).label), ['Invoice', 'InvoiceLine', 'Customer']);
  });

  it('Create Dataset with every table by default, and refuses a taken name or an unknown table', async function () {
    if (noChinook) skipWith(this, noChinook);
    const name = `${PREFIX}all`;
    const def = await api.datasets.commands.create({ datasource, name });
    assert.equal(def?.tables.length, 11);
    await assert.rejects(api.datasets.commands.create({ datasource, name: name.toUpperCase() }), /already exists/);
    await assert.rejects(api.datasets.commands.create({ datasource, name: `${PREFIX}nope`, tables: ['Album', 'NoSuchTable'] }), /Table "NoSuchTable" is not in the datasource/);
    assert.ok(!fs.existsSync(datasetFile(`${PREFIX}nope`)), 'nothing written for the refused dataset');
  });

  it('adds a Chinese business term and an example; the file holds them and the view shows them', async function () {
    if (noChinook) skipWith(this, noChinook);
    const name = `${PREFIX}sales`;
    await vscode.commands.executeCommand('tabletalk.addBusinessTerm', name, { term: '销售额', definition: '发票行单价乘以数量之和: SUM(InvoiceLine.UnitPrice * InvoiceLine.Quantity)', tables: ['InvoiceLine', 'Invoice'] });
    await vscode.commands.executeCommand('tabletalk.addExample', name, { question: 'Total sales per country?', sql: 'SELECT BillingCountry, SUM(Total) FROM Invoice GROUP BY BillingCountry' });
    const text = fs.readFileSync(datasetFile(name), 'utf8');
    assert.ok(text.includes('"term": "销售额"'), 'the Chinese term is written as is (UTF-8, not escaped)');
    const onDisk = JSON.parse(text) as DatasetDefinition;
    assert.deepEqual(onDisk.terms, [{ term: '销售额', definition: '发票行单价乘以数量之和: SUM(InvoiceLine.UnitPrice * InvoiceLine.Quantity)', tables: ['InvoiceLine', 'Invoice'] }]);
    assert.deepEqual(onDisk.examples, [{ question: 'Total sales per country?', sql: 'SELECT BillingCountry, SUM(Total) FROM Invoice GROUP BY BillingCountry' }]);

    // Adding the same term again replaces its definition rather than duplicating it.
    await api.datasets.commands.addTerm(name, { term: '销售额', definition: 'SUM(InvoiceLine.UnitPrice * InvoiceLine.Quantity)', tables: ['InvoiceLine'] });
    assert.equal((JSON.parse(fs.readFileSync(datasetFile(name), 'utf8')) as DatasetDefinition).terms.length, 1);

    const node = await datasetNode(api, name, (i) => /1 business terms · 1 examples/.test(tooltipText(i)));
    const groups = (await api.datasets.tree.getChildren(node)) ?? [];
    const terms = (await api.datasets.tree.getChildren(groups[1])) ?? [];
    assert.deepEqual(terms.map((x) => [item(api, x).label, item(api, x).description]), [['销售额', 'SUM(InvoiceLine.UnitPrice * InvoiceLine.Quantity)']]);
  });

  it('refuses an example whose SQL writes, and a term on a table outside the dataset, leaving the file unchanged', async function () {
    if (noChinook) skipWith(this, noChinook);
    const name = `${PREFIX}sales`;
    const before = fs.readFileSync(datasetFile(name), 'utf8');
    await assert.rejects(api.datasets.commands.addExample(name, { question: 'Remove albums', sql: 'DELETE FROM Album' }), /The example SQL was refused/);
    await assert.rejects(api.datasets.commands.addTerm(name, { term: 'artist', definition: 'who made it', tables: ['Artist'] }), /Tables Artist are not in dataset/);
    assert.equal(fs.readFileSync(datasetFile(name), 'utf8'), before);
  });

  it('Change Tables and Rename rewrite the file; the collection name stays', async function () {
    if (noChinook) skipWith(this, noChinook);
    const name = `${PREFIX}sales`;
    const { collection } = JSON.parse(fs.readFileSync(datasetFile(name), 'utf8')) as DatasetDefinition;
    await vscode.commands.executeCommand('tabletalk.changeDatasetTables', name, ['Invoice', 'InvoiceLine', 'Customer', 'Employee']);
    const renamed = `${PREFIX}sales 2`;
    const def = await vscode.commands.executeCommand<DatasetDefinition>('tabletalk.renameDataset', name, renamed);
    assert.equal(def?.name, renamed);
    assert.ok(!fs.existsSync(datasetFile(name)), 'the old file is gone');
    const onDisk = JSON.parse(fs.readFileSync(datasetFile(renamed), 'utf8')) as DatasetDefinition;
    assert.equal(onDisk.collection, collection);
    assert.deepEqual(onDisk.tables.map((x) => x.name), ['Invoice', 'InvoiceLine', 'Customer', 'Employee']);
    assert.equal(onDisk.terms[0]?.term, '销售额', 'terms survive the rename');
    await datasetNode(api, renamed);
    assert.ok(!(await roots(api)).some((n) => n.kind === 'dataset' && n.name === name));
  });

  it('follows edits made outside VS Code commands (file watcher)', async function () {
    if (noChinook) skipWith(this, noChinook);
    const name = `${PREFIX}all`;
    const def = JSON.parse(fs.readFileSync(datasetFile(name), 'utf8')) as DatasetDefinition;
    def.examples.push({ question: 'How many tracks?', sql: 'SELECT COUNT(*) FROM Track' });
    fs.writeFileSync(datasetFile(name), JSON.stringify(def, null, 2));
    await datasetNode(api, name, (i) => /11 tables · 0 business terms · 1 examples/.test(tooltipText(i)));
  });

  it('a corrupt dataset file is an error item with its path and the error, and is never overwritten', async function () {
    if (noChinook) skipWith(this, noChinook);
    const dir = path.join(workspaceFolder(), '.tabletalk', 'datasets');
    const broken = path.join(dir, 'broken.json');
    const brokenText = '{ "version": 1, "name": "broken", "tables": [ \n';
    fs.writeFileSync(broken, brokenText);
    const invalid = path.join(dir, 'not-a-dataset.json');
    const invalidText = JSON.stringify({ version: 1, name: 'not-a-dataset', tables: 'Album' });
    fs.writeFileSync(invalid, invalidText);

    const errors = await waitFor('two error items', async () => {
      const list = (await roots(api)).filter((n): n is DatasetFileErrorNode => n.kind === 'datasetFileError');
      return list.length === 2 ? list : undefined;
    });
    const brokenItem = item(api, errors.find((e) => e.path === broken)!);
    assert.equal(brokenItem.label, 'broken.json');
    assert.match(String(brokenItem.description), /is not valid JSON/);
    assert.ok(tooltipText(brokenItem).includes(broken), 'the tooltip names the full path');
    assert.match(tooltipText(brokenItem), /never overwrites it/);
    assert.equal(brokenItem.contextValue, 'tabletalk.datasetFileError');
    const invalidItem = item(api, errors.find((e) => e.path === invalid)!);
    assert.match(String(invalidItem.description), /does not match the dataset schema/);

    // Creating a dataset whose file would be the broken one is refused; the file keeps its bytes.
    await assert.rejects(api.datasets.commands.create({ datasource, name: 'broken', tables: ['Album'] }), /broken\.json.*not valid JSON/);
    await assert.rejects(api.datasets.commands.addTerm('broken', { term: 'x', definition: 'y' }), /not valid JSON/);
    assert.equal(fs.readFileSync(broken, 'utf8'), brokenText);
    assert.equal(fs.readFileSync(invalid, 'utf8'), invalidText);
    // The other datasets are still listed next to the errors.
    assert.ok((await roots(api)).some((n) => n.kind === 'dataset' && n.name === `${PREFIX}all`));
  });

  it('Open Dataset File opens the JSON file in an editor', async function () {
    if (noChinook) skipWith(this, noChinook);
    const name = `${PREFIX}all`;
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('tabletalk.openDatasetFile', name);
    assert.equal(editor?.document.uri.fsPath, datasetFile(name));
    assert.equal(editor?.document.languageId, 'json');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
