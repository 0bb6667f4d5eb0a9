/**
 * The anti-race re-check of a command against a fresh snapshot, taken after the validation delay
 * (karpenter-semantics.md §4.9; upstream pkg/controllers/disruption/validation.go): the part every method
 * shares — is each candidate still a candidate of the method, not nominated, within a fresh budget —
 * ({@link revalidateCandidates}) and the whole of the Emptiness validation ({@link validateEmptinessCommand}):
 * keep the nodes that are still empty candidates within fresh `Empty` budgets; none left → drop the command.
 * Consolidation adds its re-simulation on top of {@link revalidateCandidates} elsewhere. Pure.
 */
import type { DisruptionReason } from '../apis/nodepool.js';
import { podKey } from '../scheduling/pod-info.js';
import { stateNodeName } from '../state/state-node.js';
import { BudgetAllowance } from './budget-allowance.js';
import { buildCandidates, type CandidateList, candidateVerdict } from './candidates.js';
import { consolidationCandidates } from './consolidation-candidates.js';
import { emptinessCommand } from './emptiness.js';
import type { Candidate, DisruptionCommand, DisruptionMethod, DisruptionSnapshot, NodeVerdict } from './types.js';

/** What {@link revalidateCandidates} is asked. */
export interface RevalidationInput {
  /** The command's candidates, in the command's order (budgets are taken in this order). */
  readonly candidates: readonly Candidate[];
  /** The method's candidates in the fresh snapshot (e.g. `consolidationCandidates(fresh, method)`). */
  readonly fresh: CandidateList;
  /** A fresh allowance; it is taken from for every kept candidate. */
  readonly budgets: BudgetAllowance;
  readonly method: DisruptionMethod;
  readonly reason: DisruptionReason;
  /** Why a node the fresh list neither holds nor has a verdict for was left out (e.g. `got 2 pods`). */
  readonly whyLeftOut?: (node: string) => string | undefined;
}

/** The candidates that still hold (their fresh versions, in the command's order) and a verdict for each that does not. */
export interface Revalidation {
  readonly kept: readonly Candidate[];
  readonly dropped: readonly NodeVerdict[];
}

/** Re-checks a command's candidates: still a candidate of the method (so not nominated, not blocked) and within fresh budgets. */
export function revalidateCandidates(input: RevalidationInput): Revalidation {
  const fresh = new Map(input.fresh.candidates.map((candidate) => [candidate.name, candidate]));
  const verdicts = new Map<string, NodeVerdict>();
  for (const verdict of input.fresh.verdicts) if (!verdicts.has(verdict.node)) verdicts.set(verdict.node, verdict);
  const kept: Candidate[] = [];
  const dropped: NodeVerdict[] = [];
  for (const old of input.candidates) {
    const candidate = fresh.get(old.name);
    if (candidate === undefined) {
      dropped.push(verdicts.get(old.name) ?? leftOutVerdict(old, input));
      continue;
    }
    const pool = candidate.nodePool.metadata.name ?? '';
    if (input.budgets.take(pool, input.reason)) kept.push(candidate);
    else dropped.push(candidateVerdict(candidate, input.method, 'budget', input.budgets.budgetVerdict(pool, input.reason)));
  }
  return { kept, dropped };
}

function leftOutVerdict(old: Candidate, input: RevalidationInput): NodeVerdict {
  const message = input.whyLeftOut?.(old.name) ?? 'is no longer a candidate';
  return candidateVerdict(old, input.method, 'not-candidate', message);
}

/** A command that still holds (possibly with fewer candidates), or why it was dropped. */
export type CommandValidation =
  | { readonly ok: true; readonly command: DisruptionCommand; readonly dropped: readonly NodeVerdict[] }
  | { readonly ok: false; readonly reason: string; readonly dropped: readonly NodeVerdict[] };

/** Explains the nodes emptiness passed over: `got 2 pods (default/a, default/b)` for a candidate no longer empty, `is gone`. */
function emptinessLeftOut(snapshot: DisruptionSnapshot): { explain: (node: string) => string | undefined; gotPods: Set<string> } {
  const base = new Map(buildCandidates(snapshot, 'emptiness').candidates.map((candidate) => [candidate.name, candidate]));
  const present = new Set(snapshot.nodes.map(stateNodeName));
  const gotPods = new Set<string>();
  const explain = (node: string): string | undefined => {
    const pods = (base.get(node)?.reschedulablePods ?? []).map(podKey);
    if (pods.length > 0) {
      gotPods.add(node);
      const shown = pods.length > 3 ? `${pods.slice(0, 3).join(', ')}, …` : pods.join(', ');
      return `got ${pods.length} pod${pods.length === 1 ? '' : 's'} (${shown})`;
    }
    return present.has(node) ? undefined : 'is gone';
  };
  return { explain, gotPods };
}

function droppedReason(dropped: readonly NodeVerdict[], gotPods: ReadonlySet<string>): string {
  if (dropped.every((verdict) => gotPods.has(verdict.node))) return 'pod churn: every node got pods';
  return `no node is still an empty candidate: ${dropped.map((verdict) => `${verdict.node} ${verdict.message}`).join('; ')}`;
}

/**
 * Re-checks an emptiness command against a fresh snapshot (§4.9): keeps the nodes that are still empty
 * candidates (so not nominated, not blocked, Consolidatable) within fresh `Empty` budgets, in the command's order;
 * when none is left the command is dropped (`pod churn: every node got pods`).
 */
export function validateEmptinessCommand(command: DisruptionCommand, fresh: DisruptionSnapshot): CommandValidation {
  if (command.method !== 'emptiness') return { ok: false, reason: `not an emptiness command (${command.method})`, dropped: [] };
  const leftOut = emptinessLeftOut(fresh);
  const { kept, dropped } = revalidateCandidates({
    candidates: command.candidates,
    fresh: consolidationCandidates(fresh, 'emptiness'),
    budgets: new BudgetAllowance(fresh),
    method: 'emptiness',
    reason: command.reason,
    whyLeftOut: leftOut.explain,
  });
  if (kept.length === 0) return { ok: false, reason: droppedReason(dropped, leftOut.gotPods), dropped };
  return { ok: true, command: emptinessCommand(kept), dropped };
}
