// The whole user journey in real VS Code (code-server + Chromium), from an empty profile, driven like a user, in
// English and in Simplified Chinese: Try the Sample Database from the welcome, expand a table to its columns,
// Create Dataset from the datasource's context menu, accept a suggested relationship on the modeling canvas (the
// dataset file gets it), configure the LLM from the palette (key into secret storage), train (progress notification,
// then `completed`), ask a question in the Ask panel and read the SQL and the rows. The LLM is the loopback
// OpenAI-compatible test server. Screenshots: test-results/screenshots/journey-<locale>-NN-*.png.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server.mjs' with { 'resolution-mode': 'import' };
import type { FakeOpenAI } from '../support/fake-openai.mjs' with { 'resolution-mode': 'import' };
import { labels } from '../support/journey-labels';
import { answerInput, clearNotifications, contextMenu, extensionLogs, quickPickRow, runCommand, settled, snap, treeRow, waitForToast, webviewFrame, widenSidebar } from '../support/journey-workbench';

/** What differs between the two journeys: the display language and what the user types. */
interface Journey {
  locale: 'en' | 'zh-cn';
  dataset: string;
  question: string;
  /** What the model says with its SQL (a model answers in the language of the question). */
  note: string;
}

const SQL = 'SELECT status, COUNT(*) AS orders FROM orders GROUP BY status ORDER BY orders DESC, status';
/** A relationship the sample only implies by a column name: inference suggests it, the user accepts it. */
const SUGGESTED = 'orders.store_id->stores.id';
const API_KEY = 'sk-journey-not-a-real-key';
const VIEWPORT = { width: 1280, height: 800 };
const hasCjk = (s: string) => /[\u4e00-\u9fff]/.test(s);

// A fresh clone installs code-server first (a minute or more): not part of the tests' own time limits.
before(async () => {
  const { installCodeServer } = await import('../support/code-server.mjs');
  await installCodeServer();
}, { timeout: 900_000 });

for (const journey of [
  { locale: 'en', dataset: 'Shop', question: 'How many orders are there in each status?', note: 'This counts the orders in each status.' },
  { locale: 'zh-cn', dataset: '网店', question: '每种状态的订单各有多少？', note: '按状态统计订单数量。' },
] satisfies Journey[]) {
  test(`journey (${journey.locale}): sample database → dataset → canvas → train → ask, in real VS Code`, { timeout: 600_000 }, async () => {
    const started = Date.now();
    await runJourney(journey);
    console.log(`# journey ${journey.locale}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

async function runJourney(journey: Journey): Promise<void> {
  const { startCodeServer, launchBrowser, openWorkbench } = await import('../support/code-server.mjs');
  const { startFakeOpenAI } = await import('../support/fake-openai.mjs');
  const L = labels(journey.locale);
  /** A label the user sees; in the Chinese journey it must be Chinese, not an English fallback. */
  const seen = (label: string) => {
    if (journey.locale === 'zh-cn') assert.ok(hasCjk(label), `shown in English, not in Chinese: "${label}"`);
    return label;
  };
  const shot = (page: Page, n: string, name: string, clip?: Parameters<typeof snap>[2]) => snap(page, `journey-${journey.locale}-${n}-${name}`, clip);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let ai: FakeOpenAI | undefined;
  let page: Page | undefined;
  let step = 'start';
  const folder = mkdtempSync(join(tmpdir(), 'tt-journey-'));
  try {
    ai = await startFakeOpenAI();
    ai.onChat((body, n) => {
      const text = body.messages.map((m) => m.content).join('\n');
      if (text.includes(journey.question)) return `${journey.note}\n\n\`\`\`sql\n${SQL}\n\`\`\``;
      // Training asks for example questions; the first answers are slow so the progress notification stays up.
      return { delayMs: n < 2 ? 3000 : 0, content: JSON.stringify([{ question: 'How many orders came through each channel?', sql: 'SELECT channel, COUNT(*) AS orders FROM orders GROUP BY channel' }]) };
    });
    server = await startCodeServer({ folder, locale: journey.locale === 'en' ? undefined : journey.locale });
    browser = await launchBrowser();
    page = await openWorkbench(browser, server.url, { viewport: VIEWPORT });

    step = '1. Try the Sample Database from the welcome';
    await page.locator('.activitybar [aria-label^="TableTalk"]').first().click();
    await widenSidebar(page, 80);
    const [datasourcesTitle, datasetsTitle] = journey.locale === 'zh-cn' ? ['数据源', '数据集'] : ['Datasources', 'Datasets'];
    assert.equal(L.pkg('Datasources'), datasourcesTitle);
    assert.equal(L.pkg('Datasets'), datasetsTitle);
    await page.locator('.part.sidebar .pane-header', { hasText: datasourcesTitle }).waitFor();
    await page.locator('.part.sidebar .pane-header', { hasText: datasetsTitle }).waitFor();
    const welcome = page.locator('.part.sidebar .welcome-view-content').first();
    await welcome.locator('a.monaco-button', { hasText: seen(L.welcomeButton('tabletalk.datasources', 'tabletalk.trySampleDatabase')) }).click();
    const sampleName = seen(L.t('Sample shop'));
    const sample = treeRow(page, sampleName);
    await sample.waitFor({ timeout: 60_000 });
    await page.locator('.part.sidebar .monaco-list-row[aria-level="2"][aria-label^="orders "]').waitFor({ timeout: 60_000 });
    await treeRow(page, 'orders ').click();
    const status = treeRow(page, 'status ');
    await status.waitFor();
    assert.match((await status.getAttribute('aria-label')) ?? '', /TEXT/, 'the status column shows its type');
    await treeRow(page, 'store_id ').waitFor();
    const sidebarBox = await page.locator('.part.sidebar').boundingBox();
    await shot(page, '01', 'datasources', { x: 0, y: 0, width: Math.ceil((sidebarBox?.x ?? 0) + (sidebarBox?.width ?? 640)), height: VIEWPORT.height });

    step = '2. Create Dataset from the datasource';
    await contextMenu(page, sample, seen(L.pkg('Create Dataset')));
    await answerInput(page, seen(L.t('Dataset name (its file is .tabletalk/datasets/<name>.json)')), journey.dataset);
    // Every table is preselected: accept them all.
    await quickPickRow(page, 'order_items').waitFor({ timeout: 30_000 });
    const checked = await page.locator('.quick-input-list .monaco-list-row[aria-checked="true"]').count();
    assert.ok(checked >= 8, `the tables are preselected (${checked} checked rows visible)`);
    await page.keyboard.press('Enter');
    const datasetRow = treeRow(page, journey.dataset);
    await treeRow(page, `${journey.dataset} ${seen(L.t('not trained'))}`).waitFor({ timeout: 30_000 });
    const datasetFile = join(folder, '.tabletalk', 'datasets', `${journey.dataset}.json`);
    const created = readDataset(datasetFile);
    assert.equal(created.tables.length, 14, 'all 14 sample tables are in the dataset');
    assert.ok(!created.modeling.relationships.some((r) => r.id === SUGGESTED), `${SUGGESTED} is not accepted yet`);

    step = '3. Accept a suggested relationship on the modeling canvas';
    await datasetRow.hover();
    await datasetRow.locator(`.action-label[aria-label="${seen(L.pkg('Open Modeling Canvas'))}"]`).click();
    const canvas = await webviewFrame(page, '.react-flow');
    await canvas.locator('.tt-toolbar', { hasText: seen(L.canvas('fitView')) }).waitFor();
    await canvas.locator('.tt-panel h2', { hasText: seen(L.canvas('suggestions')) }).waitFor();
    // The suggestion is drawn dashed on the canvas and listed in the side panel, where the user accepts it (on a
    // 14-table canvas the edge's own ✓ can sit under a table).
    const suggestedEdge = canvas.locator(`.react-flow__edge[data-id="suggestion:${SUGGESTED}"] path.tt-edge-path`);
    await suggestedEdge.waitFor({ timeout: 60_000 });
    assert.notEqual(await suggestedEdge.evaluate((p) => getComputedStyle(p).strokeDasharray), 'none', 'a suggestion is dashed');
    // Why it is suggested, in the display language (evidence is data the host renders): nothing English but names.
    const why = (await canvas.locator(`.tt-panel [data-suggestion="${SUGGESTED}"] details.tt-evidence li`).allTextContents()).map((e) => e.trim());
    assert.ok(why.length >= 2, why.join(' | '));
    if (journey.locale === 'zh-cn') {
      for (const e of why) assert.ok(hasCjk(e) && !/[A-Za-z]{2,}/.test(e.replace(/store_id|stores|orders|INTEGER|\bid\b/g, '')), `evidence in English: "${e}"`);
    } else assert.ok(why.includes('store_id names table stores'), why.join(' | '));
    await canvas.locator(`.tt-panel [data-suggestion="${SUGGESTED}"] vscode-button`, { hasText: seen(L.canvas('accept')) }).click();
    const acceptedEdge = canvas.locator(`.react-flow__edge[data-id="${SUGGESTED}"] path.tt-edge-path`);
    await acceptedEdge.waitFor({ timeout: 15_000 });
    assert.equal(await acceptedEdge.evaluate((p) => getComputedStyle(p).strokeDasharray), 'none', 'an accepted relationship is solid');
    await canvas.locator(`.react-flow__edge[data-id="suggestion:${SUGGESTED}"]`).waitFor({ state: 'detached' });
    const saved = await waitFor(() => readDataset(datasetFile).modeling.relationships.find((r) => r.id === SUGGESTED), 20_000, `${SUGGESTED} saved in ${datasetFile}`);
    assert.deepEqual({ source: saved.source, sourceColumns: saved.sourceColumns, target: saved.target, targetColumns: saved.targetColumns }, { source: 'orders', sourceColumns: ['store_id'], target: 'stores', targetColumns: ['id'] });
    // The picture: the whole model, with the sidebar out of the way.
    await clearNotifications(page);
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await canvas.locator('.react-flow__controls-fitview').click();
    await settled(() => canvas.locator('.react-flow__viewport').evaluate((v) => (v as HTMLElement).style.transform));
    await canvas.locator('.tt-panel').evaluate((panel) => panel.scrollTo(0, 0)); // the suggestions' heading and count
    await shot(page, '02', 'canvas');
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor();

    step = '4. Configure the LLM from the palette';
    await runCommand(page, `TableTalk: ${seen(L.pkg('Configure LLM'))}`);
    await quickPickRow(page, seen(L.t('OpenAI-compatible endpoint'))).click();
    await answerInput(page, seen(L.t('Base URL (ends in /v1)')), ai.url);
    await answerInput(page, seen(L.t('Chat model')), 'loopback-chat');
    await answerInput(page, seen(L.t('API key, kept in VS Code secret storage (leave blank if none)')), API_KEY);
    const settingsFile = join(server.userDataDir, 'User', 'settings.json');
    await waitFor(() => readFileSync(settingsFile, 'utf8').includes('"tabletalk.llm.provider": "openai"'), 15_000, 'the LLM provider in the user settings');
    assert.ok(!readFileSync(settingsFile, 'utf8').includes(API_KEY), 'the API key is not in the settings file');

    step = '5. Train the dataset';
    await datasetRow.hover();
    await datasetRow.locator(`.action-label[aria-label="${seen(L.pkg('Train Dataset'))}"]`).click();
    const trainingTitle = seen(L.t('Training "{0}"', journey.dataset));
    // A step past the first, so the picture shows training under way.
    const toast = await waitForToast(page, new RegExp(`${escapeRe(trainingTitle)}.*[1-9]\\d*% · `), 60_000);
    assert.match(toast, /\d+% · \S/, `the notification shows a percentage and a step ("${toast}")`);
    // The Datasets view follows the same run (its updates are throttled, so it may trail the notification a little).
    await page.waitForFunction(
      ({ name, training }) => Array.from(document.querySelectorAll('.part.sidebar .monaco-list-row')).some((r) => (r.getAttribute('aria-label') ?? '').startsWith(`${name} ${training} `) && /[1-9]\d*%/.test(r.getAttribute('aria-label') ?? '')),
      { name: journey.dataset, training: seen(L.t('training')) },
      { timeout: 60_000, polling: 100 },
    );
    await shot(page, '03', 'training');
    await treeRow(page, `${journey.dataset} ${seen(L.t('completed'))}`).waitFor({ timeout: 180_000 });
    assert.ok(ai.calls.chat >= 1, 'training asked the configured LLM for example questions');

    step = '6. Ask a question';
    await datasetRow.hover();
    await datasetRow.locator(`.action-label[aria-label="${seen(L.pkg('Ask a Question'))}"]`).click();
    const ask = await webviewFrame(page, '#tt-question');
    await ask.locator('.tt-header', { hasText: journey.dataset }).waitFor();
    assert.equal((await ask.locator('label[for="tt-question"]').innerText()).trim(), seen(L.ask('question')));
    await ask.locator('#tt-question').fill(journey.question);
    await ask.locator('form.tt-ask vscode-button', { hasText: seen(L.ask('ask')) }).first().click();
    const rows = ask.locator('.tt-table tbody tr');
    await rows.first().waitFor({ timeout: 90_000 });
    // textContent: headings are upper-cased by CSS.
    assert.equal((await ask.locator('#tt-sql-title').textContent())?.trim(), seen(L.ask('sqlGenerated')));
    assert.match((await ask.locator('#tt-results-title').textContent()) ?? '', new RegExp(`^${escapeRe(seen(L.ask('results')))}`));
    assert.equal(await ask.locator('textarea.tt-sql').inputValue(), SQL, 'the generated SQL is shown');
    // What the sample database itself answers (the extension wrote it into its global storage).
    const expected = queryFile(join(server.userDataDir, 'User', 'globalStorage', 'tabletalk.tabletalk', 'sample', 'shop.sqlite'), SQL);
    assert.ok(expected.length >= 3, `the sample has orders in several statuses (${expected.length})`);
    assert.deepEqual(await ask.locator('.tt-table thead th').allInnerTexts(), ['status', 'orders']);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')));
    assert.deepEqual(shown, expected.map((r) => [String(r.status), String(r.orders)]), 'the panel shows the rows of the query');
    await clearNotifications(page);
    await shot(page, '04', 'answer');
    // The sentence above the SQL says what ran and what came back, in the display language.
    const explanation = await ask.locator('.tt-explanation').innerText();
    assert.match(explanation, new RegExp(`\\b${expected.length}\\b`), `the explanation counts the rows ("${explanation}")`);
    seen(explanation);
    assert.equal((await ask.locator('.tt-note').innerText()).trim(), journey.note, "the model's own words are shown with the SQL");
  } catch (err) {
    if (page) {
      const file = await snap(page, `journey-${journey.locale}-failure`).catch(() => '(no screenshot)');
      console.log(`# journey ${journey.locale} failed at "${step}"; screenshot: ${file}`);
    }
    if (server) console.log(`# TableTalk log:\n${extensionLogs(server.userDataDir)}`);
    throw new Error(`[${journey.locale}] ${step}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await ai?.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

interface DatasetFile {
  tables: { name: string }[];
  modeling: { relationships: { id: string; source: string; sourceColumns: string[]; target: string; targetColumns: string[] }[] };
}

function readDataset(file: string): DatasetFile {
  assert.ok(existsSync(file), `${file} exists`);
  return JSON.parse(readFileSync(file, 'utf8')) as DatasetFile;
}

function queryFile(file: string, sql: string): Record<string, unknown>[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** Polls `probe` until it returns a truthy value; fails naming `what`. */
async function waitFor<T>(probe: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    let last: unknown;
    try {
      const v = probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

