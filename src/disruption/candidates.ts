/**
 * The disruption candidates of a snapshot (karpenter-semantics.md §4.3; upstream
 * pkg/controllers/disruption/types.go `NewCandidate`): every state node a graceful method may disrupt, with its
 * instance type, zone, capacity type, price, reschedulable pods and disruption cost, and for every other node a
 * {@link NodeVerdict} that says why not. Pure: time is `snapshot.now`.
 *
 * A node is a candidate when it has a Node and a NodeClaim, the claim is Initialized, neither is being deleted,
 * it is not nominated for pending pods, the Node has no `karpenter.sh/disrupted` taint (it is in a command
 * already — karpd's stand-in for upstream's "not in the orchestration queue"), it names a NodePool that exists
 * and whose instance types are known, neither Node nor NodeClaim has `karpenter.sh/do-not-disrupt: "true"`, and
 * no pod blocks (active do-not-disrupt, PDB; src/disruption/pod-disruption.ts). For `drift` the pod blocks are
 * ignored when the claim has `spec.terminationGracePeriod` (the eventual class, §4.1).
 *
 * A node without a `karpenter.sh/capacity-type` label reads as `on-demand` with `priceKnown: false`; the
 * consolidation filter (consolidation-candidates.ts) refuses such nodes, as upstream does.
 */
import type { NodeClaim } from '../apis/nodeclaim.js';
import type { NodePool } from '../apis/nodepool.js';
import type { Pod } from '../apis/core-v1.js';
import { NodePoolDefaults } from '../apis/defaults.js';
import { Duration } from '../apis/duration.js';
import { NodeClaimConditions } from '../apis/nodeclaim.js';
import { Annotations, type CapacityType, CapacityTypes, Labels, Taints } from '../apis/well-known-labels.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import type { StateNode } from '../state/state-node.js';
import { stateNodeName } from '../state/state-node.js';
import { isReschedulable, PdbIndex, podBlockReason, podEvictionCost } from './pod-disruption.js';
import { formatInstant, parseInstant } from './time-text.js';
import type { Candidate, DisruptionMethod, DisruptionSnapshot, NodeVerdict } from './types.js';

/** The candidates of a snapshot and, for every node that is not one, why. Both in node-name order. */
export interface CandidateList {
  readonly candidates: readonly Candidate[];
  readonly verdicts: readonly NodeVerdict[];
}

interface Context {
  readonly snapshot: DisruptionSnapshot;
  readonly pools: ReadonlyMap<string, NodePool>;
  readonly pdbs: PdbIndex;
  readonly method: DisruptionMethod | undefined;
}

/** The labels of a machine: the NodeClaim's, overridden by the Node's. */
export function stateNodeLabels(stateNode: StateNode): Readonly<Record<string, string>> {
  return { ...(stateNode.nodeClaim?.metadata.labels ?? {}), ...(stateNode.node?.metadata.labels ?? {}) };
}

/** Is the claim's condition of `type` True? */
export function hasTrueCondition(claim: NodeClaim | undefined, type: string): boolean {
  return claim?.status?.conditions?.some((condition) => condition.type === type && condition.status === 'True') ?? false;
}

/**
 * The share of its life a node has left (§4.3): `clamp((expireAfter − age) / expireAfter, 0, 1)`, 1 when it never
 * expires. expireAfter is the claim's, else the pool's template's, else the upstream default 720h.
 */
export function lifetimeRemaining(claim: NodeClaim, pool: NodePool | undefined, now: number): number {
  const text = claim.spec.expireAfter ?? pool?.spec.template.spec.expireAfter ?? NodePoolDefaults.expireAfter;
  const expireAfter = Duration.tryParse(text);
  if (expireAfter === undefined || expireAfter.isNever()) return 1;
  const total = expireAfter.toMillis();
  if (total <= 0) return 0;
  const age = now - (parseInstant(claim.metadata.creationTimestamp) ?? now);
  return Math.min(1, Math.max(0, (total - age) / total));
}

/** Upstream's disruption cost of a node (§4.3): Σ eviction cost over all its pods × its lifetime remaining. */
export function disruptionCost(pods: readonly Pod[], claim: NodeClaim, pool: NodePool | undefined, now: number): number {
  let sum = 0;
  for (const pod of pods) sum += podEvictionCost(pod);
  return sum * lifetimeRemaining(claim, pool, now);
}

/** The name of the candidate's NodePool (the key of its budgets). */
export function poolOf(candidate: Candidate): string {
  return candidate.nodePool.metadata.name ?? '';
}

/** Orders candidates by disruption cost (cheapest to disrupt first), then by name. */
export function byDisruptionCost(a: Candidate, b: Candidate): number {
  return a.disruptionCost - b.disruptionCost || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function verdict(stateNode: StateNode, kind: NodeVerdict['kind'], message: string): NodeVerdict {
  const pool = stateNodeLabels(stateNode)[Labels.nodePool];
  const claim = stateNode.nodeClaim?.metadata.name;
  return {
    node: stateNodeName(stateNode),
    ...(claim !== undefined ? { nodeClaim: claim } : {}),
    ...(pool !== undefined ? { nodePool: pool } : {}),
    kind,
    message,
  };
}

/** A verdict on a candidate that a method (or its filter) leaves alone. */
export function candidateVerdict(candidate: Candidate, method: DisruptionMethod, kind: NodeVerdict['kind'], message: string): NodeVerdict {
  return {
    node: candidate.name,
    ...(candidate.nodeClaim.metadata.name !== undefined ? { nodeClaim: candidate.nodeClaim.metadata.name } : {}),
    nodePool: candidate.nodePool.metadata.name ?? '',
    method,
    kind,
    message,
  };
}

/** Why a machine is not a candidate on its own account (lifecycle, nomination, pool), or undefined. */
function lifecycleReason(stateNode: StateNode, context: Context): string | undefined {
  const { node, nodeClaim } = stateNode;
  const now = context.snapshot.now;
  if (nodeClaim === undefined) return 'not managed by karpd (no NodeClaim)';
  if (node === undefined) return 'NodeClaim has no Node yet';
  if (stateNode.markedForDeletion) return 'being deleted';
  if (!hasTrueCondition(nodeClaim, NodeClaimConditions.initialized)) return 'not initialized yet';
  if (stateNode.nominatedUntil !== undefined && stateNode.nominatedUntil > now) {
    return `nominated for pending pods until ${formatInstant(stateNode.nominatedUntil, now)}`;
  }
  if ((node.spec.taints ?? []).some((taint) => taint.key === Taints.disrupted.key && taint.effect === Taints.disrupted.effect)) {
    return `already being disrupted (${Taints.disrupted.key} taint)`;
  }
  return poolReason(stateNode, context);
}

function poolReason(stateNode: StateNode, context: Context): string | undefined {
  const poolName = stateNodeLabels(stateNode)[Labels.nodePool];
  if (poolName === undefined) return `no ${Labels.nodePool} label`;
  if (!context.pools.has(poolName)) return `NodePool ${poolName} does not exist`;
  if (!context.snapshot.instanceTypes.has(poolName)) return `instance types of NodePool ${poolName} are not known`;
  if (stateNode.node?.metadata.annotations?.[Annotations.doNotDisrupt] === 'true') return `Node has ${Annotations.doNotDisrupt}`;
  if (stateNode.nodeClaim?.metadata.annotations?.[Annotations.doNotDisrupt] === 'true') return `NodeClaim has ${Annotations.doNotDisrupt}`;
  return undefined;
}

/** The first pod that blocks (in pod order), saying how many more do; undefined when none does or drift with TGP. */
function podsReason(stateNode: StateNode, context: Context): string | undefined {
  if (context.method === 'drift' && stateNode.nodeClaim?.spec.terminationGracePeriod !== undefined) return undefined;
  const reasons: string[] = [];
  for (const pod of stateNode.pods) {
    const reason = podBlockReason(pod, context.snapshot.now, context.pdbs);
    if (reason !== undefined) reasons.push(reason);
  }
  if (reasons.length === 0) return undefined;
  const more = reasons.length - 1;
  return more === 0 ? reasons[0] : `${reasons[0]} (and ${more} more blocking pod${more === 1 ? '' : 's'})`;
}

function capacityTypeOf(labels: Readonly<Record<string, string>>): CapacityType | undefined {
  const value = labels[Labels.capacityType];
  return (CapacityTypes as readonly string[]).includes(value) ? (value as CapacityType) : undefined;
}

function toCandidate(stateNode: StateNode, context: Context): Candidate {
  const nodePool = context.pools.get(stateNodeLabels(stateNode)[Labels.nodePool])!;
  return candidateOf(stateNode, stateNode.nodeClaim!, nodePool, context.snapshot);
}

/**
 * `stateNode` as a {@link Candidate} of `nodePool`: its instance type, zone, capacity type and offering price from
 * the snapshot's instance types, its reschedulable pods and disruption cost, whatever the candidate filter would
 * say of it (forceful disruption, e.g. an interrupted spot node, takes it anyway).
 */
export function candidateOf(stateNode: StateNode, nodeClaim: NodeClaim, nodePool: NodePool, snapshot: DisruptionSnapshot): Candidate {
  const labels = stateNodeLabels(stateNode);
  const types: readonly InstanceType[] = snapshot.instanceTypes.get(nodePool.metadata.name ?? '') ?? [];
  const instanceType = types.find((type) => type.name === labels[Labels.instanceType]);
  const zone = labels[Labels.zone] ?? '';
  const knownCapacityType = capacityTypeOf(labels);
  const capacityType = knownCapacityType ?? 'on-demand';
  const offering =
    knownCapacityType === undefined ? undefined : instanceType?.offerings.find((o) => o.zone === zone && o.capacityType === capacityType);
  return {
    name: stateNodeName(stateNode),
    stateNode,
    nodeClaim,
    nodePool,
    instanceType,
    zone,
    capacityType,
    price: offering?.price ?? 0,
    priceKnown: offering !== undefined,
    reschedulablePods: stateNode.pods.filter(isReschedulable),
    disruptionCost: disruptionCost(stateNode.pods, nodeClaim, nodePool, snapshot.now),
  };
}

/**
 * Every candidate of the snapshot for `method` (only `drift` changes the rules, see the module comment) and a
 * verdict (without `method`: every method shares them) for every other node, each list in node-name order.
 */
export function buildCandidates(snapshot: DisruptionSnapshot, method?: DisruptionMethod): CandidateList {
  const context: Context = {
    snapshot,
    pools: new Map(snapshot.nodePools.map((pool) => [pool.metadata.name ?? '', pool])),
    pdbs: new PdbIndex(snapshot.podDisruptionBudgets),
    method,
  };
  const candidates: Candidate[] = [];
  const verdicts: NodeVerdict[] = [];
  const ordered = [...snapshot.nodes].sort((a, b) =>
    stateNodeName(a) < stateNodeName(b) ? -1 : stateNodeName(a) > stateNodeName(b) ? 1 : 0,
  );
  for (const stateNode of ordered) {
    const notCandidate = lifecycleReason(stateNode, context);
    if (notCandidate !== undefined) {
      verdicts.push(verdict(stateNode, 'not-candidate', notCandidate));
      continue;
    }
    const blocked = podsReason(stateNode, context);
    if (blocked !== undefined) verdicts.push(verdict(stateNode, 'pod-blocked', blocked));
    else candidates.push(toCandidate(stateNode, context));
  }
  return { candidates, verdicts };
}
