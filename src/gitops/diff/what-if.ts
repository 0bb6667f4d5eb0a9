/**
 * The what-if of a NodePool change, which no GitOps tool shows: the solver
 * run on the cluster's current pods (running on karpd's nodes, and pending)
 * under the old pools and under the new ones, each from scratch, so the
 * difference is caused by the pool change alone. Nodes karpd does not manage
 * (no NodeClaim) stay as capacity on both sides; karpd's own nodes are not
 * given to the solver. Reports nodes, instance mix and $/h before → after,
 * the pods that would become unschedulable (with the solver's reason) and the
 * existing nodes that would drift. Pure and deterministic.
 */
import type { DaemonSet, Pod } from '../../apis/core-v1.js';
import type { DecisionWhatIf } from '../../apis/decision.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import { unreadablePodReason } from '../../apis/pod-readable.js';
import { isActivePod } from '../../scheduling/existing-node.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import { podKey } from '../../scheduling/pod-info.js';
import type { SchedulingNode, SolveResult } from '../../scheduling/snapshot.js';
import { solve } from '../../scheduling/solve.js';
import { driftedNodeGroups } from './node-drift.js';
import { projectedFleet } from './projected-fleet.js';

/** The most pods a what-if runs the solver on (each side); beyond it the projection is partial and says so. */
export const WHAT_IF_MAX_PODS = 20_000;
/** The most newly unschedulable pods listed (the Decision CR stays small); the total is still given. */
export const WHAT_IF_MAX_LISTED_PODS = 100;

/** One side of the change: the NodePools and the instance types the cloud provider offers each (by pool name). */
export interface WhatIfPools {
  readonly nodePools: readonly NodePool[];
  readonly instanceTypes: ReadonlyMap<string, readonly InstanceType[]>;
}

/** What {@link projectWhatIf} reads: the cluster as a snapshot has it, and the pools before and after. */
export interface WhatIfInput {
  /** The cluster's state nodes (`ClusterState.snapshot().stateNodes` fit as they are). */
  readonly nodes: readonly SchedulingNode[];
  /** Pods waiting for a node. */
  readonly pendingPods: readonly Pod[];
  readonly daemonSets?: readonly DaemonSet[];
  /** The cluster's NodeClaims, for drift. @default the NodeClaims of `nodes` */
  readonly nodeClaims?: readonly NodeClaim[];
  /** The live pools. */
  readonly before: WhatIfPools;
  /** The pools the change would leave (rendered from Git). */
  readonly after: WhatIfPools;
  /** @default WHAT_IF_MAX_PODS */
  readonly maxPods?: number;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Does the pod move with its node (not a DaemonSet or static pod, still running, readable)? */
function isMovablePod(pod: Pod): boolean {
  if (unreadablePodReason(pod) !== undefined || !isActivePod(pod)) return false;
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return false;
  return !(pod.metadata.ownerReferences ?? []).some((owner) => owner.kind === 'DaemonSet');
}

/** The pods to project, by key: those on karpd's nodes (and on unmanaged nodes being deleted), then the pending ones. */
function podsToProject(input: WhatIfInput): Pod[] {
  const byKey = new Map<string, Pod>();
  for (const stateNode of input.nodes) {
    if (stateNode.nodeClaim === undefined && !stateNode.markedForDeletion) continue;
    for (const pod of stateNode.pods) if (isMovablePod(pod)) byKey.set(podKey(pod), pod);
  }
  for (const pod of input.pendingPods) {
    const key = podKey(pod);
    if (!byKey.has(key) && unreadablePodReason(pod) === undefined && isActivePod(pod)) byKey.set(key, pod);
  }
  return [...byKey.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, pod]) => pod);
}

/** Nodes karpd does not manage, as capacity, without pods the solver could not read. */
function unmanagedNodes(nodes: readonly SchedulingNode[]): SchedulingNode[] {
  return nodes
    .filter((stateNode) => stateNode.nodeClaim === undefined && stateNode.node !== undefined)
    .map((stateNode) => ({ ...stateNode, pods: stateNode.pods.filter((pod) => unreadablePodReason(pod) === undefined) }));
}

function usablePools(side: WhatIfPools): NodePool[] {
  return side.nodePools.filter((pool) => pool.metadata.deletionTimestamp === undefined);
}

function solveSide(side: WhatIfPools, nodes: readonly SchedulingNode[], input: WhatIfInput, pods: readonly Pod[]): SolveResult {
  return solve(
    {
      nodes,
      nodePools: usablePools(side).map((nodePool) => ({
        nodePool,
        instanceTypes: side.instanceTypes.get(nodePool.metadata.name ?? '') ?? [],
      })),
      ...(input.daemonSets !== undefined ? { daemonSets: input.daemonSets } : {}),
    },
    pods,
  );
}

/** Pods placed before and not after, with the first reason the solver gives (pod key order). */
function newlyUnschedulable(before: SolveResult, after: SolveResult): Array<{ pod: string; reason: string }> {
  const failedBefore = new Set(before.unschedulable.map((entry) => entry.pod));
  return after.unschedulable
    .filter((entry) => !failedBefore.has(entry.pod))
    .map((entry) => ({ pod: entry.pod, reason: entry.reasons[0] ?? 'no reason given' }))
    .sort((a, b) => compareKeys(a.pod, b.pod));
}

/** Pools with no instance types known, on either side (their pods cannot be projected onto them). */
function poolsWithoutTypes(input: WhatIfInput): string[] {
  const names = new Set<string>();
  for (const side of [input.before, input.after]) {
    for (const pool of usablePools(side)) {
      const name = pool.metadata.name ?? '';
      if ((side.instanceTypes.get(name) ?? []).length === 0) names.add(name);
    }
  }
  return [...names].sort(compareKeys);
}

function noteOf(input: WhatIfInput, total: number, cap: number): string | undefined {
  const notes: string[] = [];
  if (total > cap) notes.push(`projected on the first ${cap} of ${total} pods (the what-if is capped at ${cap} pods)`);
  const missing = poolsWithoutTypes(input);
  if (missing.length > 0) notes.push(`no instance types known for NodePool ${missing.join(', ')}`);
  return notes.length > 0 ? notes.join('; ') : undefined;
}

/**
 * Projects a NodePool change onto the cluster's current pods.
 * @example
 * const whatIf = projectWhatIf({ nodes: snapshot.stateNodes, pendingPods, daemonSets: snapshot.daemonSets,
 *   nodeClaims: snapshot.nodeClaims, before: { nodePools: live, instanceTypes }, after: { nodePools: desired, instanceTypes } });
 */
export function projectWhatIf(input: WhatIfInput): DecisionWhatIf {
  const cap = input.maxPods ?? WHAT_IF_MAX_PODS;
  const all = podsToProject(input);
  const pods = all.slice(0, cap);
  const nodes = unmanagedNodes(input.nodes);
  const before = solveSide(input.before, nodes, input, pods);
  const after = solveSide(input.after, nodes, input, pods);
  const lost = newlyUnschedulable(before, after);
  const drifted = driftedNodeGroups({
    nodeClaims: input.nodeClaims ?? input.nodes.flatMap((stateNode) => (stateNode.nodeClaim !== undefined ? [stateNode.nodeClaim] : [])),
    before: input.before.nodePools,
    after: input.after.nodePools,
  });
  const note = noteOf(input, all.length, cap);
  return {
    before: projectedFleet(before),
    after: projectedFleet(after),
    newlyUnschedulable: lost.slice(0, WHAT_IF_MAX_LISTED_PODS),
    ...(lost.length > WHAT_IF_MAX_LISTED_PODS ? { newlyUnschedulableTotal: lost.length } : {}),
    driftedNodes: drifted.reduce((sum, group) => sum + group.nodes, 0),
    drifted,
    pods: pods.length,
    ...(note !== undefined ? { note } : {}),
  };
}
