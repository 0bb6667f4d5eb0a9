/**
 * Turns instance-type facts into the scheduler's {@link InstanceType}s: labels
 * as requirements, capacity, overhead, allocatable and priced offerings per
 * zone × capacity type. Pure apart from the default catalog load.
 */
import type { EC2NodeClassSpec } from '../../apis/ec2nodeclass.js';
import type { CapacityType } from '../../apis/well-known-labels.js';
import type { InstanceType, Offering } from '../../scheduling/instance-type.js';
import { computeAllocatable, computeCapacity, computeOverhead, type CapacityOptions } from './capacity.js';
import { instanceTypeRequirements } from './labels.js';
import { loadEc2Catalog, type Ec2Catalog, type PriceSource } from './load.js';
import type { InstanceTypeInfo } from './schema.js';

/** An EC2 instance type: the scheduler's contract plus the facts it came from and where its prices came from. */
export interface Ec2InstanceType extends InstanceType {
  readonly info: InstanceTypeInfo;
  /** Where the on-demand prices came from; `catalog-us-east-1` means us-east-1's static prices, whatever the region. */
  readonly priceSource: PriceSource;
}

/** Price of one offering in USD/hour, or undefined when no price is known. */
export type PriceLookup = (instanceType: string, zone: string, capacityType: CapacityType) => number | undefined;

/** The price an offering carries when none is known (it is then unavailable, so never chosen). */
export const UNKNOWN_PRICE = Number.MAX_SAFE_INTEGER;

/** Options of {@link ec2InstanceTypes}. */
export interface Ec2InstanceTypesOptions extends CapacityOptions {
  readonly region: string;
  /** Zones the NodeClass can launch into (its subnets' zones). */
  readonly zones: readonly string[];
  /** @default loadEc2Catalog() */
  readonly catalog?: Ec2Catalog;
  /** Facts to build from instead of the catalog's (e.g. from DescribeInstanceTypes). */
  readonly infos?: readonly InstanceTypeInfo[];
  /** The NodeClass whose kubelet, block devices, AMI family and store policy shape capacity. */
  readonly nodeClass?: Pick<EC2NodeClassSpec, 'kubelet' | 'blockDeviceMappings' | 'amiFamily' | 'instanceStorePolicy'>;
  /** @default ['on-demand', 'spot'] */
  readonly capacityTypes?: readonly CapacityType[];
  /** The zones each type is offered in (default: every zone). */
  readonly zonesFor?: (instanceType: string) => readonly string[] | undefined;
  /** Offering prices (default: the catalog's on-demand price for both capacity types, as upstream before the first spot refresh). */
  readonly price?: PriceLookup;
  /** False for offerings marked unavailable (ICE cache, zonal shift …). @default always true */
  readonly isAvailable?: (instanceType: string, zone: string, capacityType: CapacityType) => boolean;
  /** Zone name → zone id, when known. */
  readonly zoneIDs?: Readonly<Record<string, string>>;
  /** @default the catalog's priceSource */
  readonly priceSource?: PriceSource;
}

function capacityOptions(options: Ec2InstanceTypesOptions): CapacityOptions {
  const nodeClass = options.nodeClass ?? {};
  return {
    amiFamily: nodeClass.amiFamily ?? options.amiFamily ?? 'AL2023',
    kubelet: nodeClass.kubelet ?? options.kubelet,
    blockDeviceMappings: nodeClass.blockDeviceMappings ?? options.blockDeviceMappings,
    instanceStorePolicy: nodeClass.instanceStorePolicy ?? options.instanceStorePolicy,
    vmMemoryOverheadPercent: options.vmMemoryOverheadPercent,
    reservedENIs: options.reservedENIs,
  };
}

/** The offerings of one type: every offered zone × capacity type, priced, unavailable when unpriced or marked. */
export function buildOfferings(info: InstanceTypeInfo, options: Ec2InstanceTypesOptions, price: PriceLookup): Offering[] {
  const offered = options.zonesFor?.(info.name);
  const zones = offered === undefined ? options.zones : options.zones.filter((zone) => offered.includes(zone));
  const offerings: Offering[] = [];
  for (const zone of zones) {
    for (const capacityType of options.capacityTypes ?? (['on-demand', 'spot'] as const)) {
      const known = price(info.name, zone, capacityType);
      const available = known !== undefined && (options.isAvailable?.(info.name, zone, capacityType) ?? true);
      const zoneID = options.zoneIDs?.[zone];
      offerings.push({ zone, capacityType, price: known ?? UNKNOWN_PRICE, available, ...(zoneID === undefined ? {} : { zoneID }) });
    }
  }
  return offerings;
}

/** Builds one instance type from its facts. */
export function buildInstanceType(
  info: InstanceTypeInfo,
  options: Ec2InstanceTypesOptions,
  price: PriceLookup,
  priceSource: PriceSource,
): Ec2InstanceType {
  const capacityOpts = capacityOptions(options);
  const capacity = computeCapacity(info, capacityOpts);
  const overhead = computeOverhead(info, capacity, capacityOpts);
  const offerings = buildOfferings(info, options, price);
  return {
    name: info.name,
    info,
    requirements: instanceTypeRequirements(info, { region: options.region, offerings, amiFamily: capacityOpts.amiFamily }),
    capacity,
    overhead,
    allocatable: computeAllocatable(capacity, overhead),
    offerings,
    priceSource,
  };
}

/**
 * Every instance type of the catalog (or of `options.infos`) for one region
 * and NodeClass, including types with no available offering.
 * @example ec2InstanceTypes({ region: 'eu-west-2', zones: ['eu-west-2a', 'eu-west-2b'] })
 */
export function ec2InstanceTypes(options: Ec2InstanceTypesOptions): Ec2InstanceType[] {
  const catalog = options.catalog ?? (options.infos === undefined || options.price === undefined ? loadEc2Catalog() : undefined);
  const infos = options.infos ?? catalog?.infos ?? [];
  const price: PriceLookup = options.price ?? ((name) => catalog?.onDemandPrice(name));
  const priceSource = options.priceSource ?? catalog?.priceSource ?? 'catalog-us-east-1';
  return infos.map((info) => buildInstanceType(info, options, price, priceSource));
}
