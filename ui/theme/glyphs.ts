/**
 * The glyphs the dashboard draws with: UTF-8 box drawing, eighth-block meters, sparklines and status marks, and
 * an ASCII set for terminals whose locale is not UTF-8. Meaning never rests on a glyph alone: a word goes with it.
 */
import type { SyncBadge } from '../../src/observe/view-model/view-model.js';

/** One glyph set. */
export interface Glyphs {
  readonly horizontal: string;
  readonly vertical: string;
  readonly topLeft: string;
  readonly topRight: string;
  readonly bottomLeft: string;
  readonly bottomRight: string;
  readonly teeLeft: string;
  readonly teeRight: string;
  /** Meter cells from empty to full: index 0 is empty, the last is a full cell. */
  readonly meter: readonly string[];
  /** Sparkline levels, lowest first. */
  readonly spark: readonly string[];
  readonly badge: Readonly<Record<SyncBadge, string>>;
  readonly dropdown: string;
  readonly arrow: string;
  readonly atLeast: string;
  readonly cursor: string;
  readonly ellipsis: string;
  readonly up: string;
  readonly down: string;
}

/** UTF-8 glyphs. */
export const UNICODE_GLYPHS: Glyphs = {
  horizontal: '─',
  vertical: '│',
  topLeft: '┌',
  topRight: '┐',
  bottomLeft: '└',
  bottomRight: '┘',
  teeLeft: '├',
  teeRight: '┤',
  meter: [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'],
  spark: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
  badge: { synced: '✓', 'out-of-sync': '●', drifted: '~', pending: '●', paused: '⏸', error: '✗', unknown: '?' },
  dropdown: '▾',
  arrow: '→',
  atLeast: '≥',
  cursor: '›',
  ellipsis: '…',
  up: '↑',
  down: '↓',
};

/** ASCII glyphs for a locale that is not UTF-8. */
export const ASCII_GLYPHS: Glyphs = {
  horizontal: '-',
  vertical: '|',
  topLeft: '+',
  topRight: '+',
  bottomLeft: '+',
  bottomRight: '+',
  teeLeft: '+',
  teeRight: '+',
  meter: ['.', '#'],
  spark: ['_', '.', '-', '=', '^'],
  badge: { synced: 'ok', 'out-of-sync': '*', drifted: '~', pending: '*', paused: '||', error: 'x', unknown: '?' },
  dropdown: 'v',
  arrow: '->',
  atLeast: '>=',
  cursor: '>',
  ellipsis: '...',
  up: '^',
  down: 'v',
};

/** The glyph set for the display's `unicode` option. */
export function glyphsFor(unicode: boolean): Glyphs {
  return unicode ? UNICODE_GLYPHS : ASCII_GLYPHS;
}
