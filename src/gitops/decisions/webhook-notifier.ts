/**
 * Sends Decision notifications to a cluster's webhook (`spec.notify.webhook`):
 * a JSON POST per message, 5 s timeout, up to 3 attempts with growing
 * back-off, one message at a time per process from a bounded queue (the
 * oldest are dropped beyond it, and that is logged). It never throws and
 * never blocks the sync; failures are logged at most once a minute per
 * webhook, and a webhook is only ever shown without its credentials, path
 * query or fragment.
 */
import type { Logger } from '../../apis/logger.js';
import type { NotificationMessage, Notifier } from './notification.js';

/** Options of {@link WebhookNotifier}. */
export interface WebhookNotifierOptions {
  readonly logger: Logger;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Waits between attempts (tests pass an immediate one). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The time for rate-limiting error logs. @default Date.now */
  readonly now?: () => number;
  /** @default 5000 */
  readonly timeoutMs?: number;
  /** @default 3 */
  readonly attempts?: number;
  /** @default 100 */
  readonly maxQueued?: number;
  /** @default 'karpd' */
  readonly userAgent?: string;
}

const ERROR_LOG_INTERVAL_MS = 60_000;

/** The webhook as logs may show it: scheme, host and path only. */
export function shownWebhook(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(an unparseable webhook URL)';
  }
}

/** A {@link Notifier} that POSTs JSON. */
export class WebhookNotifier implements Notifier {
  private readonly queue: Array<{ webhook: string; message: NotificationMessage }> = [];
  private running: Promise<void> | undefined;
  private readonly lastErrorLog = new Map<string, number>();
  /** Messages delivered so far (tests, metrics). */
  delivered = 0;

  constructor(private readonly options: WebhookNotifierOptions) {}

  send(webhook: string, message: NotificationMessage): void {
    const max = this.options.maxQueued ?? 100;
    if (this.queue.length >= max) {
      const dropped = this.queue.shift();
      this.options.logger.warn(
        { webhook: shownWebhook(dropped?.webhook ?? webhook), event: dropped?.message.event },
        `webhook queue full (${max}); dropped the oldest message`,
      );
    }
    this.queue.push({ webhook, message });
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves once every queued message was delivered or given up on. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) await this.deliver(next.webhook, next.message);
  }

  private async deliver(webhook: string, message: NotificationMessage): Promise<void> {
    const attempts = this.options.attempts ?? 3;
    const doFetch = this.options.fetch ?? fetch;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
    let reason = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await doFetch(webhook, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'User-Agent': this.options.userAgent ?? 'karpd' },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
          redirect: 'error',
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          this.delivered++;
          return;
        }
        reason = `HTTP ${response.status}`;
        if (response.status >= 400 && response.status < 500 && response.status !== 429) break;
      } catch (error) {
        reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      }
      if (attempt < attempts) await sleep(500 * 2 ** (attempt - 1));
    }
    this.logFailure(webhook, message, reason.replaceAll(webhook, shownWebhook(webhook)));
  }

  private logFailure(webhook: string, message: NotificationMessage, reason: string): void {
    const shown = shownWebhook(webhook);
    const now = (this.options.now ?? Date.now)();
    const last = this.lastErrorLog.get(shown);
    if (last !== undefined && now - last < ERROR_LOG_INTERVAL_MS) return;
    this.lastErrorLog.set(shown, now);
    this.options.logger.warn({ webhook: shown, cluster: message.cluster, event: message.event, reason }, 'webhook notification failed');
  }
}
