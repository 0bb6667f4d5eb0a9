/**
 * When a Git source fetches next: every interval, spread by a jitter so many
 * agents do not fetch in step, and after failures an exponential back-off
 * (interval × 2^failures) capped at a maximum. Pure: the caller passes the
 * random number.
 */

/** Inputs of {@link nextFetchDelay}. */
export interface FetchScheduleOptions {
  readonly intervalMs: number;
  /** Fraction of the delay added or taken at random (0.1: ±10 %). */
  readonly jitter: number;
  /** Consecutive failed fetches. */
  readonly failures: number;
  /** The longest back-off; never shorter than the interval. */
  readonly maxBackoffMs: number;
}

/**
 * Milliseconds until the next fetch; `random` is a number in [0, 1).
 *
 * @example
 * nextFetchDelay({ intervalMs: 30_000, jitter: 0, failures: 2, maxBackoffMs: 300_000 }, 0.5); // 120000
 */
export function nextFetchDelay(options: FetchScheduleOptions, random: number): number {
  const cap = Math.max(options.intervalMs, options.maxBackoffMs);
  const base = options.failures <= 0 ? options.intervalMs : Math.min(cap, options.intervalMs * 2 ** options.failures);
  const jitter = Math.min(Math.max(options.jitter, 0), 1);
  const spread = base * (1 + jitter * (2 * random - 1));
  const bounded = options.failures <= 0 ? spread : Math.min(cap, spread);
  return Math.max(1, Math.round(bounded));
}
