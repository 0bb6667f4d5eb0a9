/**
 * Fleets in numbers: what a solver result would launch (nodes, instance mix,
 * $/h, unschedulable pods) and what the cluster's NodeClaims cost now. Pure.
 */
import type { ProjectedFleet } from '../../apis/decision.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { InstanceType, Offering } from '../../scheduling/instance-type.js';
import type { SolveResult } from '../../scheduling/snapshot.js';

/** The $/h, nodes and instance mix of a fleet, without the pods (what runs now). */
export type FleetCost = Omit<ProjectedFleet, 'unschedulablePods'>;

/**
 * The price the EC2 catalog stands in for an unknown one (`UNKNOWN_PRICE` in
 * `src/cloudprovider/catalog/build.ts`, so the solver picks such types last).
 */
const UNKNOWN_PRICE_FLOOR = Number.MAX_SAFE_INTEGER;

/** Is `price` a real USD/hour figure (not missing, not the catalog's stand-in for unknown)? */
export function isKnownPrice(price: number | undefined): price is number {
  return price !== undefined && Number.isFinite(price) && price >= 0 && price < UNKNOWN_PRICE_FLOOR;
}

/** `<type>/<capacity-type>`, the instance-mix key. */
export function instanceMixKey(instanceType: string, capacityType: string): string {
  return `${instanceType}/${capacityType}`;
}

/** Rounds a $/h sum to micro-dollars, so float noise never shows as a change. */
function roundPrice(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Counts → an object with sorted keys (stable JSON). */
function sortedCounts(counts: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Sums prices and counts instance-mix keys; unknown prices are left out and flagged. */
class FleetTally {
  private readonly mix = new Map<string, number>();
  private price = 0;
  private incomplete = false;
  private count = 0;

  add(key: string, price: number | undefined): void {
    this.count++;
    this.mix.set(key, (this.mix.get(key) ?? 0) + 1);
    if (isKnownPrice(price)) this.price += price;
    else this.incomplete = true;
  }

  result(): FleetCost {
    return {
      nodes: this.count,
      instanceMix: sortedCounts(this.mix),
      pricePerHour: roundPrice(this.price),
      ...(this.incomplete ? { pricesIncomplete: true } : {}),
    };
  }
}

/**
 * The fleet a solver result would launch: one node per new NodeClaim, each
 * counted as the option the solver would launch (the first, cheapest
 * instance-type option and its offering's capacity type and price).
 */
export function projectedFleet(result: SolveResult): ProjectedFleet {
  const tally = new FleetTally();
  for (const claim of result.newNodeClaims) {
    const option = claim.instanceTypeOptions[0];
    if (option === undefined) tally.add(instanceMixKey('unknown', 'unknown'), undefined);
    else tally.add(instanceMixKey(option.name, option.capacityType), option.price);
  }
  return { ...tally.result(), unschedulablePods: result.unschedulable.length };
}

function findInstanceType(
  name: string,
  pool: string | undefined,
  instanceTypes: ReadonlyMap<string, readonly InstanceType[]>,
): InstanceType | undefined {
  const own = pool !== undefined ? instanceTypes.get(pool)?.find((type) => type.name === name) : undefined;
  if (own !== undefined) return own;
  for (const types of instanceTypes.values()) {
    const found = types.find((type) => type.name === name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The offering a running instance is billed at: its zone and capacity type (available or not: it runs). */
function billedOffering(type: InstanceType, zone: string | undefined, capacityType: string): Offering | undefined {
  const sameType = type.offerings.filter((offering) => offering.capacityType === capacityType);
  const inZone = zone !== undefined ? sameType.find((offering) => offering.zone === zone) : undefined;
  if (inZone !== undefined) return inZone;
  return sameType.reduce<Offering | undefined>(
    (best, offering) => (best === undefined || offering.price < best.price ? offering : best),
    undefined,
  );
}

/** Options of {@link currentFleetCost}. */
export interface CurrentFleetInput {
  /** The cluster's NodeClaims (those being deleted are left out). */
  readonly nodeClaims: readonly NodeClaim[];
  /** Instance types per NodePool name, as the cloud provider reports them. */
  readonly instanceTypes: ReadonlyMap<string, readonly InstanceType[]>;
}

/**
 * What karpd's nodes cost now: every NodeClaim priced by its instance type,
 * zone and capacity type labels. A claim whose type or price is not known yet
 * (still launching) counts as a node and sets `pricesIncomplete`.
 */
export function currentFleetCost(input: CurrentFleetInput): FleetCost {
  const tally = new FleetTally();
  const claims = input.nodeClaims.filter((claim) => claim.metadata.deletionTimestamp === undefined);
  for (const claim of claims) {
    const labels = claim.metadata.labels ?? {};
    const typeName = labels[Labels.instanceType];
    const capacityType = labels[Labels.capacityType] ?? 'unknown';
    const type = typeName !== undefined ? findInstanceType(typeName, labels[Labels.nodePool], input.instanceTypes) : undefined;
    const offering = type !== undefined ? billedOffering(type, labels[Labels.zone], capacityType) : undefined;
    tally.add(instanceMixKey(typeName ?? 'unknown', capacityType), offering?.price);
  }
  return tally.result();
}
