// `npm run bench:results`: the real Ask bundle in headless Chromium (fake host, as in test/webview) showing a
// result of 100,000 rows (and 1,000,000 with BENCH_ROWS) of 6 columns: ms from the state message to the first
// rows painted, ms to the last row after jumping to the end, mean frame time while scrolling through, rows in the
// DOM, and the page's JS heap. Writes bench/results/results-grid.md. Figures, not assertions.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { openAsk, panelState, artistAnswer, CHROMIUM, LAUNCH_ARGS } from '../test/webview/ask-host.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sizes = (process.env.BENCH_ROWS ?? '100000').split(',').map(Number);
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const startLoad = loadavg().map((l) => l.toFixed(1)).join(' / ');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...LAUNCH_ARGS, '--enable-precise-memory-info'] });

async function once(n) {
  const h = await openAsk({ browser });
  try {
    await h.next('ready', 60000);
    // The rows are made in the page: a million rows would not pass through one evaluate() call.
    const state = panelState({ rowLimit: n, answer: artistAnswer({ columns: ['Id', 'Name', 'Email', 'Total', 'Shipped', 'Paid'], rows: [], rowLimit: n }) });
    await h.page.evaluate(`window.__state = ${JSON.stringify(state)};
      window.__state.answer.rows = Array.from({ length: ${n} }, (_, i) => [i + 1, 'Customer ' + (i + 1), 'city-' + (i % 977) + '@example.com', ((i * 7919) % 100000) / 100, i % 3 ? '2024-05-01' : null, i % 2 === 0]);`);
    // Strings, not functions: tsx would wrap a function with helpers that do not exist in the page.
    const first = await h.page.evaluate(`new Promise((resolve) => {
      const t0 = performance.now();
      window.postMessage({ type: 'state', state: window.__state }, '*');
      const poll = () => (document.querySelector('.tt-table tbody td') ? requestAnimationFrame(() => resolve(performance.now() - t0)) : requestAnimationFrame(poll));
      poll();
    })`);
    const last = await h.page.evaluate(`new Promise((resolve) => {
      const wrap = document.querySelector('.tt-table-wrap');
      const t0 = performance.now();
      wrap.scrollTop = wrap.scrollHeight;
      const poll = () => ([...document.querySelectorAll('.tt-table tbody td')].some((td) => td.textContent === 'Customer ${n}') ? resolve(performance.now() - t0) : requestAnimationFrame(poll));
      poll();
    })`);
    // Scroll from the top to the bottom in 120 steps, one per frame, and time the frames.
    const scroll = await h.page.evaluate(`new Promise((resolve) => {
      const wrap = document.querySelector('.tt-table-wrap');
      wrap.scrollTop = 0;
      const steps = 120;
      const times = [];
      let k = 0;
      let prev = performance.now();
      const step = () => {
        const now = performance.now();
        if (k > 0) times.push(now - prev);
        prev = now;
        if (k++ >= steps) return resolve({ meanFrame: times.reduce((a, b) => a + b, 0) / times.length, worstFrame: Math.max(...times), domRows: document.querySelectorAll('.tt-table tbody tr:not(.tt-spacer)').length });
        wrap.scrollTop = (wrap.scrollHeight * k) / steps;
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    })`);
    const heapMb = await h.page.evaluate('performance.memory ? performance.memory.usedJSHeapSize / 1048576 : NaN');
    return { n, first, last, ...scroll, heapMb };
  } finally {
    await h.close();
  }
}

const results = [];
for (const n of sizes) {
  const r = await once(n);
  results.push(r);
  console.log(`${n.toLocaleString('en-US')} rows: first rows ${r.first.toFixed(0)} ms, last row after jumping to the end ${r.last.toFixed(0)} ms, scrolling mean frame ${r.meanFrame.toFixed(1)} ms (worst ${r.worstFrame.toFixed(0)} ms), ${r.domRows} rows in the DOM, JS heap ${r.heapMb.toFixed(0)} MB`);
}
await browser.close();
const lines = [
  '# Ask result grid in headless Chromium',
  '',
  `\`npm run bench:results\` (BENCH_ROWS=${sizes.join(',')}), ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load at start ${startLoad} (a shared machine: other programs ran too).`,
  'Time from the state message to the first rows painted; from setting scrollTop to the end to the last row in the DOM; the mean and worst frame while scrolling top to bottom in 120 steps; rows in the DOM; the page\'s JS heap.',
  '',
  '| rows | first rows | last row | scroll mean frame | worst frame | DOM rows | JS heap |',
  '|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.n.toLocaleString('en-US')} | ${r.first.toFixed(0)} ms | ${r.last.toFixed(0)} ms | ${r.meanFrame.toFixed(1)} ms | ${r.worstFrame.toFixed(0)} ms | ${r.domRows} | ${r.heapMb.toFixed(0)} MB |`),
  '',
];
writeFileSync(join(root, 'bench/results/results-grid.md'), lines.join('\n'));
