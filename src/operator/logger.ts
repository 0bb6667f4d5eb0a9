/**
 * The agent's pino logger. With the dashboard owning the terminal, logs go to
 * `<state-dir>/karpd.log`; otherwise to stdout. Keys that could carry
 * credentials are redacted wherever they appear.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger as PinoLogger } from 'pino';
import { consoleLogStream } from './console-log-stream.js';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** @default 'info' */
  level?: string;
  /** Write JSON lines to this file instead of stdout. */
  file?: string;
  /** Print human-readable lines on stdout instead of JSON (ignored with `file`). @default false */
  pretty?: boolean;
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

/** Creates the process logger. */
export function createLogger(options: LoggerOptions = {}): PinoLogger {
  const base = { level: options.level ?? 'info', redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'karpd' } };
  if (options.file === undefined) return options.pretty ? pino(base, consoleLogStream()) : pino(base);
  mkdirSync(dirname(options.file), { recursive: true });
  return pino(base, pino.destination({ dest: options.file, sync: false, mkdir: true }));
}
