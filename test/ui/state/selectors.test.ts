import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterView, nodeClaimRow, podRow, viewModel } from '../../../src/testing/view-model-fixtures.js';
import { computeLayout, tooSmallMessage } from '../../../ui/state/layout.js';
import {
  createVisibleRowsSelector,
  cursorOf,
  filterAndSort,
  selectedCluster,
  visibleRows,
  windowAround,
} from '../../../ui/state/selectors.js';
import { initialUiState } from '../../../ui/state/ui-state.js';

const claims = [
  nodeClaimRow({ name: 'a', cpu: { used: 500, limit: 2000 }, pricePerHour: 0.3, ageSeconds: 10 }),
  nodeClaimRow({ name: 'b', cpu: { used: 1500, limit: 2000 }, pricePerHour: 0.1, ageSeconds: 30 }),
  nodeClaimRow({ name: 'c', cpu: { used: 1000, limit: 2000 }, pricePerHour: 0.2, ageSeconds: 20, instanceType: 'c5.xlarge' }),
];
const names = (rows: readonly { key: string }[]) => rows.map((r) => r.key);

describe('selectors', () => {
  it('pick the selected cluster, else the first', () => {
    const view = viewModel({ clusters: [clusterView({ name: 'one' }), clusterView({ name: 'two' })] });
    assert.equal(selectedCluster(view, initialUiState())?.name, 'one');
    assert.equal(selectedCluster(view, { ...initialUiState(), cluster: 'two' })?.name, 'two');
    assert.equal(selectedCluster(view, { ...initialUiState(), cluster: 'gone' })?.name, 'one');
    assert.equal(selectedCluster(undefined, initialUiState()), undefined);
  });

  it('filter by text, case-insensitively, and negate with !', () => {
    assert.deepEqual(names(filterAndSort('nodeClaims', claims, 'C5', undefined)), ['c']);
    assert.deepEqual(names(filterAndSort('nodeClaims', claims, '!c5', undefined)), ['a', 'b']);
    assert.deepEqual(names(filterAndSort('nodeClaims', claims, '', undefined)), ['a', 'b', 'c']);
  });

  it('sort by cpu, price and age, largest first, reversed on request', () => {
    assert.deepEqual(names(filterAndSort('nodeClaims', claims, '', { by: 'cpu', reverse: false })), ['b', 'c', 'a']);
    assert.deepEqual(names(filterAndSort('nodeClaims', claims, '', { by: 'cpu', reverse: true })), ['a', 'c', 'b']);
    assert.deepEqual(names(filterAndSort('nodeClaims', claims, '', { by: 'price', reverse: false })), ['a', 'c', 'b']);
    assert.deepEqual(names(filterAndSort('nodeClaims', claims, '', { by: 'age', reverse: false })), ['b', 'c', 'a']);
  });

  it('memoise on the rows array, the filter and the sort', () => {
    const select = createVisibleRowsSelector();
    const sort = { by: 'cpu' as const, reverse: false };
    const first = select('nodeClaims', claims, 'a', sort);
    assert.equal(select('nodeClaims', claims, 'a', sort), first);
    assert.notEqual(select('nodeClaims', [...claims], 'a', sort), first);
  });

  it('give the visible rows of the focused window', () => {
    const view = viewModel({ clusters: [clusterView({ pods: [podRow({ name: 'x' }), podRow({ name: 'y' })] })] });
    const ui = { ...initialUiState('pods'), filter: { ...initialUiState().filter, pods: 'default/y' } };
    assert.deepEqual(names(visibleRows(view, ui)), ['default/y']);
  });

  it('keep the cursor in range, the log at its tail while following', () => {
    const ui = { ...initialUiState(), cursor: { ...initialUiState().cursor, pools: 9, log: 1 } };
    assert.equal(cursorOf(ui, 'pools', 3), 2);
    assert.equal(cursorOf(ui, 'log', 50), 49);
    assert.equal(cursorOf({ ...ui, followLog: false }, 'log', 50), 1);
  });

  it('window the rows around the cursor', () => {
    assert.deepEqual(windowAround(5, 4, 10), { start: 0, end: 5 });
    assert.deepEqual(windowAround(2000, 0, 10), { start: 0, end: 10 });
    assert.deepEqual(windowAround(2000, 1000, 10), { start: 995, end: 1005 });
    assert.deepEqual(windowAround(2000, 1999, 10), { start: 1990, end: 2000 });
  });

  it('lay out a frame one line shorter than the terminal, and say when it is too small', () => {
    for (const [columns, rows] of [
      [80, 24],
      [120, 40],
      [200, 60],
    ]) {
      const layout = computeLayout({ columns, rows }, false);
      assert.equal(layout.tooSmall, false);
      assert.equal(layout.tableRows + layout.detailRows + 7, rows - 1);
      assert.ok(layout.tableRows >= 5);
      const focused = computeLayout({ columns, rows }, true);
      assert.ok(focused.detailRows > layout.detailRows);
    }
    assert.equal(computeLayout({ columns: 79, rows: 24 }, false).tooSmall, true);
    assert.equal(computeLayout({ columns: 80, rows: 23 }, false).tooSmall, true);
    assert.equal(tooSmallMessage(60, 20), 'terminal too small (need 80x24, have 60x20)');
  });
});
