/**
 * What the graceful methods need of the NodePools' disruption budgets (karpenter-semantics.md §4.5): how many more
 * nodes of a pool a reason may disrupt in this run, a way to count one as taken, and the words that explain the
 * number. Upstream passes a `map[nodepool]int` that each method decrements as it adds candidates to a command; the
 * disruption loop's per-run allowance (budget-allowance.ts) satisfies this interface.
 */
import type { DisruptionReason } from '../apis/nodepool.js';

/** A per-pool, per-reason count of the disruptions still allowed in this run. */
export interface Allowance {
  /** Nodes of `pool` that may still be disrupted for `reason` (0 when the budget is used up or the pool is unknown). */
  remaining(pool: string, reason: DisruptionReason): number;
  /** Counts one more node of `pool` as disrupted for `reason` (never below 0). */
  take(pool: string, reason: DisruptionReason): void;
  /** Why `remaining` is what it is, for a verdict: `budget of NodePool default allows 0 Underutilized: 10% of 3 nodes = 1, 1 disrupting`. */
  message(pool: string, reason: DisruptionReason): string;
}
