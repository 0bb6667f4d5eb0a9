/**
 * One log line per key per interval: the first failure of a webhook is
 * logged, repeats within the interval are counted and reported with the next
 * line that is logged, so a dead endpoint cannot flood the log.
 */

/** Whether to log now, and how many lines were held back since the last one. */
export interface RateLimitDecision {
  readonly log: boolean;
  readonly suppressed: number;
}

/** Counts lines per key and lets one through per `intervalMs`. */
export class LogRateLimiter {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  /** @param intervalMs how long a key stays quiet after a logged line. @default 60000 */
  constructor(private readonly intervalMs = 60_000) {}

  /** Should a line about `key` be logged at `now`? */
  check(key: string, now: Date): RateLimitDecision {
    const seen = this.last.get(key);
    if (seen !== undefined && now.getTime() - seen.at < this.intervalMs) {
      seen.suppressed++;
      return { log: false, suppressed: seen.suppressed };
    }
    this.last.set(key, { at: now.getTime(), suppressed: 0 });
    return { log: true, suppressed: seen?.suppressed ?? 0 };
  }
}
