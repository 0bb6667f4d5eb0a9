/**
 * The lock of a state folder: `DIR/karpd.pid`, created exclusively (`wx`) by
 * the process that runs on the folder (`karpd up`, `karpd control-plane`) and
 * removed when it stops. A second process finds it, checks that the pid in it
 * is alive and refuses to start, rather than overwrite the first one's
 * kubeconfig and agent.json. A file left by a process that is gone (kill -9,
 * a crash) is taken over, with a log line.
 */
import { AutoscalerError, hasError } from '../apis/errors.js';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../apis/logger.js';

/** The name of the lock file inside the state folder. */
export const LOCK_FILE = 'karpd.pid';

/** What the lock file holds. */
export interface LockOwner {
  readonly pid: number;
  /** The command that holds it, e.g. `karpd up`. */
  readonly command: string;
}

/** The state folder is held by another live process. */
export class StateDirInUseError extends AutoscalerError {
  override readonly name = 'StateDirInUseError';
  constructor(
    readonly stateDir: string,
    readonly owner: LockOwner,
  ) {
    super(`state folder ${stateDir} is in use by ${owner.command} (pid ${owner.pid})`);
  }
}

/** Whether `error` is a {@link StateDirInUseError}. */
export function isStateDirInUseError(error: unknown): boolean {
  return hasError(error, StateDirInUseError);
}

/** A held lock. */
export interface StateLock {
  readonly path: string;
  /** Removes the lock file if it is still this process's. Idempotent. */
  release(): void;
}

/** Whether a process with this pid exists (EPERM: it exists but is someone else's). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return undefined;
    return { pid: parsed.pid, command: typeof parsed.command === 'string' ? parsed.command : 'karpd' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { pid: -1, command: '' };
    return undefined;
  }
}

function tryCreate(path: string, owner: LockOwner): boolean {
  try {
    writeFileSync(path, `${JSON.stringify(owner)}\n`, { flag: 'wx', mode: 0o644 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Takes the lock of `dir` (created if missing) for `command`.
 * `displayDir` is the folder as the user named it, for the error message.
 * @throws StateDirInUseError when a live process holds it
 */
export function acquireStateLock(dir: string, command: string, options: { displayDir?: string; logger?: Logger } = {}): StateLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, command };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, me)) return lockAt(path);
    const owner = readOwner(path);
    if (owner !== undefined && owner.pid === -1) continue; // removed between our create and read
    if (owner !== undefined && owner.pid !== process.pid && isProcessAlive(owner.pid)) {
      throw new StateDirInUseError(options.displayDir ?? dir, owner);
    }
    options.logger?.warn(
      { lock: path, stalePid: owner?.pid, staleCommand: owner?.command },
      'taking over the lock of a karpd that is gone',
    );
    removeQuietly(path);
  }
  throw new Error(`could not take the lock ${path}: it keeps changing`);
}

function lockAt(path: string): StateLock {
  let held = true;
  return {
    path,
    release: () => {
      if (!held) return;
      held = false;
      if (readOwner(path)?.pid === process.pid) removeQuietly(path);
    },
  };
}
