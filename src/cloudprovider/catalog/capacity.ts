/**
 * Capacity, overhead and allocatable of an instance type, exactly as
 * https://karpenter.sh/docs/reference/instance-types/ describes (AL2023 defaults). Pure: facts + options in,
 * resources out (cpu in millicores, memory and storage in bytes).
 */
import type { AMIFamily, BlockDeviceMapping, KubeletConfiguration } from '../../apis/ec2nodeclass.js';
import { Quantity } from '../../apis/quantity.js';
import type { Overhead } from '../../scheduling/instance-type.js';
import { amountOf, subtract, add, type Resources } from '../../scheduling/resources.js';
import type { InstanceTypeInfo } from './schema.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The NodeClass settings and controller flags that change capacity and allocatable. */
export interface CapacityOptions {
  /** @default 'AL2023' */
  readonly amiFamily?: AMIFamily;
  readonly kubelet?: KubeletConfiguration;
  readonly blockDeviceMappings?: readonly BlockDeviceMapping[];
  readonly instanceStorePolicy?: 'RAID0';
  /** `--vm-memory-overhead-percent`. @default 0.075 */
  readonly vmMemoryOverheadPercent?: number;
  /** `--reserved-enis`. @default 0 */
  readonly reservedENIs?: number;
}

/** The default VM memory overhead fraction (`VM_MEMORY_OVERHEAD_PERCENT`). */
export const DEFAULT_VM_MEMORY_OVERHEAD_PERCENT = 0.075;

const ENI_DENSITY_FAMILIES: ReadonlySet<AMIFamily> = new Set(['AL2', 'AL2023', 'Bottlerocket', 'Custom']);

/** Is this AMI family a Windows one? */
export function isWindowsFamily(family: AMIFamily): boolean {
  return family.startsWith('Windows');
}

/** ENI-limited pod density: `(ENIs − reserved) × (IPv4 per ENI − 1) + 2`, or 0 when no ENI is usable. */
export function eniLimitedPods(info: InstanceTypeInfo, reservedENIs = 0): number {
  if (info.enis === undefined || info.ipv4PerEni === undefined) return info.maxPods;
  const usable = info.enis - reservedENIs;
  if (usable <= 0) return 0;
  return usable * (info.ipv4PerEni - 1) + 2;
}

/** The node's pod capacity after kubelet maxPods / podsPerCore overrides. */
export function podCapacity(info: InstanceTypeInfo, options: CapacityOptions = {}): number {
  const family = options.amiFamily ?? 'AL2023';
  const kubelet = options.kubelet ?? {};
  let pods: number;
  if (kubelet.maxPods !== undefined) pods = kubelet.maxPods;
  else if (ENI_DENSITY_FAMILIES.has(family)) pods = eniLimitedPods(info, options.reservedENIs ?? 0);
  else pods = 110;
  if ((kubelet.podsPerCore ?? 0) > 0 && family !== 'Bottlerocket') pods = Math.min((kubelet.podsPerCore ?? 0) * info.vcpu, pods);
  return pods;
}

/** Memory capacity in bytes: size − 64 MiB on arm64 − ceil(that × VM overhead), computed in MiB. */
export function memoryCapacity(info: InstanceTypeInfo, vmMemoryOverheadPercent = DEFAULT_VM_MEMORY_OVERHEAD_PERCENT): number {
  const mib = info.memoryMiB - (info.arch === 'arm64' ? 64 : 0);
  return (mib - Math.ceil(mib * vmMemoryOverheadPercent)) * MiB;
}

function volumeBytes(size: string | undefined): number | undefined {
  if (size === undefined) return undefined;
  return Math.ceil(Quantity.parse(size).value() / GiB) * GiB;
}

function familyEphemeralDevice(family: AMIFamily): { device: string; defaultBytes: number } {
  if (family === 'Bottlerocket') return { device: '/dev/xvdb', defaultBytes: 20 * GiB };
  if (isWindowsFamily(family)) return { device: '/dev/sda1', defaultBytes: 50 * GiB };
  return { device: '/dev/xvda', defaultBytes: 20 * GiB };
}

/** Ephemeral-storage capacity in bytes: RAID0 NVMe total, else the root/ephemeral mapping, else the family default. */
export function ephemeralStorageCapacity(info: InstanceTypeInfo, options: CapacityOptions = {}): number {
  const family = options.amiFamily ?? 'AL2023';
  if (options.instanceStorePolicy === 'RAID0' && (info.localNvmeGB ?? 0) > 0) return (info.localNvmeGB ?? 0) * 1e9;
  const mappings = options.blockDeviceMappings ?? [];
  const { device, defaultBytes } = familyEphemeralDevice(family);
  const root = mappings.find((mapping) => mapping.rootVolume === true);
  const chosen = root ?? (family === 'Custom' ? mappings.at(-1) : mappings.find((mapping) => mapping.deviceName === device));
  return volumeBytes(chosen?.ebs?.volumeSize) ?? defaultBytes;
}

function extendedResources(info: InstanceTypeInfo, family: AMIFamily): Record<string, number> {
  const out: Record<string, number> = {};
  const gpuResource: Record<string, string> = { nvidia: 'nvidia.com/gpu', amd: 'amd.com/gpu', habana: 'habana.ai/gaudi' };
  const gpuName = info.gpu === undefined ? undefined : gpuResource[info.gpu.manufacturer.toLowerCase()];
  if (info.gpu !== undefined && gpuName !== undefined) out[gpuName] = info.gpu.count;
  if (info.accelerator !== undefined) {
    out['aws.amazon.com/neuron'] = info.accelerator.count;
    out['aws.amazon.com/neuroncore'] = info.accelerator.count * neuronCoresPerDevice(info.accelerator.name);
  }
  if ((info.efaMax ?? 0) > 0) out['vpc.amazonaws.com/efa'] = info.efaMax ?? 0;
  if (info.podEni > 0) out['vpc.amazonaws.com/pod-eni'] = info.podEni;
  if (isWindowsFamily(family) && info.ipv4PerEni !== undefined) out['vpc.amazonaws.com/PrivateIPv4Address'] = info.ipv4PerEni - 1;
  return out;
}

/** NeuronCores per Neuron device (Inferentia 4, Inferentia2 and Trainium 2, Trainium2 8). */
export function neuronCoresPerDevice(acceleratorName: string): number {
  const table: Record<string, number> = { inferentia: 4, inferentia2: 2, trainium: 2, trainium2: 8 };
  return table[acceleratorName] ?? 1;
}

/** Total capacity of a node of this type (cpu, memory, pods, ephemeral-storage and extended resources). */
export function computeCapacity(info: InstanceTypeInfo, options: CapacityOptions = {}): Resources {
  const family = options.amiFamily ?? 'AL2023';
  return {
    cpu: info.vcpu * 1000,
    memory: memoryCapacity(info, options.vmMemoryOverheadPercent),
    pods: podCapacity(info, options),
    'ephemeral-storage': ephemeralStorageCapacity(info, options),
    ...extendedResources(info, family),
  };
}

const CPU_RESERVE_RANGES: ReadonlyArray<readonly [number, number, number]> = [
  [0, 1000, 0.06],
  [1000, 2000, 0.01],
  [2000, 4000, 0.005],
  [4000, Number.MAX_SAFE_INTEGER, 0.0025],
];

/** kube-reserved cpu in millicores: 6% of core 1, 1% of core 2, 0.5% of cores 3–4, 0.25% above (each range truncated). */
export function kubeReservedCPU(vcpu: number): number {
  const millis = vcpu * 1000;
  let reserved = 0;
  for (const [start, end, fraction] of CPU_RESERVE_RANGES) {
    if (millis > start) reserved += Math.floor((Math.min(millis, end) - start) * fraction);
  }
  return reserved;
}

function kubeReserved(info: InstanceTypeInfo, pods: number, options: CapacityOptions): Resources {
  const family = options.amiFamily ?? 'AL2023';
  const podsForMemory = family === 'Bottlerocket' || isWindowsFamily(family) ? pods : eniLimitedPods(info, 0);
  const computed: Record<string, number> = {
    cpu: kubeReservedCPU(info.vcpu),
    memory: (11 * podsForMemory + 255) * MiB,
    'ephemeral-storage': GiB,
  };
  for (const [name, value] of Object.entries(options.kubelet?.kubeReserved ?? {})) computed[name] = amountOf(name, value);
  return computed;
}

function thresholdAmount(value: string, capacity: number, name: string): number {
  if (value.endsWith('%')) {
    const percent = Number(value.slice(0, -1));
    if (percent >= 100) return 0;
    return Math.ceil((capacity * percent) / 100);
  }
  return amountOf(name, value);
}

function evictionThreshold(capacity: Resources, kubelet: KubeletConfiguration | undefined): Resources {
  const hard = kubelet?.evictionHard ?? {};
  const memory = hard['memory.available'];
  const nodefs = hard['nodefs.available'];
  const storage = capacity['ephemeral-storage'] ?? 0;
  return {
    memory: memory === undefined ? 100 * MiB : thresholdAmount(memory, capacity.memory ?? 0, 'memory'),
    'ephemeral-storage': nodefs === undefined ? Math.ceil(storage / 10) : thresholdAmount(nodefs, storage, 'ephemeral-storage'),
  };
}

/** kube-reserved, system-reserved and the hard eviction threshold for a node of this type. */
export function computeOverhead(info: InstanceTypeInfo, capacity: Resources, options: CapacityOptions = {}): Overhead {
  const systemReserved: Record<string, number> = {};
  for (const [name, value] of Object.entries(options.kubelet?.systemReserved ?? {})) systemReserved[name] = amountOf(name, value);
  return {
    kubeReserved: kubeReserved(info, capacity.pods ?? 0, options),
    systemReserved,
    evictionThreshold: evictionThreshold(capacity, options.kubelet),
  };
}

/** capacity − (kubeReserved + systemReserved + evictionThreshold), restricted to the capacity's resources. */
export function computeAllocatable(capacity: Resources, overhead: Overhead): Resources {
  const reserved = add(overhead.kubeReserved, overhead.systemReserved, overhead.evictionThreshold);
  const out: Record<string, number> = {};
  const diff = subtract(capacity, reserved);
  for (const name of Object.keys(capacity)) out[name] = Math.max(0, diff[name] ?? 0);
  return out;
}
