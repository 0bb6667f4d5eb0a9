/**
 * Fixtures for the consolidation and drift tests: machines (Node + NodeClaim + bound pods) built into state nodes
 * and candidates, a small priced catalog, a snapshot around them and a counting allowance. Candidates here are what
 * the candidate builder would hand the methods (the tests of which nodes are candidates live with it).
 */
import type { Pod } from '../../src/apis/core-v1.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { DisruptionReason, NodePool } from '../../src/apis/nodepool.js';
import { type CapacityType, Labels } from '../../src/apis/well-known-labels.js';
import type { Allowance } from '../../src/disruption/allowance.js';
import {
  type Candidate,
  DEFAULT_DISRUPTION_SETTINGS,
  type DisruptionSettings,
  type DisruptionSnapshot,
} from '../../src/disruption/types.js';
import type { InstanceType } from '../../src/scheduling/instance-type.js';
import { toResourceList } from '../../src/scheduling/resources.js';
import type { StateNode } from '../../src/state/state-node.js';
import {
  type DeepPartial,
  FIXTURE_TIME,
  deepMerge,
  instanceType,
  nextName,
  node,
  nodeClaim,
  nodePool,
  pod,
} from '../../src/testing/index.js';
import type { PodOptions } from '../../src/testing/index.js';

/** The zone every fixture machine is in unless told. */
export const ZONE = 'test-zone-1';

/**
 * A catalog where bigger is cheaper per cpu (so two half-empty nodes can be one bigger, cheaper one):
 * small 2 cpu $0.10, medium 4 cpu $0.20, large 8 cpu $0.30, xlarge 16 cpu $0.50; on-demand only unless
 * `capacityTypes` says (spot then costs 70 %).
 */
export function catalog(capacityTypes: readonly CapacityType[] = ['on-demand']): InstanceType[] {
  return [
    instanceType({ name: 'small', cpu: '2', memory: '8Gi', price: 0.1, capacityTypes }),
    instanceType({ name: 'medium', cpu: '4', memory: '16Gi', price: 0.2, capacityTypes }),
    instanceType({ name: 'large', cpu: '8', memory: '32Gi', price: 0.3, capacityTypes }),
    instanceType({ name: 'xlarge', cpu: '16', memory: '64Gi', price: 0.5, capacityTypes }),
  ];
}

/** A pool that consolidates under-utilised nodes at once, with no budget limit unless overridden. */
export function pool(name = 'default', overrides: DeepPartial<NodePool> = {}): NodePool {
  const base: DeepPartial<NodePool> = {
    metadata: { name },
    spec: { disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s', budgets: [{ nodes: '100%' }] } },
  };
  return nodePool(deepMerge(base, overrides));
}

/** A pool like {@link pool} whose consolidation policy is `Balanced` (karpenter-semantics.md §4.8.4). */
export function balancedPool(name = 'balanced', overrides: DeepPartial<NodePool> = {}): NodePool {
  return pool(name, deepMerge<DeepPartial<NodePool>>({ spec: { disruption: { consolidationPolicy: 'Balanced' } } }, overrides));
}

/** Options of {@link machine}. */
export interface MachineOptions {
  readonly name?: string;
  readonly pool?: NodePool;
  readonly type: InstanceType;
  readonly zone?: string;
  /** @default 'on-demand' */
  readonly capacityType?: CapacityType;
  /** Cpu requests of the pods bound to it, one pod each (`'1'`, `'500m'`). */
  readonly pods?: readonly string[];
  /** Extra pod options for every bound pod (labels, anti-affinity). */
  readonly podOptions?: Omit<PodOptions, 'name' | 'nodeName' | 'requests'>;
  /** Extra labels of the Node and NodeClaim (not from the pool: a new node of the pool would not have them). */
  readonly nodeLabels?: Readonly<Record<string, string>>;
  /** @default true */
  readonly initialized?: boolean;
  /** @default true */
  readonly consolidatable?: boolean;
  /** When the claim's `Drifted` condition became True (ISO); absent = not drifted. */
  readonly driftedAt?: string;
  readonly markedForDeletion?: boolean;
  /** @default the number of pods */
  readonly disruptionCost?: number;
}

/** A machine of the cluster as the methods see it: its state node, and the candidate the builder would make of it. */
export interface Machine {
  readonly stateNode: StateNode;
  readonly candidate: Candidate;
  readonly pods: readonly Pod[];
}

function claimOf(name: string, options: MachineOptions, labels: Record<string, string>): NodeClaim {
  const initialized = options.initialized ?? true;
  const conditions = [
    { type: 'Launched', status: 'True' as const, lastTransitionTime: FIXTURE_TIME },
    { type: 'Initialized', status: initialized ? ('True' as const) : ('False' as const), lastTransitionTime: FIXTURE_TIME },
    ...((options.consolidatable ?? true) ? [{ type: 'Consolidatable', status: 'True' as const, lastTransitionTime: FIXTURE_TIME }] : []),
    ...(options.driftedAt !== undefined ? [{ type: 'Drifted', status: 'True' as const, lastTransitionTime: options.driftedAt }] : []),
  ];
  return nodeClaim({
    metadata: { name: `${name}-claim`, labels },
    status: {
      providerID: `fake://${name}`,
      nodeName: name,
      capacity: toResourceList(options.type.capacity),
      allocatable: toResourceList(options.type.allocatable),
      conditions,
    },
  });
}

/** One machine: a Node and its NodeClaim of `options.type`, with one bound pod per cpu request. */
export function machine(options: MachineOptions): Machine {
  const name = options.name ?? nextName('node');
  const nodePoolObject = options.pool ?? pool();
  const poolName = nodePoolObject.metadata.name ?? 'default';
  const zone = options.zone ?? ZONE;
  const capacityType = options.capacityType ?? 'on-demand';
  const labels: Record<string, string> = {
    [Labels.nodePool]: poolName,
    [Labels.instanceType]: options.type.name,
    [Labels.zone]: zone,
    [Labels.capacityType]: capacityType,
    [Labels.arch]: 'amd64',
    [Labels.os]: 'linux',
    ...((options.initialized ?? true) ? { [Labels.initialized]: 'true', [Labels.registered]: 'true' } : {}),
    ...options.nodeLabels,
  };
  const claim = claimOf(name, options, labels);
  const k8sNode = node({
    name,
    labels,
    providerID: `fake://${name}`,
    allocatable: toResourceList(options.type.allocatable),
    capacity: toResourceList(options.type.capacity),
  });
  const pods = (options.pods ?? []).map((cpu) => pod({ ...options.podOptions, nodeName: name, requests: { cpu, memory: '1Gi' } }));
  const stateNode: StateNode = {
    providerID: `fake://${name}`,
    node: k8sNode,
    nodeClaim: claim,
    pods,
    markedForDeletion: options.markedForDeletion ?? false,
  };
  const offering = options.type.offerings.find((o) => o.zone === zone && o.capacityType === capacityType);
  const candidate: Candidate = {
    name,
    stateNode,
    nodeClaim: claim,
    nodePool: nodePoolObject,
    instanceType: options.type,
    zone,
    capacityType,
    price: offering?.price ?? 0,
    priceKnown: offering !== undefined,
    reschedulablePods: pods,
    disruptionCost: options.disruptionCost ?? pods.length,
  };
  return { stateNode, candidate, pods };
}

/** A pending pod asking for `cpu`. */
export function pendingPod(cpu: string, options: Omit<PodOptions, 'requests'> = {}): Pod {
  return pod({ ...options, requests: { cpu, memory: '1Gi' } });
}

/** A snapshot of `machines` with each pool offering `types` (default {@link catalog}). */
export function snapshotOf(input: {
  machines: readonly Machine[];
  pools?: readonly NodePool[];
  types?: readonly InstanceType[] | ReadonlyMap<string, readonly InstanceType[]>;
  pending?: readonly Pod[];
  settings?: Partial<DisruptionSettings>;
}): DisruptionSnapshot {
  const pools = input.pools ?? [...new Map(input.machines.map((m) => [m.candidate.nodePool.metadata.name, m.candidate.nodePool])).values()];
  const types = input.types ?? catalog();
  const instanceTypes = types instanceof Map ? types : new Map(pools.map((p) => [p.metadata.name ?? '', types as readonly InstanceType[]]));
  return {
    now: Date.parse('2026-01-02T00:00:00Z'),
    nodes: input.machines.map((m) => m.stateNode),
    pendingPods: input.pending ?? [],
    nodePools: pools.length > 0 ? pools : [pool()],
    instanceTypes,
    podDisruptionBudgets: [],
    daemonSets: [],
    settings: { ...DEFAULT_DISRUPTION_SETTINGS, ...input.settings },
  };
}

/** An allowance with a fixed count per pool (default `Infinity`), recording what was taken. */
export class CountingAllowance implements Allowance {
  readonly taken: Array<{ pool: string; reason: DisruptionReason }> = [];
  private readonly left: Map<string, number>;

  constructor(
    counts: Readonly<Record<string, number>> = {},
    private readonly fallback = Number.POSITIVE_INFINITY,
  ) {
    this.left = new Map(Object.entries(counts));
  }

  remaining(pool: string): number {
    return this.left.get(pool) ?? this.fallback;
  }

  take(pool: string, reason: DisruptionReason): void {
    this.taken.push({ pool, reason });
    this.left.set(pool, Math.max(0, this.remaining(pool) - 1));
  }

  message(pool: string, reason: DisruptionReason): string {
    return `NodePool ${pool} allows ${this.remaining(pool)} more ${reason} disruptions`;
  }
}
