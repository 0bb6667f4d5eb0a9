/** A NodeClaim's offering (instance type, capacity type, zone) from its labels or its node's, and its price. Pure. */
import type { Node } from '../../apis/core-v1.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { ClusterViewInput } from './view-input.js';

/** The three labels an offering's price is looked up by; a field is undefined when neither object has the label. */
export interface Offering {
  readonly instanceType?: string;
  readonly capacityType?: string;
  readonly zone?: string;
}

function label(claim: NodeClaim, node: Node | undefined, key: string): string | undefined {
  return claim.metadata.labels?.[key] ?? node?.metadata.labels?.[key];
}

/** The claim's offering. */
export function offeringOf(claim: NodeClaim, node: Node | undefined): Offering {
  const instanceType = label(claim, node, Labels.instanceType);
  const capacityType = label(claim, node, Labels.capacityType);
  const zone = label(claim, node, Labels.zone);
  return { instanceType, capacityType, zone };
}

/** The offering's $/h; undefined when a label is missing or the price is unknown. */
export function priceOf(offering: Offering, price: ClusterViewInput['price']): number | undefined {
  const { instanceType, capacityType, zone } = offering;
  if (instanceType === undefined || capacityType === undefined || zone === undefined) return undefined;
  const value = price(instanceType, capacityType, zone);
  return value === undefined || !Number.isFinite(value) ? undefined : value;
}
