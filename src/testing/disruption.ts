/**
 * Fixtures for the disruption decisions (src/disruption): machines as state nodes and whole
 * {@link DisruptionSnapshot}s, with every field a method reads filled by a sensible default.
 *
 * @example
 * const snapshot = disruptionSnapshot({
 *   nodes: [
 *     initializedNode({ pool: 'spark-batch' }),                                   // empty, consolidatable
 *     initializedNode({ pool: 'spark-batch', pods: [pod({ name: 'driver' })] }), // the pod is bound to it
 *     initializedNode({ consolidatable: { status: 'False', message: 'consolidateAfter 30s not elapsed' } }),
 *   ],
 *   nodePools: [nodePool({ metadata: { name: 'spark-batch' }, spec: { disruption: { budgets: [{ nodes: '30%' }] } } })],
 * });
 *
 * Pools and instance types the nodes name but the input does not give are made up (`nodePool` defaults, and
 * `instanceType({ name })`: 4 cpu, 16Gi, $0.40/h on-demand, $0.28/h spot in test-zone-1..3).
 */
import type { DaemonSet, Pod, PodDisruptionBudget, Taint } from '../apis/core-v1.js';
import type { NodeClaim } from '../apis/nodeclaim.js';
import { NodeClaimConditions } from '../apis/nodeclaim.js';
import type { NodePool } from '../apis/nodepool.js';
import type { Condition, OwnerReference } from '../apis/object-meta.js';
import { Annotations, type CapacityType, Labels } from '../apis/well-known-labels.js';
import { DEFAULT_DISRUPTION_SETTINGS, type DisruptionSettings, type DisruptionSnapshot } from '../disruption/types.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import type { StateNode } from '../state/state-node.js';
import { FIXTURE_TIME, node as nodeBuilder, nodeClaim as nodeClaimBuilder, nodePool, pod } from './builders.js';
import { instanceType } from './instance-types.js';
import type { PodOptions } from './builders.js';
import { nextName } from './names.js';

/** The instant disruption snapshots are taken at by default: 12 hours after the fixtures' creation time. */
export const DISRUPTION_NOW = Date.parse('2026-01-01T12:00:00Z');

/** Options of {@link initializedNode}; everything has a default. */
export interface InitializedNodeOptions {
  /** The Node's name. @default `node-N` */
  readonly name?: string;
  /** @default `<name>-claim` */
  readonly nodeClaimName?: string;
  /** @default 'default' */
  readonly pool?: string;
  /** @default 'm5.xlarge' */
  readonly instanceType?: string;
  /** @default 'test-zone-1' */
  readonly zone?: string;
  /** @default 'on-demand' */
  readonly capacityType?: CapacityType;
  /** Pods bound to the node (see {@link bindPod}). @default [] */
  readonly pods?: readonly Pod[];
  /** Creation time of Node and NodeClaim (the claim's age counts for disruption cost). @default FIXTURE_TIME */
  readonly createdAt?: string;
  /** The claim's `Consolidatable` condition: true/false, or a status with a message; `undefined` leaves it out. @default true */
  readonly consolidatable?: boolean | { readonly status: Condition['status']; readonly message?: string } | undefined;
  /** The claim's `Initialized` condition is True. @default true */
  readonly initialized?: boolean;
  /** The Node's Ready condition is True. @default true */
  readonly ready?: boolean;
  /** Node and NodeClaim carry a deletionTimestamp. @default false */
  readonly markedForDeletion?: boolean;
  /** Pods were nominated to the node until this instant (ms). */
  readonly nominatedUntil?: number;
  readonly expireAfter?: string;
  readonly terminationGracePeriod?: string;
  /** `karpenter.sh/do-not-disrupt: "true"` on the Node. @default false */
  readonly doNotDisrupt?: boolean;
  /** Extra labels on Node and NodeClaim. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly nodeAnnotations?: Readonly<Record<string, string>>;
  readonly nodeClaimAnnotations?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  /** Extra NodeClaim conditions (e.g. `Drifted`, `InstanceTerminating`), replacing defaults of the same type. */
  readonly conditions?: readonly Condition[];
}

/** `pod` bound to `nodeName`: a Pending pod becomes Running; a pod without a Ready condition becomes Ready. */
export function bindPod(pod: Pod, nodeName: string): Pod {
  const phase = pod.status?.phase === undefined || pod.status.phase === 'Pending' ? 'Running' : pod.status.phase;
  const conditions = (pod.status?.conditions ?? []).filter((condition) => condition.type !== 'PodScheduled');
  const ready = conditions.some((condition) => condition.type === 'Ready') ? [] : [{ type: 'Ready', status: 'True' as const }];
  return {
    ...pod,
    spec: { ...pod.spec, nodeName },
    status: { ...pod.status, phase, conditions: [...conditions, ...ready] },
  };
}

function claimConditions(options: InitializedNodeOptions, at: string): Condition[] {
  const conditions: Condition[] = [
    { type: NodeClaimConditions.launched, status: 'True', lastTransitionTime: at },
    { type: NodeClaimConditions.registered, status: 'True', lastTransitionTime: at },
    { type: NodeClaimConditions.initialized, status: options.initialized === false ? 'False' : 'True', lastTransitionTime: at },
  ];
  const consolidatable = 'consolidatable' in options ? options.consolidatable : true;
  if (consolidatable !== undefined) {
    const status = typeof consolidatable === 'boolean' ? (consolidatable ? 'True' : 'False') : consolidatable.status;
    const message = typeof consolidatable === 'boolean' ? undefined : consolidatable.message;
    conditions.push({ type: NodeClaimConditions.consolidatable, status, lastTransitionTime: at, ...(message ? { message } : {}) });
  }
  const extra = options.conditions ?? [];
  return [...conditions.filter((c) => !extra.some((e) => e.type === c.type)), ...extra];
}

/**
 * A machine karpd manages and may disrupt: a Ready Node and an Initialized, Consolidatable NodeClaim joined by
 * providerID, both labelled with pool, instance type, zone and capacity type, with `pods` bound to it.
 *
 * @example initializedNode({ pool: 'spark-batch', capacityType: 'spot', pods: [pod({ name: 'driver' })] })
 */
export function initializedNode(options: InitializedNodeOptions = {}): StateNode {
  const name = options.name ?? nextName('node');
  const zone = options.zone ?? 'test-zone-1';
  const at = options.createdAt ?? FIXTURE_TIME;
  const providerID = `fake:///${zone}/${name}`;
  const labels: Record<string, string> = {
    [Labels.nodePool]: options.pool ?? 'default',
    [Labels.instanceType]: options.instanceType ?? 'm5.xlarge',
    [Labels.zone]: zone,
    [Labels.capacityType]: options.capacityType ?? 'on-demand',
    [Labels.registered]: 'true',
    [Labels.initialized]: options.initialized === false ? 'false' : 'true',
    ...(options.labels ?? {}),
  };
  const deletion = options.markedForDeletion ? { deletionTimestamp: at } : {};
  const node = nodeBuilder({
    name,
    labels,
    providerID,
    ...(options.taints !== undefined ? { taints: [...options.taints] } : {}),
    metadata: {
      creationTimestamp: at,
      annotations: { ...(options.doNotDisrupt ? { [Annotations.doNotDisrupt]: 'true' } : {}), ...(options.nodeAnnotations ?? {}) },
      ...deletion,
    },
  });
  if (options.ready === false) node.status = { ...node.status, conditions: [{ type: 'Ready', status: 'False' }] };
  const claim: NodeClaim = nodeClaimBuilder({
    metadata: {
      name: options.nodeClaimName ?? `${name}-claim`,
      creationTimestamp: at,
      labels,
      annotations: { ...(options.nodeClaimAnnotations ?? {}) },
      ...deletion,
    },
    spec: {
      ...(options.expireAfter !== undefined ? { expireAfter: options.expireAfter } : {}),
      ...(options.terminationGracePeriod !== undefined ? { terminationGracePeriod: options.terminationGracePeriod } : {}),
    },
    status: { nodeName: name, providerID, conditions: claimConditions(options, at) },
  });
  return {
    providerID,
    node,
    nodeClaim: claim,
    pods: (options.pods ?? []).map((p) => bindPod(p, name)),
    markedForDeletion: options.markedForDeletion ?? false,
    ...(options.nominatedUntil !== undefined ? { nominatedUntil: options.nominatedUntil } : {}),
  };
}

/** What {@link disruptionSnapshot} is given; everything but the nodes has a default. */
export interface DisruptionSnapshotInput {
  readonly nodes?: readonly StateNode[];
  /** @default DISRUPTION_NOW */
  readonly now?: number;
  /** Pools; a pool a node names that is not here is added with `nodePool` defaults. */
  readonly nodePools?: readonly NodePool[];
  /**
   * Instance types: an array for every pool, or a map used exactly as given (a pool missing from it has unknown
   * instance types). Absent: every pool gets `instanceType({ name })` for each type its nodes name.
   */
  readonly instanceTypes?: readonly InstanceType[] | ReadonlyMap<string, readonly InstanceType[]>;
  readonly pendingPods?: readonly Pod[];
  readonly podDisruptionBudgets?: readonly PodDisruptionBudget[];
  readonly daemonSets?: readonly DaemonSet[];
  readonly providerDrift?: ReadonlyMap<string, string>;
  /** Overrides of {@link DEFAULT_DISRUPTION_SETTINGS}. */
  readonly settings?: Partial<DisruptionSettings>;
}

function labelOf(stateNode: StateNode, key: string): string | undefined {
  return stateNode.node?.metadata.labels?.[key] ?? stateNode.nodeClaim?.metadata.labels?.[key];
}

function poolsOf(input: DisruptionSnapshotInput, nodes: readonly StateNode[]): NodePool[] {
  const pools = [...(input.nodePools ?? [])];
  const known = new Set(pools.map((pool) => pool.metadata.name));
  for (const stateNode of nodes) {
    const name = labelOf(stateNode, Labels.nodePool);
    if (name === undefined || known.has(name)) continue;
    known.add(name);
    pools.push(nodePool({ metadata: { name } }));
  }
  return pools;
}

function instanceTypesOf(input: DisruptionSnapshotInput, pools: readonly NodePool[], nodes: readonly StateNode[]) {
  if (input.instanceTypes instanceof Map) return input.instanceTypes as ReadonlyMap<string, readonly InstanceType[]>;
  const given = input.instanceTypes as readonly InstanceType[] | undefined;
  const out = new Map<string, readonly InstanceType[]>();
  const made = new Map<string, InstanceType>();
  for (const pool of pools) {
    const poolName = pool.metadata.name ?? '';
    if (given !== undefined) {
      out.set(poolName, given);
      continue;
    }
    const names = new Set(nodes.filter((n) => labelOf(n, Labels.nodePool) === poolName).map((n) => labelOf(n, Labels.instanceType)));
    const types: InstanceType[] = [];
    for (const name of [...names].filter((n): n is string => n !== undefined).sort()) {
      if (!made.has(name)) made.set(name, instanceType({ name }));
      types.push(made.get(name)!);
    }
    out.set(poolName, types);
  }
  return out;
}

/** A {@link DisruptionSnapshot} of `nodes` at `now` (default {@link DISRUPTION_NOW}), filling pools and instance types. */
export function disruptionSnapshot(input: DisruptionSnapshotInput = {}): DisruptionSnapshot {
  const nodes = input.nodes ?? [];
  const nodePools = poolsOf(input, nodes);
  return {
    now: input.now ?? DISRUPTION_NOW,
    nodes,
    pendingPods: input.pendingPods ?? [],
    nodePools,
    instanceTypes: instanceTypesOf(input, nodePools, nodes),
    podDisruptionBudgets: input.podDisruptionBudgets ?? [],
    daemonSets: input.daemonSets ?? [],
    ...(input.providerDrift !== undefined ? { providerDrift: input.providerDrift } : {}),
    settings: { ...DEFAULT_DISRUPTION_SETTINGS, ...(input.settings ?? {}) },
  };
}

/** A pod in kube-system (unless said) controlled by `owner`, with `annotations` added to its own. */
function controlledPod(options: PodOptions, owner: OwnerReference, annotations: Readonly<Record<string, string>> = {}): Pod {
  return pod({
    namespace: 'kube-system',
    ...options,
    metadata: {
      ...(options.metadata ?? {}),
      ...(Object.keys(annotations).length > 0 ? { annotations: { ...annotations, ...(options.metadata?.annotations ?? {}) } } : {}),
      ownerReferences: [owner],
    },
  });
}

/** A pod owned by DaemonSet `owner` (default `node-agent`), in kube-system unless said: it never makes a node non-empty. */
export function daemonSetPod(options: PodOptions & { readonly owner?: string } = {}): Pod {
  const { owner = 'node-agent', ...podOptions } = options;
  return controlledPod(podOptions, { apiVersion: 'apps/v1', kind: 'DaemonSet', name: owner, uid: `uid-${owner}`, controller: true });
}

/** A static pod's mirror (owned by Node `owner`, default `node`, and annotated by the kubelet), in kube-system unless said. */
export function mirrorPod(options: PodOptions & { readonly owner?: string } = {}): Pod {
  const { owner = 'node', ...podOptions } = options;
  return controlledPod(
    podOptions,
    { apiVersion: 'v1', kind: 'Node', name: owner, uid: `uid-${owner}`, controller: true },
    { 'kubernetes.io/config.mirror': 'mirror' },
  );
}

/** Options of {@link podDisruptionBudget}. */
export interface PodDisruptionBudgetOptions {
  /** @default `pdb-N` */
  readonly name?: string;
  /** @default 'default' */
  readonly namespace?: string;
  /** `spec.selector.matchLabels`. @default {} (every pod of the namespace) */
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
  readonly unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
  /** `status.disruptionsAllowed`; `undefined` leaves the status out (the PDB controller has not written it yet). */
  readonly disruptionsAllowed?: number | undefined;
}

/** A policy/v1 PodDisruptionBudget; by default it selects every pod of its namespace and allows 1 disruption. */
export function podDisruptionBudget(options: PodDisruptionBudgetOptions = {}): PodDisruptionBudget {
  const allowed = 'disruptionsAllowed' in options ? options.disruptionsAllowed : 1;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: options.name ?? nextName('pdb'), namespace: options.namespace ?? 'default', creationTimestamp: FIXTURE_TIME },
    spec: {
      selector: { matchLabels: { ...(options.matchLabels ?? {}) } },
      ...(options.minAvailable !== undefined ? { minAvailable: options.minAvailable } : {}),
      ...(options.maxUnavailable !== undefined ? { maxUnavailable: options.maxUnavailable } : {}),
      ...(options.unhealthyPodEvictionPolicy !== undefined ? { unhealthyPodEvictionPolicy: options.unhealthyPodEvictionPolicy } : {}),
    },
    ...(allowed !== undefined ? { status: { disruptionsAllowed: allowed } } : {}),
  };
}
