/**
 * computeConsolidation (karpenter-semantics.md §4.8 steps 2–5), shared by single- and multi-node consolidation:
 * simulate removing the candidates; if any of their pods (or a deleting node's) would not schedule, no; no new
 * NodeClaim → delete; more than one → no (consolidation is always m→0 or m→1); one → replace, with the options cut
 * by {@link cutReplacement}. A delete always passes; a replace must be strictly cheaper and, beyond upstream, save
 * at least `settings.minimumSavings`. Then a pool whose policy is `Balanced` must approve the command's score
 * (§4.8.4, balanced-consolidation.ts; {@link approveBalanced}), else it is a `balanced` no. Also the candidate
 * filter of consolidation (upstream `ShouldDisrupt`) and multi-node's filterOutSameInstanceType (§4.8.1).
 */
import { Labels } from '../apis/well-known-labels.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import { Requirements } from '../scheduling/requirements.js';
import type { NewNodeClaim } from '../scheduling/snapshot.js';
import type { Allowance } from './allowance.js';
import { type PoolTotals, balancedVerdict, isBalancedCandidate, poolTotals } from './balanced-consolidation.js';
import { candidateVerdict, hasTrueCondition as hasClaimCondition, poolOf } from './candidates.js';
import { commandSummary, plural } from './command-summary.js';
import { type ConsolidationMethod, consolidationPolicyVerdict } from './consolidation-candidates.js';
import {
  type OptionsCut,
  cutByPrice,
  cutForSpotToSpot,
  repriced,
  spotRequirements,
  unmetMinValues,
  withOptions,
} from './replacement-options.js';
import { SchedulingSimulator, type SimulationResult, type SimulatorOptions, blockingFailuresText } from './simulate-scheduling.js';
import type {
  BalancedScore,
  Candidate,
  DisruptionCommand,
  DisruptionMethod,
  DisruptionSnapshot,
  NodeVerdict,
  VerdictKind,
} from './types.js';
import { METHOD_REASON } from './types.js';

/** What the consolidation methods share across the simulations of one snapshot. */
export class ConsolidationContext {
  readonly simulator: SchedulingSimulator;
  private readonly typesByPool = new Map<string, ReadonlyMap<string, InstanceType>>();
  private totals: ReadonlyMap<string, PoolTotals> | undefined;

  constructor(
    readonly snapshot: DisruptionSnapshot,
    options: SimulatorOptions = {},
  ) {
    this.simulator = new SchedulingSimulator(snapshot, options);
  }

  /** The instance types the snapshot offers for `pool`, by name. */
  instanceTypes(pool: string): ReadonlyMap<string, InstanceType> {
    let found = this.typesByPool.get(pool);
    if (found === undefined) {
      found = new Map((this.snapshot.instanceTypes.get(pool) ?? []).map((t) => [t.name, t]));
      this.typesByPool.set(pool, found);
    }
    return found;
  }

  /** Every pool's cost and disruption in the snapshot (the Balanced score's denominators), summed once. */
  poolTotals(): ReadonlyMap<string, PoolTotals> {
    this.totals ??= poolTotals(this.snapshot);
    return this.totals;
  }
}

/** A command, or why there is none (a verdict's kind and message), with the simulation behind it. */
export type ConsolidationOutcome =
  | { readonly ok: true; readonly command: DisruptionCommand; readonly simulation: SimulationResult }
  | {
      readonly ok: false;
      readonly kind: VerdictKind;
      readonly message: string;
      readonly simulation?: SimulationResult;
      /** Kind `balanced`: the rejecting pool's score. */
      readonly balanced?: BalancedScore;
    };

/** The verdict a method gives `candidate` (candidates.ts {@link candidateVerdict}). */
export function verdictOf(
  candidate: Candidate,
  method: DisruptionMethod,
  kind: VerdictKind,
  message: string,
  balanced?: BalancedScore,
): NodeVerdict {
  const verdict = candidateVerdict(candidate, method, kind, message);
  return balanced === undefined ? verdict : { ...verdict, balanced };
}

/** Does the candidate's claim have condition `type` = True? (candidates.ts {@link hasClaimCondition} on its NodeClaim.) */
export function hasTrueCondition(candidate: Candidate, type: string): boolean {
  return hasClaimCondition(candidate.nodeClaim, type);
}

/**
 * Upstream's consolidation `ShouldDisrupt` for the non-empty methods: the candidate filter's policy verdict
 * (consolidation-candidates.ts {@link consolidationPolicyVerdict}: not a static pool, consolidateAfter not `Never`,
 * policy not `WhenEmpty`, claim `Consolidatable`). Undefined when it may be consolidated, else the `policy` reason.
 */
export function consolidationPolicyProblem(
  candidate: Candidate,
  method: Exclude<ConsolidationMethod, 'emptiness'> = 'single-node-consolidation',
): string | undefined {
  return consolidationPolicyVerdict(candidate, method);
}

/** The candidates the policy lets `method` consolidate (in input order) and a `policy` verdict for each other. */
export function consolidationEligible(
  candidates: readonly Candidate[],
  method: Exclude<ConsolidationMethod, 'emptiness'>,
): { eligible: Candidate[]; verdicts: NodeVerdict[] } {
  const eligible: Candidate[] = [];
  const verdicts: NodeVerdict[] = [];
  for (const c of candidates) {
    const problem = consolidationPolicyProblem(c, method);
    if (problem === undefined) eligible.push(c);
    else verdicts.push(verdictOf(c, method, 'policy', problem));
  }
  return { eligible, verdicts };
}

/** The `budget` verdict `method` gives a candidate whose pool's allowance for the method's reason is used up. */
export function budgetVerdictOf(candidate: Candidate, method: DisruptionMethod, allowance: Allowance): NodeVerdict {
  const reason = METHOD_REASON[method];
  return verdictOf(candidate, method, 'budget', allowance.message(poolOf(candidate), reason));
}

function buildCommand(
  method: DisruptionMethod,
  candidates: readonly Candidate[],
  replacements: readonly NewNodeClaim[],
  simulation: SimulationResult,
): DisruptionCommand {
  const fields = {
    method,
    reason: METHOD_REASON[method],
    decision: replacements.length === 0 ? ('delete' as const) : ('replace' as const),
    candidates,
    replacements,
    evictedPods: simulation.candidatePods,
    priceBefore: candidates.reduce((sum, c) => sum + c.price, 0),
    priceAfter: replacements.reduce((sum, r) => sum + r.price, 0),
  };
  return { ...fields, summary: commandSummary(fields) };
}

function capacityTypes(claim: NewNodeClaim): ReadonlySet<string> {
  return Requirements.from(claim.requirements).get(Labels.capacityType).set;
}

/**
 * The replacement for `candidates` launching only as options worth it: spot candidates go the spot-to-spot way
 * (§4.8.3) when the replacement may be spot; a replacement that may be spot or on-demand is forced to spot (the price
 * filter assumed spot; an on-demand fallback could cost more).
 */
export function cutReplacement(
  context: ConsolidationContext,
  candidates: readonly Candidate[],
  claim: NewNodeClaim,
): { ok: true; claim: NewNodeClaim } | Extract<OptionsCut, { ok: false }> {
  const { settings } = context.snapshot;
  if (candidates.some((c) => !c.priceKnown))
    return {
      ok: false,
      kind: 'savings',
      message: 'its price is unknown, so no replacement can be shown to be cheaper (it may only be deleted)',
    };
  const allowed = capacityTypes(claim);
  const spotToSpot = candidates.every((c) => c.capacityType === 'spot') && allowed.has('spot');
  if (spotToSpot && !settings.spotToSpotConsolidation)
    return {
      ok: false,
      kind: 'spot-to-spot',
      message: 'spot-to-spot consolidation is disabled: a spot node may only be deleted, not replaced',
    };
  const types = context.instanceTypes(claim.nodePool);
  const forceSpot = spotToSpot || (allowed.has('spot') && allowed.has('on-demand'));
  const requirements = forceSpot ? spotRequirements(claim) : Requirements.from(claim.requirements);
  const options = forceSpot ? repriced(claim, requirements, types) : claim.instanceTypeOptions;
  const priceBefore = candidates.reduce((sum, c) => sum + c.price, 0);
  let cut = cutByPrice(options, priceBefore, settings.minimumSavings);
  if (!cut.ok) return cut;
  const unmet = unmetMinValues(requirements, cut.options, types);
  if (unmet !== undefined) return { ok: false, kind: 'savings', message: unmet };
  if (spotToSpot && candidates.length === 1) {
    cut = cutForSpotToSpot(cut.options, requirements, types, settings.minSpotToSpotOptions);
    if (!cut.ok) return cut;
  }
  return { ok: true, claim: withOptions(claim, requirements, cut.options) };
}

/**
 * The `Balanced` gate (§4.8.4) on a command just built: the command with its scores when every source pool whose
 * policy is `Balanced` approves it (unchanged, and no pool totals summed, when none is Balanced), else a `balanced`
 * no with the rejecting pool's score.
 */
export function approveBalanced(
  context: ConsolidationContext,
  command: DisruptionCommand,
): { ok: true; command: DisruptionCommand } | { ok: false; kind: VerdictKind; message: string; balanced?: BalancedScore } {
  if (!command.candidates.some(isBalancedCandidate)) return { ok: true, command };
  const verdict = balancedVerdict(command, context.poolTotals());
  if (!verdict.ok)
    return {
      ok: false,
      kind: 'balanced',
      message: `not worth its disruption under Balanced: ${verdict.message}`,
      balanced: verdict.rejected,
    };
  return { ok: true, command: { ...command, balanced: verdict.scores } };
}

function approved(context: ConsolidationContext, command: DisruptionCommand, simulation: SimulationResult): ConsolidationOutcome {
  const gate = approveBalanced(context, command);
  return gate.ok ? { ok: true, command: gate.command, simulation } : { ...gate, simulation };
}

/** Upstream's computeConsolidation: a delete or replace command for `candidates` that Balanced pools approve, or why not. */
export function computeConsolidation(
  context: ConsolidationContext,
  candidates: readonly Candidate[],
  method: DisruptionMethod = candidates.length > 1 ? 'multi-node-consolidation' : 'single-node-consolidation',
): ConsolidationOutcome {
  const simulation = context.simulator.simulate(candidates);
  const its = candidates.length === 1 ? 'its' : 'their';
  if (!simulation.allNonPendingScheduled)
    return { ok: false, kind: 'no-fit', message: `${its} pods would not fit elsewhere: ${blockingFailuresText(simulation)}`, simulation };
  const claims = simulation.newNodeClaims;
  if (claims.length === 0) return approved(context, buildCommand(method, candidates, [], simulation), simulation);
  if (claims.length > 1)
    return { ok: false, kind: 'no-fit', message: `${its} pods would need ${plural(claims.length, 'new node')}`, simulation };
  const replacement = cutReplacement(context, candidates, claims[0]);
  if (!replacement.ok) return { ...replacement, simulation };
  return approved(context, buildCommand(method, candidates, [replacement.claim], simulation), simulation);
}

/**
 * Multi-node's filterOutSameInstanceType (§4.8.1): when the replacement could be one of the instance types being
 * removed, keep only options cheaper than the cheapest such candidate (else deleting the others alone would be
 * better). The command unchanged when nothing is cut, a new one when some options remain, undefined when none does.
 */
export function filterOutSameInstanceType(context: ConsolidationContext, command: DisruptionCommand): DisruptionCommand | undefined {
  if (command.decision !== 'replace') return command;
  const [claim] = command.replacements;
  const priceOf = new Map<string, number>();
  for (const c of command.candidates) {
    if (c.instanceType === undefined || !c.priceKnown) continue;
    priceOf.set(c.instanceType.name, Math.min(priceOf.get(c.instanceType.name) ?? Number.POSITIVE_INFINITY, c.price));
  }
  let maxPrice = Number.POSITIVE_INFINITY;
  for (const option of claim.instanceTypeOptions) maxPrice = Math.min(maxPrice, priceOf.get(option.name) ?? Number.POSITIVE_INFINITY);
  if (maxPrice === Number.POSITIVE_INFINITY) return command;
  const kept = claim.instanceTypeOptions.filter((o) => o.price < maxPrice);
  if (kept.length === 0) return undefined;
  const requirements = Requirements.from(claim.requirements);
  if (unmetMinValues(requirements, kept, context.instanceTypes(claim.nodePool)) !== undefined) return undefined;
  if (kept.length === claim.instanceTypeOptions.length) return command;
  const replacement = withOptions(claim, requirements, kept);
  const fields = { ...command, replacements: [replacement], priceAfter: replacement.price };
  return { ...fields, summary: commandSummary(fields) };
}
