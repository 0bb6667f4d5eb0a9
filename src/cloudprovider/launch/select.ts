/**
 * Which (instance type, offering) pairs a NodeClaim may launch on, in the
 * order a fleet request would try them (aws/karpenter-provider-aws pkg/providers/instance CreateFleet launch):
 * compatible and available offerings, capacity type reserved > spot >
 * on-demand, exotic types only when nothing else fits, cheapest first,
 * at most 60 types. Pure.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Labels, type CapacityType } from '../../apis/well-known-labels.js';
import type { InstanceType, Offering } from '../../scheduling/instance-type.js';
import { AllowAllUndefined, Requirements } from '../../scheduling/requirements.js';
import { exceeded, fits, fromResourceList } from '../../scheduling/resources.js';

/** One launchable pair. */
export interface LaunchCandidate {
  readonly instanceType: InstanceType;
  readonly offering: Offering;
}

/** The result of {@link planLaunch}: candidates for one capacity type, or the reasons there are none. */
export type LaunchPlan =
  | { readonly ok: true; readonly capacityType: CapacityType; readonly candidates: readonly LaunchCandidate[] }
  | { readonly ok: false; readonly reason: string };

/** The most instance types one CreateFleet request carries. */
export const MAX_INSTANCE_TYPES = 60;

const CAPACITY_PRIORITY: readonly CapacityType[] = ['reserved', 'spot', 'on-demand'];
const EXOTIC_LABELS = [Labels.instanceGPUCount, 'karpenter.k8s.aws/instance-accelerator-count'];

function isExotic(type: InstanceType): boolean {
  if (type.name.split('.')[1]?.startsWith('metal')) return true;
  return type.requirements.some((req) => EXOTIC_LABELS.includes(req.key as (typeof EXOTIC_LABELS)[number]) && req.operator === 'In');
}

function compatibleOfferings(type: InstanceType, claim: Requirements): Offering[] {
  const zones = claim.get(Labels.zone);
  const capacityTypes = claim.get(Labels.capacityType);
  return type.offerings.filter((offering) => offering.available && zones.has(offering.zone) && capacityTypes.has(offering.capacityType));
}

const parsed = new WeakMap<InstanceType['requirements'], Requirements>();

function requirementsOf(type: InstanceType): Requirements {
  let reqs = parsed.get(type.requirements);
  if (reqs === undefined) {
    reqs = Requirements.from(type.requirements);
    parsed.set(type.requirements, reqs);
  }
  return reqs;
}

function rejectReason(type: InstanceType, claim: Requirements, requests: Record<string, number>): string | undefined {
  const check = claim.compatible(requirementsOf(type), { allowUndefined: AllowAllUndefined });
  if (!check.ok) return check.reason;
  if (!fits(requests, type.allocatable)) return `requests exceed allocatable (${exceeded(requests, type.allocatable).join(', ')})`;
  return undefined;
}

/** Every compatible available (type, offering) pair, unsorted, plus a reason summary for the rest. */
export function compatibleCandidates(
  nodeClaim: NodeClaim,
  instanceTypes: readonly InstanceType[],
): { candidates: LaunchCandidate[]; rejected: number; sampleReason?: string } {
  const claim = Requirements.from(nodeClaim.spec.requirements);
  const names = claim.get(Labels.instanceType);
  const requests = { ...fromResourceList(nodeClaim.spec.resources?.requests) };
  const candidates: LaunchCandidate[] = [];
  let rejected = 0;
  let sampleReason: string | undefined;
  for (const type of instanceTypes) {
    if (!names.has(type.name)) {
      rejected++;
      continue;
    }
    const reason = rejectReason(type, claim, requests);
    const offerings = reason === undefined ? compatibleOfferings(type, claim) : [];
    if (offerings.length === 0) {
      rejected++;
      sampleReason ??=
        reason === undefined ? `${type.name}: no available offering in the allowed zones and capacity types` : `${type.name}: ${reason}`;
      continue;
    }
    for (const offering of offerings) candidates.push({ instanceType: type, offering });
  }
  return { candidates, rejected, sampleReason };
}

function cheapestTypes(candidates: LaunchCandidate[]): LaunchCandidate[] {
  const sorted = [...candidates].sort(
    (a, b) =>
      a.offering.price - b.offering.price ||
      a.instanceType.name.localeCompare(b.instanceType.name) ||
      a.offering.zone.localeCompare(b.offering.zone),
  );
  const keep = new Set<string>();
  for (const candidate of sorted) {
    if (keep.size >= MAX_INSTANCE_TYPES) break;
    keep.add(candidate.instanceType.name);
  }
  return sorted.filter((candidate) => keep.has(candidate.instanceType.name));
}

/** Plans one launch for a NodeClaim over the given instance types. */
export function planLaunch(nodeClaim: NodeClaim, instanceTypes: readonly InstanceType[]): LaunchPlan {
  const { candidates, rejected, sampleReason } = compatibleCandidates(nodeClaim, instanceTypes);
  if (candidates.length === 0) {
    const example =
      sampleReason ??
      `none of the requested instance types (${nodeClaim.spec.requirements.find((req) => req.key === Labels.instanceType)?.values?.join(', ') ?? 'any'}) is offered`;
    return {
      ok: false,
      reason: `no instance type satisfies the nodeclaim's requirements and requests (${rejected} rejected, e.g. ${example})`,
    };
  }
  const capacityType =
    CAPACITY_PRIORITY.find((ct) => candidates.some((candidate) => candidate.offering.capacityType === ct)) ?? 'on-demand';
  let chosen = candidates.filter((candidate) => candidate.offering.capacityType === capacityType);
  const ordinary = chosen.filter((candidate) => !isExotic(candidate.instanceType));
  if (ordinary.length > 0) chosen = ordinary;
  if (capacityType === 'spot') {
    const onDemand = candidates
      .filter((candidate) => candidate.offering.capacityType === 'on-demand')
      .map((candidate) => candidate.offering.price);
    const ceiling = onDemand.length > 0 ? Math.min(...onDemand) : Infinity;
    const cheaper = chosen.filter((candidate) => candidate.offering.price <= ceiling);
    if (cheaper.length > 0) chosen = cheaper;
  }
  return { ok: true, capacityType, candidates: cheapestTypes(chosen) };
}
