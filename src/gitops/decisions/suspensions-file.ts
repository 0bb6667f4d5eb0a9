/**
 * A person's `karpd suspend`, kept across restarts: one small JSON file in
 * the state folder (`DIR/suspensions.json`, mode 0600) mapping cluster name
 * to who suspended it and when. Written atomically (a temp file renamed over
 * it), so a crash never leaves half a file.
 */
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { AutoscalerError } from '../../apis/errors.js';

/** The file's name in the state folder. */
export const SUSPENSIONS_FILE = 'suspensions.json';

/** Who suspended a cluster and when (RFC 3339). */
export interface SuspensionRecord {
  readonly by: string;
  readonly at: string;
}

/** Cluster name → suspension. */
export type Suspensions = Readonly<Record<string, SuspensionRecord>>;

/** The suspensions file exists but is not what karpd wrote. */
export class SuspensionsFileError extends AutoscalerError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`reading ${path}: ${reason} (expected {"<cluster>": {"by": "...", "at": "..."}}; fix or delete it)`);
    this.name = 'SuspensionsFileError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parse(path: string, text: string): Suspensions {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SuspensionsFileError(path, `not JSON (${(error as Error).message})`);
  }
  if (!isRecord(value)) throw new SuspensionsFileError(path, 'not a JSON object');
  const result: Record<string, SuspensionRecord> = {};
  for (const [cluster, entry] of Object.entries(value)) {
    if (!isRecord(entry) || typeof entry.by !== 'string' || typeof entry.at !== 'string') {
      throw new SuspensionsFileError(path, `cluster "${cluster}" has no "by" and "at" strings`);
    }
    result[cluster] = { by: entry.by, at: entry.at };
  }
  return result;
}

/** The suspensions in `path`; none when the file does not exist. */
export async function readSuspensions(path: string): Promise<Suspensions> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SuspensionsFileError(path, (error as Error).message);
  }
  return parse(path, text);
}

/** Replaces `path` with `suspensions` (sorted by cluster), atomically, mode 0600. */
export async function writeSuspensions(path: string, suspensions: Suspensions): Promise<void> {
  const sorted = Object.fromEntries(
    Object.keys(suspensions)
      .sort()
      .map((cluster) => [cluster, suspensions[cluster]]),
  );
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(sorted, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
