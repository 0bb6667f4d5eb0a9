/** Instance-type builders for tests: one type from a few facts, or the synthetic catalog. */
import type { CapacityType } from '../apis/well-known-labels.js';
import { Labels } from '../apis/well-known-labels.js';
import type { NodeSelectorRequirement } from '../apis/core-v1.js';
import type { InstanceType, Offering } from '../scheduling/instance-type.js';
import { fromResourceList } from '../scheduling/resources.js';
import { nextName } from './names.js';

export { syntheticInstanceTypes, syntheticInstanceType, SyntheticZones } from '../scheduling/synthetic-instance-types.js';

/** Options of {@link instanceType}. */
export interface InstanceTypeOptions {
  readonly name?: string;
  /** @default '4' */
  readonly cpu?: string;
  /** @default '16Gi' */
  readonly memory?: string;
  /** @default '110' */
  readonly pods?: string;
  /** Extra capacity, e.g. `{ 'nvidia.com/gpu': '1' }`. */
  readonly resources?: Record<string, string>;
  /** @default 'amd64' */
  readonly arch?: string;
  /** @default ['test-zone-1', 'test-zone-2', 'test-zone-3'] */
  readonly zones?: readonly string[];
  /** @default ['on-demand', 'spot'] */
  readonly capacityTypes?: readonly CapacityType[];
  /** On-demand price per hour. @default 0.1 per cpu */
  readonly price?: number;
  /** Spot price per hour. @default 70 % of `price` */
  readonly spotPrice?: number;
  /** Offerings (`zone/capacityType`) that exist but are unavailable (ICE). */
  readonly unavailable?: readonly string[];
  /** Extra label requirements (`In` one value each). */
  readonly labels?: Record<string, string>;
  /** Subtracted from capacity to give allocatable (kube-reserved). */
  readonly reserved?: Record<string, string>;
}

/** One instance type: requirements for name, arch, os, zones and capacity types plus `labels`; priced offerings. */
export function instanceType(options: InstanceTypeOptions = {}): InstanceType {
  const name = options.name ?? nextName('it');
  const capacity = fromResourceList({
    cpu: options.cpu ?? '4',
    memory: options.memory ?? '16Gi',
    pods: options.pods ?? '110',
    ...(options.resources ?? {}),
  });
  const reserved = fromResourceList(options.reserved);
  const allocatable: Record<string, number> = { ...capacity };
  for (const [k, v] of Object.entries(reserved)) allocatable[k] = (allocatable[k] ?? 0) - v;
  const zones = options.zones ?? ['test-zone-1', 'test-zone-2', 'test-zone-3'];
  const capacityTypes = options.capacityTypes ?? ['on-demand', 'spot'];
  const price = options.price ?? 0.1 * (capacity.cpu / 1000);
  const spotPrice = options.spotPrice ?? Math.round(price * 0.7 * 1e6) / 1e6;
  const unavailable = new Set(options.unavailable ?? []);
  const offerings: Offering[] = zones.flatMap((zone) =>
    capacityTypes.map((capacityType) => ({
      zone,
      capacityType,
      price: capacityType === 'spot' ? spotPrice : price,
      available: !unavailable.has(`${zone}/${capacityType}`),
    })),
  );
  const requirements: NodeSelectorRequirement[] = [
    { key: Labels.instanceType, operator: 'In', values: [name] },
    { key: Labels.arch, operator: 'In', values: [options.arch ?? 'amd64'] },
    { key: Labels.os, operator: 'In', values: ['linux'] },
    { key: Labels.zone, operator: 'In', values: [...zones] },
    { key: Labels.capacityType, operator: 'In', values: [...capacityTypes] },
    ...Object.entries(options.labels ?? {}).map(([key, value]): NodeSelectorRequirement => ({ key, operator: 'In', values: [value] })),
  ];
  return {
    name,
    requirements,
    capacity,
    overhead: { kubeReserved: reserved, systemReserved: {}, evictionThreshold: {} },
    allocatable,
    offerings,
  };
}
