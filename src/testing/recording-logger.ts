/** A {@link Logger} that keeps every line, so a test can check that an error was logged with its reason. */
import type { Logger } from '../apis/logger.js';

/** One logged line. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** Records log lines in order. */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];

  debug(fields: object, message: string): void {
    this.lines.push({ level: 'debug', fields: fields as Record<string, unknown>, message });
  }

  info(fields: object, message: string): void {
    this.lines.push({ level: 'info', fields: fields as Record<string, unknown>, message });
  }

  warn(fields: object, message: string): void {
    this.lines.push({ level: 'warn', fields: fields as Record<string, unknown>, message });
  }

  error(fields: object, message: string): void {
    this.lines.push({ level: 'error', fields: fields as Record<string, unknown>, message });
  }

  /** The lines at `warn` or `error`. */
  problems(): LogLine[] {
    return this.lines.filter((line) => line.level === 'warn' || line.level === 'error');
  }
}
