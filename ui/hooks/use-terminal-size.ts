/** The terminal size: the `size` prop when given (tests), else stdout's columns and rows, following resizes. */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** A terminal size. */
export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** The size to lay the frame out for. */
export function useTerminalSize(fixed: TerminalSize | undefined): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState<TerminalSize>(read);
  useEffect(() => {
    if (fixed !== undefined) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}
