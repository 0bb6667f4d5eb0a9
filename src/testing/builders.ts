/**
 * Test builders with defaults (Karpenter's `test.Pod`, `test.NodePool` …):
 * every builder fills what the API requires, deep-merges overrides (last write
 * wins) and names objects from a deterministic sequence.
 */
import type {
  Affinity,
  DaemonSet,
  Node,
  NodeSelectorRequirement,
  Pod,
  PodAffinityTerm,
  PodSpec,
  Taint,
  Toleration,
  TopologySpreadConstraint,
} from '../apis/core-v1.js';
import type { NodeClaim } from '../apis/nodeclaim.js';
import type { NodePool } from '../apis/nodepool.js';
import type { ObjectMeta, ResourceList } from '../apis/object-meta.js';
import { Labels } from '../apis/well-known-labels.js';
import { type DeepPartial, deepMerge } from './merge.js';
import { nextName } from './names.js';

/** A fixed creation time, so queue order never depends on the wall clock. */
export const FIXTURE_TIME = '2026-01-01T00:00:00Z';

/** Shortcuts for the pod fields scheduling tests use most. */
export interface PodOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly requests?: ResourceList;
  readonly limits?: ResourceList;
  readonly nodeSelector?: Record<string, string>;
  /** Required node affinity as one term (ANDed). */
  readonly nodeRequirements?: NodeSelectorRequirement[];
  /** Required node affinity as several terms (ORed). */
  readonly nodeRequirementTerms?: NodeSelectorRequirement[][];
  /** Preferred node affinity terms, each `{ weight, requirements }`. */
  readonly nodePreferences?: Array<{ weight: number; requirements: NodeSelectorRequirement[] }>;
  readonly podAffinity?: PodAffinityTerm[];
  readonly podAntiAffinity?: PodAffinityTerm[];
  readonly preferredPodAffinity?: Array<{ weight: number; term: PodAffinityTerm }>;
  readonly preferredPodAntiAffinity?: Array<{ weight: number; term: PodAffinityTerm }>;
  readonly tolerations?: Toleration[];
  readonly topologySpreadConstraints?: TopologySpreadConstraint[];
  readonly hostPorts?: number[];
  readonly nodeName?: string;
  readonly phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  readonly metadata?: DeepPartial<ObjectMeta>;
  readonly spec?: DeepPartial<PodSpec>;
}

function affinityOf(o: PodOptions): Affinity | undefined {
  const terms = o.nodeRequirementTerms ?? (o.nodeRequirements !== undefined ? [o.nodeRequirements] : undefined);
  const affinity: Affinity = {};
  if (terms !== undefined || o.nodePreferences !== undefined) {
    affinity.nodeAffinity = {
      ...(terms !== undefined
        ? { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms.map((matchExpressions) => ({ matchExpressions })) } }
        : {}),
      ...(o.nodePreferences !== undefined
        ? {
            preferredDuringSchedulingIgnoredDuringExecution: o.nodePreferences.map((p) => ({
              weight: p.weight,
              preference: { matchExpressions: p.requirements },
            })),
          }
        : {}),
    };
  }
  if (o.podAffinity !== undefined || o.preferredPodAffinity !== undefined) {
    affinity.podAffinity = {
      ...(o.podAffinity !== undefined ? { requiredDuringSchedulingIgnoredDuringExecution: o.podAffinity } : {}),
      ...(o.preferredPodAffinity !== undefined
        ? {
            preferredDuringSchedulingIgnoredDuringExecution: o.preferredPodAffinity.map((p) => ({
              weight: p.weight,
              podAffinityTerm: p.term,
            })),
          }
        : {}),
    };
  }
  if (o.podAntiAffinity !== undefined || o.preferredPodAntiAffinity !== undefined) {
    affinity.podAntiAffinity = {
      ...(o.podAntiAffinity !== undefined ? { requiredDuringSchedulingIgnoredDuringExecution: o.podAntiAffinity } : {}),
      ...(o.preferredPodAntiAffinity !== undefined
        ? {
            preferredDuringSchedulingIgnoredDuringExecution: o.preferredPodAntiAffinity.map((p) => ({
              weight: p.weight,
              podAffinityTerm: p.term,
            })),
          }
        : {}),
    };
  }
  return Object.keys(affinity).length > 0 ? affinity : undefined;
}

/** A pending pod (PodScheduled=False/Unschedulable) with one container; defaults to no requests. */
export function pod(options: PodOptions = {}): Pod {
  const name = options.name ?? nextName('pod');
  const affinity = affinityOf(options);
  const base: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: `uid-${name}`,
      creationTimestamp: FIXTURE_TIME,
      labels: options.labels ?? {},
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'public.ecr.aws/docker/library/busybox:latest',
          resources: { requests: options.requests ?? {}, ...(options.limits !== undefined ? { limits: options.limits } : {}) },
          ...(options.hostPorts !== undefined
            ? { ports: options.hostPorts.map((hostPort) => ({ containerPort: hostPort, hostPort })) }
            : {}),
        },
      ],
      ...(options.nodeSelector !== undefined ? { nodeSelector: options.nodeSelector } : {}),
      ...(affinity !== undefined ? { affinity } : {}),
      ...(options.tolerations !== undefined ? { tolerations: options.tolerations } : {}),
      ...(options.topologySpreadConstraints !== undefined ? { topologySpreadConstraints: options.topologySpreadConstraints } : {}),
      ...(options.nodeName !== undefined ? { nodeName: options.nodeName } : {}),
    },
    status:
      options.nodeName !== undefined
        ? { phase: options.phase ?? 'Running' }
        : { phase: options.phase ?? 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] },
  };
  return deepMerge(base, { metadata: options.metadata, spec: options.spec } as DeepPartial<Pod>);
}

/** `count` pods built from the same options (names from the sequence). */
export function pods(count: number, options: Omit<PodOptions, 'name'> = {}): Pod[] {
  return Array.from({ length: count }, () => pod(options));
}

/** A `karpenter.sh/v1` NodePool named `default` with no requirements, referencing the `default` EC2NodeClass. */
export function nodePool(overrides: DeepPartial<NodePool> = {}): NodePool {
  const base: NodePool = {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'default' },
    spec: {
      template: { spec: { requirements: [], nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } } },
    },
  };
  return deepMerge(base, overrides);
}

/** Options of {@link node}. */
export interface NodeOptions {
  readonly name?: string;
  readonly labels?: Record<string, string>;
  readonly taints?: Taint[];
  readonly allocatable?: ResourceList;
  readonly capacity?: ResourceList;
  readonly unschedulable?: boolean;
  readonly providerID?: string;
  readonly metadata?: DeepPartial<ObjectMeta>;
}

/** A Ready node with the hostname label and (by default) 4 cpu, 16Gi, 110 pods. */
export function node(options: NodeOptions = {}): Node {
  const name = options.name ?? nextName('node');
  const allocatable = options.allocatable ?? { cpu: '4', memory: '16Gi', pods: '110' };
  const base: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, creationTimestamp: FIXTURE_TIME, labels: { [Labels.hostname]: name, ...(options.labels ?? {}) } },
    spec: {
      ...(options.taints !== undefined ? { taints: options.taints } : {}),
      ...(options.unschedulable ? { unschedulable: true } : {}),
      ...(options.providerID !== undefined ? { providerID: options.providerID } : {}),
    },
    status: { allocatable, capacity: options.capacity ?? allocatable, conditions: [{ type: 'Ready', status: 'True' }] },
  };
  return deepMerge(base, { metadata: options.metadata } as DeepPartial<Node>);
}

/** A NodeClaim of pool `default` (override anything, e.g. `status.allocatable` once launched). */
export function nodeClaim(overrides: DeepPartial<NodeClaim> = {}): NodeClaim {
  const name = overrides.metadata?.name ?? nextName('nodeclaim');
  const base: NodeClaim = {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: { name, creationTimestamp: FIXTURE_TIME, labels: { [Labels.nodePool]: 'default' } },
    spec: { requirements: [], nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } },
  };
  return deepMerge(base, overrides);
}

/** A DaemonSet whose pods request `requests` (and tolerate `tolerations`). */
export function daemonSet(
  options: { name?: string; requests?: ResourceList; tolerations?: Toleration[]; nodeSelector?: Record<string, string> } = {},
): DaemonSet {
  const name = options.name ?? nextName('daemonset');
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system', creationTimestamp: FIXTURE_TIME },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'daemon', resources: { requests: options.requests ?? {} } }],
          ...(options.tolerations !== undefined ? { tolerations: options.tolerations } : {}),
          ...(options.nodeSelector !== undefined ? { nodeSelector: options.nodeSelector } : {}),
        },
      },
    },
  };
}
