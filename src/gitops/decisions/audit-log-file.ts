/**
 * The append-only audit log as a JSON-lines file (`DIR/audit.log`): one
 * object per line, only ever appended, readable by its owner only (0600).
 * Appends from one process are serialised so lines never interleave; a line
 * cut short by a killed process is skipped on read and never glued to the
 * next entry. Each line is bounded (the result to about 4 KiB).
 */
import { appendFile, chmod, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AutoscalerError, hasError } from '../../apis/errors.js';
import { truncateText } from '../../apis/decision-bounds.js';
import type { AuditEntry, AuditLog } from './audit-entry.js';

/** The longest `result` kept in a line. */
export const AUDIT_RESULT_MAX_LENGTH = 4096;
/** The longest other text field kept in a line (who, decision, revision, override). */
const FIELD_MAX_LENGTH = 512;

/** Writing to or reading the audit log failed. */
export class AuditLogError extends AutoscalerError {
  constructor(
    readonly path: string,
    doing: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`${doing} audit log ${path}${reason}`, options);
  }
}

/** Is `error` an {@link AuditLogError}? */
export function isAuditLogError(error: unknown): boolean {
  return hasError(error, AuditLogError);
}

const TEXT_FIELDS = ['at', 'who', 'action', 'cluster', 'result'] as const;

function isAuditEntry(value: unknown): value is AuditEntry {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return TEXT_FIELDS.every((field) => typeof record[field] === 'string');
}

function parseLine(line: string): AuditEntry | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return isAuditEntry(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `entry` with its texts bounded, keys in a stable order. */
function boundEntry(entry: AuditEntry): AuditEntry {
  const short = (text: string | undefined) => (text === undefined ? undefined : truncateText(text, FIELD_MAX_LENGTH));
  const bounded: Record<string, unknown> = {
    at: entry.at,
    who: short(entry.who),
    action: entry.action,
    cluster: short(entry.cluster),
    decision: short(entry.decision),
    kind: entry.kind,
    revision: short(entry.revision),
    result: truncateText(entry.result, AUDIT_RESULT_MAX_LENGTH),
    override: short(entry.override),
  };
  for (const key of Object.keys(bounded)) if (bounded[key] === undefined) delete bounded[key];
  return bounded as unknown as AuditEntry;
}

/** Does the file at `path` exist without ending in a newline (a torn last line)? */
async function endsTorn(path: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  } finally {
    await handle?.close();
  }
}

/** The audit log in one JSON-lines file. */
export class JsonLinesAuditLog implements AuditLog {
  private queue: Promise<void> = Promise.resolve();
  private prepared = false;

  /** @param path the log file, e.g. `DIR/audit.log`; its folder is created when missing. */
  constructor(readonly path: string) {}

  /** Appends one line; appends are written one after another, in call order. Rejects with {@link AuditLogError}. */
  append(entry: AuditEntry): Promise<void> {
    const write = this.queue.then(() => this.write(entry));
    this.queue = write.catch(() => undefined);
    return write;
  }

  /** Entries, oldest first (of one cluster, when given; the newest `limit`, when given); unreadable lines are skipped. */
  async read(options: { readonly cluster?: string; readonly limit?: number } = {}): Promise<AuditEntry[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new AuditLogError(this.path, 'reading', { cause: error });
    }
    const entries = text
      .split('\n')
      .map(parseLine)
      .filter((entry): entry is AuditEntry => entry !== undefined)
      .filter((entry) => options.cluster === undefined || entry.cluster === options.cluster);
    return options.limit === undefined ? entries : entries.slice(Math.max(0, entries.length - options.limit));
  }

  private async write(entry: AuditEntry): Promise<void> {
    try {
      let line = `${JSON.stringify(boundEntry(entry))}\n`;
      if (!this.prepared) {
        await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
        if (await endsTorn(this.path)) line = `\n${line}`;
      }
      await appendFile(this.path, line, { mode: 0o600, flag: 'a' });
      if (!this.prepared) await chmod(this.path, 0o600);
      this.prepared = true;
    } catch (error) {
      throw new AuditLogError(this.path, 'appending to', { cause: error });
    }
  }
}
