/**
 * Synthetic instance types shaped like upstream's fake provider
 * (kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling/scheduling_benchmark_test.go): type `i` has `i+1` cpu, `2(i+1)` Gi memory
 * and `10(i+1)` pods; five offerings (spot in zones 1–2, on-demand in zones
 * 1–3) priced `0.1 × vCPU + 0.1 × memory GB`. Used by the scheduling
 * benchmark and by tests.
 */
import { Labels } from '../apis/well-known-labels.js';
import type { CapacityType } from '../apis/well-known-labels.js';
import type { InstanceType, Offering } from './instance-type.js';

const GI = 1024 ** 3;

/** The zones of the synthetic catalog. */
export const SyntheticZones = ['test-zone-1', 'test-zone-2', 'test-zone-3'] as const;

/** Upstream's fake price: 0.1 per vCPU plus 0.1 per GB (10⁹ bytes) of memory. */
export function syntheticPrice(cpuMillis: number, memoryBytes: number): number {
  return 0.1 * (cpuMillis / 1000) + (0.1 * memoryBytes) / 1e9;
}

/** One synthetic instance type named `name` with the given capacity (allocatable = capacity). */
export function syntheticInstanceType(name: string, cpuMillis: number, memoryBytes: number, pods: number): InstanceType {
  const price = syntheticPrice(cpuMillis, memoryBytes);
  const offered: Array<[string, CapacityType]> = [
    ['test-zone-1', 'spot'],
    ['test-zone-2', 'spot'],
    ['test-zone-1', 'on-demand'],
    ['test-zone-2', 'on-demand'],
    ['test-zone-3', 'on-demand'],
  ];
  const offerings: Offering[] = offered.map(([zone, capacityType]) => ({ zone, capacityType, price, available: true }));
  const capacity = { cpu: cpuMillis, memory: memoryBytes, pods };
  return {
    name,
    requirements: [
      { key: Labels.instanceType, operator: 'In', values: [name] },
      { key: Labels.arch, operator: 'In', values: ['amd64'] },
      { key: Labels.os, operator: 'In', values: ['linux', 'windows', 'darwin'] },
      { key: Labels.zone, operator: 'In', values: [...SyntheticZones] },
      { key: Labels.capacityType, operator: 'In', values: ['spot', 'on-demand'] },
    ],
    capacity,
    overhead: { kubeReserved: {}, systemReserved: {}, evictionThreshold: {} },
    allocatable: capacity,
    offerings,
  };
}

/** `count` synthetic types `fake-it-0` … (cpu = i+1, memory = 2(i+1) Gi, pods = 10(i+1)). */
export function syntheticInstanceTypes(count: number): InstanceType[] {
  return Array.from({ length: count }, (_, i) => syntheticInstanceType(`fake-it-${i}`, (i + 1) * 1000, 2 * (i + 1) * GI, 10 * (i + 1)));
}
