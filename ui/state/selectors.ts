/**
 * Selectors from the view model and the UI state to what the screen shows: the selected cluster, each
 * window's visible rows (filtered and sorted, memoised on their inputs), the cursor and the window of rows
 * around it. Pure.
 */
import type { ClusterView, ViewModel } from '../../src/observe/view-model/view-model.js';
import { type AnyRow, rowsOf, searchText, sortValue } from './rows.js';
import type { SortState, UiState } from './ui-state.js';
import type { WindowId } from './windows.js';

/** The cluster the UI shows: the selected one, else the first. */
export function selectedCluster(view: ViewModel | undefined, ui: UiState): ClusterView | undefined {
  if (view === undefined || view.clusters.length === 0) return undefined;
  return view.clusters.find((c) => c.name === ui.cluster) ?? view.clusters[0];
}

/** A parsed filter: lower-case text, and whether `!` negates it. */
export function parseFilter(filter: string): { readonly text: string; readonly negate: boolean } {
  const negate = filter.startsWith('!');
  return { text: (negate ? filter.slice(1) : filter).trim().toLowerCase(), negate };
}

/** Rows filtered by the window's filter and sorted by its sort (stable; ties keep the view model's order). */
export function filterAndSort(window: WindowId, rows: readonly AnyRow[], filter: string, sort: SortState | undefined): readonly AnyRow[] {
  const { text, negate } = parseFilter(filter);
  let out: readonly AnyRow[] = rows;
  if (text !== '') out = rows.filter((row) => searchText(window, row).toLowerCase().includes(text) !== negate);
  if (sort !== undefined) {
    const keyed = out.map((row, index) => ({ row, index, value: sortValue(window, sort.by, row) ?? 0 }));
    keyed.sort((a, b) => (a.value === b.value ? a.index - b.index : (b.value - a.value) * (sort.reverse ? -1 : 1)));
    out = keyed.map((k) => k.row);
  }
  return out;
}

/** A memoised {@link filterAndSort} per window: recomputed only when the rows array, the filter or the sort changed. */
export function createVisibleRowsSelector(): (
  window: WindowId,
  rows: readonly AnyRow[],
  filter: string,
  sort: SortState | undefined,
) => readonly AnyRow[] {
  const cache = new Map<WindowId, { rows: readonly AnyRow[]; filter: string; sort: SortState | undefined; out: readonly AnyRow[] }>();
  return (window, rows, filter, sort) => {
    const hit = cache.get(window);
    if (hit !== undefined && hit.rows === rows && hit.filter === filter && hit.sort === sort) return hit.out;
    const out = filterAndSort(window, rows, filter, sort);
    cache.set(window, { rows, filter, sort, out });
    return out;
  };
}

/** The visible rows of the focused window (uncached; the app uses a memoised selector). */
export function visibleRows(view: ViewModel | undefined, ui: UiState, window: WindowId = ui.window): readonly AnyRow[] {
  return filterAndSort(window, rowsOf(view, selectedCluster(view, ui), window), ui.filter[window], ui.sort[window]);
}

/** The cursor index into `count` visible rows (the log's follows its tail). */
export function cursorOf(ui: UiState, window: WindowId, count: number): number {
  if (count === 0) return 0;
  if (window === 'log' && ui.followLog) return count - 1;
  return Math.min(Math.max(0, ui.cursor[window]), count - 1);
}

/** The rows `[start, end)` a table of `height` lines shows: the cursor kept inside, centred when it can be. */
export function windowAround(count: number, cursor: number, height: number): { readonly start: number; readonly end: number } {
  if (height <= 0) return { start: 0, end: 0 };
  if (count <= height) return { start: 0, end: count };
  const start = Math.min(Math.max(0, cursor - Math.floor(height / 2)), count - height);
  return { start, end: start + height };
}
