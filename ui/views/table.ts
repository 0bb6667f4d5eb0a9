/**
 * A window's table as lines: the column heads and the rows around the cursor, exactly `height` lines. Row lines
 * are cached per row object and width, so an unchanged row is the same line (and its memoised `<Text>` does
 * not re-render).
 */
import type { AnyRow } from '../state/rows.js';
import { windowAround } from '../state/selectors.js';
import type { WindowId } from '../state/windows.js';
import type { Glyphs } from '../theme/glyphs.js';
import { type Line, fitLine, seg } from '../theme/line.js';
import { COLUMNS_OF } from './columns/index.js';
import { type Column, type PlacedColumn, headingLine, layoutColumns, rowLine } from './columns/column.js';

/** Caches that live as long as the app: the column layout per window and width, and each row's line. */
export interface TableCache {
  readonly placed: Map<string, readonly PlacedColumn<AnyRow>[]>;
  readonly rows: WeakMap<object, { readonly width: number; readonly glyphs: Glyphs; readonly line: Line }>;
}

/** A fresh cache. */
export function createTableCache(): TableCache {
  return { placed: new Map(), rows: new WeakMap() };
}

/** The table's lines. */
export interface TableSection {
  readonly heading: Line;
  readonly lines: readonly Line[];
  readonly start: number;
  readonly end: number;
}

/** The heading and `height` row lines (blank lines below the last row) of `width` columns. */
export function tableSection(
  window: WindowId,
  rows: readonly AnyRow[],
  cursor: number,
  height: number,
  width: number,
  glyphs: Glyphs,
  cache: TableCache,
  empty = 'nothing here',
): TableSection {
  const layoutKey = `${window}:${width}`;
  let placed = cache.placed.get(layoutKey);
  if (placed === undefined) {
    placed = layoutColumns(COLUMNS_OF[window] as readonly Column<AnyRow>[], width);
    cache.placed.set(layoutKey, placed);
  }
  const { start, end } = windowAround(rows.length, cursor, height);
  const lines: Line[] = [];
  const context = { glyphs };
  for (let index = start; index < end; index++) {
    const row = rows[index];
    if (index === cursor) {
      lines.push(rowLine(row, placed, width, context, true));
      continue;
    }
    const hit = cache.rows.get(row);
    if (hit !== undefined && hit.width === width && hit.glyphs === glyphs) {
      lines.push(hit.line);
      continue;
    }
    const line = rowLine(row, placed, width, context, false);
    cache.rows.set(row, { width, glyphs, line });
    lines.push(line);
  }
  if (rows.length === 0 && height > 0) lines.push(fitLine([seg(`  ${empty}`, 'muted')], width, glyphs.ellipsis));
  while (lines.length < height) lines.push([seg(' '.repeat(width))]);
  return { heading: headingLine(placed, width), lines, start, end };
}
