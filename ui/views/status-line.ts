/** The status line: the keys that work now (disabled ones marked with `--read-only`), the input being typed, the flash. */
import { type KeyBinding, keyLabel } from '../keys/keymap.js';
import type { FlashState, InputState } from '../state/ui-state.js';
import type { Glyphs } from '../theme/glyphs.js';
import { type Line, type Segment, seg } from '../theme/line.js';
import { bottomBorder } from './border.js';

/** What the status line shows. */
export interface StatusInput {
  readonly bindings: readonly KeyBinding[];
  readonly readOnly: boolean;
  /** The sync is paused: `p` reads `resume`. */
  readonly paused: boolean;
  readonly input?: InputState;
  readonly flash?: FlashState;
  readonly busy?: string;
}

/** The keys part: `a approve  x reject  / filter …`; disabled actions read `(a approve)`. */
export function keySegments(status: StatusInput): Segment[] {
  const out: Segment[] = [];
  if (status.readOnly && status.input === undefined) out.push(seg('read-only', 'warn', { bold: true }), seg('  '));
  for (const b of status.bindings) {
    if (b.status !== true) continue;
    if (out.length > 0 && !(out.length === 2 && status.readOnly)) out.push(seg('  '));
    const label = b.id === 'sync.toggle' && status.paused ? 'resume' : b.label;
    const key = keyLabel(b.keys[0]);
    if (status.readOnly && b.action === true) out.push(seg(`(${key} ${label})`, 'muted'));
    else out.push(seg(key, 'accent', { bold: true }), seg(` ${label}`));
  }
  return out;
}

/** The status line, `width` columns, as the frame's bottom border. */
export function statusLine(status: StatusInput, width: number, glyphs: Glyphs): Line {
  let left: Segment[] = keySegments(status);
  if (status.input !== undefined) {
    const prompt = status.input.mode === 'filter' ? '/' : ':';
    left = [seg(prompt, 'accent', { bold: true }), seg(status.input.text), seg('_', 'accent'), seg('  '), ...left];
  }
  let right: Segment[] = [];
  if (status.busy !== undefined) right = [seg(`${glyphs.badge.pending} ${status.busy}`, 'accent')];
  else if (status.flash !== undefined) {
    right = [
      seg(`${status.flash.ok ? glyphs.badge.synced : glyphs.badge.error} ${status.flash.message}`, status.flash.ok ? 'ok' : 'error', {
        bold: true,
      }),
    ];
  }
  return bottomBorder(left, right, width, glyphs);
}
