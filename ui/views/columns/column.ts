/**
 * A table column as data (title, width or flex share, priority, how a row's cell reads) and the table layout:
 * which columns fit the width (the least important go first) and each one's width.
 */
import { meter, usageToken } from '../../components/meter.js';
import { fractionOf, percent } from '../../state/format.js';
import type { Glyphs } from '../../theme/glyphs.js';
import { type Line, type Segment, fitLine, seg } from '../../theme/line.js';

/** What a cell may use to draw itself. */
export interface CellContext {
  readonly glyphs: Glyphs;
}

/** One column of a window's table. */
export interface Column<R> {
  readonly title: string;
  /** Fixed width, or the minimum width of a flex column. */
  readonly width: number;
  /** A share of the width left over (flex columns grow). */
  readonly flex?: number;
  readonly align?: 'left' | 'right';
  /**
   * How a cell too wide is cut: at the end, or in the middle so both the prefix and a generated suffix stay
   * (`airflow-…er-x7k2p`: NodeClaim and pod names differ only in their last characters). @default 'end'
   */
  readonly truncate?: 'end' | 'middle';
  /** Lower is more important: columns with the highest priority are dropped first when the table is narrow. */
  readonly priority: number;
  cell(row: R, context: CellContext): Segment | readonly Segment[];
}

/** A column with its resolved width. */
export interface PlacedColumn<R> {
  readonly column: Column<R>;
  readonly width: number;
}

/** The prefix of every row: the cursor mark and a space. */
export const CURSOR_WIDTH = 2;

/** The columns that fit `width` (the cursor mark included) and their widths, in declaration order. */
export function layoutColumns<R>(columns: readonly Column<R>[], width: number): readonly PlacedColumn<R>[] {
  const room = width - CURSOR_WIDTH;
  const byPriority = [...columns].sort((a, b) => a.priority - b.priority);
  const chosen = new Set<Column<R>>();
  let used = 0;
  for (const column of byPriority) {
    const need = column.width + (chosen.size > 0 ? 1 : 0);
    if (used + need > room) continue;
    chosen.add(column);
    used += need;
  }
  const kept = columns.filter((c) => chosen.has(c));
  const flexTotal = kept.reduce((sum, c) => sum + (c.flex ?? 0), 0);
  let spare = room - used;
  const placed = kept.map((column) => {
    if (flexTotal === 0 || column.flex === undefined) return { column, width: column.width };
    const extra = Math.floor(((room - used) * column.flex) / flexTotal);
    spare -= extra;
    return { column, width: column.width + extra };
  });
  // Whatever rounding left goes to the first flex column (or the last column).
  const target = placed.findIndex((p) => p.column.flex !== undefined);
  const index = target >= 0 ? target : placed.length - 1;
  if (index >= 0 && spare > 0) placed[index] = { ...placed[index], width: placed[index].width + spare };
  return placed;
}

/** The column-heading line. */
export function headingLine<R>(placed: readonly PlacedColumn<R>[], width: number): Line {
  const segments: Segment[] = [seg(' '.repeat(CURSOR_WIDTH))];
  placed.forEach((p, i) => {
    if (i > 0) segments.push(seg(' '));
    segments.push(...fitLine([seg(p.column.title, 'heading', { bold: true })], p.width));
  });
  return fitLine(segments, width);
}

/** One row's line; the selected row has the cursor mark (not colour alone) and the `selected` token. */
export function rowLine<R>(row: R, placed: readonly PlacedColumn<R>[], width: number, context: CellContext, selected: boolean): Line {
  const segments: Segment[] = [selected ? seg(`${context.glyphs.cursor} `, 'selected', { bold: true }) : seg('  ')];
  placed.forEach((p, i) => {
    if (i > 0) segments.push(seg(' '));
    const cell = p.column.cell(row, context);
    const whole = Array.isArray(cell) ? (cell as readonly Segment[]) : [cell as Segment];
    const cells = p.column.truncate === 'middle' ? middleTruncated(whole, p.width, context.glyphs.ellipsis) : whole;
    const fitted = p.column.align === 'right' ? rightAlign(cells, p.width) : fitLine(cells, p.width, context.glyphs.ellipsis);
    segments.push(
      ...(selected
        ? fitted.map((s) => ({ ...s, token: s.token === undefined || s.token === 'text' ? 'selected' : s.token, bold: true }))
        : fitted),
    );
  });
  return fitLine(segments, width, context.glyphs.ellipsis);
}

/** One segment cut in its middle to `width`; anything else is returned as it is (cut at the end later). */
function middleTruncated(cells: readonly Segment[], width: number, ellipsis: string): readonly Segment[] {
  if (cells.length !== 1) return cells;
  const chars = [...cells[0].text];
  const room = width - [...ellipsis].length;
  if (chars.length <= width || room < 4) return cells;
  const head = Math.floor(room / 2);
  return [{ ...cells[0], text: `${chars.slice(0, head).join('')}${ellipsis}${chars.slice(chars.length - (room - head)).join('')}` }];
}

function rightAlign(cells: readonly Segment[], width: number): Line {
  const text = cells.map((c) => c.text).join('');
  const pad = width - [...text].length;
  return pad >= 0 ? [seg(' '.repeat(pad)), ...cells] : fitLine(cells, width);
}

/** A meter cell: the bar and the percentage (`████▌    62%`), or the amount used when there is no limit. */
export function meterCell(
  used: number,
  limit: number | undefined,
  width: number,
  glyphs: Glyphs,
  amount: (n: number) => string,
): readonly Segment[] {
  const fraction = fractionOf(used, limit);
  if (fraction === undefined) return [seg(`${amount(used)} used`, 'muted')];
  const bar = meter(fraction, width - 5, glyphs);
  return [seg(bar, usageToken(fraction)), seg(` ${percent(fraction).padStart(4)}`)];
}

/** An optional value, or `-` (muted). */
export function orDash(value: string | undefined): Segment {
  return value === undefined || value === '' ? seg('-', 'muted') : seg(value);
}
