/**
 * The disruption controller's report (`src/disruption/report.ts`, karpenter-semantics.md §4, §5) indexed for the
 * window builders: each node's verdict (why it is not disrupted) by NodeClaim and by Node name, each claim being
 * disrupted, and each pool's budgets with the one most constrained. Built once per report object (the memo keeps
 * the last one), so an unchanged report costs nothing per build. Pure.
 */
import type { DisruptingClaim, DisruptionReport, PoolBudgetReport } from '../../disruption/report.js';
import type { NodeVerdict } from '../../disruption/types.js';

/** The lookups of one report. */
export interface DisruptionIndex {
  /** The verdict of the claim (by claim name, else by its node's name); undefined when the report has none. */
  verdictOf(claim: string, node: string | undefined): NodeVerdict | undefined;
  /** The claim's entry in `report.disrupting` (by claim name, else by its node's name). */
  disruptingOf(claim: string, node: string | undefined): DisruptingClaim | undefined;
  /** The pool's budget for the reason with the fewest nodes left (ties: fewest allowed, then reason name). */
  tightestBudgetOf(pool: string): PoolBudgetReport | undefined;
}

function index<T>(entries: readonly T[], keys: (entry: T) => readonly (string | undefined)[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const entry of entries) for (const key of keys(entry)) if (key !== undefined && !map.has(key)) map.set(key, entry);
  return map;
}

/** Is `a` more constrained than `b`? */
function tighter(a: PoolBudgetReport, b: PoolBudgetReport): boolean {
  if (a.remaining !== b.remaining) return a.remaining < b.remaining;
  if (a.allowed !== b.allowed) return a.allowed < b.allowed;
  return a.reason < b.reason;
}

/** Indexes `report` (undefined: an index that knows nothing). */
export function indexDisruption(report: DisruptionReport | undefined): DisruptionIndex {
  if (report === undefined) return EMPTY_INDEX;
  const verdictsByClaim = index(report.verdicts, (verdict) => [verdict.nodeClaim]);
  const verdictsByNode = index(report.verdicts, (verdict) => [verdict.node]);
  const disruptingByClaim = index(report.disrupting, (claim) => [claim.nodeClaim]);
  const disruptingByNode = index(report.disrupting, (claim) => [claim.node]);
  const tightest = new Map<string, PoolBudgetReport>();
  for (const budget of report.budgets) {
    const seen = tightest.get(budget.nodePool);
    if (seen === undefined || tighter(budget, seen)) tightest.set(budget.nodePool, budget);
  }
  const lookup = <T>(byClaim: Map<string, T>, byNode: Map<string, T>, claim: string, node: string | undefined): T | undefined =>
    byClaim.get(claim) ?? (node === undefined ? undefined : byNode.get(node)) ?? byNode.get(claim);
  return {
    verdictOf: (claim, node) => lookup(verdictsByClaim, verdictsByNode, claim, node),
    disruptingOf: (claim, node) => lookup(disruptingByClaim, disruptingByNode, claim, node),
    tightestBudgetOf: (pool) => tightest.get(pool),
  };
}

const EMPTY_INDEX: DisruptionIndex = {
  verdictOf: () => undefined,
  disruptingOf: () => undefined,
  tightestBudgetOf: () => undefined,
};

/** The index of the last report seen, rebuilt only when the report is a different object. */
export class DisruptionIndexMemo {
  private report: DisruptionReport | undefined;
  private value: DisruptionIndex = EMPTY_INDEX;

  /** The index of `report`. */
  of(report: DisruptionReport | undefined): DisruptionIndex {
    if (report !== this.report) {
      this.report = report;
      this.value = indexDisruption(report);
    }
    return this.value;
  }
}
