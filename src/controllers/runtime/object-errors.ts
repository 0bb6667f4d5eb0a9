/**
 * Errors caused by one object, logged so that a poisoned object is visible
 * but never floods the log nor stops a loop: the same (object, reason) is
 * logged at most once per window (5 minutes by default), and the next line
 * after a quiet window says how many repeats were suppressed. Each
 * controller owns one; {@link ObjectErrors.each} runs a per-object step over
 * a list so that one object's failure never skips the others.
 */
import type { Logger } from '../../apis/logger.js';

/** The object an error is about, as the log names it. */
export interface ObjectRef {
  /** `NodePool`, `NodeClaim`, `Node`… */
  readonly kind: string;
  /** `name` or `namespace/name`. */
  readonly name: string;
}

/** How often the same object and reason may be logged. */
export const OBJECT_ERROR_WINDOW_MS = 5 * 60_000;

/** Entries kept before forgetting objects whose window has passed. */
const MAX_TRACKED = 1000;

interface Seen {
  lastLogged: number;
  suppressed: number;
}

/** The message of any thrown value. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Rate-limited logging of per-object errors for one controller. */
export class ObjectErrors {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly controller: string,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly windowMs: number = OBJECT_ERROR_WINDOW_MS,
  ) {}

  /**
   * Logs (as a warning) that `ref` failed with `error`, unless the same
   * object and reason was logged less than a window ago. True when logged.
   */
  report(ref: ObjectRef, error: unknown, message = 'reconcile failed; will retry'): boolean {
    const reason = reasonOf(error);
    const key = `${ref.kind}\u0000${ref.name}\u0000${reason}`;
    const now = this.now();
    const seen = this.seen.get(key);
    if (seen !== undefined && now - seen.lastLogged < this.windowMs) {
      seen.suppressed += 1;
      return false;
    }
    if (seen === undefined && this.seen.size >= MAX_TRACKED) this.forgetOld(now);
    const suppressed = seen?.suppressed ?? 0;
    this.seen.set(key, { lastLogged: now, suppressed: 0 });
    const fields = {
      controller: this.controller,
      kind: ref.kind,
      name: ref.name,
      reason,
      ...(suppressed > 0 ? { suppressedRepeats: suppressed } : {}),
    };
    this.logger.warn(fields, message);
    return true;
  }

  /** Runs `step` for every item in turn; a failing item is reported and the rest still run. */
  async each<T>(items: Iterable<T>, refOf: (item: T) => ObjectRef, step: (item: T) => Promise<void>, message?: string): Promise<void> {
    for (const item of items) {
      try {
        await step(item);
      } catch (error) {
        this.report(refOf(item), error, message);
      }
    }
  }

  private forgetOld(now: number): void {
    for (const [key, seen] of this.seen) if (now - seen.lastLogged >= this.windowMs) this.seen.delete(key);
  }
}

/** The {@link ObjectRef} of a Kubernetes object. */
export function refOf(kind: string, object: { readonly metadata: { readonly name?: string; readonly namespace?: string } }): ObjectRef {
  const { namespace, name } = object.metadata;
  return { kind, name: namespace ? `${namespace}/${name ?? ''}` : (name ?? '') };
}
