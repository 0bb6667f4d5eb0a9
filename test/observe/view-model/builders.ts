/** Small deterministic builders for the view model's tests: cluster inputs, launched claims, price tables. */
import type { Node, Pod } from '../../../src/apis/core-v1.js';
import type { Decision, DecisionState } from '../../../src/apis/decision.js';
import type { NodeClaim } from '../../../src/apis/nodeclaim.js';
import type { Condition } from '../../../src/apis/object-meta.js';
import { Labels } from '../../../src/apis/well-known-labels.js';
import type { ClusterObjects, ClusterViewInput, SpotEventRecord, ViewInput } from '../../../src/observe/view-model/view-input.js';
import { node, nodeClaim, pod } from '../../../src/testing/builders.js';

/** The instant the tests build views at. */
export const NOW = new Date('2026-01-01T01:00:00Z');

/** Empty cluster objects with `overrides`. */
export function objects(overrides: Partial<ClusterObjects> = {}): ClusterObjects {
  return {
    nodes: [],
    pods: [],
    nodeClaims: [],
    nodePools: [],
    nodeClasses: [],
    daemonSets: [],
    podDisruptionBudgets: [],
    nominatedPods: new Map(),
    ...overrides,
  };
}

/** A price table keyed `type/capacity/zone`; unknown offerings have no price. */
export function prices(table: Record<string, number>): ClusterViewInput['price'] {
  return (instanceType, capacityType, zone) => table[`${instanceType}/${capacityType}/${zone}`];
}

/** A cluster named `main` on the simulated cloud with nothing in it, plus `overrides`. */
export function clusterInput(
  overrides: Partial<Omit<ClusterViewInput, 'objects'>> & { objects?: Partial<ClusterObjects> } = {},
): ClusterViewInput {
  const { objects: objectOverrides, ...rest } = overrides;
  return {
    name: 'main',
    cloud: 'sim',
    objects: objects(objectOverrides),
    decisions: [],
    pendingReasons: new Map(),
    spotEvents: [],
    price: prices({}),
    history: [],
    ...rest,
  };
}

/** A view input at {@link NOW} with version 1. */
export function viewInput(clusters: ClusterViewInput[], overrides: Partial<ViewInput> = {}): ViewInput {
  return { now: NOW, version: 1, clusters, log: [], ...overrides };
}

const LIFECYCLE = ['Launched', 'Registered', 'Initialized'] as const;

/** Options of {@link launchedClaim}. */
export interface ClaimOptions {
  readonly pool?: string;
  readonly instanceType?: string;
  readonly capacityType?: string;
  readonly zone?: string;
  /** The furthest lifecycle condition that is True (default Initialized). */
  readonly stage?: (typeof LIFECYCLE)[number];
  readonly extraConditions?: Condition[];
  readonly allocatable?: Record<string, string>;
  readonly createdAt?: string;
  readonly deleting?: boolean;
}

/** A NodeClaim `name` with node `name`, its offering labels and lifecycle conditions up to `stage`. */
export function launchedClaim(name: string, options: ClaimOptions = {}): NodeClaim {
  const stage = LIFECYCLE.indexOf(options.stage ?? 'Initialized');
  const conditions: Condition[] = LIFECYCLE.slice(0, stage + 1).map((type) => ({ type, status: 'True' }));
  const zone = options.zone ?? 'us-east-1a';
  return nodeClaim({
    metadata: {
      name,
      ...(options.createdAt === undefined ? {} : { creationTimestamp: options.createdAt }),
      ...(options.deleting === true ? { deletionTimestamp: '2026-01-01T00:59:00Z' } : {}),
      labels: {
        [Labels.nodePool]: options.pool ?? 'default',
        [Labels.instanceType]: options.instanceType ?? 'm5.large',
        [Labels.capacityType]: options.capacityType ?? 'on-demand',
        [Labels.zone]: zone,
      },
    },
    status: {
      nodeName: name,
      providerID: `aws:///${zone}/i-${name}`,
      allocatable: options.allocatable ?? { cpu: '2', memory: '8Gi', pods: '29' },
      conditions: [...conditions, ...(options.extraConditions ?? [])],
    },
  });
}

/** The Node of {@link launchedClaim} `name` (same labels, Ready). */
export function nodeFor(claim: NodeClaim, extra: Partial<Node['spec']> = {}): Node {
  const built = node({
    name: claim.status?.nodeName,
    labels: claim.metadata.labels,
    allocatable: claim.status?.allocatable,
    providerID: claim.status?.providerID,
  });
  return { ...built, spec: { ...built.spec, ...extra } };
}

/** A running pod `name` on node `nodeName` requesting `cpu` and `memory`. */
export function runningPod(name: string, nodeName: string, cpu = '500m', memory = '1Gi'): Pod {
  return pod({ name, nodeName, requests: { cpu, memory } });
}

/** A Decision `name` in `state`, created at `createdAt`. */
export function decision(name: string, state: DecisionState, createdAt: string, overrides: Partial<Decision['spec']> = {}): Decision {
  return {
    apiVersion: 'karpd.dev/v1alpha1',
    kind: 'Decision',
    metadata: { name, creationTimestamp: createdAt },
    spec: {
      cluster: 'main',
      kind: 'git-change',
      summary: `change ${name}`,
      revision: 'abcdef0123456789',
      changes: [],
      diff: '',
      ...overrides,
    },
    status: { state, history: [{ state: 'pending', at: createdAt, by: 'karpd' }] },
  };
}

/** An interruption record for `claims` (all of pool `default`) noticed at `time`. */
export function spotRecord(id: string, time: string, claimNames: string[], overrides: Partial<SpotEventRecord> = {}): SpotEventRecord {
  return {
    id,
    kind: 'spot_interrupted',
    action: 'CordonAndDrain',
    outcome: 'deleted',
    instanceIds: claimNames.map((name) => `i-${name}`),
    time,
    handledAt: time,
    claims: claimNames.map((name) => ({ name, nodePool: 'default', instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'spot' })),
    ...overrides,
  };
}
