// The Ask webview in headless Chromium under a fake host: the real bundle (dist/webview/ask.js) on the real page
// (same CSP). Checks what the user sees (SQL, explanation, tables, rows, notices) and what the webview asks the
// host to do (ask, run edited SQL, save as example, copy as CSV, open in editor, train, configure).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { artistAnswer, bundleMissing, chromiumMissing, CHROMIUM, openAsk, panelState, type FakeAskHost } from './ask-host';

const skip = chromiumMissing ?? bundleMissing;

describe('Ask webview', { skip }, () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
  });

  /** Opens the page, checks the ready handshake and sends the state. */
  async function open(state = panelState({ answer: artistAnswer() }), savedState?: unknown): Promise<FakeAskHost> {
    const host = await openAsk({ browser, savedState });
    await host.next('ready');
    await host.sendState(state);
    await host.page.locator('.tt-header h1').waitFor();
    return host;
  }

  const cellTexts = (host: FakeAskHost, column: number) => host.page.locator(`.tt-table tbody tr td:nth-child(${column + 1})`).allInnerTexts();
  const button = (host: FakeAskHost, text: string) => host.page.locator('vscode-button', { hasText: new RegExp(`^\\s*${text}\\s*$`) });

  test('renders an answer: explanation, SQL in an editable box, tables and join path, rows; no CSP violation', async () => {
    const host = await open();
    try {
      const { page } = host;
      assert.match(await page.locator('.tt-header').innerText(), /Chinook[\s\S]*Chinook SQLite · SQLite · OpenAI-compatible · loopback-chat/);
      assert.equal(await page.locator('.tt-explanation').innerText(), 'Ran a read-only SQLite query reading Album, Artist in 3 ms; it returned 4 rows.');
      assert.equal(await page.locator('#tt-sql-title').textContent(), 'Generated SQL');
      assert.equal(await page.locator('textarea.tt-sql').inputValue(), artistAnswer().sql);
      assert.deepEqual(await page.locator('.tt-tables-used code').allInnerTexts(), ['Album', 'Artist']);
      assert.deepEqual(await page.locator('.tt-tables-retrieved code').allInnerTexts(), ['Artist', 'Album', 'Track']);
      // Why each table was chosen, and the values of the question as the model got them.
      assert.deepEqual(await page.locator('.tt-tables-retrieved .tt-why').allInnerTexts(), [' (value, words)', ' (words)', ' (join path)']);
      assert.equal(await page.locator('.tt-retrieved').first().getAttribute('title'), 'Why: value, words');
      assert.deepEqual(await page.locator('.tt-values code').allInnerTexts(), ["Artist.Name = 'AC/DC'"]);
      assert.match(await page.locator('.tt-joins').innerText(), /Album → Artist\s+Album\.ArtistId = Artist\.ArtistId/);
      assert.deepEqual(await page.locator('.tt-table thead th').allInnerTexts(), ['Name', 'Albums']);
      assert.deepEqual(await cellTexts(host, 0), ['Iron Maiden', 'Led Zeppelin', 'Deep Purple', 'Metallica']);
      assert.equal(await page.locator('.tt-limited').count(), 0, 'no "limited" notice for a complete result');
      // The question box shows the answered question.
      assert.equal(await page.locator('#tt-question').inputValue(), 'Which artists have the most albums?');
      // The webview remembers its dataset for the serializer (restore after reload).
      assert.equal((await host.savedState() as { dataset?: string }).dataset, 'Chinook');
      assert.deepEqual(host.errors, []);
    } finally {
      await host.close();
    }
  });

  test('sorts by clicking a header (ascending, descending, off) and by keyboard', async () => {
    const host = await open();
    try {
      const { page } = host;
      const albums = page.locator('.tt-table thead th').nth(1);
      await albums.locator('button').click();
      assert.deepEqual(await cellTexts(host, 1), ['10', '11', '14', '21']);
      assert.equal(await albums.getAttribute('aria-sort'), 'ascending');
      await albums.locator('button').click();
      assert.deepEqual(await cellTexts(host, 1), ['21', '14', '11', '10']);
      assert.equal(await albums.getAttribute('aria-sort'), 'descending');
      await albums.locator('button').click();
      assert.deepEqual(await cellTexts(host, 0), ['Iron Maiden', 'Led Zeppelin', 'Deep Purple', 'Metallica'], 'third click: the database order again');
      // Keyboard: focus the Name header's button and press Enter.
      await page.locator('.tt-table thead th').nth(0).locator('button').focus();
      await page.keyboard.press('Enter');
      assert.deepEqual(await cellTexts(host, 0), ['Deep Purple', 'Iron Maiden', 'Led Zeppelin', 'Metallica']);
    } finally {
      await host.close();
    }
  });

  test('Copy as CSV asks the host with the shown sort order and tells the user how many rows were copied', async () => {
    const host = await open();
    try {
      const { page } = host;
      await page.locator('.tt-table thead th').nth(1).locator('button').click();
      await page.locator('.tt-table thead th').nth(1).locator('button').click();
      await button(host, 'Copy as CSV').click();
      const req = await host.next('copyCsv');
      assert.deepEqual(req.params, { sort: { column: 1, direction: 'descending' }, filter: '' });
      await host.respond(req.id!, { rows: 4 });
      await page.locator('.tt-notice', { hasText: 'Copied 4 rows as CSV.' }).waitFor();
    } finally {
      await host.close();
    }
  });

  test('edit the SQL and Run: the edited SQL goes to the host with the question; Reset restores the answer', async () => {
    const host = await open();
    try {
      const { page } = host;
      const box = page.locator('textarea.tt-sql');
      await box.fill('SELECT Name FROM Artist ORDER BY Name LIMIT 3');
      await button(host, 'Reset').waitFor();
      await button(host, 'Run').click();
      const req = await host.next('run');
      assert.deepEqual(req.params, { question: 'Which artists have the most albums?', sql: 'SELECT Name FROM Artist ORDER BY Name LIMIT 3' });
      await host.respond(req.id!, null);
      // Ctrl+Enter in the SQL box runs too.
      await box.press('Control+Enter');
      assert.equal((await host.next('run')).params?.sql, 'SELECT Name FROM Artist ORDER BY Name LIMIT 3');
      await button(host, 'Reset').click();
      assert.equal(await box.inputValue(), artistAnswer().sql);
      // The host's answer to the run replaces the table and the SQL.
      await host.sendState(panelState({ revision: 3, answer: artistAnswer({ id: 8, origin: 'run', sql: 'SELECT Name FROM Artist ORDER BY Name LIMIT 3', columns: ['Name'], rows: [['A Cor Do Som'], ['AC/DC'], ['Aaron Copland & London Symphony Orchestra']], explanation: 'Ran your read-only SQLite query reading Artist in 1 ms; it returned 3 row(s).' }) }));
      await page.locator('#tt-sql-title', { hasText: /your edit/i }).waitFor();
      assert.deepEqual(await cellTexts(host, 0), ['A Cor Do Som', 'AC/DC', 'Aaron Copland & London Symphony Orchestra']);
      assert.equal(await box.inputValue(), 'SELECT Name FROM Artist ORDER BY Name LIMIT 3');
    } finally {
      await host.close();
    }
  });

  test('Save as Example sends the question and the SQL in the box; the host\'s message is shown', async () => {
    const host = await open();
    try {
      await button(host, 'Save as Example').click();
      const req = await host.next('saveExample');
      assert.deepEqual(req.params, { question: 'Which artists have the most albums?', sql: artistAnswer().sql });
      await host.respond(req.id!, { message: 'Saved as an example of "Chinook": it is in the dataset file and the trained examples.' });
      await host.page.locator('.tt-notice', { hasText: 'Saved as an example of "Chinook"' }).waitFor();
      // A refusal from the host (e.g. the guard) is shown as an error notice.
      await host.page.locator('textarea.tt-sql').fill('DELETE FROM Artist');
      await button(host, 'Save as Example').click();
      const bad = await host.next('saveExample');
      await host.fail(bad.id!, 'This SQL cannot be saved as an example: only a read-only query is allowed.');
      await host.page.locator('.tt-notice.tt-error', { hasText: 'cannot be saved as an example' }).waitFor();
    } finally {
      await host.close();
    }
  });

  test('a refusal is shown with its reason and the refused SQL, and no result table', async () => {
    const refused = artistAnswer({
      sql: null,
      rejectedSql: 'DROP TABLE Artist',
      ran: false,
      columns: [],
      rows: [],
      usedTables: [],
      refused: { code: 'not-read-only', reason: 'Only read-only queries are allowed: DROP changes the database.' },
      explanation: 'Only read-only queries are allowed: DROP changes the database.',
    });
    const host = await open(panelState({ answer: refused }));
    try {
      const { page } = host;
      const banner = page.locator('.tt-banner.tt-warning[role="alert"]');
      assert.match(await banner.innerText(), /^Refused:\s*Only read-only queries are allowed: DROP changes the database\.$/);
      assert.equal(await page.locator('#tt-sql-title').textContent(), 'Refused SQL (not run)');
      assert.equal(await page.locator('textarea.tt-sql').inputValue(), 'DROP TABLE Artist');
      assert.equal(await page.locator('.tt-table').count(), 0);
    } finally {
      await host.close();
    }
  });

  test('a truncated result says the results are limited to N rows', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => [`Track ${i}`, i] as [string, number]);
    const host = await open(panelState({ rowLimit: 50, answer: artistAnswer({ columns: ['Name', 'Albums'], rows, truncated: true, rowLimit: 50 }) }));
    try {
      assert.match(await host.page.locator('.tt-limited').innerText(), /Results limited to 50 rows/);
      // The grid announces all 50 rows (plus the header) and draws only those in view: the last is reached by scrolling.
      assert.equal(await host.page.locator('.tt-table').getAttribute('aria-rowcount'), '51');
      await host.page.locator('.tt-table-wrap').evaluate((el) => { el.scrollTop = el.scrollHeight; });
      await host.page.locator('.tt-table tbody tr[aria-rowindex="51"] td', { hasText: 'Track 49' }).waitFor();
    } finally {
      await host.close();
    }
  });

  test('asking: Ctrl+Enter in the question box sends it; progress and Cancel while the host works', async () => {
    const host = await open(panelState());
    try {
      const { page } = host;
      await page.locator('#tt-question').fill('How many tracks are there per genre?');
      await page.locator('#tt-question').press('Control+Enter');
      const req = await host.next('ask');
      assert.deepEqual(req.params, { question: 'How many tracks are there per genre?' });
      await host.respond(req.id!, null);
      await host.sendState(panelState({ revision: 2, busy: { step: 'Asking loopback-chat for SQL', what: 'ask' } }));
      await page.locator('.tt-busy', { hasText: 'Asking loopback-chat for SQL…' }).waitFor();
      assert.equal(await button(host, 'Ask').getAttribute('disabled'), '', 'Ask is disabled while working');
      await button(host, 'Cancel').click();
      await host.next('cancel');
    } finally {
      await host.close();
    }
  });

  test('without a language model: the retrieved context, the closest examples, and how to configure one', async () => {
    const answer = artistAnswer({
      sql: null,
      ran: false,
      columns: [],
      rows: [],
      usedTables: [],
      explanation: 'No language model is configured, so no SQL was generated. The question most likely needs Artist, Album; the closest trained examples are shown below.',
      context: {
        ddl: [{ table: 'Artist', text: 'CREATE TABLE "Artist" ("ArtistId" INTEGER PRIMARY KEY, "Name" NVARCHAR(120))' }],
        documentation: ['Table Artist: musicians and bands'],
        examples: [{ question: 'Which artists have the most albums?', sql: 'SELECT ar.Name, COUNT(*) FROM Album al JOIN Artist ar USING (ArtistId) GROUP BY ar.Name' }],
        terms: [],
        configureHint: 'To generate SQL, choose a model with "TableTalk: Configure LLM".',
      },
    });
    const host = await open(panelState({ model: { configured: false, label: 'No language model' }, answer }));
    try {
      const { page } = host;
      await page.locator('.tt-context', { hasText: 'To generate SQL, choose a model' }).waitFor();
      assert.match(await page.locator('.tt-examples').innerText(), /Which artists have the most albums\?[\s\S]*JOIN Artist ar USING \(ArtistId\)/);
      assert.deepEqual(await page.locator('.tt-tables-retrieved code').allInnerTexts(), ['Artist', 'Album', 'Track']);
      await button(host, 'Configure LLM').click();
      assert.deepEqual((await host.next('action')).params, { action: 'configureLlm' });
      await button(host, 'Open Settings').click();
      assert.deepEqual((await host.next('action')).params, { action: 'openLlmSettings' });
      // An example's SQL can be taken into the editable box and run.
      await button(host, 'Use this SQL').click();
      assert.match(await page.locator('textarea.tt-sql').inputValue(), /USING \(ArtistId\)/);
    } finally {
      await host.close();
    }
  });

  test('an untrained dataset says so and offers Train Dataset; a setup failure shows its hint and action', async () => {
    const host = await open(panelState({ dataset: { name: 'Shop', datasource: 'Shop DB', dialect: 'postgres', trained: false, training: false, notReady: 'Dataset "Shop" is not trained yet. Train it first.' } }));
    try {
      const { page } = host;
      await page.locator('.tt-banner[role="alert"]', { hasText: 'Dataset "Shop" is not trained yet' }).waitFor();
      await button(host, 'Train Dataset').first().click();
      assert.deepEqual((await host.next('action')).params, { action: 'trainDataset' });
      await host.sendState(panelState({ revision: 5, failure: { message: 'The language model failed: connection refused', hint: 'Check tabletalk.llm.baseUrl.', action: 'configureLlm' } }));
      await page.locator('.tt-failure', { hasText: 'connection refused' }).waitFor();
      assert.match(await page.locator('.tt-banner.tt-error').innerText(), /Check tabletalk\.llm\.baseUrl\./);
      await button(host, 'Configure LLM').click();
      assert.deepEqual((await host.next('action')).params, { action: 'configureLlm' });
    } finally {
      await host.close();
    }
  });

  test('Open in Editor sends the SQL in the box', async () => {
    const host = await open();
    try {
      await button(host, 'Open in Editor').click();
      assert.deepEqual((await host.next('openInEditor')).params, { sql: artistAnswer().sql });
    } finally {
      await host.close();
    }
  });

  test('a reloaded webview keeps its draft and its edited SQL from setState', async () => {
    const host = await open(panelState({ answer: artistAnswer() }), { dataset: 'Chinook', draft: 'my unsent question', editedSql: 'SELECT 1 AS one', editedFor: 7 });
    try {
      assert.equal(await host.page.locator('#tt-question').inputValue(), 'my unsent question');
      assert.equal(await host.page.locator('textarea.tt-sql').inputValue(), 'SELECT 1 AS one');
    } finally {
      await host.close();
    }
  });

  test('after a window reload (the host kept no answer) the edited SQL is still shown and runs', async () => {
    const host = await open(panelState(), { dataset: 'Chinook', draft: 'one', editedSql: 'SELECT 1 AS one', editedFor: 7 });
    try {
      assert.equal(await host.page.locator('textarea.tt-sql').inputValue(), 'SELECT 1 AS one');
      assert.equal(await host.page.locator('#tt-sql-title').textContent(), 'SQL');
      await button(host, 'Run').click();
      assert.deepEqual((await host.next('run')).params, { question: 'one', sql: 'SELECT 1 AS one' });
    } finally {
      await host.close();
    }
  });
});
