/**
 * Semantic colour tokens: components say what a piece of text means (`ok`, `warn`, `removed`…) and the theme
 * decides how it looks, so turning colour off (`NO_COLOR`, `--color=never`) changes no component.
 */

/** What a piece of text means, for its colour. */
export type Token = 'text' | 'ok' | 'warn' | 'error' | 'muted' | 'accent' | 'selected' | 'added' | 'removed' | 'heading' | 'border';

/** The ink colour of each token (named colours every terminal has). */
export const TOKEN_COLORS: Readonly<Record<Token, string | undefined>> = {
  text: undefined,
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  muted: 'gray',
  accent: 'cyan',
  selected: 'cyanBright',
  added: 'green',
  removed: 'red',
  heading: 'whiteBright',
  border: 'gray',
};

/** The ink colour for a token, or undefined when colour is off (no colour prop at all). */
export function colorOf(token: Token | undefined, color: boolean): string | undefined {
  if (!color || token === undefined) return undefined;
  return TOKEN_COLORS[token];
}
