/**
 * Multi-node consolidation (karpenter-semantics.md §4.8.1, upstream multinodeconsolidation.go): candidates sorted
 * by disruption cost (ascending, upstream ≤ v1.13), taken in order while their pool's Underutilized allowance lasts,
 * at most `settings.multiNodeMaxCandidates`; then a binary search over the prefix length k ≥ 2 for the largest
 * prefix that can go at once — as a delete, or as a replace whose options survive filterOutSameInstanceType — and
 * that every `Balanced` source pool approves (§4.8.4: a rejected prefix is invalid, the search tries smaller). Single
 * nodes are left to single-node consolidation, empty ones to emptiness. A timeout (default 1 min, injected clock)
 * returns the best command found so far.
 */
import type { Allowance } from './allowance.js';
import { byDisruptionCost, poolOf } from './candidates.js';
import {
  ConsolidationContext,
  computeConsolidation,
  budgetVerdictOf,
  consolidationEligible,
  filterOutSameInstanceType,
  verdictOf,
} from './consolidation.js';
import type { BalancedScore, Candidate, DisruptionCommand, DisruptionSnapshot, MethodResult, NodeVerdict, VerdictKind } from './types.js';

const METHOD = 'multi-node-consolidation' as const;
const REASON = 'Underutilized' as const;

/** Options of {@link multiNodeConsolidation}. */
export interface MultiNodeOptions {
  /** Read before every probe for the timeout; without it the search never times out. */
  readonly clock?: { now(): number };
  /** @default 60000 (1 min) */
  readonly timeoutMs?: number;
  /** Reuse simulations' setup across methods of one snapshot. @default a context of its own */
  readonly context?: ConsolidationContext;
}

/** A run's result, with whether the timeout cut the search short. */
export interface MultiNodeResult extends MethodResult {
  readonly timedOut: boolean;
  /** How many prefixes were simulated. */
  readonly probes: number;
}

/** The candidates in order, each pool's taken only while its allowance lasts, capped; the rest get a budget verdict. */
function withinBudgets(
  ordered: readonly Candidate[],
  allowance: Allowance,
  max: number,
  verdicts: NodeVerdict[],
): { taken: Candidate[]; constrained: boolean } {
  const used = new Map<string, number>();
  const taken: Candidate[] = [];
  let constrained = false;
  for (const c of ordered) {
    const pool = poolOf(c);
    if (allowance.remaining(pool, REASON) - (used.get(pool) ?? 0) <= 0) {
      constrained = true;
      verdicts.push(budgetVerdictOf(c, METHOD, allowance));
      continue;
    }
    if (taken.length >= max) continue;
    used.set(pool, (used.get(pool) ?? 0) + 1);
    taken.push(c);
  }
  return { taken, constrained };
}

/** Why the smallest invalid prefix (of `k` candidates) was refused. */
interface Refusal {
  readonly k: number;
  readonly kind: VerdictKind;
  readonly message: string;
  readonly balanced?: BalancedScore;
}

/** What the binary search found. */
interface SearchResult {
  readonly best?: DisruptionCommand;
  readonly refusal?: Refusal;
  readonly timedOut: boolean;
  readonly probes: number;
}

/**
 * filterOutSameInstanceType on a command computeConsolidation approved. No second Balanced check: the cut keeps the
 * cheapest option or none, so the replacement's price, and the score, do not change.
 */
function cutSameInstanceType(
  context: ConsolidationContext,
  command: DisruptionCommand,
): { ok: true; command: DisruptionCommand } | { ok: false; kind: VerdictKind; message: string } {
  const cut = filterOutSameInstanceType(context, command);
  if (cut === undefined)
    return { ok: false, kind: 'savings', message: 'a replacement would be one of the removed instance types, not cheaper than it' };
  return { ok: true, command: cut };
}

/** The largest valid prefix (k ≥ 2) by binary search, the smallest refusal seen, and whether time ran out. */
function searchPrefixes(
  context: ConsolidationContext,
  candidates: readonly Candidate[],
  deadline: { clock: { now(): number }; at: number } | undefined,
): SearchResult {
  let low = 1;
  let high = candidates.length - 1;
  let best: DisruptionCommand | undefined;
  let refusal: Refusal | undefined;
  let probes = 0;
  while (low <= high) {
    if (deadline !== undefined && deadline.clock.now() > deadline.at) return { best, refusal, timedOut: true, probes };
    const mid = Math.floor((low + high) / 2);
    const prefix = candidates.slice(0, mid + 1);
    const outcome = computeConsolidation(context, prefix, METHOD);
    probes++;
    const result = outcome.ok ? cutSameInstanceType(context, outcome.command) : outcome;
    if (result.ok) {
      best = result.command;
      low = mid + 1;
      continue;
    }
    if (refusal === undefined || prefix.length < refusal.k)
      refusal = {
        k: prefix.length,
        kind: result.kind,
        message: result.message,
        ...(!outcome.ok && outcome.balanced !== undefined ? { balanced: outcome.balanced } : {}),
      };
    high = mid - 1;
  }
  return { best, refusal, timedOut: false, probes };
}

/** Verdicts for the candidates the search looked at and did not take. */
function leftOut(taken: readonly Candidate[], { best, refusal }: SearchResult): NodeVerdict[] {
  const chosen = new Set(best?.candidates.map((c) => c.name) ?? []);
  const out: NodeVerdict[] = [];
  for (const c of taken) {
    if (chosen.has(c.name)) continue;
    if (best !== undefined) {
      const size = `${best.candidates.length} of ${taken.length}`;
      out.push(verdictOf(c, METHOD, 'no-fit', `not in the largest set of nodes that can go together (${size})`));
    } else if (refusal !== undefined)
      out.push(verdictOf(c, METHOD, refusal.kind, `with the ${refusal.k} cheapest nodes to disrupt: ${refusal.message}`, refusal.balanced));
  }
  return out;
}

/** One run of multi-node consolidation over already-built candidates. */
export function multiNodeConsolidation(
  snapshot: DisruptionSnapshot,
  candidates: readonly Candidate[],
  allowance: Allowance,
  options: MultiNodeOptions = {},
): MultiNodeResult {
  const context = options.context ?? new ConsolidationContext(snapshot);
  const policy = consolidationEligible(candidates, METHOD);
  const verdicts = policy.verdicts;
  const eligible = policy.eligible.filter((c) => c.reschedulablePods.length > 0).sort(byDisruptionCost);
  const { taken, constrained } = withinBudgets(eligible, allowance, snapshot.settings.multiNodeMaxCandidates, verdicts);
  const clock = options.clock;
  const deadline = clock === undefined ? undefined : { clock, at: clock.now() + (options.timeoutMs ?? 60_000) };
  const search: SearchResult = taken.length < 2 ? { timedOut: false, probes: 0 } : searchPrefixes(context, taken, deadline);
  verdicts.push(...leftOut(taken, search));
  const best = search.best;
  if (best !== undefined) for (const c of best.candidates) allowance.take(poolOf(c), REASON);
  return {
    commands: best === undefined ? [] : [best],
    verdicts,
    budgetConstrained: constrained,
    timedOut: search.timedOut,
    probes: search.probes,
  };
}
