/** The window frame's borders: the top line with the header, side borders, titled separators and the bottom line. */
import type { Glyphs } from '../theme/glyphs.js';
import { type Line, type Segment, fitLine, lineWidth, seg } from '../theme/line.js';

/** `┌ content ─────┐` exactly `width` columns. */
export function topBorder(content: Line, width: number, glyphs: Glyphs): Line {
  return titled(glyphs.topLeft, content, glyphs.topRight, width, glyphs);
}

/** `├─ content ────┤`. */
export function separator(content: Line, width: number, glyphs: Glyphs): Line {
  return titled(`${glyphs.teeLeft}${glyphs.horizontal}`, content, glyphs.teeRight, width, glyphs);
}

/** `└ left ─── right ┘`: the status line, `right` (the flash) kept at the right end. */
export function bottomBorder(left: Line, right: Line, width: number, glyphs: Glyphs): Line {
  const inner = width - 2;
  const rightWidth = lineWidth(right);
  const rightPart: Line = rightWidth > 0 ? fitLine([seg(' '), ...right, seg(' ')], Math.min(rightWidth + 2, Math.floor(inner * 0.6))) : [];
  const leftRoom = inner - lineWidth(rightPart);
  const leftPart =
    lineWidth(left) > 0 ? fitLine([seg(' '), ...left, seg(' ')], Math.min(leftRoom, lineWidth(left) + 2), glyphs.ellipsis) : [];
  const fill = Math.max(0, leftRoom - lineWidth(leftPart));
  return [
    seg(glyphs.bottomLeft, 'border'),
    ...leftPart,
    seg(glyphs.horizontal.repeat(fill), 'border'),
    ...rightPart,
    seg(glyphs.bottomRight, 'border'),
  ];
}

/** `│ content │`, the content padded or cut to fit. */
export function sideLine(content: Line, width: number, glyphs: Glyphs): Line {
  return [seg(`${glyphs.vertical} `, 'border'), ...fitLine(content, width - 4, glyphs.ellipsis), seg(` ${glyphs.vertical}`, 'border')];
}

function titled(left: string, content: Line, right: string, width: number, glyphs: Glyphs): Line {
  const inner = width - [...left].length - [...right].length;
  const body: Segment[] = lineWidth(content) > 0 ? [seg(' '), ...content, seg(' ')] : [];
  const fitted = lineWidth(body) > inner ? fitLine(body, inner, glyphs.ellipsis) : body;
  const fill = Math.max(0, inner - lineWidth(fitted));
  return [seg(left, 'border'), ...fitted, seg(glyphs.horizontal.repeat(fill), 'border'), seg(right, 'border')];
}

/** A line of `width` spaces. */
export function blankLine(width: number): Line {
  return [seg(' '.repeat(Math.max(0, width)))];
}
