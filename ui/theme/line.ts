/**
 * A frame line as data: segments of text, each with a semantic token. Every view builds lines; one component
 * renders each line as one ink `<Text>`, so the frame's height is exactly the number of lines.
 */
import type { Token } from './tokens.js';

/** A run of text with one meaning. */
export interface Segment {
  readonly text: string;
  readonly token?: Token;
  readonly bold?: boolean;
  readonly inverse?: boolean;
}

/** One line of the frame. */
export type Line = readonly Segment[];

/** A segment (shorthand). */
export function seg(text: string, token?: Token, style: { bold?: boolean; inverse?: boolean } = {}): Segment {
  return { text, token, ...style };
}

/** The display width of a string (wide characters count 2). */
export function widthOf(text: string): number {
  // Fast path: printable ASCII is one column a character.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

const MARK = /\p{M}/u;
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;

/** Columns one character takes: 0 for combining marks, 2 for East Asian wide characters and emoji, else 1. */
function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if ((code >= 0x200b && code <= 0x200f) || (code >= 0xfe00 && code <= 0xfe0f) || MARK.test(char)) return 0;
  return WIDE.test(char) ? 2 : 1;
}

/** The display width of a line. */
export function lineWidth(line: Line): number {
  let width = 0;
  for (const segment of line) width += widthOf(segment.text);
  return width;
}

/** Cuts a string to at most `width` columns, ending with `…` when it was cut. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (widthOf(text) <= width) return text;
  const room = width - widthOf(ellipsis);
  if (room <= 0) return ellipsis.slice(0, width);
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = widthOf(char);
    if (used + w > room) break;
    out += char;
    used += w;
  }
  return out + ellipsis;
}

/** Pads (or cuts) a string to exactly `width` columns. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left', ellipsis = '…'): string {
  const cut = truncate(text, width, ellipsis);
  const pad = ' '.repeat(Math.max(0, width - widthOf(cut)));
  return align === 'left' ? cut + pad : pad + cut;
}

/** Pads (or cuts) a line to exactly `width` columns, keeping each segment's token. */
export function fitLine(line: Line, width: number, ellipsis = '…'): Line {
  const total = lineWidth(line);
  if (total === width) return line;
  if (total < width) return [...line, { text: ' '.repeat(width - total) }];
  const out: Segment[] = [];
  let used = 0;
  for (const segment of line) {
    const w = widthOf(segment.text);
    if (used + w <= width - 1 || (used + w <= width && segment === line[line.length - 1])) {
      out.push(segment);
      used += w;
      continue;
    }
    const room = width - used;
    out.push({ ...segment, text: truncate(segment.text, room, ellipsis) });
    used += widthOf(out[out.length - 1].text);
    break;
  }
  if (used < width) out.push({ text: ' '.repeat(width - used) });
  return out;
}
