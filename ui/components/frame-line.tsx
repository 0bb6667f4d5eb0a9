/**
 * One frame line as one ink `<Text>` holding one string, memoised: an unchanged line does not re-render.
 * Adjacent segments that look the same (same colour once the theme has mapped them, same weight) are merged
 * into runs, and the runs are written with their SGR codes by karpd (`theme/sgr.ts`) instead of one nested
 * `<Text color>` per run: ink re-colours every nested text node through chalk on every frame, for every line,
 * changed or not, and that was a third of the frame's time.
 */
import { Text } from 'ink';
import { memo } from 'react';
import type { Glyphs } from '../theme/glyphs.js';
import { type Segment, seg } from '../theme/line.js';
import { styled } from '../theme/sgr.js';
import { colorOf } from '../theme/tokens.js';
import type { FrameRow } from '../views/frame.js';

/** Props of {@link FrameLine}. */
export interface FrameLineProps {
  readonly row: FrameRow;
  readonly glyphs: Glyphs;
  /** Colour on; off means no escape codes at all (bold and inverse included). */
  readonly color: boolean;
}

/** A run of text and how it is drawn. */
interface Run {
  text: string;
  readonly fg: string | undefined;
  readonly bold: boolean;
  readonly inverse: boolean;
}

/** The row's segments (side borders included) merged into runs that draw alike. */
export function runsOf(row: FrameRow, glyphs: Glyphs, color: boolean): Run[] {
  const segments: Segment[] = row.side
    ? [seg(`${glyphs.vertical} `, 'border'), ...row.line, seg(` ${glyphs.vertical}`, 'border')]
    : [...row.line];
  const runs: Run[] = [];
  for (const segment of segments) {
    if (segment.text === '') continue;
    const fg = colorOf(segment.token, color);
    const bold = color && segment.bold === true;
    const inverse = color && segment.inverse === true;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.fg === fg && last.bold === bold && last.inverse === inverse) last.text += segment.text;
    else runs.push({ text: segment.text, fg, bold, inverse });
  }
  return runs;
}

/** The line as the one string ink draws: its runs with their SGR codes (plain text when colour is off). */
export function frameLineText(row: FrameRow, glyphs: Glyphs, color: boolean): string {
  let text = '';
  for (const run of runsOf(row, glyphs, color)) text += styled(run.text, run);
  return text;
}

function FrameLineImpl({ row, glyphs, color }: FrameLineProps) {
  return <Text wrap="truncate-end">{frameLineText(row, glyphs, color)}</Text>;
}

/** A memoised frame row: re-renders only when its line object, glyphs or colour change. */
export const FrameLine = memo(
  FrameLineImpl,
  (a, b) => a.row.line === b.row.line && a.row.side === b.row.side && a.glyphs === b.glyphs && a.color === b.color,
);
