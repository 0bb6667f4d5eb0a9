/**
 * Sends notification messages to webhooks: a JSON POST per message, 5 s
 * timeout, up to 3 attempts with exponential back-off (4xx other than 408 and
 * 429 is not retried). Each webhook has its own bounded queue (the oldest
 * message is dropped beyond the bound) and its own sender, so a dead endpoint
 * never delays another cluster's. `send` never throws and never blocks; a
 * failure is logged, at most one line per webhook per minute, and logs show a
 * webhook without its credentials or query.
 */
import type { Clock } from '../../apis/clock.js';
import { AutoscalerError } from '../../apis/errors.js';
import type { Logger } from '../../apis/logger.js';
import { checkWebhookUrl, redactWebhookUrl } from '../../apis/validation/webhook-url.js';
import { LogRateLimiter } from './log-rate-limiter.js';
import type { NotificationMessage, Notifier } from './notification.js';

/** What {@link WebhookNotifier} works with, and its settings. */
export interface WebhookNotifierOptions {
  readonly logger: Logger;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Back-off timers and the log rate limit. @default the system clock */
  readonly clock?: Clock;
  /** Sent as `User-Agent: karpd/<version>`. @default 'dev' */
  readonly version?: string;
  /** @default 5000 */
  readonly timeoutMs?: number;
  /** @default 3 */
  readonly attempts?: number;
  /** The first back-off; each retry waits twice as long as the one before. @default 1000 */
  readonly backoffMs?: number;
  /** Messages kept per webhook while it is being retried. @default 100 */
  readonly queueLimit?: number;
}

interface Target {
  readonly url: string;
  readonly headers: Record<string, string>;
}

interface Queue {
  readonly target: Target;
  readonly messages: NotificationMessage[];
  running: boolean;
}

const systemClock: Clock = {
  now: () => new Date(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
  setInterval: (fn, ms) => {
    const timer = setInterval(fn, ms);
    return () => clearInterval(timer);
  },
};

/** Is an HTTP status worth another attempt? */
function isRetryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Why one attempt failed, and whether another may succeed. */
class DeliveryError extends AutoscalerError {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Posts notification messages to webhooks; see the file comment. */
export class WebhookNotifier implements Notifier {
  private readonly queues = new Map<string, Queue>();
  private readonly limiter = new LogRateLimiter();
  private readonly clock: Clock;
  private readonly fetch: typeof fetch;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly options: WebhookNotifierOptions) {
    this.clock = options.clock ?? systemClock;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Queues `message` for `webhook` and returns at once. */
  send(webhook: string, message: NotificationMessage): void {
    try {
      const queue = this.queueFor(webhook, message);
      if (queue === undefined) return;
      queue.messages.push(message);
      const limit = this.options.queueLimit ?? 100;
      if (queue.messages.length > limit) {
        const dropped = queue.messages.shift();
        this.logFailure(webhook, dropped ?? message, `queue full (${limit} messages): dropped the oldest`, 0);
      }
      if (!queue.running) this.run(webhook, queue).catch(() => undefined);
    } catch (error) {
      this.logFailure(webhook, message, error instanceof Error ? error.message : String(error), 0);
    }
  }

  /** Resolves once every queued message has been delivered or given up on (tests, shutdown). */
  idle(): Promise<void> {
    if ([...this.queues.values()].every((queue) => !queue.running)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private queueFor(webhook: string, message: NotificationMessage): Queue | undefined {
    const known = this.queues.get(webhook);
    if (known !== undefined) return known;
    const check = checkWebhookUrl(webhook);
    if (!check.ok) {
      this.logFailure(webhook, message, `not sent: the webhook ${check.reason}`, 0);
      return undefined;
    }
    const { url } = check;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': `karpd/${this.options.version ?? 'dev'}`,
    };
    if (check.hasCredentials) {
      const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.Authorization = `Basic ${Buffer.from(user).toString('base64')}`;
      url.username = '';
      url.password = '';
    }
    const queue: Queue = { target: { url: url.toString(), headers }, messages: [], running: false };
    this.queues.set(webhook, queue);
    return queue;
  }

  private async run(webhook: string, queue: Queue): Promise<void> {
    queue.running = true;
    try {
      for (let message = queue.messages.shift(); message !== undefined; message = queue.messages.shift()) {
        await this.deliver(webhook, queue.target, message);
      }
    } finally {
      queue.running = false;
      if ([...this.queues.values()].every((q) => !q.running)) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async deliver(webhook: string, target: Target, message: NotificationMessage): Promise<void> {
    const attempts = Math.max(1, this.options.attempts ?? 3);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.post(target, message);
        return;
      } catch (error) {
        const failure = error instanceof DeliveryError ? error : new DeliveryError(String(error), true);
        if (!failure.retryable || attempt >= attempts) {
          this.logFailure(webhook, message, scrub(failure.message, webhook), attempt);
          return;
        }
        await this.sleep((this.options.backoffMs ?? 1000) * 2 ** (attempt - 1));
      }
    }
  }

  private async post(target: Target, message: NotificationMessage): Promise<void> {
    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? 5000;
    const cancel = this.clock.setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await this.fetch(target.url, {
        method: 'POST',
        headers: target.headers,
        body: JSON.stringify(message),
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new DeliveryError(`HTTP ${response.status}`, isRetryable(response.status));
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      if (controller.signal.aborted) throw new DeliveryError(`no answer within ${timeoutMs} ms`, true);
      throw new DeliveryError(describeNetworkError(error), true);
    } finally {
      cancel();
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }

  private logFailure(webhook: string, message: NotificationMessage, error: string, attempts: number): void {
    const shown = redactWebhookUrl(webhook);
    const { log, suppressed } = this.limiter.check(shown, this.clock.now());
    if (!log) return;
    this.options.logger.warn(
      { webhook: shown, cluster: message.cluster, event: message.event, attempts, error, ...(suppressed > 0 ? { suppressed } : {}) },
      'sending a webhook notification failed',
    );
  }
}

/** A fetch failure in one line: undici puts the reason (ECONNREFUSED…) in `cause`. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** `text` without the webhook's full URL, user info or query, in case an error message repeats them. */
function scrub(text: string, webhook: string): string {
  let out = text.split(webhook).join(redactWebhookUrl(webhook));
  try {
    const url = new URL(webhook);
    for (const secret of [url.password, url.username, url.search.slice(1)]) if (secret.length >= 3) out = out.split(secret).join('***');
  } catch {
    // Not a URL: nothing more to hide.
  }
  return out;
}
