/** A unified diff as coloured lines: `+` added, `-` removed, `@@` hunks; the markers stay in the text. */
import { type Line, seg } from '../theme/line.js';

/** The lines of a unified diff. */
export function diffLines(diff: string): Line[] {
  if (diff.trim() === '') return [[seg('(no diff)', 'muted')]];
  return diff
    .replace(/\n$/, '')
    .split('\n')
    .map((text): Line => {
      if (text.startsWith('+++') || text.startsWith('---')) return [seg(text, 'heading', { bold: true })];
      if (text.startsWith('+')) return [seg(text, 'added')];
      if (text.startsWith('-')) return [seg(text, 'removed')];
      if (text.startsWith('@@')) return [seg(text, 'accent')];
      return [seg(text)];
    });
}
