/**
 * The provisioner's batching window in simulated time (the same rule as src/controllers/provisioner/batcher.ts,
 * upstream BATCH_IDLE_DURATION 1 s / BATCH_MAX_DURATION 10 s): the first trigger opens it, each new distinct key
 * keeps it open for `idleMs` more, and it closes `maxMs` after it opened whatever happens. The replay loop asks
 * {@link BatchWindow.closesAt} and runs a provisioning round when that time comes. Pure.
 */

/** One batching window at a time. */
export class BatchWindow {
  private keys = new Set<string>();
  private openedAt: number | undefined;
  private lastTriggerAt = 0;

  constructor(
    private readonly idleMs = 1000,
    private readonly maxMs = 10_000,
  ) {}

  /** Adds a trigger at `now`; a key already in the open window does not extend it. */
  trigger(key: string, now: number): void {
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.openedAt ??= now;
    this.lastTriggerAt = now;
  }

  /** When the open window closes, or undefined when none is open. */
  closesAt(): number | undefined {
    if (this.openedAt === undefined) return undefined;
    return Math.min(this.lastTriggerAt + this.idleMs, this.openedAt + this.maxMs);
  }

  /** Closes the window; returns its keys. */
  close(): string[] {
    const keys = [...this.keys];
    this.keys = new Set();
    this.openedAt = undefined;
    return keys;
  }
}
