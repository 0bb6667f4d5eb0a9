/** Small builders for the simulated cluster's tests: nodes and pods with defaults, overrides merged shallowly. */
import type { Node, Pod, Taint, Toleration } from '../../../src/apis/core-v1.js';

/** A Ready node with 2 CPU / 8Gi / 110 pods, labelled with its name as hostname and zone `us-west-2a`. */
export function readyNode(
  name: string,
  options: {
    labels?: Record<string, string>;
    taints?: Taint[];
    allocatable?: Record<string, string>;
    ready?: boolean;
    unschedulable?: boolean;
  } = {},
): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': 'us-west-2a', ...options.labels } },
    spec: {
      providerID: `aws:///us-west-2a/i-${name}`,
      taints: options.taints ?? [],
      ...(options.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      allocatable: options.allocatable ?? { cpu: '2', memory: '8Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }],
    },
  };
}

/** A pod requesting `cpu`/`memory` (defaults 500m / 512Mi), pending unless `nodeName` is given. */
export function pod(
  name: string,
  options: {
    cpu?: string;
    memory?: string;
    labels?: Record<string, string>;
    nodeName?: string;
    nodeSelector?: Record<string, string>;
    tolerations?: Toleration[];
    created?: string;
    spec?: Partial<Pod['spec']>;
    status?: Pod['status'];
  } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: options.labels ?? { app: name },
      creationTimestamp: options.created ?? '2026-01-01T00:00:00Z',
    },
    spec: {
      containers: [
        { name: 'main', image: 'busybox', resources: { requests: { cpu: options.cpu ?? '500m', memory: options.memory ?? '512Mi' } } },
      ],
      schedulerName: 'default-scheduler',
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
      ...(options.tolerations ? { tolerations: options.tolerations } : {}),
      ...options.spec,
    },
    status: options.status ?? { phase: options.nodeName ? 'Running' : 'Pending' },
  };
}

/** The data-platform pattern: `nodeSelector: {NodePool: pool}` and a toleration for `pool:NoSchedule`. */
export function poolPod(name: string, pool: string, options: Parameters<typeof pod>[1] = {}): Pod {
  return pod(name, {
    ...options,
    nodeSelector: { NodePool: pool },
    tolerations: [{ key: pool, operator: 'Exists', effect: 'NoSchedule' }],
  });
}

/** A node of a pool: labelled `NodePool: pool` and tainted `pool:NoSchedule`. */
export function poolNode(name: string, pool: string, options: Parameters<typeof readyNode>[1] = {}): Node {
  return readyNode(name, {
    ...options,
    labels: { NodePool: pool, ...options.labels },
    taints: [{ key: pool, effect: 'NoSchedule' }, ...(options.taints ?? [])],
  });
}
