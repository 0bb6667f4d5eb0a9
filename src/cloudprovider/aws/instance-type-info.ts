/**
 * Maps a `DescribeInstanceTypes` entry onto the provider-neutral
 * {@link InstanceTypeInfo} (https://karpenter.sh/docs/reference/instance-types/): names parsed into
 * category / family / generation / size, the default network card's ENI
 * count, GPUs and Neuron devices; bandwidth and pod-ENI facts the API does
 * not return come from the catalog. Pure.
 */
import type { InstanceTypeInfo as SdkInstanceTypeInfo } from '@aws-sdk/client-ec2';
import type { InstanceTypeInfo } from '../catalog/index.js';

/** Category, generation, family and size of an instance type name (`m7i-flex.large` → m, 7, m7i-flex, large). */
export function parseInstanceTypeName(name: string): { category: string; generation: number; family: string; size: string } {
  const [family, size = ''] = name.split('.');
  const match = /^([a-z]+)(?:-\d+tb)?(\d+)/.exec(family);
  return { family, size, category: match?.[1] ?? family.replace(/\d.*$/, ''), generation: match === null ? 0 : Number(match[2]) };
}

function defaultCardENIs(info: SdkInstanceTypeInfo): number | undefined {
  const network = info.NetworkInfo;
  if (network === undefined) return undefined;
  const index = network.DefaultNetworkCardIndex ?? 0;
  const card = network.NetworkCards?.find((c) => (c.NetworkCardIndex ?? 0) === index);
  return card?.MaximumNetworkInterfaces ?? network.MaximumNetworkInterfaces;
}

function gpuOf(info: SdkInstanceTypeInfo): InstanceTypeInfo['gpu'] {
  const gpus = info.GpuInfo?.Gpus ?? [];
  if (gpus.length !== 1) return undefined;
  const gpu = gpus[0];
  return {
    name: gpu.Name ?? 'unknown',
    manufacturer: gpu.Manufacturer ?? 'unknown',
    count: gpu.Count ?? 0,
    memoryMiB: gpu.MemoryInfo?.SizeInMiB,
  };
}

function acceleratorOf(info: SdkInstanceTypeInfo): InstanceTypeInfo['accelerator'] {
  const devices = info.NeuronInfo?.NeuronDevices ?? [];
  if (devices.length !== 1) return undefined;
  return { name: (devices[0].Name ?? 'unknown').toLowerCase(), manufacturer: 'aws', count: devices[0].Count ?? 0 };
}

/** Catalog facts the API does not return (network bandwidth, pod ENIs). */
export interface StaticFacts {
  readonly networkBandwidthMbps?: number;
  readonly podEni?: number;
}

/** The provider-neutral facts of one DescribeInstanceTypes entry; undefined when it lacks vCPU or memory. */
export function fromDescribeInstanceType(info: SdkInstanceTypeInfo, fallback: StaticFacts = {}): InstanceTypeInfo | undefined {
  const name = info.InstanceType;
  const vcpu = info.VCpuInfo?.DefaultVCpus;
  const memoryMiB = info.MemoryInfo?.SizeInMiB;
  if (name === undefined || vcpu === undefined || memoryMiB === undefined) return undefined;
  const parsed = parseInstanceTypeName(name);
  const enis = defaultCardENIs(info);
  const ipv4PerEni = info.NetworkInfo?.Ipv4AddressesPerInterface;
  const nvme = info.InstanceStorageInfo?.NvmeSupport;
  const ebs = info.EbsInfo?.EbsOptimizedSupport === 'default' ? info.EbsInfo.EbsOptimizedInfo?.MaximumBandwidthInMbps : undefined;
  return {
    name,
    ...parsed,
    arch: info.ProcessorInfo?.SupportedArchitectures?.includes('arm64') ? 'arm64' : 'amd64',
    vcpu,
    memoryMiB,
    gpu: gpuOf(info),
    accelerator: acceleratorOf(info),
    enis,
    ipv4PerEni,
    maxPods: enis !== undefined && ipv4PerEni !== undefined ? enis * (ipv4PerEni - 1) + 2 : 110,
    podEni: fallback.podEni ?? 0,
    efaMax: info.NetworkInfo?.EfaInfo?.MaximumEfaInterfaces,
    hypervisor: info.Hypervisor ?? '',
    cpuManufacturer: info.ProcessorInfo?.Manufacturer?.toLowerCase(),
    networkBandwidthMbps: fallback.networkBandwidthMbps,
    ebsBandwidthMbps: ebs,
    localNvmeGB: nvme !== undefined && nvme !== 'unsupported' ? info.InstanceStorageInfo?.TotalSizeInGB : undefined,
    encryptionInTransit: info.NetworkInfo?.EncryptionInTransitSupported ?? false,
    bareMetal: info.BareMetal ?? false,
  };
}
