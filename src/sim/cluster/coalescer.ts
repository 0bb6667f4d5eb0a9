/**
 * Runs an async task once per burst of triggers: triggers while it runs
 * cause one more run afterwards, never two at a time. Informer events arrive
 * one by one; this turns them into one pass each (not a timer: no clock).
 */
import type { Logger } from '../../kube/logger.js';

/** A coalesced task. */
export class Coalescer {
  private running = false;
  private again = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();

  /** `task` is the pass to run; its failures are logged with `what`. */
  constructor(
    private readonly task: () => Promise<void>,
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  /** Asks for a pass soon (after the current one if one is running). */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.idle = new Promise((resolve) => setImmediate(() => void this.loop().then(resolve)));
  }

  /** Resolves when no pass is running or queued. */
  async settled(): Promise<void> {
    await this.idle;
  }

  /** No more passes after the current one. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.task();
      } catch (error) {
        this.logger.warn(
          { component: this.what, reason: error instanceof Error ? error.message : String(error) },
          `${this.what} pass failed; will retry on the next change`,
        );
      }
    } while (this.again && !this.stopped);
    this.running = false;
  }
}
