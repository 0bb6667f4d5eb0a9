/**
 * The whole frame as rows of lines, from the view model, the UI state and the terminal size: exactly
 * `frameRows` rows, never taller than the terminal. Rows inside the side borders keep their content line as is
 * (cached table rows stay the same object), so the memoised line component re-renders only what changed.
 */
import type { ViewModel } from '../../src/observe/view-model/view-model.js';
import { activeBindings } from '../keys/key-bus.js';
import type { ConnectionState } from '../source/dashboard-source.js';
import { computeLayout, tooSmallMessage } from '../state/layout.js';
import { type AnyRow, rowsOf } from '../state/rows.js';
import { cursorOf, selectedCluster } from '../state/selectors.js';
import type { SortState, UiState } from '../state/ui-state.js';
import { WINDOW_INFO, type WindowId } from '../state/windows.js';
import type { Glyphs } from '../theme/glyphs.js';
import { type Line, type Segment, fitLine, lineWidth, seg } from '../theme/line.js';
import { separator } from './border.js';
import { detailLines, detailTitle } from './detail.js';
import { dialogHeight, dialogLines } from './dialogs.js';
import { headerLines } from './header.js';
import { statusLine } from './status-line.js';
import { type TableCache, tableSection } from './table.js';
import { tabsLine } from './tabs.js';

/** One row of the frame: a full-width line, or content drawn inside the side borders. */
export interface FrameRow {
  readonly line: Line;
  /** Draw `│ ` before and ` │` after (the content is `width - 4` columns). */
  readonly side: boolean;
}

/** What a frame is built from. */
export interface FrameInput {
  readonly view: ViewModel | undefined;
  readonly connection: ConnectionState;
  readonly ui: UiState;
  readonly now: Date;
  readonly size: { readonly columns: number; readonly rows: number };
  readonly readOnly: boolean;
  readonly glyphs: Glyphs;
  readonly cache: TableCache;
  /** The focused window's visible rows (filtered, sorted; memoised by the caller). */
  readonly visible: (window: WindowId, rows: readonly AnyRow[], filter: string, sort: SortState | undefined) => readonly AnyRow[];
}

const full = (line: Line): FrameRow => ({ line, side: false });
const side = (line: Line): FrameRow => ({ line, side: true });

/** The focused window's visible rows and cursor, as the frame and the key handlers see them. */
export function focusedRows(input: Pick<FrameInput, 'view' | 'ui' | 'visible'>): {
  rows: readonly AnyRow[];
  cursor: number;
  total: number;
} {
  const { view, ui } = input;
  const all = rowsOf(view, selectedCluster(view, ui), ui.window);
  const rows = input.visible(ui.window, all, ui.filter[ui.window], ui.sort[ui.window]);
  return { rows, cursor: cursorOf(ui, ui.window, rows.length), total: all.length };
}

function tableTitle(input: FrameInput, count: number, total: number, cursor: number, start: number, end: number): Line {
  const { ui, glyphs } = input;
  const out: Segment[] = [seg(WINDOW_INFO[ui.window].title, 'accent', { bold: true })];
  out.push(seg(count === 0 ? ' 0' : ` ${cursor + 1}/${count}`));
  if (count !== total) out.push(seg(` of ${total}`, 'muted'));
  const filter = ui.filter[ui.window];
  if (filter !== '') out.push(seg(` ${glyphs.horizontal} filter: `, 'muted'), seg(filter, 'warn', { bold: true }));
  const sort = ui.sort[ui.window];
  if (sort !== undefined)
    out.push(seg(` ${glyphs.horizontal} sort: `, 'muted'), seg(`${sort.by} ${sort.reverse ? glyphs.up : glyphs.down}`, 'accent'));
  if (count > end - start) out.push(seg(` ${glyphs.horizontal} rows ${start + 1}-${end}`, 'muted'));
  if (ui.window === 'log')
    out.push(seg(ui.followLog ? ` ${glyphs.horizontal} following` : ` ${glyphs.horizontal} paused (G follows)`, 'muted'));
  return out;
}

/** Builds the frame. */
export function buildFrame(input: FrameInput): readonly FrameRow[] {
  const { view, ui, glyphs, size } = input;
  const layout = computeLayout(size, ui.detail.focused);
  const width = size.columns;
  if (layout.tooSmall) {
    const message = tooSmallMessage(size.columns, size.rows);
    const rows: FrameRow[] = [];
    const middle = Math.floor((layout.frameRows - 1) / 2);
    for (let i = 0; i < layout.frameRows; i++) {
      const pad = Math.max(0, Math.floor((width - message.length) / 2));
      rows.push(
        full(
          i === middle
            ? fitLine([seg(' '.repeat(pad)), seg(message, 'warn', { bold: true })], Math.max(1, width))
            : [seg(' '.repeat(Math.max(0, width)))],
        ),
      );
    }
    return rows;
  }
  const inner = layout.innerWidth;
  const cluster = selectedCluster(view, ui);
  const [top, stats] = headerLines(cluster, input.connection, input.now, glyphs, width);
  const frame: FrameRow[] = [full(top), full(stats), full(tabsLine(ui.window, cluster?.header.pendingDecisions ?? 0, glyphs, width))];

  const { rows, cursor, total } = focusedRows(input);
  const empty =
    view === undefined ? 'connecting to the agent…' : ui.filter[ui.window] !== '' ? 'no rows match the filter' : 'nothing here yet';
  const table = tableSection(ui.window, rows, cursor, layout.tableRows, inner, glyphs, input.cache, empty);
  frame.push(full(separator(tableTitle(input, rows.length, total, cursor, table.start, table.end), width, glyphs)));
  frame.push(side(table.heading));
  for (const line of table.lines) frame.push(side(line));

  const selected = rows[cursor];
  const title: Segment[] = [seg(`details: ${detailTitle(ui.window, ui.detail.mode)}`, 'accent', { bold: ui.detail.focused })];
  if (selected !== undefined) title.push(seg(` ${glyphs.horizontal} ${selected.key}`));
  if (ui.detail.focused) title.push(seg(' (focused: j/k scroll, Esc back)', 'muted'));
  frame.push(full(separator(title, width, glyphs)));
  const details = detailLines(ui.window, selected, ui.detail.mode, ui.yaml, glyphs);
  const scroll = Math.min(ui.detail.scroll, Math.max(0, details.length - layout.detailRows));
  const shown = details.slice(scroll, scroll + layout.detailRows);
  if (details.length > scroll + layout.detailRows && shown.length > 0) {
    shown[shown.length - 1] = [
      seg(`${glyphs.ellipsis} ${details.length - scroll - layout.detailRows + 1} more lines (Enter, then j/k)`, 'muted'),
    ];
  }
  for (let i = 0; i < layout.detailRows; i++) frame.push(side(fitLine(shown[i] ?? [], inner, glyphs.ellipsis)));

  const context = { window: ui.window, dialog: ui.dialog?.kind, input: ui.input?.mode };
  frame.push(
    full(
      statusLine(
        {
          bindings: activeBindings(context),
          readOnly: input.readOnly,
          paused: cluster?.header.sync === 'paused',
          input: ui.input,
          flash: ui.flash,
          busy: ui.busy,
        },
        width,
        glyphs,
      ),
    ),
  );

  if (ui.dialog !== undefined) overlayDialog(frame, input, cluster, width);
  return frame.slice(0, layout.frameRows);
}

/** Replaces the body (between the tabs and the status line) with the dialog, centred. */
function overlayDialog(frame: FrameRow[], input: FrameInput, cluster: ReturnType<typeof selectedCluster>, width: number): void {
  const first = 3;
  const last = frame.length - 2;
  const available = last - first + 1;
  const boxWidth = Math.min(width - 4, 110);
  const height = dialogHeight(input.ui.dialog!, available);
  const box = dialogLines(input.ui.dialog!, cluster, boxWidth, height, input.glyphs);
  const top = first + Math.floor((available - box.length) / 2);
  const indent = Math.floor((width - 4 - boxWidth) / 2);
  for (let row = first; row <= last; row++) {
    const boxLine = box[row - top];
    frame[row] = side(boxLine === undefined ? [seg(' '.repeat(width - 4))] : fitLine([seg(' '.repeat(indent)), ...boxLine], width - 4));
  }
}

/** The frame as plain text (tests and the benchmark). */
export function frameText(frame: readonly FrameRow[], glyphs: Glyphs): string {
  return frame
    .map((row) => {
      const text = row.line.map((s) => s.text).join('');
      return row.side ? `${glyphs.vertical} ${text} ${glyphs.vertical}` : text;
    })
    .join('\n');
}

/** The display width of a frame row (for checks). */
export function frameRowWidth(row: FrameRow): number {
  return lineWidth(row.line) + (row.side ? 4 : 0);
}
