/**
 * `solve`: the pure provisioning core. Given the cluster (existing nodes,
 * in-flight NodeClaims, NodePools with their instance types, DaemonSets) and
 * the pods to place, it decides where every pod goes and which NodeClaims to
 * launch, cheapest first, and says why for every pod it cannot place.
 * Deterministic: the same input always gives the same output.
 * Spec: https://karpenter.sh/docs/concepts/scheduling/
 */
import type { Pod, Taint } from '../apis/core-v1.js';
import { Labels } from '../apis/well-known-labels.js';
import { type ExistingNode, compareExistingNodes, existingNode } from './existing-node.js';
import { finalizeClaim } from './finalize.js';
import type { InstanceType } from './instance-type.js';
import { comparePoolOrder } from './pool-order.js';
import { podInfo, podKey } from './pod-info.js';
import { podRequests } from './pod-requests.js';
import { CompiledPool, PoolTemplate } from './pool-template.js';
import type { Requirements } from './requirements.js';
import { ResourceIndex } from './resource-vector.js';
import { fromResourceList, type Resources } from './resources.js';
import { Scheduler } from './scheduler.js';
import type { NewNodeClaim, SchedulingSnapshot, SolveOptions, SolveResult, UnschedulablePod } from './snapshot.js';
import { type DomainTolerance, Topology } from './topology/topology.js';
import { tolerates } from './taints.js';

function registerResources(resources: ResourceIndex, requests: readonly Resources[], snapshot: SchedulingSnapshot): void {
  for (const r of requests) resources.register(r);
  for (const ds of snapshot.daemonSets ?? [])
    resources.register(podRequests({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: ds.spec.template.spec }));
  for (const { nodePool } of snapshot.nodePools) resources.register(fromResourceList(nodePool.spec.limits));
}

/** Estimates an unlaunched claim's allocatable (smallest) and capacity (largest) from the instance types it allows. */
function launchEstimator(snapshot: SchedulingSnapshot) {
  const byName = new Map<string, InstanceType>();
  for (const { instanceTypes } of snapshot.nodePools) for (const t of instanceTypes) if (!byName.has(t.name)) byName.set(t.name, t);
  return (reqs: Requirements): { allocatable: Resources; capacity: Resources } | undefined => {
    const req = reqs.find(Labels.instanceType);
    if (req === undefined || req.complement) return undefined;
    const types = req.values.map((n) => byName.get(n)).filter((t): t is InstanceType => t !== undefined);
    if (types.length === 0) return undefined;
    const allocatable: Record<string, number> = { ...types[0].allocatable };
    const capacity: Record<string, number> = { ...types[0].capacity };
    for (const t of types.slice(1)) {
      for (const name of Object.keys(allocatable)) allocatable[name] = Math.min(allocatable[name], t.allocatable[name] ?? 0);
      for (const [name, v] of Object.entries(t.capacity)) capacity[name] = Math.max(capacity[name] ?? 0, v);
    }
    return { allocatable, capacity };
  };
}

/** Subtracts what existing nodes of each pool already use from its limits. */
function applyExistingUsage(pools: readonly PoolTemplate[], existing: readonly ExistingNode[], resources: ResourceIndex): void {
  for (const pool of pools) {
    for (const node of existing) {
      if (node.nodePool !== pool.name) continue;
      const capacity = resources.vector(node.capacity);
      for (let s = 0; s < capacity.length; s++) pool.remaining[s] -= capacity[s];
      pool.remainingNodes--;
    }
  }
}

/** The domain universe: values of `key` the pools' instance types, the pools themselves and existing nodes can have. */
function domainUniverse(pools: readonly PoolTemplate[], existing: readonly ExistingNode[]): (key: string) => readonly string[] {
  const memo = new Map<string, string[]>();
  return (key) => {
    let found = memo.get(key);
    if (found !== undefined) return found;
    const values = new Set<string>();
    for (const pool of pools) for (const v of pool.compiled.domainValues(key)) values.add(v);
    for (const node of existing) if (node.labels[key] !== undefined) values.add(node.labels[key]);
    found = [...values].sort();
    memo.set(key, found);
    return found;
  };
}

/** For nodeTaintsPolicy Honor: does some pool or existing node in `domain` carry only hard taints `tolerations` tolerate? */
function domainTolerance(pools: readonly PoolTemplate[], existing: readonly ExistingNode[]): DomainTolerance {
  const hard = (taints: readonly Taint[]): Taint[] => taints.filter((t) => t.effect !== 'PreferNoSchedule');
  return (key, domain, tolerations) =>
    pools.some((pool) => pool.compiled.domainValues(key).includes(domain) && tolerates(tolerations, hard(pool.taints)).ok) ||
    existing.some((node) => node.labels[key] === domain && tolerates(tolerations, hard(node.taints)).ok);
}

/**
 * Plans one scheduling round: placements on existing nodes and in-flight
 * claims, new NodeClaims (options cheapest first), and unschedulable pods
 * with reasons. Pure: reads no clock unless `options.clock` is given.
 */
export function solve(snapshot: SchedulingSnapshot, pods: readonly Pod[], options: SolveOptions = {}): SolveResult {
  const resources = new ResourceIndex();
  const requests = pods.map(podRequests);
  registerResources(resources, requests, snapshot);
  const volumes = snapshot.volumeRequirements;
  const infos = pods.map((pod, i) => podInfo(pod, i, resources, requests[i], volumes?.[podKey(pod)]));
  const daemonSets = snapshot.daemonSets ?? [];
  const cache = options.cache;
  const pools = snapshot.nodePools
    .filter(({ nodePool }) => nodePool.spec.replicas === undefined)
    .map(({ nodePool, instanceTypes }) => {
      const compiled =
        cache !== undefined
          ? cache.compiledPool(nodePool, instanceTypes, daemonSets, resources)
          : new CompiledPool(nodePool, instanceTypes, resources, daemonSets);
      return new PoolTemplate(compiled, resources);
    })
    .sort(comparePoolOrder);
  const estimate = launchEstimator(snapshot);
  const existing = snapshot.nodes
    .map((n) =>
      cache !== undefined ? cache.existingNode(n, resources, daemonSets, estimate) : existingNode(n, resources, daemonSets, estimate),
    )
    .filter((n): n is ExistingNode => n !== undefined)
    .sort(compareExistingNodes);
  applyExistingUsage(pools, existing, resources);
  const topology = new Topology(domainUniverse(pools, existing), domainTolerance(pools, existing));
  for (const info of infos) topology.register(info);
  topology.countExisting(existing);
  const clock = options.clock;
  const scheduler = new Scheduler({
    resources,
    pools,
    existing,
    topology,
    preferencePolicy: options.preferencePolicy ?? 'Respect',
    minValuesPolicy: options.minValuesPolicy ?? 'Strict',
    ...(clock !== undefined ? { deadline: { now: () => clock.now(), at: clock.now() + (options.timeoutMs ?? 60_000) } } : {}),
  });
  const outcome = scheduler.run(infos);
  const newNodeClaims: NewNodeClaim[] = [];
  const unschedulable: UnschedulablePod[] = [];
  const dropped = new Set<string>();
  for (const claim of outcome.claims) {
    const finalized = finalizeClaim(claim, resources, {
      maxInstanceTypes: options.maxInstanceTypes ?? 600,
      minValuesPolicy: options.minValuesPolicy ?? 'Strict',
    });
    if (finalized.ok) {
      newNodeClaims.push(finalized.claim);
      continue;
    }
    dropped.add(claim.hostname);
    for (const pod of claim.pods) unschedulable.push({ pod: pod.key, reasons: [finalized.reason] });
  }
  for (const info of infos) {
    const reasons = outcome.errors.get(info);
    if (reasons !== undefined) unschedulable.push({ pod: info.key, reasons });
  }
  return {
    placements: outcome.placements.filter((p) => p.kind !== 'new' || !dropped.has(p.target)),
    existingNodes: existing
      .filter((n) => outcome.existingPods.has(n))
      .map((n) => ({ name: n.name, inFlight: n.inFlight, pods: outcome.existingPods.get(n)!.map((p) => p.key) })),
    newNodeClaims,
    unschedulable,
    timedOut: outcome.timedOut,
  };
}
