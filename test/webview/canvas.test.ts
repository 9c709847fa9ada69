// The canvas bundle (dist/webview/canvas.js) in headless Chromium under the page VS Code shows (same CSP),
// with a fake host: what the user sees, and the messages the host receives when they act.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { openCanvas, CHROMIUM, LAUNCH_ARGS, chromiumMissing, bundleMissing, type FakeHost } from './canvas-host';
import { generatedState, shopState } from './canvas-fixtures';
import type { CanvasState } from '../../src/protocol/canvas';
import { NODE_WIDTH, nodeHeight } from '../../webview/canvas/graph';

const skip = chromiumMissing ?? bundleMissing;
let browser: Browser;
before(async () => {
  if (!skip) browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
});
after(async () => browser?.close());

async function ready(state: CanvasState = shopState(), theme?: 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast'): Promise<FakeHost> {
  const h = await openCanvas({ browser, theme });
  await h.next('ready', 60000);
  await h.sendState(state);
  await h.page.waitForSelector('.react-flow__node .tt-table');
  // Edges appear once React Flow has measured the handles.
  const edges = state.relationships.filter((r) => state.tables.some((t) => t.id === r.source)).length + state.suggestions.filter((s) => s.confidence >= 0.5).length;
  await h.page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge').length >= n, edges);
  return h;
}

/** Waits (React Flow renders edges a frame after nodes) until `selector` matches `n` elements. */
async function count(h: FakeHost, selector: string, n: number, what: string) {
  try {
    await h.page.waitForFunction(([sel, k]) => document.querySelectorAll(sel as string).length === k, [selector, n] as const, { timeout: 5000 });
  } catch {
    assert.equal(await h.page.locator(selector).count(), n, what);
  }
}

async function center(h: FakeHost, selector: string) {
  const box = await h.page.locator(selector).first().boundingBox();
  assert.ok(box, `${selector} is on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('renders tables, columns with markers, relationships and suggestions, under the CSP without errors', { skip }, async () => {
  const h = await ready();
  try {
    const names = await h.page.locator('.tt-table-name').allTextContents();
    assert.deepEqual(names.sort(), ['customers', 'order_items', 'orders', 'products']);
    const orders = h.page.locator('.tt-table[data-table="orders"]');
    assert.deepEqual(await orders.locator('.tt-column-name').allTextContents(), ['id', 'customer_id', 'placed_at']);
    assert.equal(await orders.locator('[data-column="id"] .tt-pk').textContent(), 'PK');
    assert.equal(await orders.locator('[data-column="customer_id"] .tt-fk').textContent(), 'FK');
    assert.equal(await h.page.locator('.tt-table[data-table="products"] [data-column="price"] .tt-nullable').count(), 1);
    // one handle per column on each side
    assert.equal(await orders.locator('.tt-column .react-flow__handle').count(), 6);

    const labels = await h.page.locator('.tt-edge-label').allTextContents();
    assert.ok(labels.includes('N:1'), `declared edge labelled N:1 (${labels})`);
    assert.ok(labels.some((l) => l.startsWith('N:1 · 0.93')), 'suggestion labelled with type and confidence');
    assert.ok(!labels.some((l) => l.includes('0.30')), 'a suggestion below the threshold is not drawn');
    await count(h, '.react-flow__edge.tt-edge-suggestion', 2, 'two suggestions drawn');
    const dash = await h.page.locator('.tt-edge-path-suggestion').first().evaluate((e) => getComputedStyle(e).strokeDasharray);
    assert.notEqual(dash, 'none', 'suggestions are dashed');
    const tooltip = await h.page.locator('.tt-edge-label[data-edge="order_items.order_id->orders.id"]').getAttribute('title');
    assert.match(tooltip ?? '', /order_id names table orders/);
    assert.match(tooltip ?? '', /data: all 40 distinct values/);

    // @vscode-elements buttons render (shadow DOM, styles applied) under the CSP
    const button = await h.page.locator('vscode-button', { hasText: 'Auto layout' }).evaluate((b) => {
      const base = b.shadowRoot?.querySelector('[part="base"], .base, button, div');
      const r = b.getBoundingClientRect();
      return { w: r.width, h: r.height, shadow: !!b.shadowRoot, bg: base ? getComputedStyle(base).backgroundColor : null };
    });
    assert.ok(button.shadow && button.w > 40 && button.h > 16, JSON.stringify(button));
    assert.ok(await h.page.locator('.react-flow__minimap').isVisible(), 'minimap shown');
    assert.deepEqual(h.errors, [], 'no script error and no CSP violation');
  } finally {
    await h.close();
  }
});

test('dragging a table sends moveNodes with its new position', { skip }, async () => {
  const h = await ready();
  try {
    const from = await center(h, '.tt-table[data-table="products"] .tt-table-name');
    await h.page.mouse.move(from.x, from.y);
    await h.page.mouse.down();
    for (let i = 1; i <= 10; i++) await h.page.mouse.move(from.x - 12 * i, from.y + 9 * i);
    await h.page.mouse.up();
    const req = await h.next('moveNodes');
    const positions = (req.params as { positions: Record<string, { x: number; y: number }> }).positions;
    assert.deepEqual(Object.keys(positions), ['products'], 'only the moved table (the others have saved positions)');
    assert.ok(positions.products.x < 800 && positions.products.y > 300, `moved left and down from (800, 300): ${JSON.stringify(positions.products)}`);
    await h.respond(req.id!, null);
  } finally {
    await h.close();
  }
});

test('connecting a column to a column sends createRelationship; the host\'s answer shows up', { skip }, async () => {
  const h = await ready();
  try {
    const from = await center(h, '.tt-table[data-table="customers"] [data-column="referrer_id"] .react-flow__handle-right');
    const to = await center(h, '.tt-table[data-table="customers"] [data-column="id"] .react-flow__handle-left');
    await h.page.mouse.move(from.x, from.y);
    await h.page.mouse.down();
    await h.page.mouse.move(from.x + 60, from.y + 40, { steps: 5 });
    await h.page.mouse.move(to.x, to.y, { steps: 10 });
    await h.page.mouse.up();
    const req = await h.next('createRelationship');
    assert.deepEqual(req.params, { source: 'customers', sourceColumns: ['referrer_id'], target: 'customers', targetColumns: ['id'] });

    // The host validates; a refusal becomes a visible notice and changes nothing.
    await h.fail(req.id!, 'customers.referrer_id already references customers.id');
    await h.page.getByText('customers.referrer_id already references customers.id').waitFor();
  } finally {
    await h.close();
  }
});

test('accepting a suggestion on its edge sends acceptSuggestions; the new state draws it as a relationship', { skip }, async () => {
  const state = shopState();
  const h = await ready(state);
  try {
    await h.page.locator('.tt-edge-label[data-edge="order_items.order_id->orders.id"] .tt-accept').click();
    const req = await h.next('acceptSuggestions');
    assert.deepEqual(req.params, { ids: ['order_items.order_id->orders.id'] });
    const [accepted, ...rest] = state.suggestions;
    await h.sendState({ ...state, relationships: [...state.relationships, { ...accepted, origin: 'inferred' }], suggestions: rest, needsRetraining: true, history: { canUndo: true, canRedo: false }, revision: 2 });
    await h.respond(req.id!, { accepted: 1 });
    await h.page.locator('[data-relationship="order_items.order_id->orders.id"]').waitFor();
    await count(h, '.react-flow__edge.tt-edge-suggestion', 1, 'one suggestion left');
    await count(h, '.react-flow__edge.tt-edge-relationship', 2, 'two relationships drawn');
    assert.ok(await h.page.getByText('needs retraining').isVisible());
    assert.equal(await h.page.locator('vscode-button', { hasText: 'Undo' }).evaluate((b) => b.hasAttribute('disabled')), false);
  } finally {
    await h.close();
  }
});

test('keyboard: accept all above the threshold, reject one, change a type, undo', { skip }, async () => {
  const h = await ready();
  try {
    const threshold = h.page.locator('#tt-threshold');
    await threshold.fill('0.85');
    await h.page.waitForFunction(() => document.querySelectorAll('.react-flow__edge.tt-edge-suggestion').length === 1);
    assert.equal(await h.page.locator('[data-suggestion]').count(), 1, 'only 0.93 is listed at 0.85');
    await h.page.locator('vscode-button', { hasText: 'Accept all ≥ 0.85' }).focus();
    await h.page.keyboard.press('Enter');
    assert.deepEqual((await h.next('acceptSuggestions')).params, { minConfidence: 0.85 });

    await threshold.fill('0.5');
    await h.page.locator('[data-suggestion="order_items.product_id->products.id"] vscode-button', { hasText: 'Reject' }).focus();
    await h.page.keyboard.press('Enter');
    assert.deepEqual((await h.next('rejectSuggestions')).params, { ids: ['order_items.product_id->products.id'] });

    await h.page.locator('select[aria-label="Type of orders.customer_id->customers.id"]').selectOption('one-to-one');
    assert.deepEqual((await h.next('updateRelationship')).params, { id: 'orders.customer_id->customers.id', type: 'one-to-one' });

    await h.page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await h.page.keyboard.press('Control+z');
    await h.next('undo');
  } finally {
    await h.close();
  }
});

test('broken relationships, problems and a read-only (invalid) file are shown and explained', { skip }, async () => {
  const base = shopState();
  const broken = { id: 'orders.coupon_id->coupons.id', source: 'orders', sourceColumns: ['coupon_id'], target: 'customers', targetColumns: ['id'], type: 'many-to-one' as const, confidence: 1, origin: 'user' as const, evidence: [], broken: 'column orders.coupon_id no longer exists' };
  const h = await ready({ ...base, relationships: [...base.relationships, broken], problems: [{ severity: 'error', message: 'shop.json: /modeling/positions/x must be object' }], readOnly: true });
  try {
    await h.page.getByText('Broken: column orders.coupon_id no longer exists').waitFor();
    await count(h, '.react-flow__edge.tt-edge-broken', 1, 'drawn table to table, marked broken');
    assert.ok(await h.page.getByRole('alert').filter({ hasText: 'must be object' }).isVisible());
    assert.ok(await h.page.getByText('read-only: the dataset file is invalid').isVisible());
    assert.equal(await h.page.locator('.tt-accept').count(), 0, 'no accept buttons while read-only');
    assert.equal(await h.page.locator('vscode-button', { hasText: 'Delete' }).first().evaluate((b) => b.hasAttribute('disabled')), true);
  } finally {
    await h.close();
  }
});

test('filter hides other tables; add and remove tables; dark theme', { skip }, async () => {
  const h = await ready(shopState(), 'vscode-dark');
  try {
    assert.ok(await h.page.locator('.react-flow.dark').count(), 'React Flow follows the dark theme');
    await h.page.locator('vscode-textfield.tt-search').click();
    await h.page.keyboard.type('product');
    await h.page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 2);
    assert.deepEqual((await h.page.locator('.tt-table-name').allTextContents()).sort(), ['order_items', 'products'], 'products, and order_items for its product_id column');
    // The search says how many tables match, and no edge is left pointing at a hidden table.
    assert.equal(await h.page.locator('.tt-filter-count').innerText(), '2 of 4 tables');
    const drawn = await h.page.locator('.react-flow__edge').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.ok(drawn.length > 0, 'the edge between the two shown tables stays');
    for (const label of drawn) assert.ok(!/customers|orders\./.test(label.replace(/order_items/g, '')), `an edge to a hidden table is drawn: ${label}`);

    await h.page.locator('select[aria-label="Table to add"]').selectOption('suppliers');
    await h.page.locator('vscode-button', { hasText: 'Add' }).click();
    assert.deepEqual((await h.next('addTables')).params, { tables: ['suppliers'] });
    await h.page.locator('button[aria-label="Remove products from the dataset"]').click();
    assert.deepEqual((await h.next('removeTables')).params, { tables: ['products'] });
  } finally {
    await h.close();
  }
});

test('auto layout sends positions for every table without overlaps; export sends a PNG data URL', { skip }, async () => {
  const h = await ready();
  try {
    await h.page.locator('vscode-button', { hasText: 'Auto layout' }).click();
    const req = await h.next('applyLayout');
    const positions = (req.params as { positions: Record<string, { x: number; y: number }> }).positions;
    assert.deepEqual(Object.keys(positions).sort(), ['customers', 'order_items', 'orders', 'products']);
    const ids = Object.keys(positions);
    for (const a of ids) for (const b of ids) {
      if (a < b) assert.ok(Math.abs(positions[a].x - positions[b].x) >= 260 || Math.abs(positions[a].y - positions[b].y) >= 100, `${a} and ${b} do not overlap`);
    }
    await h.respond(req.id!, null);

    await h.page.locator('vscode-button', { hasText: 'Export PNG' }).click();
    const exp = await h.next('exportImage', 20000);
    const p = exp.params as { format: string; dataUrl: string };
    assert.equal(p.format, 'png');
    assert.match(p.dataUrl, /^data:image\/png;base64,/);
    assert.ok(p.dataUrl.length > 5000, 'an actual image');
    await h.respond(exp.id!, { path: '/tmp/shop.png' });
    await h.page.getByText('Saved /tmp/shop.png').waitFor();
    assert.deepEqual(h.errors, []);
  } finally {
    await h.close();
  }
});

type Box = { left: number; right: number; top: number; bottom: number };

/** Each table node's box on screen, by table id, once `n` of them are drawn. */
async function tableBoxes(h: FakeHost, n: number): Promise<Record<string, Box>> {
  await h.page.waitForFunction((k) => document.querySelectorAll('.react-flow__node[data-id]').length === k, n, { timeout: 20_000 });
  return h.page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('.react-flow__node[data-id]')).map((e) => {
    const r = e.getBoundingClientRect();
    return [e.getAttribute('data-id')!, { left: r.left, right: r.right, top: r.top, bottom: r.bottom }];
  })));
}

/** What Auto layout promises, as drawn: no table covers another, and a table sits left of every table it references. */
function assertLayout(boxes: Record<string, Box>, links: { source: string; target: string }[]) {
  const ids = Object.keys(boxes).sort();
  for (const [i, a] of ids.entries()) for (const b of ids.slice(i + 1)) {
    const [p, q] = [boxes[a], boxes[b]];
    assert.ok(p.right <= q.left + 0.5 || q.right <= p.left + 0.5 || p.bottom <= q.top + 0.5 || q.bottom <= p.top + 0.5, `${a} ${JSON.stringify(p)} overlaps ${b} ${JSON.stringify(q)}`);
  }
  for (const l of links) {
    assert.ok(boxes[l.source].right <= boxes[l.target].left + 0.5, `${l.source} references ${l.target} but is not left of it: ${JSON.stringify(boxes[l.source])} vs ${JSON.stringify(boxes[l.target])}`);
  }
}

test('after Auto layout no table covers another and each table is left of the tables it references (4 tables, and 60 in one big group)', { skip }, async () => {
  const shop = shopState();
  const h = await ready(shop);
  try {
    await h.page.locator('vscode-button', { hasText: 'Auto layout' }).click();
    await h.respond((await h.next('applyLayout')).id!, null);
    const drawn = [...shop.relationships, ...shop.suggestions.filter((s) => s.confidence >= 0.5)];
    assert.equal(drawn.length, 3, 'orders -> customers, order_items -> orders, order_items -> products');
    assertLayout(await tableBoxes(h, 4), drawn);
    assert.deepEqual(h.errors, []);
  } finally {
    await h.close();
  }

  // Past 50 tables in one related group the layout switches to its faster ranker; the promise holds there too.
  // Not every table is in view (so in the DOM) at a readable zoom: the boxes come from the positions sent and the
  // sizes the canvas gives its nodes, checked against the drawn ones for the tables in view.
  const many = generatedState(60, 6, true);
  const big = await openCanvas({ browser, width: 1600, height: 1000 });
  try {
    await big.next('ready', 60000);
    await big.sendState(many);
    await big.page.waitForSelector('.react-flow__node .tt-table');
    await big.page.locator('vscode-button', { hasText: 'Auto layout' }).click();
    const req = await big.next('applyLayout', 60000);
    const positions = (req.params as { positions: Record<string, { x: number; y: number }> }).positions;
    await big.respond(req.id!, null);
    assert.equal(Object.keys(positions).length, 60);
    const sized = Object.fromEntries(many.tables.map((t) => {
      const p = positions[t.id];
      return [t.id, { left: p.x, right: p.x + NODE_WIDTH, top: p.y, bottom: p.y + nodeHeight(t) }];
    }));
    const shown = await big.page.evaluate(() => Array.from(document.querySelectorAll('.react-flow__node[data-id]')).map((e) => ({ id: e.getAttribute('data-id')!, w: (e as HTMLElement).offsetWidth, h: (e as HTMLElement).offsetHeight })));
    assert.ok(shown.length > 0);
    for (const s of shown) assert.deepEqual([s.w, s.h], [sized[s.id].right - sized[s.id].left, sized[s.id].bottom - sized[s.id].top], `${s.id} is drawn at the size laid out`);
    assert.ok(many.relationships.length > 45, `${many.relationships.length} references`);
    assertLayout(sized, many.relationships);
    assert.deepEqual(big.errors, []);
  } finally {
    await big.close();
  }
});

test('table and column comments show on the canvas (the meaning of cryptic names)', { skip }, async () => {
  const state = shopState();
  state.tables = state.tables.map((t) =>
    t.id === 'orders' ? { ...t, comment: '销售订单', columns: t.columns.map((c) => (c.name === 'placed_at' ? { ...c, comment: '下单时间' } : c)) } : t,
  );
  const h = await ready(state);
  try {
    const orders = h.page.locator('.tt-table[data-table="orders"]');
    assert.equal(await orders.locator('.tt-table-comment').textContent(), '销售订单');
    assert.ok(await orders.locator('.tt-table-comment').isVisible());
    assert.equal(await orders.locator('[data-column="placed_at"] .tt-column-comment').textContent(), '下单时间');
    assert.equal(await orders.locator('[data-column="placed_at"]').getAttribute('title'), '下单时间');
    assert.equal(await h.page.locator('.tt-table[data-table="products"] .tt-table-comment').count(), 0, 'no comment, no line');
    assert.deepEqual(h.errors, []);
  } finally {
    await h.close();
  }
});

/** The canvas's zoom, from React Flow's viewport transform. */
async function zoom(h: FakeHost): Promise<number> {
  const transform = await h.page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1]);
}

test('first impressions: a fit keeps names readable (zoom >= 0.6), follows the panel\'s size until the user moves, and Auto layout on a fresh canvas says it is already laid out', { skip }, async () => {
  // 40 tables in a narrow panel: fitting them all would zoom out to unreadable text.
  const many = generatedState(40, 8, true);
  const narrow = await openCanvas({ browser, width: 700, height: 600 });
  try {
    await narrow.next('ready', 60000);
    await narrow.sendState(many);
    await narrow.page.waitForSelector('.react-flow__node .tt-table');
    await narrow.page.waitForFunction(() => /scale\(/.test((document.querySelector('.react-flow__viewport') as HTMLElement | null)?.style.transform ?? ''));
    assert.ok((await zoom(narrow)) >= 0.6, `opened at zoom ${await zoom(narrow)}`);
  } finally {
    await narrow.close();
  }

  // A fresh dataset (no saved positions): laid out on open; Auto layout then says so, and still saves the layout.
  const h = await openCanvas({ browser, width: 900, height: 600 });
  try {
    await h.next('ready', 60000);
    await h.sendState(shopState({ positions: {} }));
    await h.page.waitForSelector('.react-flow__node .tt-table');
    await h.page.waitForFunction(() => /scale\(/.test((document.querySelector('.react-flow__viewport') as HTMLElement | null)?.style.transform ?? ''));
    const before = await zoom(h);
    // The panel grows (a sidebar closed beside it): the drawing is fitted again.
    await h.page.setViewportSize({ width: 1500, height: 900 });
    await h.page.waitForFunction((z) => Number(/scale\(([\d.]+)\)/.exec((document.querySelector('.react-flow__viewport') as HTMLElement).style.transform)?.[1]) !== z, before, { timeout: 10_000 });
    await h.page.locator('vscode-button', { hasText: 'Auto layout' }).click();
    const req = await h.next('applyLayout');
    await h.respond(req.id!, null);
    await h.page.getByText('The 4 tables are already in the automatic layout.').waitFor();
  } finally {
    await h.close();
  }
});
