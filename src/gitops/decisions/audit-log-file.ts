/**
 * The append-only audit log of GitOps actions: `DIR/audit.log`, one JSON
 * object per line, mode 0600. Lines are only ever appended (O_APPEND, one
 * write per line, writes serialised in this process), so a line is never
 * interleaved with another; a reader skips a torn last line (a killed
 * process) and any garbage instead of failing.
 */
import { appendFile, chmod, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditEntry, AuditLog } from './audit-entry.js';

/** The longest `result` or `override` kept in one line; longer ones are cut and marked. */
export const MAX_AUDIT_FIELD_CHARS = 4096;

function bounded(text: string): string {
  return text.length <= MAX_AUDIT_FIELD_CHARS ? text : `${text.slice(0, MAX_AUDIT_FIELD_CHARS)}… (cut)`;
}

function isEntry(value: unknown): value is AuditEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.at === 'string' && typeof entry.who === 'string' && typeof entry.action === 'string' && typeof entry.cluster === 'string'
  );
}

/** An {@link AuditLog} in a JSON-lines file. */
export class JsonLinesAuditLog implements AuditLog {
  private writing: Promise<void> = Promise.resolve();
  private created = false;

  constructor(readonly path: string) {}

  append(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify({
      ...entry,
      result: bounded(entry.result),
      ...(entry.override !== undefined ? { override: bounded(entry.override) } : {}),
    })}\n`;
    const next = this.writing.then(async () => {
      if (!this.created) {
        await mkdir(dirname(this.path), { recursive: true });
        await appendFile(this.path, '', { mode: 0o600 });
        await chmod(this.path, 0o600);
        this.created = true;
      }
      await appendFile(this.path, line, { mode: 0o600 });
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  async read(options: { readonly cluster?: string; readonly limit?: number } = {}): Promise<AuditEntry[]> {
    await this.writing;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: AuditEntry[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        continue;
      }
      if (isEntry(value) && (options.cluster === undefined || value.cluster === options.cluster)) entries.push(value);
    }
    return options.limit === undefined ? entries : entries.slice(-options.limit);
  }
}
