/**
 * What the dashboard's root component (`ui/app.tsx`) is given: the source, the display options the launcher
 * resolved (colour, glyphs, read-only), the clock for the header and flash timeouts, and what to do on quit.
 * The launcher (`ui/main.tsx`) owns the terminal; the app only renders and routes keys.
 */
import type { DashboardSource } from './source/dashboard-source.js';

/** Display options, resolved by the launcher from flags, `NO_COLOR`, the locale and the terminal. */
export interface DisplayOptions {
  /** Colour on or off (`--color`, `NO_COLOR`, a TTY). */
  readonly color: boolean;
  /** UTF-8 box drawing, meters and glyphs; ASCII when the locale is not UTF-8. */
  readonly unicode: boolean;
  /** `--read-only`: actions are shown but refuse with a flash. */
  readonly readOnly: boolean;
}

/** Props of the root component. */
export interface AppProps {
  readonly source: DashboardSource;
  readonly display: DisplayOptions;
  /** The wall clock (header clock, flash expiry); tests pass a fixed one. @default () => new Date() */
  readonly now?: () => Date;
  /** The terminal size; when absent the app follows stdout's columns/rows and its resize events. */
  readonly size?: { readonly columns: number; readonly rows: number };
  /** Redraw tick in ms (4–10 per second). @default 200 */
  readonly tickMs?: number;
  /** The quit dialog's question. @default 'Quit the dashboard?' */
  readonly quitPrompt?: string;
  /** Called once the operator confirmed quitting (`q` then `y`, or Ctrl-C twice). */
  readonly onQuit: () => void;
}
