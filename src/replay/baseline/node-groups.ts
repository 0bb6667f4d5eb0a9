/**
 * The static node groups of the cluster-autoscaler model: one per NodePool, each with ONE fixed instance type and
 * one capacity type, as a cluster-autoscaler user would configure an Auto Scaling group per pool
 * (karpenter-semantics.md §7.4: "node groups have one shape").
 *
 * The rules, in order:
 * - Capacity type (`capacityType`, default `'on-demand'`): the preferred one when the pool allows it (or says nothing
 *   about capacity types), else the other one when the pool allows it. So with the default a group is spot only when
 *   its pool allows only spot; with `'spot'` (the spot baseline) a group is on-demand only when its pool allows only
 *   on-demand. When no instance type is offered at the first capacity type, the pool's other allowed one is tried
 *   before the pool is skipped (a spot baseline that dropped a pool would look cheaper by omission).
 * - Instance type: an explicit override for the pool; else the first type the pool's
 *   `node.kubernetes.io/instance-type In [...]` lists that exists in the catalog, is compatible with the pool and has
 *   an available offering of that capacity type; else (a pool that does not name types, like `default`) the
 *   compatible type that would serve the pool's pods cheapest in aggregate: the smallest
 *   `price × max(Σ cpu / allocatable cpu, Σ memory / allocatable memory)` over the types that fit the largest
 *   request of every pod the pool admits (all compatible types when none fits, the cheapest when no pod targets it).
 * - Price: the cheapest available offering of that type and capacity type in the zones the pool allows; the group's
 *   nodes may land in any of those zones.
 * - Size limit: the pool's `limits` (cpu, memory, nodes) turned into a maximum node count (CA's `--nodes=0:max`).
 */
import type { Taint } from '../../apis/core-v1.js';
import type { NodePool } from '../../apis/nodepool.js';
import { type CapacityType, Labels } from '../../apis/well-known-labels.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import { offeringAllowed, instanceTypeRequirements } from '../../scheduling/pool-template.js';
import { Requirement } from '../../scheduling/requirement.js';
import { Requirements } from '../../scheduling/requirements.js';
import { fits, fromResourceList, max, type Resources } from '../../scheduling/resources.js';
import { admits, type PodConstraints } from './pod-constraints.js';

/** One static node group: a pool's labels and taints on one instance type at one capacity type. */
export interface NodeGroup {
  /** The NodePool's name. */
  readonly name: string;
  readonly weight: number;
  readonly instanceType: InstanceType;
  readonly capacityType: CapacityType;
  /** USD/hour of one node. */
  readonly pricePerHour: number;
  /** The labels a node of the group carries, as requirements (pool ∩ template labels ∩ type ∩ capacity type ∩ zones). */
  readonly requirements: Requirements;
  readonly taints: readonly Taint[];
  readonly allocatable: Resources;
  /** The most nodes the pool's limits allow (Infinity without limits). */
  readonly maxNodes: number;
}

/** A pool that got no node group, and why. */
export interface SkippedNodePool {
  readonly nodePool: string;
  readonly reason: string;
}

/** Input of {@link buildNodeGroups}. */
export interface NodeGroupsInput {
  readonly nodePools: readonly NodePool[];
  readonly instanceTypes: readonly InstanceType[];
  /** The pods the replay will create (constraints computed), to size groups of pools that name no instance type. */
  readonly pods: readonly PodConstraints[];
  /** Pool name → instance type name, overriding the rules above. */
  readonly instanceTypeOverrides?: Readonly<Record<string, string>>;
  /** The capacity type a group takes when its pool allows it (the other one only when the pool forbids it). @default 'on-demand' */
  readonly capacityType?: PreferredCapacityType;
}

/** The capacity types a cluster-autoscaler node group can be configured with. */
export type PreferredCapacityType = 'on-demand' | 'spot';

/** The groups (pool order) and the pools that got none. */
export interface NodeGroups {
  readonly groups: readonly NodeGroup[];
  readonly skipped: readonly SkippedNodePool[];
}

/** A pool's node requirements: its requirements ∩ template labels ∩ `karpenter.sh/nodepool` (as `CompiledPool` builds them). */
export function poolRequirements(pool: NodePool): Requirements {
  const labels = { ...(pool.spec.template.metadata?.labels ?? {}), [Labels.nodePool]: pool.metadata.name ?? '' };
  return Requirements.from(pool.spec.template.spec.requirements).intersect(Requirements.fromLabels(labels));
}

/**
 * `preferred` (default on-demand) when the pool allows it or says nothing, else the other of on-demand and spot when
 * the pool allows that, else undefined (the pool allows neither).
 */
export function groupCapacityType(reqs: Requirements, preferred: PreferredCapacityType = 'on-demand'): CapacityType | undefined {
  return groupCapacityTypes(reqs, preferred)[0];
}

/** The capacity types a group of the pool may take, in the order they are tried: `preferred` first, then the other. */
export function groupCapacityTypes(reqs: Requirements, preferred: PreferredCapacityType = 'on-demand'): PreferredCapacityType[] {
  const allowed = reqs.find(Labels.capacityType);
  const other: PreferredCapacityType = preferred === 'spot' ? 'on-demand' : 'spot';
  return [preferred, other].filter((capacityType) => allowed === undefined || allowed.has(capacityType));
}

interface Candidate {
  readonly type: InstanceType;
  readonly price: number;
  readonly zones: readonly string[];
}

function candidate(type: InstanceType, reqs: Requirements): Candidate | undefined {
  if (!instanceTypeRequirements(type).intersects(reqs)) return undefined;
  const offerings = type.offerings.filter((offering) => offeringAllowed(offering, reqs));
  if (offerings.length === 0) return undefined;
  const price = Math.min(...offerings.map((offering) => offering.price));
  return { type, price, zones: [...new Set(offerings.map((offering) => offering.zone))].sort() };
}

function aggregateCost(c: Candidate, total: Resources): number {
  const cpu = (total.cpu ?? 0) / Math.max(1, c.type.allocatable.cpu ?? 0);
  const memory = (total.memory ?? 0) / Math.max(1, c.type.allocatable.memory ?? 0);
  return c.price * Math.max(cpu, memory);
}

function byAggregateCost(candidates: readonly Candidate[], pods: readonly PodConstraints[]): Candidate | undefined {
  const total: Record<string, number> = {};
  let largest: Resources = {};
  for (const pod of pods) {
    for (const name of ['cpu', 'memory']) total[name] = (total[name] ?? 0) + (pod.requests[name] ?? 0);
    largest = max(largest, pod.requests);
  }
  const fitting = candidates.filter((c) => fits(largest, c.type.allocatable));
  const pool = fitting.length > 0 ? fitting : candidates;
  const score = (c: Candidate): number => (pods.length === 0 ? c.price : aggregateCost(c, total));
  return [...pool].sort((a, b) => score(a) - score(b) || a.price - b.price || (a.type.name < b.type.name ? -1 : 1))[0];
}

function chooseType(pool: NodePool, reqs: Requirements, input: NodeGroupsInput): Candidate | undefined {
  const byName = new Map(input.instanceTypes.map((type) => [type.name, type]));
  const override = input.instanceTypeOverrides?.[pool.metadata.name ?? ''];
  if (override !== undefined) {
    const type = byName.get(override);
    return type === undefined ? undefined : candidate(type, reqs);
  }
  const named = reqs.find(Labels.instanceType);
  const listed = pool.spec.template.spec.requirements.find((r) => r.key === Labels.instanceType && r.operator === 'In')?.values;
  if (named !== undefined && !named.complement && listed !== undefined) {
    for (const name of listed) {
      const type = byName.get(name);
      const found = type === undefined ? undefined : candidate(type, reqs);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const candidates = input.instanceTypes.map((type) => candidate(type, reqs)).filter((c): c is Candidate => c !== undefined);
  const taints = pool.spec.template.spec.taints ?? [];
  const pods = input.pods.filter((pod) => admits({ requirements: reqs, taints }, pod).ok);
  return byAggregateCost(candidates, pods);
}

function maxNodes(pool: NodePool, capacity: Resources): number {
  const limits = fromResourceList(pool.spec.limits);
  let most = limits.nodes ?? Number.POSITIVE_INFINITY;
  for (const name of ['cpu', 'memory']) {
    const limit = limits[name];
    const per = capacity[name] ?? 0;
    if (limit !== undefined && per > 0) most = Math.min(most, Math.floor(limit / per));
  }
  return most;
}

/** The first capacity type, in order, at which some instance type serves the pool, with that type. */
function firstOffered(pool: NodePool, base: Requirements, capacityTypes: readonly CapacityType[], input: NodeGroupsInput) {
  for (const capacityType of capacityTypes) {
    const reqs = base.add(Requirement.in(Labels.capacityType, [capacityType]));
    const chosen = chooseType(pool, reqs, input);
    if (chosen !== undefined) return { capacityType, reqs, chosen };
  }
  return undefined;
}

function buildGroup(pool: NodePool, input: NodeGroupsInput): NodeGroup | SkippedNodePool {
  const name = pool.metadata.name ?? '';
  const base = poolRequirements(pool);
  const capacityTypes = groupCapacityTypes(base, input.capacityType);
  if (capacityTypes.length === 0) return { nodePool: name, reason: 'the pool allows neither on-demand nor spot' };
  const found = firstOffered(pool, base, capacityTypes, input);
  if (found === undefined) {
    return {
      nodePool: name,
      reason: `no instance type of the catalog is compatible with the pool and offered as ${capacityTypes.join(' or ')}`,
    };
  }
  const { capacityType, reqs, chosen } = found;
  const requirements = reqs.intersect(instanceTypeRequirements(chosen.type)).add(Requirement.in(Labels.zone, chosen.zones));
  return {
    name,
    weight: pool.spec.weight ?? 0,
    instanceType: chosen.type,
    capacityType,
    pricePerHour: chosen.price,
    requirements,
    taints: pool.spec.template.spec.taints ?? [],
    allocatable: chosen.type.allocatable,
    maxNodes: maxNodes(pool, chosen.type.capacity),
  };
}

/** One static node group per NodePool (pool order), and the pools that cannot have one with the reason. */
export function buildNodeGroups(input: NodeGroupsInput): NodeGroups {
  const groups: NodeGroup[] = [];
  const skipped: SkippedNodePool[] = [];
  for (const pool of input.nodePools) {
    const built = buildGroup(pool, input);
    if ('reason' in built) skipped.push(built);
    else groups.push(built);
  }
  return { groups, skipped };
}

/** Why a node of `group` can never run the pod (labels, taints, requests vs the type's allocatable); undefined when it can. */
export function groupRejection(group: NodeGroup, pod: PodConstraints): string | undefined {
  const check = admits(group, pod);
  if (!check.ok) return check.reason;
  return fits(pod.requests, group.allocatable) ? undefined : `requests exceed a ${group.instanceType.name}'s allocatable`;
}

/** The order a pending pod tries the groups that admit it: heavier pool weight first, then cheaper node, then name. */
export function compareGroups(a: NodeGroup, b: NodeGroup): number {
  return b.weight - a.weight || a.pricePerHour - b.pricePerHour || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
