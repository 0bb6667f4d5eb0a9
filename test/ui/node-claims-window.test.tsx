import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { clusterView, nodeClaimRow, viewModel } from '../../src/testing/view-model-fixtures.js';
import { KEYS, type RenderedApp, detailText, renderApp, rowOrder, tableHeading, tableRows, typed } from './render-app.js';

const GI = 1024 ** 3;
const view = viewModel({
  clusters: [
    clusterView({
      nodeClaims: [
        nodeClaimRow({
          name: 'web-aaaaa',
          cpu: { used: 500, limit: 2000 },
          memory: { used: 6 * GI, limit: 8 * GI },
          pricePerHour: 0.096,
          ageSeconds: 300,
        }),
        nodeClaimRow({
          name: 'web-bbbbb',
          capacityType: 'spot',
          instanceType: 'c5.xlarge',
          zone: 'us-east-1b',
          state: 'Drifted',
          cpu: { used: 1800, limit: 2000 },
          memory: { used: 1 * GI, limit: 8 * GI },
          pricePerHour: 0.05,
          ageSeconds: 7200,
        }),
        nodeClaimRow({
          name: 'web-ccccc',
          state: 'Launched',
          cpu: { used: 1000, limit: 2000 },
          memory: { used: 2 * GI, limit: 8 * GI },
          pricePerHour: undefined,
          ageSeconds: 30,
        }),
      ],
    }),
  ],
});
const names = ['web-aaaaa', 'web-bbbbb', 'web-ccccc'];

describe('NodeClaims window', () => {
  let app: RenderedApp;
  afterEach(() => app.unmount());

  it('shows pool, type, capacity, zone, age, state, a utilisation bar and $/h', async () => {
    app = await renderApp({ view });
    await app.press('2');
    const heading = tableHeading(app.frame());
    for (const column of ['NAME', 'POOL', 'TYPE', 'CAPACITY', 'ZONE', 'AGE', 'STATE', 'CPU', '$/H'])
      assert.ok(heading.includes(` ${column} `), column);
    const rows = tableRows(app.frame());
    assert.equal(rows.length, 3);
    const spot = rows.find((r) => r.includes('web-bbbbb'))!;
    assert.match(spot, /c5\.xlarge\s+spot\s+us-east-1b\s+2h\s+Drifted\s+█+.* 90%/);
    assert.match(spot, /\$0\.05/);
    assert.match(rows.find((r) => r.includes('web-aaaaa'))!, /Initialized\s+█▌?\s+25%/);
    assert.match(rows.find((r) => r.includes('web-ccccc'))!, /Launched.*\?$/);
  });

  it('describes the selected NodeClaim and follows the cursor', async () => {
    app = await renderApp({ view });
    await app.press('2');
    assert.match(detailText(app.frame()), /NodeClaim: web-aaaaa \(pool default\)/);
    await app.press('j', 'j');
    assert.match(detailText(app.frame()), /NodeClaim: web-ccccc/);
    assert.match(detailText(app.frame()), /Cost: unknown/);
    await app.press('k');
    assert.match(detailText(app.frame()), /State: Drifted/);
  });

  it('filters (and negates) by any column', async () => {
    app = await renderApp({ view });
    await app.press('2', '/', ...typed('spot'), KEYS.enter);
    assert.deepEqual(
      tableRows(app.frame()).map((r) => r.trim().split(/\s+/)[1] ?? r.trim().split(/\s+/)[0]),
      ['web-bbbbb'],
    );
    await app.press('/', ...typed('!drifted'), KEYS.enter);
    assert.equal(tableRows(app.frame()).length, 2);
    assert.ok(
      !app
        .frame()
        .split('\n')
        .some((l) => l.includes('web-bbbbb') && !l.includes('details')),
    );
  });

  it('sorts by CPU, memory, price and age, each reversible', async () => {
    app = await renderApp({ view });
    await app.press('2', 'C');
    assert.deepEqual(rowOrder(app.frame(), names), ['web-bbbbb', 'web-ccccc', 'web-aaaaa']);
    await app.press('C');
    assert.deepEqual(rowOrder(app.frame(), names), ['web-aaaaa', 'web-ccccc', 'web-bbbbb']);
    await app.press('M');
    assert.deepEqual(rowOrder(app.frame(), names), ['web-aaaaa', 'web-ccccc', 'web-bbbbb']);
    await app.press('P');
    assert.deepEqual(rowOrder(app.frame(), names), ['web-aaaaa', 'web-bbbbb', 'web-ccccc']);
    await app.press('A');
    assert.deepEqual(rowOrder(app.frame(), names), ['web-bbbbb', 'web-aaaaa', 'web-ccccc']);
    await app.press('A');
    assert.deepEqual(rowOrder(app.frame(), names), ['web-ccccc', 'web-aaaaa', 'web-bbbbb']);
  });
});
