/**
 * The agent's recent log for the dashboard's Log window: a bounded ring of {@link LogLineRow}s fed by pino's JSON
 * lines (a Writable to put in `pino.multistream`), read as a list and followed by subscribers. Lines that are not
 * JSON are kept as `info` text; the oldest line goes when the ring is full.
 */
import { Writable } from 'node:stream';
import type { LogLineRow } from './view-model/view-model.js';

/** The ring's default size. */
export const LOG_RING_SIZE = 1000;

const LEVELS: Record<number, LogLineRow['level']> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service']);
const MAX_FIELDS_CHARS = 2000;

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /[\s"]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** One pino JSON line as a row (`key` is the ring's sequence number); a line that is not JSON becomes its own message. */
export function logLineRow(line: string, sequence: number, fallbackTime: Date): LogLineRow {
  let record: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) record = parsed as Record<string, unknown>;
  } catch {
    record = undefined;
  }
  if (record === undefined) return { key: String(sequence), time: fallbackTime.toISOString(), level: 'info', message: line, fields: '' };
  const time = typeof record.time === 'number' ? new Date(record.time) : fallbackTime;
  const fields = Object.entries(record)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${fieldText(value)}`)
    .join(' ');
  return {
    key: String(sequence),
    time: (Number.isNaN(time.getTime()) ? fallbackTime : time).toISOString(),
    level: LEVELS[Number(record.level)] ?? 'info',
    message: typeof record.msg === 'string' ? record.msg : '',
    fields: fields.length > MAX_FIELDS_CHARS ? `${fields.slice(0, MAX_FIELDS_CHARS)}…` : fields,
  };
}

/** Options of {@link LogRing}. */
export interface LogRingOptions {
  /** How many lines to keep. @default 1000 */
  readonly size?: number;
  /** The time of a line that carries none. @default () => new Date() */
  readonly now?: () => Date;
}

/** A bounded ring of the agent's log lines; `stream` is the Writable pino writes to. */
export class LogRing {
  /** Write pino's JSON lines here (`pino.multistream([{ stream: ring.stream }])`). */
  readonly stream: Writable;
  private readonly size: number;
  private readonly now: () => Date;
  private readonly rows: LogLineRow[] = [];
  private readonly listeners = new Set<(line: LogLineRow) => void>();
  private sequence = 0;
  private pending = '';

  constructor(options: LogRingOptions = {}) {
    this.size = Math.max(1, options.size ?? LOG_RING_SIZE);
    this.now = options.now ?? (() => new Date());
    this.stream = new Writable({
      write: (chunk: Buffer | string, _encoding, done) => {
        this.write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        done();
      },
    });
  }

  /** Takes a chunk of text: every complete line is added; a partial line waits for the rest. */
  write(text: string): void {
    this.pending += text;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') this.push(logLineRow(line, ++this.sequence, this.now()));
  }

  /** The kept lines, oldest first. */
  lines(): readonly LogLineRow[] {
    return this.rows.slice();
  }

  /** Calls `listener` with every new line; returns an unsubscribe function. */
  subscribe(listener: (line: LogLineRow) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private push(row: LogLineRow): void {
    this.rows.push(row);
    if (this.rows.length > this.size) this.rows.splice(0, this.rows.length - this.size);
    for (const listener of this.listeners) listener(row);
  }
}
