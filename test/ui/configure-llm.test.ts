// "Configure LLM" ends with a test call and says how it went, in real VS Code (code-server): through the prompts
// to a loopback OpenAI-compatible server, the model answers and a toast confirms it with the time it took; pointed
// at a port where nothing listens, the settings are kept and a warning says the model did not answer, offering to
// configure again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { answerInput, clearNotifications, quickPickRow, runCommand, snap, waitForToast } from '../support/journey-workbench';
import { openTableTalk, withWorkbench } from '../support/workbench-session';

async function configure(page: Page, baseUrl: string): Promise<void> {
  await runCommand(page, 'TableTalk: Configure LLM');
  await quickPickRow(page, 'OpenAI-compatible endpoint').click();
  await answerInput(page, 'Base URL', baseUrl);
  await answerInput(page, 'Chat model', 'loopback-chat');
  await answerInput(page, 'API key', 'sk-test-configure');
}

test('Configure LLM: a test call confirms a working model, and a dead endpoint is reported with Configure Again', { timeout: 300_000 }, async () => {
  const { startFakeOpenAI } = await import('../support/fake-openai.mjs');
  const folder = mkdtempSync(join(tmpdir(), 'tt-configure-llm-'));
  // A port with nothing behind it: taken, then released.
  const dead = await new Promise<number>((r) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => r(p)); }); });
  const ai = await startFakeOpenAI();
  ai.onChat(() => 'OK');
  try {
    await withWorkbench('configure-llm', { folder }, async (page) => {
      await openTableTalk(page);
      await configure(page, ai.url);
      const ok = await waitForToast(page, /Language model set/, 60_000);
      assert.match(ok, /Language model set: openai:loopback-chat answered in [\d.,]+ (ms|sec|min)\./);
      assert.equal(ai.calls.chat, 1, 'one test request reached the model');
      await snap(page, 'configure-llm-ok');
      await clearNotifications(page);

      await configure(page, `http://127.0.0.1:${dead}/v1`);
      const failed = await waitForToast(page, /did not answer/, 90_000);
      assert.match(failed, /The settings are saved, but the language model did not answer: /);
      await page.locator('.notifications-toasts .notification-toast', { hasText: 'did not answer' }).locator('.monaco-button', { hasText: 'Configure Again' }).waitFor();
      assert.equal(ai.calls.chat, 1, 'nothing more reached the first model');
    });
  } finally {
    await ai.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
