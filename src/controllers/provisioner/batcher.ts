/**
 * The provisioner's batching window (https://karpenter.sh/docs/reference/settings/ (BATCH_IDLE_DURATION, BATCH_MAX_DURATION)): wait for
 * a first trigger, then keep the window open while new distinct pods keep
 * arriving — closing after `idleMs` without one, or `maxMs` in all — so a
 * burst of pods is planned in one round instead of one node per pod.
 */
import type { CancelTimer, Clock } from '../../apis/clock.js';

/** Options of {@link Batcher}. */
export interface BatcherOptions {
  /** Close the window after this long without a new distinct trigger. @default 1000 */
  idleMs?: number;
  /** Close the window this long after it opened, whatever happens. @default 10000 */
  maxMs?: number;
}

/** Collects triggers (pod UIDs) into batches. */
export class Batcher {
  private keys = new Set<string>();
  /** A closed window nobody was waiting for yet. */
  private ready: string[] = [];
  private waiter: ((keys: string[]) => void) | undefined;
  private idleTimer: CancelTimer | undefined;
  private maxTimer: CancelTimer | undefined;
  private readonly idleMs: number;
  private readonly maxMs: number;

  constructor(
    private readonly clock: Clock,
    options: BatcherOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 1000;
    this.maxMs = options.maxMs ?? 10_000;
  }

  /** Adds a trigger; a key already in the open window does not extend it. */
  trigger(key: string): void {
    if (this.keys.has(key)) return;
    this.keys.add(key);
    if (this.maxTimer === undefined) this.maxTimer = this.clock.setTimeout(() => this.close(), this.maxMs);
    this.idleTimer?.();
    this.idleTimer = this.clock.setTimeout(() => this.close(), this.idleMs);
  }

  /** Resolves with the keys of the next closed window (waits for the first trigger). */
  nextBatch(): Promise<string[]> {
    if (this.ready.length > 0) {
      const keys = this.ready;
      this.ready = [];
      return Promise.resolve(keys);
    }
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Closes the window now (shutdown, tests). */
  flush(): void {
    this.close();
  }

  private close(): void {
    this.idleTimer?.();
    this.maxTimer?.();
    this.idleTimer = undefined;
    this.maxTimer = undefined;
    const keys = [...this.keys];
    this.keys = new Set();
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter !== undefined) waiter([...this.ready, ...keys]);
    else this.ready.push(...keys);
    if (waiter !== undefined) this.ready = [];
  }
}
