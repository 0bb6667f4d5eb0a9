/** Small builders for replay tests: pools, instance types, pods and timelines with readable times. */
import type { Pod } from '../../../src/apis/core-v1.js';
import type { NodePool } from '../../../src/apis/nodepool.js';
import type { WorkloadEvent, WorkloadTimeline } from '../../../src/replay/types.js';
import { instanceType, nodePool, pod, type PodOptions } from '../../../src/testing/index.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** A 4 vCPU / 16 GiB type, $0.20 on-demand, $0.08 spot, allocatable = capacity. */
export const A_XLARGE = instanceType({ name: 'a.xlarge', cpu: '4', memory: '16Gi', price: 0.2, spotPrice: 0.08 });
/** A 2 vCPU / 16 GiB type, $0.10 on-demand, $0.05 spot. */
export const B_LARGE = instanceType({ name: 'b.large', cpu: '2', memory: '16Gi', price: 0.1, spotPrice: 0.05 });

/** A NodePool named `name` whose template pins `types` (instance-type In), with optional taints and capacity types. */
export function pinnedPool(
  name: string,
  types: string[],
  options: { taints?: Array<{ key: string; effect: 'NoSchedule' }>; capacityTypes?: string[]; cpuLimit?: string } = {},
): NodePool {
  return nodePool({
    metadata: { name },
    spec: {
      template: {
        metadata: { labels: { NodePool: name } },
        spec: {
          requirements: [
            { key: 'node.kubernetes.io/instance-type', operator: 'In', values: types },
            ...(options.capacityTypes !== undefined
              ? [{ key: 'karpenter.sh/capacity-type', operator: 'In' as const, values: options.capacityTypes }]
              : []),
          ],
          ...(options.taints !== undefined ? { taints: options.taints } : {}),
        },
      },
      ...(options.cpuLimit !== undefined ? { limits: { cpu: options.cpuLimit } } : {}),
    },
  });
}

/** `count` pods `prefix-0 …` with the given options. */
export function namedPods(prefix: string, count: number, options: Omit<PodOptions, 'name'> = {}): Pod[] {
  return Array.from({ length: count }, (_, i) => pod({ ...options, name: `${prefix}-${i}` }));
}

/** Create events for `pods` at `at`. */
export function creates(at: number, pods: readonly Pod[]): WorkloadEvent[] {
  return pods.map((p) => ({ at, type: 'create', pod: p }));
}

/** Delete events for `pods` at `at`. */
export function deletes(at: number, pods: readonly Pod[]): WorkloadEvent[] {
  return pods.map((p) => ({ at, type: 'delete', namespace: p.metadata.namespace ?? 'default', name: p.metadata.name ?? '' }));
}

/** A timeline of `durationMs` with the events sorted by time (stable). */
export function timeline(durationMs: number, ...groups: WorkloadEvent[][]): WorkloadTimeline {
  return { durationMs, events: groups.flat().sort((a, b) => a.at - b.at) };
}
