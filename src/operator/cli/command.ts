/** What a CLI command writes to: injected so tests can capture output. */
export interface CommandIO {
  /** Writes one chunk of normal output (a newline is added). */
  out(text: string): void;
  /** Writes one chunk of diagnostic output (a newline is added). */
  err(text: string): void;
  /** The working directory relative paths are resolved against. */
  readonly cwd: string;
  /** The environment a command may read (`KARPD_TOKEN`, the locale). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Swallows EPIPE on the terminal streams (the reader went away: `karpd … | head`, tee ended by Ctrl-C); anything else is thrown. */
function ignoreBrokenPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
}

/**
 * The process's own stdout/stderr. A reader that goes away must not crash a command midway (`karpd up | tee log`
 * stopped with Ctrl-C ends tee first, and the clean stop still has lines to write).
 */
export function defaultIO(): CommandIO {
  for (const stream of [process.stdout, process.stderr])
    if (!stream.listeners('error').includes(ignoreBrokenPipe)) stream.on('error', ignoreBrokenPipe);
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    cwd: process.cwd(),
  };
}

/** Whether `CI` says this runs in continuous integration (set, and not empty, `false` or `0`): no terminal UI then. */
export function isContinuousIntegration(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** Resolves with the signal's name at the first SIGINT or SIGTERM: what stops a long-running command. */
export function stopSignal(): Promise<string> {
  return new Promise((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
}

/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  invalid: 1,
  usage: 2,
} as const;
