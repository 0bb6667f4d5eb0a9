/** One frame row as one ink `<Text>` (segments as nested `<Text>`), memoised: an unchanged row does not re-render. */
import { Text } from 'ink';
import { memo } from 'react';
import type { Glyphs } from '../theme/glyphs.js';
import type { Segment } from '../theme/line.js';
import { colorOf } from '../theme/tokens.js';
import type { FrameRow } from '../views/frame.js';

/** Props of {@link FrameLine}. */
export interface FrameLineProps {
  readonly row: FrameRow;
  readonly glyphs: Glyphs;
  /** Colour on; off means no colour prop at all. */
  readonly color: boolean;
}

function SegmentText({ segment, color }: { readonly segment: Segment; readonly color: boolean }) {
  const fg = colorOf(segment.token, color);
  const inverse = color && segment.inverse === true;
  if (fg === undefined && segment.bold !== true && !inverse) return segment.text;
  return (
    <Text {...(fg === undefined ? {} : { color: fg })} bold={segment.bold === true} inverse={inverse}>
      {segment.text}
    </Text>
  );
}

function FrameLineImpl({ row, glyphs, color }: FrameLineProps) {
  const border = colorOf('border', color);
  const borderProps = border === undefined ? {} : { color: border };
  return (
    <Text wrap="truncate-end">
      {row.side ? <Text {...borderProps}>{`${glyphs.vertical} `}</Text> : null}
      {row.line.map((segment, index) => (
        // Segments have no identity of their own; their position is their key.
        // biome-ignore lint/suspicious/noArrayIndexKey: a line's segments are positional
        <SegmentText key={index} segment={segment} color={color} />
      ))}
      {row.side ? <Text {...borderProps}>{` ${glyphs.vertical}`}</Text> : null}
    </Text>
  );
}

/** A memoised frame row: re-renders only when its line object, glyphs or colour change. */
export const FrameLine = memo(FrameLineImpl, (a, b) => a.row.line === b.row.line && a.row.side === b.row.side && a.glyphs === b.glyphs && a.color === b.color);
