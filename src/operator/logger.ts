/**
 * The agent's pino logger. With the dashboard owning the terminal, logs go to
 * `<state-dir>/karpd.log` (0600); otherwise to stdout (JSON, or readable lines
 * with `pretty`). A {@link LogRing} can be teed in for the dashboard's Log
 * window. Keys that could carry credentials are redacted wherever they appear.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pino, { type Logger as PinoLogger } from 'pino';
import { LogRing } from '../observe/log-ring.js';
import { consoleLogStream } from './console-log-stream.js';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** @default 'info' */
  level?: string;
  /** Write JSON lines to this file (created 0600) instead of stdout. */
  file?: string;
  /** Print human-readable lines on stdout instead of JSON (ignored with `file`). @default false */
  pretty?: boolean;
  /** Where `pretty` lines go. @default process.stdout */
  stream?: NodeJS.WritableStream;
  /** Also keep every line in this ring (the dashboard's Log window). */
  ring?: LogRing;
  /** Also write the lines at or above `level` to `stream` (warnings on stderr when the log itself goes to a file). */
  echo?: { level: string; stream: NodeJS.WritableStream };
}

const REDACT = [
  '*.password',
  '*.token',
  '*.secretAccessKey',
  '*.accessKeyId',
  '*.sessionToken',
  '*.authorization',
  '*.Authorization',
  '*.bearerToken',
];

/** The stream the log is written to: the file (0600), readable lines, or stdout. */
function destination(options: LoggerOptions): pino.DestinationStream | NodeJS.WritableStream {
  if (options.file === undefined) return options.pretty ? consoleLogStream(options.stream) : pino.destination(1);
  mkdirSync(dirname(options.file), { recursive: true });
  const stream = pino.destination({ dest: options.file, sync: true, mkdir: true, mode: 0o600 });
  chmodSync(options.file, 0o600);
  return stream;
}

/** Creates the process logger. */
export function createLogger(options: LoggerOptions = {}): PinoLogger {
  const level = options.level ?? 'info';
  const base = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'karpd' } };
  const out = destination(options);
  if (options.ring === undefined && options.echo === undefined) return pino(base, out);
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: out }];
  if (options.ring !== undefined) streams.push({ level: level as pino.Level, stream: options.ring.stream });
  if (options.echo !== undefined) streams.push({ level: options.echo.level as pino.Level, stream: options.echo.stream });
  return pino(base, pino.multistream(streams));
}

/** The log file while the dashboard owns the terminal. */
export function dashboardLogPath(stateDir: string): string {
  return join(stateDir, 'karpd.log');
}

/**
 * The logger while the dashboard owns the terminal: JSON lines to `DIR/karpd.log` (0600), teed into a fresh
 * {@link LogRing} for the Log window (pass `ring` to `startEmbeddedStack`'s `logRing`).
 */
export function createDashboardLogger(options: { stateDir: string; level?: string }): { logger: PinoLogger; ring: LogRing; file: string } {
  const ring = new LogRing();
  const file = dashboardLogPath(options.stateDir);
  return { logger: createLogger({ file, ring, ...(options.level !== undefined ? { level: options.level } : {}) }), ring, file };
}
