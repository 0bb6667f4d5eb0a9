/**
 * One frame row as one ink `<Text>`, memoised: an unchanged row does not re-render. Adjacent segments that look
 * the same (same colour once the theme has mapped them, same weight) are merged first, so a row is a handful
 * of text nodes — with colour off usually one.
 */
import { Text } from 'ink';
import { memo } from 'react';
import type { Glyphs } from '../theme/glyphs.js';
import { type Segment, seg } from '../theme/line.js';
import { colorOf } from '../theme/tokens.js';
import type { FrameRow } from '../views/frame.js';

/** Props of {@link FrameLine}. */
export interface FrameLineProps {
  readonly row: FrameRow;
  readonly glyphs: Glyphs;
  /** Colour on; off means no colour prop at all. */
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
    const bold = segment.bold === true;
    const inverse = color && segment.inverse === true;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.fg === fg && last.bold === bold && last.inverse === inverse) last.text += segment.text;
    else runs.push({ text: segment.text, fg, bold, inverse });
  }
  return runs;
}

function FrameLineImpl({ row, glyphs, color }: FrameLineProps) {
  const runs = runsOf(row, glyphs, color);
  return (
    <Text wrap="truncate-end">
      {runs.map((run, index) =>
        run.fg === undefined && !run.bold && !run.inverse ? (
          run.text
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs are positions in the line; the index is their identity.
          <Text key={index} {...(run.fg === undefined ? {} : { color: run.fg })} bold={run.bold} inverse={run.inverse}>
            {run.text}
          </Text>
        ),
      )}
    </Text>
  );
}

/** A memoised frame row: re-renders only when its line object, glyphs or colour change. */
export const FrameLine = memo(
  FrameLineImpl,
  (a, b) => a.row.line === b.row.line && a.row.side === b.row.side && a.glyphs === b.glyphs && a.color === b.color,
);
