/** The Diffs & decisions window's columns: name, kind, state, summary, $/h before → after, age. */
import type { DecisionRow } from '../../../src/observe/view-model/view-model.js';
import { age, money } from '../../state/format.js';
import type { Glyphs } from '../../theme/glyphs.js';
import { type Segment, seg } from '../../theme/line.js';
import type { Column } from './column.js';

/** A Decision's state with a glyph and a word. */
export function decisionStateCell(r: DecisionRow, glyphs: Glyphs): Segment {
  switch (r.state) {
    case 'pending':
      return seg(`${glyphs.badge.pending} pending`, 'warn');
    case 'applied':
      return seg(`${glyphs.badge.synced} applied`, 'ok');
    case 'approved':
      return seg(`${glyphs.badge.synced} approved`, 'ok');
    case 'rejected':
      return seg(`${glyphs.badge.error} rejected`, 'muted');
    case 'failed':
      return seg(`${glyphs.badge.error} failed`, 'error');
    default:
      return seg(`~ ${r.state}`, 'muted');
  }
}

/** `$4.21 → $3.10` (with `≥` when a price is unknown; a node Decision's from its plan), or `-`. */
export function priceChange(r: DecisionRow, glyphs: Glyphs): string {
  const w = r.whatIf;
  if (w === undefined && r.plan !== undefined) return `${money(r.plan.priceBefore)} ${glyphs.arrow} ${money(r.plan.priceAfter)}`;
  if (w === undefined) return '-';
  return `${money(w.before.pricePerHour, w.before.pricesIncomplete, glyphs.atLeast)} ${glyphs.arrow} ${money(w.after.pricePerHour, w.after.pricesIncomplete, glyphs.atLeast)}`;
}

/** Decisions columns. */
export const DECISION_COLUMNS: readonly Column<DecisionRow>[] = [
  { title: 'NAME', width: 12, flex: 1, priority: 0, truncate: 'middle', cell: (r) => seg(r.name) },
  { title: 'KIND', width: 13, priority: 1, cell: (r) => seg(r.kind) },
  { title: 'STATE', width: 11, priority: 0, cell: (r, c) => decisionStateCell(r, c.glyphs) },
  { title: 'SUMMARY', width: 14, flex: 2, priority: 1, cell: (r) => seg(r.summary) },
  { title: '$/H BEFORE → AFTER', width: 19, priority: 2, cell: (r, c) => seg(priceChange(r, c.glyphs)) },
  { title: 'AGE', width: 4, align: 'right', priority: 3, cell: (r) => seg(age(r.ageSeconds)) },
];
