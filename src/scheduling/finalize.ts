/**
 * Finalising the round's NodeClaims (https://karpenter.sh/docs/concepts/scheduling/):
 * instance-type options ordered by their cheapest compatible available
 * offering and truncated to `maxInstanceTypes`, the instance-type requirement
 * pinned to those options, the hostname placeholder removed, and the smallest
 * DaemonSet overhead among the options added to the requests.
 */
import { CapacityTypes, Labels } from '../apis/well-known-labels.js';
import { isWellKnownLabel } from './label-keys.js';
import { checkMinValues } from './placement.js';
import { offeringAllowed } from './pool-template.js';
import type { PlannedClaim } from './planned-claim.js';
import { Requirement } from './requirement.js';
import { Requirements } from './requirements.js';
import type { ResourceIndex } from './resource-vector.js';
import type { InstanceTypeOption, NewNodeClaim } from './snapshot.js';

/** A finalised claim, or the reason it had to be dropped. */
export type Finalized = { readonly ok: true; readonly claim: NewNodeClaim } | { readonly ok: false; readonly reason: string };

function withoutHostname(reqs: Requirements): Requirements {
  return new Requirements(
    new Map(
      reqs
        .values()
        .filter((r) => r.key !== Labels.hostname)
        .map((r) => [r.key, r]),
    ),
  );
}

/** The capacity types the claim's options actually offer (available and allowed by its requirements), sorted. */
function offeredCapacityTypes(claim: PlannedClaim, indices: readonly number[], reqs: Requirements): string[] {
  const out = new Set<string>();
  for (const i of indices) {
    for (const o of claim.template.types[i].instanceType.offerings)
      if (!out.has(o.capacityType) && offeringAllowed(o, reqs)) out.add(o.capacityType);
    if (out.size === CapacityTypes.length) break;
  }
  return [...out].sort();
}

/** Custom (not well-known) keys pinned to one value: they become labels at creation; the provider fills in well-known ones after launch. */
function customLabels(reqs: Requirements): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(reqs.labels())) if (!isWellKnownLabel(key) && key !== Labels.hostname) out[key] = value;
  return out;
}

/** Finalises one planned claim. */
export function finalizeClaim(
  claim: PlannedClaim,
  resources: ResourceIndex,
  options: { maxInstanceTypes: number; minValuesPolicy: 'Strict' | 'BestEffort' },
): Finalized {
  const reqs = withoutHostname(claim.requirements);
  const offerings = claim.template.offeringsFor(reqs);
  const fitting = new Set(claim.fittingTypeIndices());
  const kept: Array<{ index: number; option: InstanceTypeOption }> = [];
  for (const i of claim.template.priceOrder(reqs)) {
    if (kept.length >= options.maxInstanceTypes) break;
    if (!fitting.has(i)) continue;
    const offering = offerings[i]!;
    kept.push({
      index: i,
      option: {
        name: claim.template.types[i].instanceType.name,
        price: offering.price,
        zone: offering.zone,
        capacityType: offering.capacityType,
      },
    });
  }
  if (kept.length === 0)
    return { ok: false, reason: `NodePool ${claim.template.name}: no instance type with an available offering is left for the claim` };
  const unmet = checkMinValues(
    reqs,
    kept.map((k) => claim.template.types[k.index]),
  );
  let minValuesRelaxed = false;
  if (unmet !== undefined) {
    if (options.minValuesPolicy === 'Strict')
      return {
        ok: false,
        reason: `NodePool ${claim.template.name}: ${unmet} within the ${options.maxInstanceTypes} cheapest instance types`,
      };
    minValuesRelaxed = true;
  }
  const names = kept.map((k) => k.option.name);
  const capacityTypes = offeredCapacityTypes(
    claim,
    kept.map((k) => k.index),
    reqs,
  );
  const finalReqs = reqs.add(
    Requirement.in(Labels.instanceType, names, reqs.find(Labels.instanceType)?.minValues),
    Requirement.in(Labels.capacityType, capacityTypes, reqs.find(Labels.capacityType)?.minValues),
  );
  const requests = claim.requests.slice();
  const overhead = resources.zero().fill(Number.POSITIVE_INFINITY);
  for (const k of kept) {
    const o = claim.template.types[k.index].daemonOverhead;
    for (let s = 0; s < o.length; s++) if (o[s] < overhead[s]) overhead[s] = o[s];
  }
  for (let s = 0; s < requests.length; s++) requests[s] += overhead[s];
  return {
    ok: true,
    claim: {
      name: claim.hostname,
      nodePool: claim.template.name,
      requirements: finalReqs.toNodeSelectorRequirements(),
      labels: { ...customLabels(finalReqs), ...claim.template.labels },
      pods: claim.pods.map((p) => p.key),
      requests: resources.toResources(requests),
      instanceTypeOptions: kept.map((k) => k.option),
      price: kept[0].option.price,
      minValuesRelaxed,
    },
  };
}
