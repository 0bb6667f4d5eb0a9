import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { clusterView, poolRow, viewModel } from '../../src/testing/view-model-fixtures.js';
import { KEYS, type RenderedApp, detailText, renderApp, rowOrder, tableHeading, tableRows, typed } from './render-app.js';

const GI = 1024 ** 3;
const view = viewModel({
  clusters: [
    clusterView({
      pools: [
        poolRow({
          name: 'default',
          cpu: { used: 50_000, limit: 100_000 },
          memory: { used: 40 * GI, limit: 400 * GI },
          pricePerHour: 1.2,
          nodes: 4,
        }),
        poolRow({
          name: 'gpu',
          cpu: { used: 9_500, limit: 10_000 },
          memory: { used: 10 * GI, limit: 400 * GI },
          pricePerHour: 7.5,
          pricesIncomplete: true,
          driftedNodes: 2,
          syncStatus: 'live-drifted',
          consolidationPolicy: 'WhenEmpty',
        }),
        poolRow({ name: 'batch', cpu: { used: 1_000, limit: 100_000 }, memory: { used: 300 * GI, limit: 400 * GI }, pricePerHour: 3 }),
      ],
    }),
  ],
});

describe('Pools window', () => {
  let app: RenderedApp;
  afterEach(() => app.unmount());

  it('shows every column and each pool with CPU and memory meters, $/h, policy, budget, drifted and sync', async () => {
    app = await renderApp({ view });
    const heading = tableHeading(app.frame());
    for (const column of ['NAME', 'NODES', 'CPU', 'MEMORY', '$/H', 'POLICY', 'BUDGET', 'DRIFT', 'SYNC'])
      assert.ok(heading.includes(` ${column} `), column);
    const rows = tableRows(app.frame());
    assert.equal(rows.length, 3);
    const gpu = rows.find((r) => r.includes('gpu'))!;
    assert.match(gpu, /█+.* 95%/);
    assert.match(gpu, /≥\$7\.50/);
    assert.match(gpu, /~ live-drifted/);
    assert.match(gpu, /WhenEmpty /);
    assert.match(gpu, / 2 /);
    assert.match(rows.find((r) => r.includes('default'))!, /█+.* 50%.* 10%.*\$1\.20.*✓ in-sync/);
  });

  it('describes the selected pool, and the cursor moves the description', async () => {
    app = await renderApp({ view });
    assert.match(detailText(app.frame()), /NodePool: default \(weight 10, 4 nodes\)/);
    assert.match(detailText(app.frame()), /CPU: 50 \/ 100 limit/);
    await app.press('j');
    assert.match(detailText(app.frame()), /NodePool: gpu/);
    assert.match(tableRows(app.frame()).find((r) => r.includes('gpu'))!, /^› /);
    await app.press(KEYS.down, 'k');
    assert.match(detailText(app.frame()), /NodePool: gpu/);
    await app.press('G');
    assert.match(detailText(app.frame()), /NodePool: batch/);
    await app.press('g');
    assert.match(detailText(app.frame()), /NodePool: default/);
  });

  it('filters by text, and by everything but the text with !', async () => {
    app = await renderApp({ view });
    await app.press('/', ...typed('gpu'), KEYS.enter);
    assert.deepEqual(
      tableRows(app.frame()).map((r) => r.split(/\s+/)[1]),
      ['gpu'],
    );
    assert.match(app.frame(), /filter: gpu/);
    await app.press('/', ...typed('!gpu'), KEYS.enter);
    assert.deepEqual(rowOrder(app.frame(), ['default', 'batch']), ['default', 'batch']);
    assert.equal(tableRows(app.frame()).length, 2);
    await app.press(KEYS.escape);
    assert.equal(tableRows(app.frame()).length, 3);
  });

  it('sorts by CPU, memory and price, and reverses on a second press', async () => {
    app = await renderApp({ view });
    const names = ['default', 'gpu', 'batch'];
    await app.press('C');
    assert.deepEqual(rowOrder(app.frame(), names), ['gpu', 'default', 'batch']);
    assert.match(app.frame(), /sort: cpu ↓/);
    await app.press('C');
    assert.deepEqual(rowOrder(app.frame(), names), ['batch', 'default', 'gpu']);
    assert.match(app.frame(), /sort: cpu ↑/);
    await app.press('M');
    assert.deepEqual(rowOrder(app.frame(), names), ['batch', 'default', 'gpu']);
    await app.press('P');
    assert.deepEqual(rowOrder(app.frame(), names), ['gpu', 'batch', 'default']);
  });
});
