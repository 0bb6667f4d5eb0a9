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

/** The process's own stdout/stderr. */
export function defaultIO(): CommandIO {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    cwd: process.cwd(),
  };
}

/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  invalid: 1,
  usage: 2,
} as const;
