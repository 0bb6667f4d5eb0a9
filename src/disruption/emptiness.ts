/**
 * The Emptiness method (karpenter-semantics.md §4.6; upstream pkg/controllers/disruption/emptiness.go): delete
 * the nodes that no pod needs. Its candidates are the consolidation filter's for `emptiness`
 * (consolidation-candidates.ts: no reschedulable pods — DaemonSet, mirror and terminal pods do not count —,
 * consolidateAfter not `Never`, `Consolidatable=True`, not a static pool). It orders them by disruption cost
 * (cheapest first, then by name) and takes as many as each pool's `Empty` budget allows, into ONE delete command;
 * the empty nodes the budgets leave get a `budget` verdict and make the result `budgetConstrained`. Pure.
 */
import { BudgetAllowance } from './budget-allowance.js';
import { byDisruptionCost, candidateVerdict, poolOf } from './candidates.js';
import { consolidationCandidates } from './consolidation-candidates.js';
import {
  type Candidate,
  type DisruptionCommand,
  type DisruptionSnapshot,
  METHOD_REASON,
  type MethodResult,
  type NodeVerdict,
} from './types.js';

const METHOD = 'emptiness';
const REASON = METHOD_REASON[METHOD];

/** `delete 3 empty nodes (spark-batch ×2, default ×1)`: pools by count, most first, then by name. */
export function emptinessSummary(candidates: readonly Candidate[]): string {
  const perPool = new Map<string, number>();
  for (const candidate of candidates) {
    const pool = poolOf(candidate);
    perPool.set(pool, (perPool.get(pool) ?? 0) + 1);
  }
  const pools = [...perPool]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([pool, count]) => `${pool} ×${count}`)
    .join(', ');
  const n = candidates.length;
  return `delete ${n} empty node${n === 1 ? '' : 's'} (${pools})`;
}

/** The one delete command of an emptiness round over `candidates` (in the order given). */
export function emptinessCommand(candidates: readonly Candidate[]): DisruptionCommand {
  return {
    method: METHOD,
    reason: REASON,
    decision: 'delete',
    candidates: [...candidates],
    replacements: [],
    evictedPods: [],
    priceBefore: candidates.reduce((sum, candidate) => sum + candidate.price, 0),
    priceAfter: 0,
    summary: emptinessSummary(candidates),
  };
}

/** Runs Emptiness over a snapshot: at most one command; a verdict for every node it leaves (see the module comment). */
export function emptiness(snapshot: DisruptionSnapshot): MethodResult {
  const list = consolidationCandidates(snapshot, METHOD);
  const budgets = new BudgetAllowance(snapshot);
  const taken: Candidate[] = [];
  const verdicts: NodeVerdict[] = [...list.verdicts];
  for (const candidate of [...list.candidates].sort(byDisruptionCost)) {
    const pool = poolOf(candidate);
    if (budgets.take(pool, REASON)) taken.push(candidate);
    else verdicts.push(candidateVerdict(candidate, METHOD, 'budget', budgets.budgetVerdict(pool, REASON)));
  }
  return {
    commands: taken.length > 0 ? [emptinessCommand(taken)] : [],
    verdicts,
    budgetConstrained: taken.length < list.candidates.length,
  };
}
