/**
 * The checks of one pod against one place (https://karpenter.sh/docs/concepts/scheduling/):
 * an existing node, a NodeClaim planned this round, or a new NodeClaim of a
 * pool. Each returns what would change, or why not; nothing is modified here.
 */
import type { Toleration } from '../apis/core-v1.js';
import { Labels } from '../apis/well-known-labels.js';
import { type Check, no } from './check.js';
import type { ExistingNode } from './existing-node.js';
import type { PodInfo } from './pod-info.js';
import type { CompiledType, PoolTemplate } from './pool-template.js';
import { Requirement } from './requirement.js';
import { Requirements } from './requirements.js';
import { fitsSum, fitsVector } from './resource-vector.js';
import { tolerates } from './taints.js';
import type { TopologyGroup } from './topology/topology-group.js';

/** The pod's constraints in the current attempt. */
export interface PodAttempt {
  readonly pod: PodInfo;
  readonly requirements: Requirements;
  readonly tolerations: readonly Toleration[];
  readonly groups: readonly TopologyGroup[];
  /** Does each group (same index) select the pod itself? */
  readonly selfMatch: readonly boolean[];
}

const NO_UNDEFINED: ReadonlySet<string> = new Set();

/** Applies the pod's topology groups to `requirements` on the node `hostname`; the narrowed requirements or why not. */
export function applyTopology(attempt: PodAttempt, hostname: string, requirements: Requirements): Requirements | Check {
  let reqs = requirements;
  const groups = attempt.groups;
  for (let g = 0; g < groups.length; g++) {
    const answer = groups[g].answer({ hostname, requirements: reqs }, attempt.requirements, attempt.selfMatch[g]);
    if (!answer.ok) return answer;
    const req = answer.requirement;
    if (req === undefined) continue;
    const current = reqs.find(req.key);
    if (current !== undefined && !current.complement && current.set.size === 1 && req.has(current.set.values().next().value as string))
      continue;
    reqs = reqs.add(req);
  }
  return reqs;
}

function hostPortConflict(pod: PodInfo, used: ReadonlySet<string>): string | undefined {
  return pod.hostPorts.find((p) => used.has(p));
}

/** Can the pod go onto an existing node? The node's requirements are unchanged on success. */
export function checkExisting(node: ExistingNode, attempt: PodAttempt): Check | Requirements {
  const pod = attempt.pod;
  if (!fitsSum(node.used, pod.requests, node.allocatable)) return no(`node ${node.name} has not enough free resources`);
  const taints = tolerates(attempt.tolerations, node.taints);
  if (!taints.ok) return taints;
  const port = hostPortConflict(pod, node.hostPorts);
  if (port !== undefined) return no(`host port ${port} is in use on node ${node.name}`);
  const compatible = node.requirements.compatible(attempt.requirements, { allowUndefined: NO_UNDEFINED });
  if (!compatible.ok) return compatible;
  for (const group of attempt.groups) {
    if (group.spec.key in node.labels) continue;
    if (!node.inFlight || !isAntiAffinity(group)) return no(`node ${node.name} has no ${group.spec.key} label for ${group.spec.type}`);
  }
  const reqs = applyTopology(attempt, node.hostname, node.requirements);
  if (!(reqs instanceof Requirements) || !node.inFlight) return reqs;
  return undecidedDomainConflict(node, attempt.groups, reqs) ?? reqs;
}

function isAntiAffinity(group: TopologyGroup): boolean {
  return group.spec.type === 'anti-affinity' || group.spec.type === 'inverse-anti-affinity';
}

/**
 * An in-flight NodeClaim whose zone (or other topology key) is still open may land in any domain its
 * requirements allow, and its requirements can no longer be narrowed: a pod with anti-affinity may join it
 * only if every one of those domains is free for it (upstream's Topology blocks every domain an undecided
 * NodeClaim could land in, kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling/topology.go).
 */
function undecidedDomainConflict(node: ExistingNode, groups: readonly TopologyGroup[], reqs: Requirements): Check | undefined {
  for (const group of groups) {
    const key = group.spec.key;
    if (!isAntiAffinity(group) || key in node.labels) continue;
    const possible = node.requirements.get(key);
    const allowed = reqs.get(key);
    if (group.spec.domains.some((d) => possible.has(d) && (!allowed.has(d) || group.count(d) > 0))) {
      return no(`would violate pod anti-affinity on ${key}: in-flight nodeclaim ${node.name} may still land in a domain in use`);
    }
  }
  return undefined;
}

/** Is every minValues of `reqs` met by `types`? The first unmet one, as a reason. */
export function checkMinValues(reqs: Requirements, types: readonly CompiledType[]): string | undefined {
  for (const [key, min] of reqs.minValues()) {
    const allowed = reqs.get(key);
    const values = new Set<string>();
    for (const t of types) {
      const typeReq = t.requirements.find(key);
      if (typeReq === undefined || typeReq.complement) continue;
      for (const v of typeReq.set) if (allowed.has(v)) values.add(v);
      if (values.size >= min) break;
    }
    if (values.size < min)
      return `minValues ${min} for ${key} cannot be met (${values.size} value${values.size === 1 ? '' : 's'} available)`;
  }
  return undefined;
}

/** Why a fresh claim of `pool` could not take the pod, with the stage it failed at. */
export interface NewClaimFailure {
  readonly ok: false;
  readonly stage: 'taints' | 'requirements' | 'topology' | 'instance-types' | 'limits' | 'min-values' | 'nodes-limit';
  readonly reason: string;
  readonly taints?: string;
  /** For instance-type failures: how many types met the requirements, and how many of those fit. */
  readonly compatible?: number;
}

/** What a new claim would start as. */
export interface NewClaimTrial {
  readonly ok: true;
  readonly requirements: Requirements;
  readonly types: number[];
}

/**
 * Can a new claim of `pool` (named `hostname`) take the pod? Requirements are checked before taints so that
 * pools the pod does not select fail first and the taint of the pool it does select becomes the headline.
 */
export function checkNew(
  pool: PoolTemplate,
  attempt: PodAttempt,
  hostname: string,
  strictMinValues = true,
): NewClaimTrial | NewClaimFailure {
  const pinned = attempt.requirements.find(Labels.hostname);
  if (pinned !== undefined && !pinned.isNegative())
    return {
      ok: false,
      stage: 'requirements',
      reason: `the pod requires a specific node (${pinned.toString()}), which a new node cannot be`,
    };
  const compatible = pool.requirements.compatible(attempt.requirements);
  if (!compatible.ok) return { ok: false, stage: 'requirements', reason: compatible.reason };
  const taints = pool.toleratedBy(attempt.tolerations);
  if (!taints.ok)
    return { ok: false, stage: 'taints', reason: taints.reason, taints: taints.reason.replace('did not tolerate taint ', '') };
  if (pool.remainingNodes <= 0)
    return {
      ok: false,
      stage: 'nodes-limit',
      reason: `NodePool ${pool.name} reached its nodes limit (${pool.nodePool.spec.limits?.nodes ?? 0})`,
    };
  const merged = pool.requirements.intersect(attempt.requirements).add(Requirement.in(Labels.hostname, [hostname]));
  const withTopology = applyTopology(attempt, hostname, merged);
  if (!(withTopology instanceof Requirements)) return { ok: false, stage: 'topology', reason: withTopology.ok ? '' : withTopology.reason };
  return pickTypes(pool, attempt, withTopology, strictMinValues);
}

function pickTypes(pool: PoolTemplate, attempt: PodAttempt, reqs: Requirements, strictMinValues: boolean): NewClaimTrial | NewClaimFailure {
  const mask = pool.compatibleTypes(reqs);
  const requests = attempt.pod.requests;
  const types: number[] = [];
  let compatible = 0;
  let fit = 0;
  for (let i = 0; i < pool.types.length; i++) {
    if (mask[i] === 0) continue;
    compatible++;
    const t = pool.types[i];
    if (!isWithin(requests, t.usable)) continue;
    fit++;
    if (fitsVector(t.capacity, pool.remaining)) types.push(i);
  }
  if (types.length === 0) return { ok: false, stage: fit > 0 ? 'limits' : 'instance-types', reason: '', compatible };
  const minValues = strictMinValues
    ? checkMinValues(
        reqs,
        types.map((i) => pool.types[i]),
      )
    : undefined;
  if (minValues !== undefined) return { ok: false, stage: 'min-values', reason: minValues };
  return { ok: true, requirements: reqs, types };
}

function isWithin(requests: Float64Array, usable: Float64Array): boolean {
  for (let s = 0; s < requests.length; s++) if (requests[s] > usable[s]) return false;
  return true;
}
