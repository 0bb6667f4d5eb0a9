/**
 * The frame's row budget, from the terminal size: the header, tabs, table, detail pane and status line, so a
 * frame is never taller than the terminal. Pure.
 */

/** The narrowest terminal the dashboard draws in. */
export const MIN_COLUMNS = 80;
/** The shortest terminal the dashboard draws in. */
export const MIN_ROWS = 24;

/** Lines the frame always has: header, sparkline/connection line, tabs, the table's title, its column heads, the detail title, the status line. */
export const FIXED_LINES = 7;

/** How the frame's lines are spent. */
export interface FrameLayout {
  readonly tooSmall: boolean;
  readonly columns: number;
  /** Lines the frame draws: one less than the terminal, so ink never has to clear the screen to redraw. */
  readonly frameRows: number;
  /** Columns inside the side borders. */
  readonly innerWidth: number;
  readonly tableRows: number;
  readonly detailRows: number;
}

/** The layout for a terminal of `columns`×`rows`; the detail pane grows when focused (Enter). */
export function computeLayout(size: { readonly columns: number; readonly rows: number }, detailFocused: boolean): FrameLayout {
  const { columns, rows } = size;
  const frameRows = Math.max(1, rows - 1);
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return { tooSmall: true, columns, frameRows, innerWidth: columns, tableRows: 0, detailRows: 0 };
  }
  const available = frameRows - FIXED_LINES;
  const detailRows = detailFocused ? Math.ceil(available * 0.6) : Math.max(3, Math.floor(available * 0.35));
  return { tooSmall: false, columns, frameRows, innerWidth: columns - 4, tableRows: available - detailRows, detailRows };
}

/** The one line shown below the minimum size. */
export function tooSmallMessage(columns: number, rows: number): string {
  return `terminal too small (need ${MIN_COLUMNS}x${MIN_ROWS}, have ${columns}x${rows})`;
}
