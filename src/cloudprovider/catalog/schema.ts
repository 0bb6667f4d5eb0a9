/**
 * The shape of `data/ec2-instance-types.json`, checked with zod where the file
 * enters the program (STYLE.md rule 7), and the provider-neutral
 * {@link InstanceTypeInfo} it is turned into.
 */
import { z } from 'zod';

const allocatableSchema = z.object({
  cpuMillis: z.number().int().nonnegative(),
  memoryMiB: z.number().int().nonnegative(),
  ephemeralStorageGiB: z.number().int().nonnegative(),
  pods: z.number().int().nonnegative(),
});

/** One entry of the catalog file, as written by the generator. */
export const catalogEntrySchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/),
  family: z.string().min(1),
  category: z.string().min(1),
  generation: z.number().int().nonnegative(),
  size: z.string().min(1),
  arch: z.enum(['amd64', 'arm64']),
  vcpu: z.number().int().positive(),
  memoryMiB: z.number().int().positive(),
  gpuCount: z.number().int().nonnegative(),
  gpuName: z.string().nullable(),
  gpuManufacturer: z.string().optional(),
  gpuMemoryMiB: z.number().int().nonnegative().optional(),
  acceleratorName: z.string().optional(),
  acceleratorCount: z.number().int().nonnegative().optional(),
  maxPods: z.number().int().nonnegative(),
  maxPodsSource: z.string(),
  enis: z.number().int().nonnegative().optional(),
  ipv4PerEni: z.number().int().nonnegative().optional(),
  podEni: z.number().int().nonnegative().optional(),
  burstable: z.boolean(),
  bareMetal: z.boolean(),
  hypervisor: z.string(),
  cpuManufacturer: z.string().optional(),
  networkBandwidthMbps: z.number().int().nonnegative().optional(),
  ebsBandwidthMbps: z.number().int().nonnegative().optional(),
  localNvmeGB: z.number().int().nonnegative().optional(),
  encryptionInTransit: z.boolean(),
  karpenterAllocatable: allocatableSchema,
  onDemandUSDPerHour: z.record(z.string(), z.number().nonnegative().nullable()),
  specSourceCommit: z.string().optional(),
});

/** The whole catalog file. */
export const catalogFileSchema = z.object({
  source: z.object({ repository: z.string(), commit: z.string() }).passthrough(),
  generatedAt: z.string(),
  regions: z.array(z.string()),
  instanceTypes: z.array(catalogEntrySchema).min(1),
});

/** One catalog entry after validation. */
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

/** The validated catalog file. */
export type CatalogFile = z.infer<typeof catalogFileSchema>;

/**
 * The facts about one instance type that labels, capacity and allocatable are
 * computed from; both the catalog and `DescribeInstanceTypes` map into it.
 */
export interface InstanceTypeInfo {
  readonly name: string;
  readonly family: string;
  readonly category: string;
  readonly generation: number;
  readonly size: string;
  readonly arch: 'amd64' | 'arm64';
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly gpu?: { readonly name: string; readonly manufacturer: string; readonly count: number; readonly memoryMiB?: number };
  readonly accelerator?: { readonly name: string; readonly manufacturer: string; readonly count: number };
  /** ENIs on the default network card; absent when only `maxPods` is known. */
  readonly enis?: number;
  readonly ipv4PerEni?: number;
  /** Pod density when ENI facts are unknown (e.g. older types documented only by their max-pods figure). */
  readonly maxPods: number;
  /** Branch interfaces for pod ENI (trunking), 0 when not trunking-compatible. */
  readonly podEni: number;
  readonly efaMax?: number;
  readonly hypervisor: string;
  readonly cpuManufacturer?: string;
  readonly networkBandwidthMbps?: number;
  readonly ebsBandwidthMbps?: number;
  readonly localNvmeGB?: number;
  readonly encryptionInTransit: boolean;
  readonly bareMetal: boolean;
}

/** Turns a validated catalog entry into the provider-neutral facts. */
export function toInstanceTypeInfo(entry: CatalogEntry): InstanceTypeInfo {
  const gpu =
    entry.gpuCount > 0 && entry.gpuName !== null
      ? { name: entry.gpuName, manufacturer: entry.gpuManufacturer ?? 'unknown', count: entry.gpuCount, memoryMiB: entry.gpuMemoryMiB }
      : undefined;
  const accelerator =
    entry.acceleratorName !== undefined && (entry.acceleratorCount ?? 0) > 0
      ? { name: entry.acceleratorName, manufacturer: 'aws', count: entry.acceleratorCount ?? 0 }
      : undefined;
  return {
    name: entry.name,
    family: entry.family,
    category: entry.category,
    generation: entry.generation,
    size: entry.size,
    arch: entry.arch,
    vcpu: entry.vcpu,
    memoryMiB: entry.memoryMiB,
    gpu,
    accelerator,
    enis: entry.enis,
    ipv4PerEni: entry.ipv4PerEni,
    maxPods: entry.maxPods,
    podEni: entry.podEni ?? 0,
    hypervisor: entry.hypervisor,
    cpuManufacturer: entry.cpuManufacturer,
    networkBandwidthMbps: entry.networkBandwidthMbps,
    ebsBandwidthMbps: entry.ebsBandwidthMbps,
    localNvmeGB: entry.localNvmeGB,
    encryptionInTransit: entry.encryptionInTransit,
    bareMetal: entry.bareMetal,
  };
}
