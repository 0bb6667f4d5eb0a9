/** A key press in the dashboard's words (`j`, `C`, `enter`, `shift-tab`, `ctrl-c`), from ink's `(input, key)`. */
import type { Key } from 'ink';

/** One key press: its name, and the text it types when it is printable. */
export interface KeyPress {
  readonly name: string;
  readonly text?: string;
}

/** The key press of one ink input event. */
export function keyPressOf(input: string, key: Key): KeyPress {
  if (key.ctrl && input === 'c') return { name: 'ctrl-c' };
  if (key.upArrow) return { name: 'up' };
  if (key.downArrow) return { name: 'down' };
  if (key.leftArrow) return { name: 'left' };
  if (key.rightArrow) return { name: 'right' };
  if (key.pageUp) return { name: 'pgup' };
  if (key.pageDown) return { name: 'pgdn' };
  if (key.home) return { name: 'home' };
  if (key.end) return { name: 'end' };
  if (key.return) return { name: 'enter' };
  if (key.tab) return { name: key.shift ? 'shift-tab' : 'tab' };
  if (key.escape) return { name: 'esc' };
  if (key.backspace || key.delete) return { name: 'backspace' };
  if (key.ctrl) return { name: `ctrl-${input}` };
  if (key.meta) return { name: `meta-${input}` };
  return { name: input, text: input };
}
