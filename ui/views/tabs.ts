/** The tab bar: `1 Pools │ 2 NodeClaims │ …`, the focused tab in brackets (not by colour alone). */
import type { Glyphs } from '../theme/glyphs.js';
import { type Line, type Segment, lineWidth, seg } from '../theme/line.js';
import { WINDOWS, WINDOW_INFO, type WindowId } from '../state/windows.js';
import { sideLine } from './border.js';

function tabs(focused: WindowId, pendingDecisions: number, glyphs: Glyphs, short: boolean): Segment[] {
  const out: Segment[] = [];
  WINDOWS.forEach((window, index) => {
    if (index > 0) out.push(seg(glyphs.vertical, 'border'));
    const info = WINDOW_INFO[window];
    const count = window === 'decisions' && pendingDecisions > 0 ? ` (${pendingDecisions})` : '';
    const label = `${index + 1} ${short ? info.short : info.title}${count}`;
    out.push(window === focused ? seg(`[${label}]`, 'selected', { bold: true, inverse: true }) : seg(` ${label} `));
  });
  return out;
}

/** The tab line, short titles when the full ones do not fit. */
export function tabsLine(focused: WindowId, pendingDecisions: number, glyphs: Glyphs, width: number): Line {
  const full = tabs(focused, pendingDecisions, glyphs, false);
  return sideLine(lineWidth(full) <= width - 4 ? full : tabs(focused, pendingDecisions, glyphs, true), width, glyphs);
}
