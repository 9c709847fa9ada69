// After a reload, a user who has datasources and datasets must never be told "No datasources yet" or "No datasets
// yet" while TableTalk starts (it showed for about 3.5 s): the views say they are loading until the extension is
// ready. The sidebar is sampled every 50 ms from the reload until both lists are back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetStore, datasetsDir } from '../../src/core/dataset/store';
import { openTableTalk, withWorkbench } from '../support/workbench-session';

const chinookDir = process.env.TABLETALK_CHINOOK_DIR;
const chinookFile = chinookDir ? join(chinookDir, 'Chinook_Sqlite.sqlite') : '';
const noChinook = !chinookFile || !existsSync(chinookFile) ? `Chinook_Sqlite.sqlite not found (TABLETALK_CHINOOK_DIR=${chinookDir ?? 'unset'})` : undefined;

test('after a reload the views say they are loading, never "No datasources yet", until the lists are back', { skip: noChinook, timeout: 300_000 }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'tt-reload-'));
  try {
    const db = join(folder, 'chinook.sqlite');
    copyFileSync(chinookFile, db);
    await new DatasetStore(datasetsDir(folder)).create({ name: 'Music', datasource: 'chinook', tables: [{ name: 'Genre', schema: null }] });
    await withWorkbench('reload-welcome', { folder, settings: { 'tabletalk.datasources': [{ id: 'chinook', name: 'Chinook', dialect: 'sqlite', file: db }] } }, async (page) => {
      await openTableTalk(page);
      const rows = () => page.evaluate(() => {
        const labels = Array.from(document.querySelectorAll('.part.sidebar .monaco-list-row')).map((r) => r.getAttribute('aria-label') ?? '');
        const welcome = Array.from(document.querySelectorAll('.part.sidebar .welcome-view-content')).filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.textContent ?? '');
        return { datasource: labels.some((l) => l.startsWith('Chinook')), dataset: labels.some((l) => l.startsWith('Music')), welcome };
      });
      await page.locator('.part.sidebar .monaco-list-row[aria-label^="Music"]').waitFor({ timeout: 60_000 });

      await page.reload();
      const seen = new Set<string>();
      let samples = 0;
      const end = Date.now() + 120_000;
      for (;;) {
        const s = await rows().catch(() => undefined); // the page is navigating
        if (s) {
          samples++;
          s.welcome.forEach((w) => seen.add(w.trim().slice(0, 60)));
          if (s.datasource && s.dataset) break;
        }
        assert.ok(Date.now() < end, `the lists did not come back after the reload; welcome texts seen: ${[...seen].join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      console.log(`# ${samples} samples after the reload; welcome texts seen: ${[...seen].join(' | ') || 'none'}`);
      assert.ok(samples > 1, 'the sidebar was sampled while it loaded');
      assert.deepEqual([...seen].filter((w) => /No datasources yet|No datasets yet/.test(w)), []);
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
