/**
 * The Drift method (karpenter-semantics.md §4.7, upstream drift.go): candidates whose NodeClaim is `Drifted=True`
 * (static pools excluded), empty ones first, then oldest drift first. The empty drifted candidates within their
 * pools' Drifted allowance go together in one delete command (upstream v1.x batches them); otherwise, for each
 * candidate whose pool still allows a Drifted disruption, simulate: if every non-pending pod schedules, one command
 * {candidate, replacements = the new NodeClaims that take its pods, 0..n}; else a `no-fit` verdict and on to the next. No price check:
 * a drifted node must be replaced because it differs from its pool (the minimum savings are for consolidation).
 * At most one command per run; candidates after it are not evaluated.
 *
 * Beyond upstream (whose replacements are every new NodeClaim of the simulation): claims that hold only pending pods
 * are left to the provisioner, so a command never launches a node of another pool, and its
 * plan and price speak of the drifted node's pods alone.
 */
import { NodeClaimConditions } from '../apis/nodeclaim.js';
import type { Allowance } from './allowance.js';
import { commandSummary } from './command-summary.js';
import { hasTrueCondition, poolOf } from './candidates.js';
import { ConsolidationContext, budgetVerdictOf, verdictOf } from './consolidation.js';
import { type SimulationResult, blockingFailuresText } from './simulate-scheduling.js';
import { parseInstant } from './time-text.js';
import type { Candidate, DisruptionCommand, DisruptionSnapshot, MethodResult, NodeVerdict } from './types.js';
import { podKey } from '../scheduling/pod-info.js';

const METHOD = 'drift' as const;
const REASON = 'Drifted' as const;

/** Options of {@link drift}. */
export interface DriftOptions {
  /** Reuse simulations' setup across methods of one snapshot. @default a context of its own */
  readonly context?: ConsolidationContext;
}

/** When the claim's Drifted condition became True (ms), +∞ when it does not say. */
function driftedSince(candidate: Candidate): number {
  const condition = candidate.nodeClaim.status?.conditions?.find((c) => c.type === NodeClaimConditions.drifted);
  return parseInstant(condition?.lastTransitionTime) ?? Number.POSITIVE_INFINITY;
}

/** Empty first, then oldest drift first, then by name. */
function compareDrift(a: Candidate, b: Candidate): number {
  const emptyA = a.reschedulablePods.length === 0;
  const emptyB = b.reschedulablePods.length === 0;
  if (emptyA !== emptyB) return emptyA ? -1 : 1;
  return driftedSince(a) - driftedSince(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Is the candidate drifted and of a pool the Drift method handles (not static)? */
export function isDriftCandidate(candidate: Candidate): boolean {
  return candidate.nodePool.spec.replicas === undefined && hasTrueCondition(candidate.nodeClaim, NodeClaimConditions.drifted);
}

function command(candidates: readonly Candidate[], simulation: SimulationResult | undefined): DisruptionCommand {
  const replacements = simulation?.commandClaims ?? [];
  const fields = {
    method: METHOD,
    reason: REASON,
    decision: replacements.length === 0 ? ('delete' as const) : ('replace' as const),
    candidates,
    replacements,
    evictedPods: candidates.flatMap((c) => c.reschedulablePods.map(podKey)),
    priceBefore: candidates.reduce((sum, c) => sum + c.price, 0),
    priceAfter: replacements.reduce((sum, r) => sum + r.price, 0),
  };
  return { ...fields, summary: commandSummary(fields) };
}

/** One run of the Drift method over already-built candidates. */
export function drift(
  snapshot: DisruptionSnapshot,
  candidates: readonly Candidate[],
  allowance: Allowance,
  options: DriftOptions = {},
): MethodResult {
  const drifted = candidates.filter(isDriftCandidate).sort(compareDrift);
  const verdicts: NodeVerdict[] = [];
  let budgetConstrained = false;
  const refuse = (c: Candidate): void => {
    budgetConstrained = true;
    verdicts.push(budgetVerdictOf(c, METHOD, allowance));
  };
  const empty: Candidate[] = [];
  for (const c of drifted.filter((d) => d.reschedulablePods.length === 0)) {
    if (allowance.remaining(poolOf(c), REASON) <= 0) refuse(c);
    else {
      allowance.take(poolOf(c), REASON);
      empty.push(c);
    }
  }
  if (empty.length > 0) return { commands: [command(empty, undefined)], verdicts, budgetConstrained };
  let context = options.context;
  for (const c of drifted) {
    if (c.reschedulablePods.length === 0) continue;
    if (allowance.remaining(poolOf(c), REASON) <= 0) {
      refuse(c);
      continue;
    }
    context ??= new ConsolidationContext(snapshot);
    const simulation = context.simulator.simulate([c]);
    if (!simulation.allNonPendingScheduled) {
      verdicts.push(verdictOf(c, METHOD, 'no-fit', `its pods would not fit elsewhere: ${blockingFailuresText(simulation)}`));
      continue;
    }
    allowance.take(poolOf(c), REASON);
    return { commands: [command([c], simulation)], verdicts, budgetConstrained };
  }
  return { commands: [], verdicts, budgetConstrained };
}
