/** Optimistic concurrency: re-read and re-apply a change when the server answers 409 Conflict. */
import { isConflictError } from './errors.js';

/** Options of {@link withConflictRetry}. */
export interface ConflictRetryOptions {
  /** How many attempts in all. @default 5 */
  attempts?: number;
}

/**
 * Runs `attempt` until it does not fail with a 409 Conflict, at most
 * `attempts` times; each attempt must read the object afresh.
 */
export async function withConflictRetry<T>(attempt: () => Promise<T>, options: ConflictRetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isConflictError(error) || i >= attempts) throw error;
    }
  }
}
