/**
 * Delivers interruption events to subscribers the way the SQS queue does:
 * an event whose handling fails is delivered again after the visibility
 * timeout (20 s) until the retention period (300 s) runs out.
 */
import type { InterruptionEvent, InterruptionHandler, InterruptionSource } from '../types.js';
import type { Clock } from './clock.js';

/** SQS visibility timeout of the interruption queue. */
export const VISIBILITY_TIMEOUT_MS = 20_000;
/** SQS message retention of the interruption queue. */
export const RETENTION_MS = 300_000;

/** A pino-style logger (only `warn` is used here). */
export interface WarnLogger {
  warn(object: Record<string, unknown>, message: string): void;
}

/** An in-memory interruption queue with redelivery on handler failure. */
export class InterruptionBus implements InterruptionSource {
  private readonly handlers = new Set<InterruptionHandler>();

  /** Uses `clock` for redelivery timers. */
  constructor(
    private readonly clock: Clock,
    private readonly logger?: WarnLogger,
  ) {}

  /** Adds a handler; returns its unsubscribe function. */
  subscribe(handler: InterruptionHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Sends an event now (handlers run asynchronously); failed handling is retried. */
  publish(event: InterruptionEvent): void {
    void this.deliver(event, this.clock.now().getTime());
  }

  private async deliver(event: InterruptionEvent, firstSent: number): Promise<void> {
    let failed = false;
    for (const handler of [...this.handlers]) {
      try {
        await handler(event);
      } catch (error) {
        failed = true;
        this.logger?.warn({ eventID: event.id, kind: event.kind, err: error }, 'handling interruption event failed, will redeliver');
      }
    }
    const next = this.clock.now().getTime() + VISIBILITY_TIMEOUT_MS;
    if (failed && next - firstSent <= RETENTION_MS) this.clock.setTimeout(() => void this.deliver(event, firstSent), VISIBILITY_TIMEOUT_MS);
  }
}
