/**
 * A disruption command as a node Decision (src/apis/decision.ts): its kind (`consolidation` for emptiness and
 * the consolidations, `node-drift` for drift and static drift, `expiry` for expiration), its
 * {@link NodeDisruptionPlan} for the person approving it (nodes removed and launched, pods evicted, PDBs at
 * risk, budget left, $/h before → after), whether the cluster's `spec.disruption.approval` makes it wait, and the
 * key its deterministic name is hashed from (the candidates' NodeClaims). Forceful disruption (expiry, spot
 * interruption, karpenter-semantics.md §4.1) never waits. Pure data; the controller stores it.
 */
import type { DisruptionApproval } from '../apis/cluster.js';
import type { DisruptionPlanBudget, DisruptionPlanLaunch, NodeDecisionKind, NodeDisruptionPlan } from '../apis/decision.js';
import { Requirements } from '../scheduling/requirements.js';
import { Labels } from '../apis/well-known-labels.js';
import { isReschedulable, PdbIndex } from './pod-disruption.js';
import type { PoolBudgetReport } from './report.js';
import type { DisruptionCommand, DisruptionMethod } from './types.js';

/** The most evicted pods (and instance types of a launch) a plan lists; the totals count them all. */
export const PLAN_LIST_LIMIT = 50;

/** The node Decision kind of a method's command. */
export function nodeDecisionKind(method: DisruptionMethod | 'expiration'): NodeDecisionKind {
  if (method === 'expiration') return 'expiry';
  if (method === 'drift' || method === 'static-drift') return 'node-drift';
  return 'consolidation';
}

/** Does a Decision of `kind` wait for a person under `approval`? Expiry never does (forceful). */
export function needsApproval(kind: NodeDecisionKind, approval: DisruptionApproval | undefined): boolean {
  if (kind === 'expiry') return false;
  if (approval === 'all') return true;
  return approval === 'drift' && kind === 'node-drift';
}

/**
 * What the Decision's name is hashed from: its candidates' NodeClaims, sorted, with the method and action (the
 * same set planned the same way → the same name; the same nodes planned otherwise is another Decision).
 */
export function decisionKey(command: DisruptionCommand): string {
  const claims = command.candidates
    .map((c) => c.nodeClaim.metadata.name ?? c.name)
    .sort()
    .join(',');
  return `${command.method}/${command.decision}/${claims}`;
}

function capacityTypeText(requirements: Requirements): string {
  const allowed = requirements.get(Labels.capacityType).set;
  const types = ['spot', 'on-demand'].filter((t) => allowed.has(t));
  return types.length === 0 ? 'on-demand' : types.join('/');
}

function launches(command: DisruptionCommand): DisruptionPlanLaunch[] {
  return command.replacements.map((claim) => ({
    nodePool: claim.nodePool,
    instanceTypes: claim.instanceTypeOptions.slice(0, PLAN_LIST_LIMIT).map((o) => o.name),
    capacityType: capacityTypeText(Requirements.from(claim.requirements)),
    pricePerHour: claim.price,
  }));
}

/** `namespace/name` of the PDBs covering evicted pods that allow at most one more disruption. */
function pdbsAtRisk(command: DisruptionCommand, pdbs: PdbIndex): string[] {
  const out = new Set<string>();
  for (const candidate of command.candidates)
    for (const pod of candidate.stateNode.pods.filter(isReschedulable))
      for (const pdb of pdbs.matching(pod))
        if ((pdb.status?.disruptionsAllowed ?? 0) <= 1) out.add(`${pdb.metadata.namespace ?? 'default'}/${pdb.metadata.name ?? ''}`);
  return [...out].sort();
}

/** What is left of each affected pool's budget for the command's reason once it runs. */
function budgetsLeft(command: DisruptionCommand, budgets: readonly PoolBudgetReport[]): DisruptionPlanBudget[] {
  const pools = [...new Set(command.candidates.map((c) => c.nodePool.metadata.name ?? ''))].sort();
  return pools.map((pool) => {
    const report = budgets.find((b) => b.nodePool === pool && b.reason === command.reason);
    return { nodePool: pool, reason: command.reason, remaining: report?.remaining ?? 0 };
  });
}

/**
 * The plan of `command` for its Decision. `budgets` are the round's reports with the command counted (as
 * planDisruptionRound returns them); `podDisruptionBudgets` those of its snapshot.
 */
export function nodeDisruptionPlan(
  command: DisruptionCommand,
  context: {
    readonly budgets: readonly PoolBudgetReport[];
    readonly podDisruptionBudgets: PdbIndex | ConstructorParameters<typeof PdbIndex>[0];
  },
): NodeDisruptionPlan {
  const pdbs = context.podDisruptionBudgets instanceof PdbIndex ? context.podDisruptionBudgets : new PdbIndex(context.podDisruptionBudgets);
  return {
    method: command.method,
    reason: command.reason,
    action: command.decision,
    remove: command.candidates.map((c) => ({
      name: c.name,
      nodeClaim: c.nodeClaim.metadata.name ?? '',
      nodePool: c.nodePool.metadata.name ?? '',
      ...(c.instanceType !== undefined ? { instanceType: c.instanceType.name } : {}),
      capacityType: c.capacityType,
      ...(c.zone !== '' ? { zone: c.zone } : {}),
      ...(c.priceKnown ? { pricePerHour: c.price } : {}),
      pods: c.reschedulablePods.length,
    })),
    launch: launches(command),
    evictedPods: command.evictedPods.slice(0, PLAN_LIST_LIMIT),
    evictedPodsTotal: command.evictedPods.length,
    pdbsAtRisk: pdbsAtRisk(command, pdbs),
    budgets: budgetsLeft(command, context.budgets),
    priceBefore: command.priceBefore,
    priceAfter: command.priceAfter,
  };
}
