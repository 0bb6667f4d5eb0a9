import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  clusterView,
  decisionRow,
  logLineRow,
  nodeClaimRows,
  podRow,
  poolRow,
  spotEventRow,
  viewModel,
} from '../../src/testing/view-model-fixtures.js';
import { KEYS, type RenderedApp, renderApp, tableRows } from './render-app.js';

const N = 2000;
const big = viewModel({
  clusters: [
    clusterView({
      pools: Array.from({ length: N }, (_, i) => poolRow({ name: `pool-${i}` })),
      nodeClaims: nodeClaimRows(N),
      pods: Array.from({ length: N }, (_, i) =>
        podRow({ name: `pod-${i}`, pending: i % 3 === 0, reason: i % 3 === 0 ? 'no instance type fits' : undefined }),
      ),
      spotEvents: Array.from({ length: N }, (_, i) => spotEventRow({ key: `e${i}`, instanceId: `i-${i}` })),
      decisions: Array.from({ length: N }, (_, i) => decisionRow({ name: `d-${i}` })),
    }),
  ],
  log: Array.from({ length: N }, (_, i) => logLineRow({ key: String(i), message: `line ${i}` })),
});

const width = (line: string) => [...line].length;

describe('layout', () => {
  let app: RenderedApp;
  afterEach(() => app.unmount());

  for (const [columns, rows] of [
    [80, 24],
    [120, 40],
    [200, 60],
  ] as const) {
    it(`never draws taller than ${columns}x${rows} or wider, in any window, with ${N} rows`, async () => {
      app = await renderApp({ view: big, columns, rows });
      for (const window of ['1', '2', '3', '4', '5', '6']) {
        await app.press(window);
        for (const keys of [[], [KEYS.pageDown, KEYS.pageDown], ['G'], [KEYS.enter], [KEYS.escape, 'g']]) {
          await app.press(...keys);
          const lines = app.frame().split('\n');
          assert.ok(lines.length <= rows - 1, `window ${window}: ${lines.length} lines in ${rows} rows`);
          for (const line of lines) assert.ok(width(line) <= columns, `window ${window}: a line of ${width(line)} columns: ${line}`);
        }
      }
      await app.press('5', 'a');
      assert.ok(app.frame().split('\n').length <= rows - 1);
      await app.press(KEYS.escape, '?');
      assert.ok(app.frame().split('\n').length <= rows - 1);
    });
  }

  it('windows the table around the cursor', async () => {
    app = await renderApp({ view: big, columns: 120, rows: 40 });
    await app.press('2');
    assert.match(tableRows(app.frame())[0], /^› default-00001/);
    await app.press(KEYS.pageDown);
    const page = tableRows(app.frame());
    const selected = page.findIndex((r) => r.startsWith('›'));
    assert.ok(selected > 0 && selected < page.length - 1, 'cursor inside the window');
    assert.match(app.frame(), /NodeClaims \d+\/2000/);
    await app.press('G');
    const last = tableRows(app.frame());
    assert.match(last[last.length - 1], /^› default-02000/);
  });

  it('shows one centred line below 80x24', async () => {
    app = await renderApp({ columns: 60, rows: 20 });
    const lines = app.frame().split('\n');
    const text = lines.filter((l) => l.trim() !== '');
    assert.deepEqual(
      text.map((l) => l.trim()),
      ['terminal too small (need 80x24, have 60x20)'],
    );
    const line = text[0];
    assert.ok(Math.abs(line.indexOf('t') - (60 - line.trim().length) / 2) <= 1, 'centred horizontally');
    assert.ok(lines.length <= 19);
  });

  it('shows the too-small line at 79x24 and 80x23 too', async () => {
    app = await renderApp({ columns: 79, rows: 24 });
    assert.match(app.frame(), /terminal too small \(need 80x24, have 79x24\)/);
    app.unmount();
    app = await renderApp({ columns: 80, rows: 23 });
    assert.match(app.frame(), /have 80x23/);
  });
});
