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

/**
 * The key presses of one ink input event. A terminal delivers keys typed quickly (or sent by tmux, or pasted)
 * in one read, and ink hands them over as one string: `5r` is `5` then `r`, not an unknown key.
 */
export function keyPressesOf(input: string, key: Key): KeyPress[] {
  const press = keyPressOf(input, key);
  const chars = [...input];
  // Only plain typed text (a press with `text`) can be several keys; special keys and their sequences are one.
  if (press.text === undefined || chars.length <= 1) return [press];
  return chars.map((char) => ({ name: char, text: char }));
}
