/**
 * A NodePool as the solver uses it (https://karpenter.sh/docs/concepts/scheduling/): the
 * NodeClaim template's requirements (pool requirements ∩ template labels ∩
 * `karpenter.sh/nodepool`), taints, the instance types that can satisfy them
 * with the DaemonSet overhead each would carry, and the remaining limits.
 */
import type { DaemonSet, Taint, Toleration } from '../apis/core-v1.js';
import type { NodePool } from '../apis/nodepool.js';
import { Labels } from '../apis/well-known-labels.js';
import { type Check, OK } from './check.js';
import type { InstanceType, Offering } from './instance-type.js';
import { podRequests } from './pod-requests.js';
import type { Requirement } from './requirement.js';
import { Requirements } from './requirements.js';
import type { ResourceIndex, Vector } from './resource-vector.js';
import { fromResourceList } from './resources.js';
import { tolerates } from './taints.js';

/** An instance type compiled for one solve. */
export interface CompiledType {
  readonly instanceType: InstanceType;
  readonly requirements: Requirements;
  readonly capacity: Vector;
  /** Allocatable minus the pool's DaemonSet overhead on this type: what pods can use. */
  readonly usable: Vector;
  readonly daemonOverhead: Vector;
}

/** Is `offering` available and allowed by `reqs` (zone, capacity type, zone id)? */
export function offeringAllowed(offering: Offering, reqs: Requirements): boolean {
  return offeringMatches(offering, reqs.find(Labels.zone), reqs.find(Labels.capacityType), reqs.find(Labels.zoneID));
}

function offeringMatches(
  offering: Offering,
  zone: Requirement | undefined,
  capacityType: Requirement | undefined,
  zoneID: Requirement | undefined,
): boolean {
  if (!offering.available) return false;
  if (zone !== undefined && !zone.has(offering.zone)) return false;
  if (capacityType !== undefined && !capacityType.has(offering.capacityType)) return false;
  if (zoneID !== undefined && offering.zoneID !== undefined && !zoneID.has(offering.zoneID)) return false;
  return true;
}

/** The cheapest available offering `reqs` allow, if any. */
export function cheapestOffering(type: InstanceType, reqs: Requirements): Offering | undefined {
  const zone = reqs.find(Labels.zone);
  const capacityType = reqs.find(Labels.capacityType);
  const zoneID = reqs.find(Labels.zoneID);
  let best: Offering | undefined;
  for (const o of type.offerings) {
    if ((best === undefined || o.price < best.price) && offeringMatches(o, zone, capacityType, zoneID)) best = o;
  }
  return best;
}

const instanceTypeRequirementCache = new WeakMap<InstanceType, Requirements>();

/** An instance type's requirements, parsed once per instance-type object. */
export function instanceTypeRequirements(type: InstanceType): Requirements {
  let reqs = instanceTypeRequirementCache.get(type);
  if (reqs === undefined) {
    reqs = Requirements.from(type.requirements);
    instanceTypeRequirementCache.set(type, reqs);
  }
  return reqs;
}

/** The requirement key a memo of type compatibility uses: every key but the hostname. */
function memoKey(reqs: Requirements): string {
  let out = '';
  for (const key of reqs.keys().sort()) if (key !== Labels.hostname) out += `${reqs.get(key).toString()};`;
  return out;
}

/** Which types suit one requirement set, and their cheapest allowed offering. */
interface Compatibility {
  readonly mask: Uint8Array;
  readonly offerings: ReadonlyArray<Offering | undefined>;
  /** Compatible type indices by price, computed on first use. */
  order?: number[];
}

/** The part of a NodePool that does not change during a solve (and can be reused across solves via a {@link SolveCache}). */
export class CompiledPool {
  readonly name: string;
  readonly weight: number;
  readonly requirements: Requirements;
  readonly taints: readonly Taint[];
  readonly labels: Readonly<Record<string, string>>;
  /** Instance types compatible with the template and offered, cheapest first. */
  readonly types: readonly CompiledType[];
  private readonly compatMemo = new Map<string, Compatibility>();
  private readonly domainMemo = new Map<string, readonly string[]>();

  constructor(
    readonly nodePool: NodePool,
    instanceTypes: readonly InstanceType[],
    resources: ResourceIndex,
    daemonSets: readonly DaemonSet[],
  ) {
    const spec = nodePool.spec.template;
    this.name = nodePool.metadata.name ?? '';
    this.weight = nodePool.spec.weight ?? 0;
    this.labels = { ...(spec.metadata?.labels ?? {}), [Labels.nodePool]: this.name };
    this.requirements = Requirements.from(spec.spec.requirements).intersect(Requirements.fromLabels(this.labels));
    this.taints = spec.spec.taints ?? [];
    this.types = this.compileTypes(instanceTypes, resources, daemonSets);
  }

  private compileTypes(instanceTypes: readonly InstanceType[], resources: ResourceIndex, daemonSets: readonly DaemonSet[]): CompiledType[] {
    const withPrice: Array<{ compiled: CompiledType; price: number }> = [];
    for (const instanceType of instanceTypes) {
      const requirements = instanceTypeRequirements(instanceType);
      if (!requirements.intersects(this.requirements)) continue;
      const offering = cheapestOffering(instanceType, this.requirements);
      if (offering === undefined) continue;
      const daemonOverhead = this.daemonOverhead(requirements, resources, daemonSets);
      const usable = resources.vector(instanceType.allocatable);
      for (let i = 0; i < usable.length; i++) usable[i] -= daemonOverhead[i];
      withPrice.push({
        compiled: { instanceType, requirements, capacity: resources.vector(instanceType.capacity), usable, daemonOverhead },
        price: offering.price,
      });
    }
    withPrice.sort((a, b) => a.price - b.price || (a.compiled.instanceType.name < b.compiled.instanceType.name ? -1 : 1));
    return withPrice.map((w) => w.compiled);
  }

  /** The summed requests of the DaemonSets that would run on a node of this pool and type. */
  private daemonOverhead(typeReqs: Requirements, resources: ResourceIndex, daemonSets: readonly DaemonSet[]): Vector {
    const total = resources.zero();
    if (daemonSets.length === 0) return total;
    const nodeReqs = this.requirements.intersect(typeReqs);
    const hard = this.taints.filter((t) => t.effect !== 'PreferNoSchedule');
    for (const ds of daemonSets) {
      const spec = ds.spec.template.spec;
      if (!tolerates(spec.tolerations, hard).ok) continue;
      const selector = Requirements.fromLabels(spec.nodeSelector);
      const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
      const options = terms.length === 0 ? [selector] : terms.map((t) => selector.intersect(Requirements.from(t.matchExpressions ?? [])));
      if (!options.some((reqs) => nodeReqs.compatible(reqs).ok)) continue;
      const requests = resources.vector(podRequests({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec }));
      requests[2] += 1;
      for (let i = 0; i < total.length; i++) total[i] += requests[i];
    }
    return total;
  }

  /** Which types (by index into {@link types}) intersect `reqs` and have an offering `reqs` allow. */
  compatibleTypes(reqs: Requirements): Uint8Array {
    return this.compatibility(reqs).mask;
  }

  /** The cheapest offering `reqs` allow for each type (undefined where the type is incompatible), memoised. */
  offeringsFor(reqs: Requirements): ReadonlyArray<Offering | undefined> {
    return this.compatibility(reqs).offerings;
  }

  /** Indices of the types `reqs` allow, ordered by their cheapest allowed offering, then name (memoised). */
  priceOrder(reqs: Requirements): readonly number[] {
    const entry = this.compatibility(reqs);
    if (entry.order === undefined) {
      const order: number[] = [];
      for (let i = 0; i < this.types.length; i++) if (entry.offerings[i] !== undefined) order.push(i);
      const name = (i: number): string => this.types[i].instanceType.name;
      order.sort((a, b) => entry.offerings[a]!.price - entry.offerings[b]!.price || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
      entry.order = order;
    }
    return entry.order;
  }

  private compatibility(reqs: Requirements): Compatibility {
    const key = memoKey(reqs);
    let entry = this.compatMemo.get(key);
    if (entry === undefined) {
      const mask = new Uint8Array(this.types.length);
      const offerings: Array<Offering | undefined> = new Array(this.types.length);
      for (let i = 0; i < this.types.length; i++) {
        const t = this.types[i];
        if (!t.requirements.intersects(reqs)) continue;
        offerings[i] = cheapestOffering(t.instanceType, reqs);
        if (offerings[i] !== undefined) mask[i] = 1;
      }
      entry = { mask, offerings };
      this.compatMemo.set(key, entry);
    }
    return entry;
  }

  /** The values `key` can take on this pool's nodes: the pool's own `In` values and its types' values it allows. */
  domainValues(key: string): readonly string[] {
    let found = this.domainMemo.get(key);
    if (found === undefined) {
      const values = new Set<string>();
      const poolReq = this.requirements.find(key);
      if (poolReq !== undefined && !poolReq.complement) for (const v of poolReq.set) values.add(v);
      for (const t of this.types) {
        const typeReq = t.requirements.find(key);
        if (typeReq === undefined || typeReq.complement) continue;
        for (const v of typeReq.set) if (poolReq === undefined || poolReq.has(v)) values.add(v);
      }
      found = [...values];
      this.domainMemo.set(key, found);
    }
    return found;
  }
}

/** A NodePool during one solve: its compiled part plus what the solve uses up (limits) and per-solve memos. */
export class PoolTemplate {
  /** Remaining pool limits (Infinity where unlimited); reduced as claims are planned. */
  readonly remaining: Vector;
  remainingNodes: number;
  private readonly tolerationMemo = new Map<readonly Toleration[], Check>();

  constructor(
    readonly compiled: CompiledPool,
    resources: ResourceIndex,
  ) {
    const limits = fromResourceList(compiled.nodePool.spec.limits);
    this.remaining = resources.limitVector(limits);
    this.remainingNodes = limits.nodes ?? Number.POSITIVE_INFINITY;
  }

  /** The NodePool's name. */
  get name(): string {
    return this.compiled.name;
  }
  /** `spec.weight` (0 when unset). */
  get weight(): number {
    return this.compiled.weight;
  }
  /** The NodePool object. */
  get nodePool(): NodePool {
    return this.compiled.nodePool;
  }
  /** Pool requirements ∩ template labels ∩ `karpenter.sh/nodepool`. */
  get requirements(): Requirements {
    return this.compiled.requirements;
  }
  /** Template taints (startup taints excluded). */
  get taints(): readonly Taint[] {
    return this.compiled.taints;
  }
  /** Template labels plus `karpenter.sh/nodepool`. */
  get labels(): Readonly<Record<string, string>> {
    return this.compiled.labels;
  }
  /** Instance types compatible with the template and offered, cheapest first. */
  get types(): readonly CompiledType[] {
    return this.compiled.types;
  }

  /** Which types intersect `reqs` and have an offering `reqs` allow. */
  compatibleTypes(reqs: Requirements): Uint8Array {
    return this.compiled.compatibleTypes(reqs);
  }

  /** The cheapest offering `reqs` allow for each type. */
  offeringsFor(reqs: Requirements): ReadonlyArray<Offering | undefined> {
    return this.compiled.offeringsFor(reqs);
  }

  /** Indices of the types `reqs` allow, cheapest first. */
  priceOrder(reqs: Requirements): readonly number[] {
    return this.compiled.priceOrder(reqs);
  }

  /** Do these tolerations tolerate the pool's taints (startup taints need not be tolerated)? */
  toleratedBy(tolerations: readonly Toleration[]): Check {
    if (this.taints.length === 0) return OK;
    let check = this.tolerationMemo.get(tolerations);
    if (check === undefined) {
      check = tolerates(tolerations, this.taints);
      this.tolerationMemo.set(tolerations, check);
    }
    return check;
  }
}
