// `npm run bench:canvas`: the real canvas bundle in headless Chromium (fake host, as in test/webview) with
// 50, 300 and 1,000 tables of 10 fields: ms until the first interactive render, ms for an auto layout, and
// the mean frame time while dragging a table. Writes bench/results/canvas.md. Figures, not assertions.
/* global window, document, requestAnimationFrame, getComputedStyle -- used inside page.evaluate(), in the browser */
import { spawnSync } from 'node:child_process';
import { statSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { openCanvas, CHROMIUM, LAUNCH_ARGS } from '../test/webview/canvas-host.ts';
import { generatedState } from '../test/webview/canvas-fixtures.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sizes = (process.env.BENCH_SIZES ?? '50,300,1000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });

async function once(n) {
  const h = await openCanvas({ browser, width: 1400, height: 900 });
  try {
    await h.next('ready', 60000);
    // Saved positions, so the first render is measured alone (a dataset never laid out is laid out on open).
    const state = generatedState(n, 10, true);
    const interactive = await h.page.evaluate((s) => new Promise((resolve) => {
      const t0 = performance.now();
      window.postMessage({ type: 'state', state: s }, '*');
      // Interactive: table nodes painted and measured (React Flow shows a node once measured) and edges drawn.
      const probe = () => {
        const nodes = document.querySelectorAll('.react-flow__node');
        const shown = [...nodes].filter((e) => getComputedStyle(e).visibility !== 'hidden').length;
        if (nodes.length && shown === nodes.length && document.querySelector('.react-flow__edge')) resolve(performance.now() - t0);
        else requestAnimationFrame(probe);
      };
      requestAnimationFrame(probe);
    }), state);
    const rendered = await h.page.evaluate(() => document.querySelectorAll('.react-flow__node').length);

    const layout = await h.page.evaluate(() => new Promise((resolve) => {
      performance.clearMarks('tt:layout-end');
      const button = [...document.querySelectorAll('vscode-button')].find((b) => b.textContent?.includes('Auto layout'));
      const t0 = performance.now();
      button.click();
      const probe = () => {
        if (performance.getEntriesByName('tt:layout-end').length) requestAnimationFrame(() => resolve(performance.now() - t0));
        else requestAnimationFrame(probe);
      };
      requestAnimationFrame(probe);
    }));
    const req = await h.next('applyLayout', 120000);
    await h.respond(req.id, null);
    await h.page.waitForTimeout(300);

    // Drag a table for 60 mouse moves while recording frame times, at the zoom the layout left (fit view:
    // every table in view, the costliest case).
    const header = h.page.locator('.react-flow__node .tt-table-header').first();
    const box = await header.boundingBox();
    await h.page.evaluate(() => {
      window.__frames = [];
      window.__recording = true;
      let last = performance.now();
      const tick = (t) => {
        window.__frames.push(t - last);
        last = t;
        if (window.__recording) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await h.page.mouse.move(x, y);
    await h.page.mouse.down();
    for (let i = 1; i <= 60; i++) await h.page.mouse.move(x + i * 4, y + i * 3);
    await h.page.mouse.up();
    const frames = await h.page.evaluate(() => {
      window.__recording = false;
      return window.__frames.slice(1);
    });
    await h.next('moveNodes');
    return { interactive, layout, frame: frames.reduce((a, b) => a + b, 0) / frames.length, worstFrame: Math.max(...frames), rendered, errors: h.errors.length };
  } finally {
    await h.close();
  }
}

const results = [];
try {
  for (const n of sizes) {
    const all = [];
    for (let i = 0; i < runs; i++) all.push(await once(n));
    const r = {
      n,
      interactive: median(all.map((x) => x.interactive)),
      layout: median(all.map((x) => x.layout)),
      frame: median(all.map((x) => x.frame)),
      worstFrame: median(all.map((x) => x.worstFrame)),
      rendered: all[0].rendered,
      errors: all.reduce((s, x) => s + x.errors, 0),
    };
    results.push(r);
    console.log(`${String(n).padStart(5)} tables: interactive ${r.interactive.toFixed(0)} ms, auto layout ${r.layout.toFixed(0)} ms, drag frame ${r.frame.toFixed(1)} ms mean (${r.worstFrame.toFixed(0)} ms worst), ${r.rendered} nodes in the DOM${r.errors ? `, ${r.errors} page errors` : ''}`);
  }
} finally {
  await browser.close();
}

const bundleKb = Math.round(statSync(join(root, 'dist/webview/canvas.js')).size / 1024);
const at300 = results.find((r) => r.n === 300);
const verdict = at300 ? `300 tables: interactive in ${at300.interactive.toFixed(0)} ms (${at300.interactive < 1000 ? 'under' : 'NOT under'} 1 s), laid out in ${at300.layout.toFixed(0)} ms (${at300.layout < 1000 ? 'under' : 'NOT under'} 1 s).` : '';
const md = [
  '# Modeling canvas benchmark',
  '',
  `Generated by \`npm run bench:canvas\` on ${new Date().toISOString().slice(0, 10)}: headless Chromium (${CHROMIUM}), ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}.`,
  `The real bundle (dist/webview/canvas.js, ${bundleKb} KB as built by \`node esbuild.mjs\`) under the page and CSP VS Code shows, with a fake host; viewport 1400×900.`,
  `Each table has 10 fields; 9 tables in 10 reference another one. Median of ${runs} runs.`,
  '',
  '- **Interactive**: from the host\'s state message until every rendered table node is painted and measured and the edges are drawn (`onlyRenderVisibleElements`: only tables in view are in the DOM).',
  '- **Auto layout**: from the click on "Auto layout" until the frame after the new positions are applied (ELK layered per connected component, components packed in rows).',
  '- **Drag frame**: mean time between animation frames while a table is dragged for 60 mouse moves.',
  '',
  '| Tables | Interactive (ms) | Auto layout (ms) | Drag frame, mean (ms) | Drag frame, worst (ms) | Nodes in DOM |',
  '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.n} | ${r.interactive.toFixed(0)} | ${r.layout.toFixed(0)} | ${r.frame.toFixed(1)} | ${r.worstFrame.toFixed(0)} | ${r.rendered} |`),
  '',
  verdict,
  '',
].join('\n');
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/canvas.md'), md);
console.log(`\n${verdict}\nWritten to bench/results/canvas.md`);
