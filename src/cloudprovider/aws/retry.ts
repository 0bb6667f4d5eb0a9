/** Retries an AWS call on throttling with exponential backoff (the SDK's own retries do not run under aws-sdk-client-mock). */
import { isRetryableAwsError } from './errors.js';

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** @default 4 */
  readonly attempts?: number;
  /** @default 200 */
  readonly baseDelayMs?: number;
  /** How to wait; tests pass an instant one. @default a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Runs `call`, retrying throttled / transient failures up to `attempts` times in all. */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isRetryableAwsError(error)) throw error;
      await sleep((options.baseDelayMs ?? 200) * 2 ** (attempt - 1));
    }
  }
}
