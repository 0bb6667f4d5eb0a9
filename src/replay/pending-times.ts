/**
 * Pods' pending times over a replay: every wait of a pod (from creation, or from an eviction, until it is bound)
 * is one sample; the report shows p50 / p95 / max. A pod still waiting when the replay ends counts with the time it
 * waited until then; a pod deleted while it waits (a Job's pod whose run time passed) counts likewise. Pure.
 */

/** The nearest-rank percentile (`p` in 0–100) of `values`; 0 when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Records each pod's waits (ms) by `namespace/name`. */
export class PendingTimes {
  private readonly since = new Map<string, number>();
  private readonly waits: number[] = [];

  /** The pod starts waiting at `at` (created or evicted); a pod already waiting keeps its start. */
  start(key: string, at: number): void {
    if (!this.since.has(key)) this.since.set(key, at);
  }

  /** The pod stops waiting at `at` (bound, or deleted while it waited). */
  stop(key: string, at: number): void {
    const from = this.since.get(key);
    if (from === undefined) return;
    this.since.delete(key);
    this.waits.push(at - from);
  }

  /** How many pods wait now. */
  waiting(): number {
    return this.since.size;
  }

  /** p50 / p95 / max in seconds, with the pods still waiting at `endMs` counted up to then. */
  summary(endMs: number): { p50: number; p95: number; max: number; count: number } {
    const all = [...this.waits, ...[...this.since.values()].map((from) => endMs - from)].map((ms) => ms / 1000);
    return { p50: percentile(all, 50), p95: percentile(all, 95), max: all.length === 0 ? 0 : Math.max(...all), count: all.length };
  }
}
