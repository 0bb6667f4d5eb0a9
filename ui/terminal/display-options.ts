/**
 * Resolves the dashboard's display options from `--color`, the environment and the terminal: `NO_COLOR`
 * (non-empty) turns colour off unless `--color=always` (https://no-color.org), `TERM=dumb` or a stream that
 * is not a TTY turn it off under `auto`; UTF-8 glyphs only when the locale says UTF-8 (`LC_ALL`, then
 * `LC_CTYPE`, then `LANG`, as setlocale reads them).
 */
import type { DisplayOptions } from '../app-props.js';

/** What {@link resolveDisplay} reads. */
export interface DisplayInputs {
  readonly color: 'never' | 'always' | 'auto';
  readonly readOnly: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
}

/** The locale's character set is UTF-8. */
export function localeIsUtf8(env: Readonly<Record<string, string | undefined>>): boolean {
  const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((value) => value !== undefined && value !== '');
  return locale !== undefined && /utf-?8/i.test(locale);
}

/** The display options for these flags and this environment. */
export function resolveDisplay(inputs: DisplayInputs): DisplayOptions {
  const noColor = (inputs.env.NO_COLOR ?? '') !== '';
  const color =
    inputs.color === 'always' ? true : inputs.color === 'never' ? false : !noColor && inputs.isTTY && inputs.env.TERM !== 'dumb';
  return { color, unicode: localeIsUtf8(inputs.env), readOnly: inputs.readOnly };
}
