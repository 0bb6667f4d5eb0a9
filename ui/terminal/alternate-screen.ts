/**
 * The alternate screen, entered before the first frame and left on every way out (quit, crash, signal,
 * `process.exit`), with the cursor hidden meanwhile: the operator's scrollback is untouched and the shell
 * prompt comes back where it was. ink 6 does not do this itself.
 */

const ENTER = '\u001B[?1049h\u001B[2J\u001B[H\u001B[?25l';
const LEAVE = '\u001B[?25h\u001B[?1049l';

/** A claimed alternate screen; `leave()` is idempotent. */
export interface AlternateScreen {
  leave(): void;
}

/** Enters the alternate screen on `out` and leaves it when the process exits, if nothing left it before. */
export function enterAlternateScreen(out: NodeJS.WriteStream): AlternateScreen {
  let active = true;
  const leave = () => {
    if (!active) return;
    active = false;
    process.off('exit', leave);
    out.write(LEAVE);
  };
  out.write(ENTER);
  process.on('exit', leave);
  return { leave };
}
