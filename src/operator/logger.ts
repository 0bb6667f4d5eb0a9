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

/**
 * The logger of a state folder (`karpd up`): JSON lines to `DIR/karpd.log` (0600), teed into a fresh
 * {@link LogRing} for the dashboard's Log window (pass `ring` to `startEmbeddedStack`'s `logRing`), and with
 * `echo` the warnings also to a terminal stream when no dashboard owns it.
 */
export function createStateDirLogger(options: { stateDir: string; level?: string; echo?: LoggerOptions['echo'] }): {
  logger: PinoLogger;
  ring: LogRing;
  file: string;
} {
  const ring = new LogRing();
  const file = join(options.stateDir, 'karpd.log');
  const logger = createLogger({
    file,
    ring,
    ...(options.level !== undefined ? { level: options.level } : {}),
    ...(options.echo !== undefined ? { echo: options.echo } : {}),
  });
  return { logger, ring, file };
}
