import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { clusterView, spotEventRow, viewModel } from '../../src/testing/view-model-fixtures.js';
import { timeOfDay } from '../../ui/state/format.js';
import { KEYS, type RenderedApp, detailText, renderApp, rowOrder, tableHeading, tableRows, typed } from './render-app.js';

const view = viewModel({
  clusters: [
    clusterView({
      spotEvents: [
        spotEventRow({
          key: 'e3',
          instanceId: 'i-0ccc',
          time: '2026-01-01T12:30:00Z',
          kind: 'interruption',
          action: 'cordoned, draining',
          done: false,
          tookSeconds: undefined,
        }),
        spotEventRow({
          key: 'e2',
          instanceId: 'i-0bbb',
          time: '2026-01-01T12:20:00Z',
          kind: 'rebalance',
          action: 'recorded (no action)',
          tookSeconds: undefined,
        }),
        spotEventRow({
          key: 'e1',
          instanceId: 'i-0aaa',
          time: '2026-01-01T12:10:00Z',
          zone: 'us-east-1c',
          action: 'drained; replaced by web-x7k2p',
          tookSeconds: 95,
        }),
      ],
    }),
  ],
});
const names = ['i-0ccc', 'i-0bbb', 'i-0aaa'];

describe('Spot events window', () => {
  let app: RenderedApp;
  afterEach(() => app.unmount());

  it('shows time, instance, type, zone, kind, what karpd did and how long it took, newest first', async () => {
    app = await renderApp({ view });
    await app.press('4');
    const heading = tableHeading(app.frame());
    for (const column of ['TIME', 'INSTANCE', 'TYPE', 'ZONE', 'KIND', 'ACTION', 'TOOK'])
      assert.ok(heading.includes(` ${column} `) || heading.trimEnd().endsWith(`${column} │`), column);
    const rows = tableRows(app.frame());
    assert.deepEqual(rowOrder(app.frame(), names), names);
    assert.ok(rows[0].includes(timeOfDay('2026-01-01T12:30:00Z')));
    assert.match(rows[0], /i-0ccc\s+m5\.large\s+us-east-1a\s+interruption\s+cordoned, draining\s+handling/);
    assert.match(rows[1], /rebalance\s+recorded \(no action\)\s+-$/);
    assert.match(rows[2], /us-east-1c\s+interruption\s+drained; replaced by web-x7k2p\s+95s$/);
  });

  it('describes the selected event', async () => {
    app = await renderApp({ view });
    await app.press('4', 'G');
    assert.match(detailText(app.frame()), /Instance: i-0aaa m5\.large us-east-1c/);
    assert.match(detailText(app.frame()), /Took: 95s/);
    await app.press('k');
    assert.match(detailText(app.frame()), /Spot event: rebalance/);
  });

  it('filters and negates', async () => {
    app = await renderApp({ view });
    await app.press('4', '/', ...typed('replaced'), KEYS.enter);
    assert.deepEqual(rowOrder(app.frame(), ['i-0aaa']), ['i-0aaa']);
    assert.equal(tableRows(app.frame()).length, 1);
    await app.press('/', ...typed('!replaced'), KEYS.enter);
    assert.equal(tableRows(app.frame()).length, 2);
  });

  it('sorts by age (oldest first), reversible', async () => {
    app = await renderApp({ view });
    await app.press('4', 'A');
    assert.deepEqual(rowOrder(app.frame(), names), ['i-0aaa', 'i-0bbb', 'i-0ccc']);
    await app.press('A');
    assert.deepEqual(rowOrder(app.frame(), names), names);
  });
});
