/**
 * The well-known labels of an EC2 instance type as scheduling requirements
 * (https://karpenter.sh/docs/reference/instance-types/): `In` with the type's value, `DoesNotExist` for the
 * provider labels it lacks, zone and capacity type from its offerings.
 */
import type { NodeSelectorRequirement } from '../../apis/core-v1.js';
import type { AMIFamily } from '../../apis/ec2nodeclass.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { Offering } from '../../scheduling/instance-type.js';
import type { InstanceTypeInfo } from './schema.js';

/** Provider label keys not (yet) in `Labels`. */
export const ExtraLabels = {
  acceleratorName: 'karpenter.k8s.aws/instance-accelerator-name',
  acceleratorManufacturer: 'karpenter.k8s.aws/instance-accelerator-manufacturer',
  acceleratorCount: 'karpenter.k8s.aws/instance-accelerator-count',
  tenancy: 'karpenter.k8s.aws/instance-tenancy',
} as const;

/** What the labels depend on besides the type's facts. */
export interface LabelContext {
  readonly region: string;
  readonly offerings: readonly Offering[];
  /** @default 'AL2023' */
  readonly amiFamily?: AMIFamily;
}

function kebab(value: string): string {
  return value
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[\s_]+/g, '-')
    .toLowerCase();
}

/** The single-valued labels this type has, label key → value (absent keys are labels it lacks). */
export function instanceTypeLabels(info: InstanceTypeInfo, amiFamily: AMIFamily = 'AL2023'): Record<string, string | undefined> {
  return {
    [Labels.instanceType]: info.name,
    [Labels.arch]: info.arch,
    [Labels.os]: amiFamily.startsWith('Windows') ? 'windows' : 'linux',
    [Labels.instanceCategory]: info.category,
    [Labels.instanceFamily]: info.family,
    [Labels.instanceGeneration]: String(info.generation),
    [Labels.instanceSize]: info.size,
    [Labels.instanceCPU]: String(info.vcpu),
    [Labels.instanceCPUManufacturer]: info.cpuManufacturer === undefined ? undefined : kebab(info.cpuManufacturer),
    [Labels.instanceMemory]: String(info.memoryMiB),
    [Labels.instanceHypervisor]: info.hypervisor,
    [Labels.instanceEncryptionInTransit]: String(info.encryptionInTransit),
    [Labels.instanceNetworkBandwidth]: info.networkBandwidthMbps === undefined ? undefined : String(info.networkBandwidthMbps),
    [Labels.instanceEBSBandwidth]: info.ebsBandwidthMbps === undefined ? undefined : String(info.ebsBandwidthMbps),
    [Labels.instanceLocalNVMe]: info.localNvmeGB === undefined ? undefined : String(info.localNvmeGB),
    [Labels.instanceCapabilityFlex]: info.family.includes('-flex') ? 'true' : undefined,
    [Labels.instanceGPUName]: info.gpu === undefined ? undefined : kebab(info.gpu.name),
    [Labels.instanceGPUManufacturer]: info.gpu === undefined ? undefined : kebab(info.gpu.manufacturer),
    [Labels.instanceGPUCount]: info.gpu === undefined ? undefined : String(info.gpu.count),
    [Labels.instanceGPUMemory]: info.gpu?.memoryMiB === undefined ? undefined : String(info.gpu.memoryMiB),
    [ExtraLabels.acceleratorName]: info.accelerator === undefined ? undefined : kebab(info.accelerator.name),
    [ExtraLabels.acceleratorManufacturer]: info.accelerator === undefined ? undefined : kebab(info.accelerator.manufacturer),
    [ExtraLabels.acceleratorCount]: info.accelerator === undefined ? undefined : String(info.accelerator.count),
    [ExtraLabels.tenancy]: 'default',
  };
}

function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** The full requirement list of one instance type given its offerings. */
export function instanceTypeRequirements(info: InstanceTypeInfo, context: LabelContext): NodeSelectorRequirement[] {
  const requirements: NodeSelectorRequirement[] = [];
  for (const [key, value] of Object.entries(instanceTypeLabels(info, context.amiFamily))) {
    requirements.push(value === undefined ? { key, operator: 'DoesNotExist' } : { key, operator: 'In', values: [value] });
  }
  requirements.push({ key: Labels.region, operator: 'In', values: [context.region] });
  requirements.push({ key: Labels.zone, operator: 'In', values: uniqueSorted(context.offerings.map((offering) => offering.zone)) });
  requirements.push({
    key: Labels.capacityType,
    operator: 'In',
    values: uniqueSorted(context.offerings.map((offering) => offering.capacityType)),
  });
  const zoneIDs = uniqueSorted(context.offerings.flatMap((offering) => (offering.zoneID === undefined ? [] : [offering.zoneID])));
  if (zoneIDs.length > 0) requirements.push({ key: Labels.zoneID, operator: 'In', values: zoneIDs });
  return requirements;
}
