// `npm run bench:canvas`: the real canvas bundle in headless Chromium (fake host, as in test/webview) with
// 50, 300 and 1,000 tables of 10 fields: ms until the first interactive render, ms for an auto layout, and
// the mean frame time while dragging a table. Writes bench/results/canvas.md. Figures, not assertions.
/* global window, document, requestAnimationFrame, getComputedStyle -- used inside page.evaluate(), in the browser */
import { spawnSync } from 'node:child_process';
import { statSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, loadavg } from 'node:os';
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

const startLoad = loadavg().map((l) => l.toFixed(1)).join(' / ');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
// CPU time of every Chromium process: on a shared 2-core machine wall time also counts other programs' work.
const cdp = await browser.newBrowserCDPSession();
const cpuMs = async () => (await cdp.send('SystemInfo.getProcessInfo')).processInfo.reduce((s, p) => s + p.cpuTime, 0) * 1000;

async function once(n) {
  const h = await openCanvas({ browser, width: 1400, height: 900 });
  try {
    await h.next('ready', 60000);
    // Saved positions, so the first render is measured alone (a dataset never laid out is laid out on open).
    const state = generatedState(n, 10, true);
    await h.page.evaluate((s) => { window.__state = s; }, state);
    const cpu0 = await cpuMs();
    const interactive = await h.page.evaluate(() => new Promise((resolve) => {
      const s = window.__state;
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
    }));
    const interactiveCpu = (await cpuMs()) - cpu0;
    const rendered = await h.page.evaluate(() => document.querySelectorAll('.react-flow__node').length);

    // One layout right away (its code not yet compiled by the JIT), then one a moment later, as a user would click it.
    const clickLayout = () => h.page.evaluate(() => new Promise((resolve) => {
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
    const layoutCold = await clickLayout();
    await h.respond((await h.next('applyLayout', 120000)).id, null);
    await h.page.waitForTimeout(1500);
    const cpu1 = await cpuMs();
    const layout = await clickLayout();
    const layoutCpu = (await cpuMs()) - cpu1;
    await h.respond((await h.next('applyLayout', 120000)).id, null);
    await h.page.waitForTimeout(300);

    // Drag a table for 60 mouse moves while recording frame times, at the zoom the layout left (fit view:
    // every table in view, the costliest case).
    // A table whose header is well inside the canvas (partly visible ones are rendered too).
    const box = await h.page.evaluate(() => {
      const pane = document.querySelector('.react-flow').getBoundingClientRect();
      for (const el of document.querySelectorAll('.react-flow__node .tt-table-header')) {
        const r = el.getBoundingClientRect();
        if (r.left > pane.left + 20 && r.right < pane.right - 300 && r.top > pane.top + 20 && r.bottom < pane.bottom - 300) return { x: r.left, y: r.top, width: r.width, height: r.height };
      }
      return null;
    });
    if (!box) throw new Error('no table header fully inside the canvas to drag');
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
    return { interactive, interactiveCpu, layoutCold, layout, layoutCpu, frame: frames.reduce((a, b) => a + b, 0) / frames.length, worstFrame: Math.max(...frames), rendered, errors: h.errors.length };
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
      interactiveCpu: median(all.map((x) => x.interactiveCpu)),
      layoutCold: median(all.map((x) => x.layoutCold)),
      layout: median(all.map((x) => x.layout)),
      layoutCpu: median(all.map((x) => x.layoutCpu)),
      frame: median(all.map((x) => x.frame)),
      worstFrame: median(all.map((x) => x.worstFrame)),
      rendered: all[0].rendered,
      errors: all.reduce((s, x) => s + x.errors, 0),
    };
    results.push(r);
    console.log(`${String(n).padStart(5)} tables: interactive ${r.interactive.toFixed(0)} ms (CPU ${r.interactiveCpu.toFixed(0)} ms), auto layout ${r.layout.toFixed(0)} ms (CPU ${r.layoutCpu.toFixed(0)} ms; cold engine ${r.layoutCold.toFixed(0)} ms), drag frame ${r.frame.toFixed(1)} ms mean (${r.worstFrame.toFixed(0)} ms worst), ${r.rendered} nodes in the DOM${r.errors ? `, ${r.errors} page errors` : ''}`);
  }
} finally {
  await browser.close();
}

const bundleKb = Math.round(statSync(join(root, 'dist/webview/canvas.js')).size / 1024);
const at300 = results.find((r) => r.n === 300);
const verdict = at300
  ? `300 tables: interactive in ${at300.interactive.toFixed(0)} ms wall / ${at300.interactiveCpu.toFixed(0)} ms CPU (${at300.interactive < 1000 ? 'under' : 'NOT under'} 1 s wall), ` +
    `laid out in ${at300.layout.toFixed(0)} ms wall / ${at300.layoutCpu.toFixed(0)} ms CPU (${at300.layout < 1000 ? 'under' : 'NOT under'} 1 s wall).`
  : '';
const md = [
  '# Modeling canvas benchmark',
  '',
  `Generated by \`npm run bench:canvas\` on ${new Date().toISOString().slice(0, 10)}: headless Chromium (${CHROMIUM}), ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; load average ${startLoad} at the start, ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end.`,
  `The real bundle (dist/webview/canvas.js, ${bundleKb} KB as built by \`node esbuild.mjs\`) under the page and CSP VS Code shows, with a fake host; viewport 1400×900.`,
  `Each table has 10 fields; 9 tables in 10 reference another one. Median of ${runs} runs.`,
  '',
  '- **Interactive**: from the host\'s state message until every rendered table node is painted and measured and the edges are drawn (`onlyRenderVisibleElements`: only tables in view are in the DOM).',
  '- **Auto layout**: from the click on "Auto layout" until the frame after the new positions are applied (dagre layered per connected component, components packed in rows),',
  '  clicked 1.5 s after a first layout. **Cold** is that first click, right after the first render (the layout code not yet compiled by the JIT).',
  '- **Drag frame**: mean time between animation frames while a table is dragged for 60 mouse moves.',
  '- **CPU**: CPU time used by all Chromium processes over the same interval (what the work costs when the machine is shared).',
  '',
  '| Tables | Interactive, wall (ms) | Interactive, CPU (ms) | Auto layout, wall (ms) | Auto layout, CPU (ms) | Auto layout, cold (ms) | Drag frame, mean (ms) | Drag frame, worst (ms) | Nodes in DOM |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.n} | ${r.interactive.toFixed(0)} | ${r.interactiveCpu.toFixed(0)} | ${r.layout.toFixed(0)} | ${r.layoutCpu.toFixed(0)} | ${r.layoutCold.toFixed(0)} | ${r.frame.toFixed(1)} | ${r.worstFrame.toFixed(0)} | ${r.rendered} |`),
  '',
  verdict,
  '',
].join('\n');
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/canvas.md'), md);
console.log(`\n${verdict}\nWritten to bench/results/canvas.md`);
