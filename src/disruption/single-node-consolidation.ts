/**
 * Single-node consolidation (karpenter-semantics.md §4.8.2, upstream singlenodeconsolidation.go): candidates sorted
 * by disruption cost, interleaved round-robin across NodePools (pools a previous run did not reach first); for each,
 * skip a pool whose Underutilized allowance is 0 and empty nodes (emptiness handles them), compute a consolidation,
 * and return the first command found. Every candidate evaluated and not taken gets a verdict. A timeout (default
 * 3 min, on an injected clock) is checked between candidates; a run that times out returns no command and the
 * pools it did not reach.
 */
import type { Allowance } from './allowance.js';
import { byDisruptionCost, poolOf } from './candidates.js';
import { ConsolidationContext, budgetVerdictOf, computeConsolidation, consolidationEligible, verdictOf } from './consolidation.js';
import type { Candidate, DisruptionCommand, DisruptionSnapshot, MethodResult } from './types.js';

const METHOD = 'single-node-consolidation' as const;
const REASON = 'Underutilized' as const;

/** Options of {@link singleNodeConsolidation}. */
export interface SingleNodeOptions {
  /** Read between candidates for the timeout; without it the run never times out. */
  readonly clock?: { now(): number };
  /** @default 180000 (3 min) */
  readonly timeoutMs?: number;
  /** Pools the previous run did not reach (its `unseenPools`): their candidates come first. */
  readonly prioritizedPools?: readonly string[];
  /** Reuse simulations' setup across methods of one snapshot. @default a context of its own */
  readonly context?: ConsolidationContext;
}

/** A run's result, with whether it timed out and which pools it never reached. */
export interface SingleNodeResult extends MethodResult {
  readonly timedOut: boolean;
  /** Pools with candidates the run did not reach (pass as `prioritizedPools` next time). */
  readonly unseenPools: readonly string[];
}

/**
 * Sorts by disruption cost, then interleaves the pools round-robin: prioritized pools first, the others by name
 * (upstream iterates a Go map here, in no defined order).
 */
export function interleaveByPool(candidates: readonly Candidate[], prioritizedPools: readonly string[] = []): Candidate[] {
  const byPool = new Map<string, Candidate[]>();
  for (const c of [...candidates].sort(byDisruptionCost)) {
    const list = byPool.get(poolOf(c)) ?? [];
    list.push(c);
    byPool.set(poolOf(c), list);
  }
  const first = prioritizedPools.filter((p) => byPool.has(p));
  const rest = [...byPool.keys()].filter((p) => !first.includes(p)).sort();
  const order = [...new Set([...first, ...rest])];
  const longest = Math.max(0, ...[...byPool.values()].map((l) => l.length));
  const out: Candidate[] = [];
  for (let i = 0; i < longest; i++) for (const pool of order) if (i < byPool.get(pool)!.length) out.push(byPool.get(pool)![i]);
  return out;
}

/** One run of single-node consolidation over already-built candidates. */
export function singleNodeConsolidation(
  snapshot: DisruptionSnapshot,
  candidates: readonly Candidate[],
  allowance: Allowance,
  options: SingleNodeOptions = {},
): SingleNodeResult {
  const context = options.context ?? new ConsolidationContext(snapshot);
  const { eligible, verdicts } = consolidationEligible(candidates, METHOD);
  const ordered = interleaveByPool(eligible, options.prioritizedPools);
  const unseen = new Set(ordered.map(poolOf));
  const deadline = options.clock === undefined ? undefined : options.clock.now() + (options.timeoutMs ?? 180_000);
  let budgetConstrained = false;
  for (const candidate of ordered) {
    if (deadline !== undefined && options.clock!.now() > deadline)
      return { commands: [], verdicts, budgetConstrained, timedOut: true, unseenPools: [...unseen] };
    const pool = poolOf(candidate);
    unseen.delete(pool);
    if (allowance.remaining(pool, REASON) <= 0) {
      budgetConstrained = true;
      verdicts.push(budgetVerdictOf(candidate, METHOD, allowance));
      continue;
    }
    if (candidate.reschedulablePods.length === 0) continue;
    const outcome = computeConsolidation(context, [candidate], METHOD);
    if (!outcome.ok) {
      verdicts.push(verdictOf(candidate, METHOD, outcome.kind, outcome.message, outcome.balanced));
      continue;
    }
    allowance.take(pool, REASON);
    const command: DisruptionCommand = outcome.command;
    return { commands: [command], verdicts, budgetConstrained, timedOut: false, unseenPools: [...unseen] };
  }
  return { commands: [], verdicts, budgetConstrained, timedOut: false, unseenPools: [] };
}
