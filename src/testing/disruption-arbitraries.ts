/**
 * fast-check generators of whole clusters for the disruption property tests (karpenter-semantics.md §4): a
 * {@link ClusterSpec} is plain data (pools with budgets — counts, percentages, 0, per-reason, cron windows —,
 * nodes of several instance types, zones and capacity types, some drifted, NotReady or annotated do-not-disrupt,
 * pods with apps, PDBs over the apps by minAvailable or maxUnavailable, do-not-disrupt pods in both forms, a
 * DaemonSet, pending pods, pods that only `tier: gold` nodes (which no pool makes) can host, the minimum-savings
 * and spot-to-spot settings) and {@link buildCluster} turns it into
 * the state nodes and objects a {@link DisruptionSnapshot} is made of. {@link pdbsWithStatus} plays the PDB
 * controller: it writes `status.disruptionsAllowed` from the pods of the cluster at that moment.
 *
 * Every instance type of {@link DISRUPTION_CATALOG} is offered by every pool in two zones, on-demand and spot
 * (spot at 70 %); a node's allocatable is its type's, so the solver and the candidates agree on room and price.
 */
import fc from 'fast-check';
import type { DaemonSet, Pod, PodDisruptionBudget } from '../apis/core-v1.js';
import { NodeClaimConditions } from '../apis/nodeclaim.js';
import type { Budget, DisruptionReason, NodePool } from '../apis/nodepool.js';
import { Annotations, type CapacityType } from '../apis/well-known-labels.js';
import { formatTimestamp } from '../disruption/time-text.js';
import type { DisruptionSettings, DisruptionSnapshot } from '../disruption/types.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import { compileSelector } from '../scheduling/label-selector.js';
import { toResourceList } from '../scheduling/resources.js';
import type { StateNode } from '../state/state-node.js';
import { daemonSet, nodePool, pod } from './builders.js';
import { DISRUPTION_NOW, bindPod, daemonSetPod, disruptionSnapshot, initializedNode, podDisruptionBudget } from './disruption.js';
import { instanceType } from './instance-types.js';

/**
 * The instance types every generated pool offers: bigger is cheaper per cpu, so consolidation has work to do, and
 * c-medium-b is c-medium for $0.002/h less, a replacement the minimum savings must refuse.
 */
export const DISRUPTION_CATALOG: readonly InstanceType[] = [
  instanceType({ name: 'c-small', cpu: '2', memory: '8Gi', price: 0.1, zones: ['test-zone-1', 'test-zone-2'] }),
  instanceType({ name: 'c-medium', cpu: '4', memory: '16Gi', price: 0.19, zones: ['test-zone-1', 'test-zone-2'] }),
  instanceType({ name: 'c-medium-b', cpu: '4', memory: '16Gi', price: 0.188, zones: ['test-zone-1', 'test-zone-2'] }),
  instanceType({ name: 'c-large', cpu: '8', memory: '32Gi', price: 0.34, zones: ['test-zone-1', 'test-zone-2'] }),
  instanceType({ name: 'c-xlarge', cpu: '16', memory: '64Gi', price: 0.6, zones: ['test-zone-1', 'test-zone-2'] }),
];

/** The apps pods belong to (a PDB selects one app). */
export const APPS = ['web', 'api', 'batch'] as const;
export type App = (typeof APPS)[number];

/** One pod: its cpu, its app, and its `karpenter.sh/do-not-disrupt` (absent, `"true"`, or `"30m"` from its start). */
export interface PodSpecData {
  readonly cpuMillis: number;
  readonly app: App;
  /** Selects `tier: gold` nodes, which no pool makes (it can only move to another gold node); ignored on a node that is not gold. */
  readonly gold: boolean;
  readonly doNotDisrupt?: 'true' | '30m';
  /** How long before the first snapshot the pod started (for the `30m` form). */
  readonly startedMinutesAgo: number;
}

export interface NodeSpecData {
  /** Index into the pools. */
  readonly pool: number;
  /** Index into {@link DISRUPTION_CATALOG}. */
  readonly type: number;
  readonly zone: 'test-zone-1' | 'test-zone-2';
  readonly capacityType: CapacityType;
  readonly pods: readonly PodSpecData[];
  /** Labelled `tier: gold`. */
  readonly gold: boolean;
  readonly drifted: boolean;
  /** `karpenter.sh/do-not-disrupt: "true"` on the Node. */
  readonly doNotDisrupt: boolean;
  /** The Node is Ready (a NotReady one counts as disrupting in the budgets). */
  readonly ready: boolean;
  readonly consolidatable: boolean;
}

export interface PoolSpecData {
  readonly budgets: readonly Budget[];
  readonly consolidateAfter: '0s' | 'Never';
  readonly consolidationPolicy: 'WhenEmpty' | 'WhenEmptyOrUnderutilized' | 'Balanced';
}

/** A PDB over one app, by minAvailable or maxUnavailable (a count or a percentage); two over one app block its pods. */
export interface PdbSpecData {
  readonly app: App;
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
}

/** A whole generated cluster, as plain data (fast-check shrinks it). */
export interface ClusterSpec {
  readonly pools: readonly PoolSpecData[];
  readonly nodes: readonly NodeSpecData[];
  readonly pending: readonly PodSpecData[];
  readonly pdbs: readonly PdbSpecData[];
  /** One DaemonSet (100m) with a pod on every node. */
  readonly daemonSet: boolean;
  readonly settings: Pick<DisruptionSettings, 'minimumSavings' | 'minSpotToSpotOptions'>;
  /** The first snapshot's hour of the day (UTC): budgets with a cron window are active from 09:00 to 11:00. */
  readonly startHour: number;
}

const REASONS: readonly DisruptionReason[] = ['Empty', 'Drifted', 'Underutilized'];

/** A budget: a count, a percentage or 0, for every reason or some, sometimes only in a 09:00–11:00 UTC window. */
export function budgetArbitrary(): fc.Arbitrary<Budget> {
  return fc
    .record(
      {
        nodes: fc.constantFrom('0', '1', '2', '20%', '50%', '100%'),
        reasons: fc.option(fc.subarray([...REASONS], { minLength: 1 }), { nil: undefined }),
        window: fc.boolean(),
      },
      { requiredKeys: ['nodes', 'window'] },
    )
    .map(({ nodes, reasons, window }) => ({
      nodes,
      ...(reasons !== undefined ? { reasons } : {}),
      ...(window ? { schedule: '0 9 * * *', duration: '2h' } : {}),
    }));
}

function podArbitrary(): fc.Arbitrary<PodSpecData> {
  return fc.record(
    {
      cpuMillis: fc.constantFrom(250, 500, 1000, 1500, 3000),
      app: fc.constantFrom(...APPS),
      gold: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      doNotDisrupt: fc.integer({ min: 0, max: 9 }).map((n) => (n === 0 ? ('true' as const) : n === 1 ? ('30m' as const) : undefined)),
      startedMinutesAgo: fc.integer({ min: 0, max: 40 }),
    },
    { requiredKeys: ['cpuMillis', 'app', 'gold', 'startedMinutesAgo'] },
  );
}

function nodeArbitrary(pools: number): fc.Arbitrary<NodeSpecData> {
  return fc.record({
    pool: fc.integer({ min: 0, max: pools - 1 }),
    type: fc.integer({ min: 0, max: DISRUPTION_CATALOG.length - 1 }),
    zone: fc.constantFrom('test-zone-1' as const, 'test-zone-2' as const),
    capacityType: fc.constantFrom<CapacityType>('on-demand', 'spot'),
    pods: fc.array(podArbitrary(), { maxLength: 4 }),
    gold: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
    drifted: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    doNotDisrupt: fc.integer({ min: 0, max: 11 }).map((n) => n === 0),
    ready: fc.integer({ min: 0, max: 9 }).map((n) => n !== 0),
    consolidatable: fc.integer({ min: 0, max: 7 }).map((n) => n !== 0),
  });
}

function pdbArbitrary(): fc.Arbitrary<PdbSpecData> {
  return fc.oneof(
    fc.record({ app: fc.constantFrom(...APPS), minAvailable: fc.constantFrom<number | string>(0, 1, 2, '50%', '100%') }),
    fc.record({ app: fc.constantFrom(...APPS), maxUnavailable: fc.constantFrom<number | string>(0, 1, 2, '50%') }),
  );
}

/** Random clusters of 1–2 pools and 2–`maxNodes` nodes (default 7), small enough to run many disruption rounds. */
export function clusterSpecArbitrary(options: { readonly maxNodes?: number } = {}): fc.Arbitrary<ClusterSpec> {
  return fc.integer({ min: 1, max: 2 }).chain((poolCount) =>
    fc.record({
      pools: fc.array(
        fc.record({
          budgets: fc.array(budgetArbitrary(), { maxLength: 2 }),
          consolidateAfter: fc.constantFrom('0s' as const, '0s' as const, '0s' as const, 'Never' as const),
          consolidationPolicy: fc.constantFrom(
            'WhenEmptyOrUnderutilized' as const,
            'WhenEmptyOrUnderutilized' as const,
            'WhenEmpty' as const,
            'Balanced' as const,
            'Balanced' as const,
          ),
        }),
        { minLength: poolCount, maxLength: poolCount },
      ),
      nodes: fc.array(nodeArbitrary(poolCount), { minLength: 2, maxLength: options.maxNodes ?? 8 }),
      pending: fc.array(podArbitrary(), { maxLength: 2 }),
      pdbs: fc.array(pdbArbitrary(), { maxLength: 3 }),
      daemonSet: fc.boolean(),
      settings: fc.record({
        minimumSavings: fc.record({ perHour: fc.constantFrom(0.005, 0.05), percent: fc.constantFrom(1, 20) }),
        minSpotToSpotOptions: fc.integer({ min: 1, max: 4 }),
      }),
      startHour: fc.integer({ min: 7, max: 12 }),
    }),
  );
}

/** The built objects of a {@link ClusterSpec}: what a snapshot is made of, and what a round driver mutates. */
export interface GeneratedCluster {
  readonly now: number;
  readonly nodes: readonly StateNode[];
  readonly pendingPods: readonly Pod[];
  readonly nodePools: readonly NodePool[];
  /** PDBs without status ({@link pdbsWithStatus} writes it for a moment of the cluster). */
  readonly podDisruptionBudgets: readonly PodDisruptionBudget[];
  readonly daemonSets: readonly DaemonSet[];
  readonly settings: Partial<DisruptionSettings>;
}

/** The name of generated pool `index`. */
export function poolName(index: number): string {
  return `pool-${index}`;
}

const DAEMON_REQUESTS = { cpu: '100m', memory: '128Mi' };

/** A Ready, Initialized, Consolidatable node of `type` with its allocatable, and a DaemonSet pod when `daemon`. */
export function catalogNode(input: {
  readonly name: string;
  readonly pool: string;
  readonly type: InstanceType;
  readonly zone: string;
  readonly capacityType: CapacityType;
  readonly pods?: readonly Pod[];
  readonly daemon?: DaemonSet;
  readonly drifted?: boolean;
  readonly doNotDisrupt?: boolean;
  readonly ready?: boolean;
  readonly consolidatable?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}): StateNode {
  const daemonPods = input.daemon === undefined ? [] : [daemonSetPod({ owner: input.daemon.metadata.name, requests: DAEMON_REQUESTS })];
  const stateNode = initializedNode({
    name: input.name,
    pool: input.pool,
    instanceType: input.type.name,
    zone: input.zone,
    capacityType: input.capacityType,
    pods: [...daemonPods, ...(input.pods ?? [])],
    doNotDisrupt: input.doNotDisrupt ?? false,
    ready: input.ready ?? true,
    consolidatable: input.consolidatable ?? true,
    ...(input.labels !== undefined ? { labels: input.labels } : {}),
    ...(input.drifted ? { conditions: [{ type: NodeClaimConditions.drifted, status: 'True' as const, reason: 'NodePoolDrifted' }] } : {}),
  });
  const allocatable = toResourceList(input.type.allocatable);
  const capacity = toResourceList(input.type.capacity);
  const node = stateNode.node!;
  const claim = stateNode.nodeClaim!;
  return {
    ...stateNode,
    node: { ...node, status: { ...node.status, allocatable, capacity } },
    nodeClaim: { ...claim, status: { ...claim.status, allocatable, capacity } },
  };
}

function podOf(spec: PodSpecData, name: string, onGold: boolean): Pod {
  return pod({
    name,
    labels: { app: spec.app },
    ...(spec.gold && onGold ? { nodeSelector: { tier: 'gold' } } : {}),
    requests: { cpu: `${spec.cpuMillis}m`, memory: '1Gi' },
    ...(spec.doNotDisrupt !== undefined ? { metadata: { annotations: { [Annotations.doNotDisrupt]: spec.doNotDisrupt } } } : {}),
  });
}

/** `pod` with `status.startTime` at `at` (ms): when a do-not-disrupt duration starts counting. */
export function started(pod: Pod, at: number): Pod {
  return { ...pod, status: { ...pod.status, startTime: formatTimestamp(at) } };
}

/**
 * Builds the objects of `spec` (names are deterministic: `n0…`, `p0-1` for node 0's second pod, `pending-0`). A
 * node keeps the first of its pods that fit its cpu (after the DaemonSet's 100m), so no node starts over-committed.
 */
export function buildCluster(spec: ClusterSpec): GeneratedCluster {
  const day = Math.floor(DISRUPTION_NOW / 86_400_000) * 86_400_000;
  const now = day + spec.startHour * 3_600_000;
  const daemon = spec.daemonSet ? daemonSet({ name: 'node-agent', requests: DAEMON_REQUESTS }) : undefined;
  const nodes = spec.nodes.map((n, i) => {
    const name = `n${i}`;
    const type = DISRUPTION_CATALOG[n.type];
    let room = type.allocatable.cpu - (daemon === undefined ? 0 : 100);
    const fitting = n.pods.filter((p) => {
      if (p.cpuMillis > room) return false;
      room -= p.cpuMillis;
      return true;
    });
    const pods = fitting.map((p, j) => started(bindPod(podOf(p, `p${i}-${j}`, n.gold), name), now - p.startedMinutesAgo * 60_000));
    return catalogNode({
      name,
      pool: poolName(n.pool),
      type,
      zone: n.zone,
      capacityType: n.capacityType,
      pods,
      ...(daemon !== undefined ? { daemon } : {}),
      drifted: n.drifted,
      doNotDisrupt: n.doNotDisrupt,
      ready: n.ready,
      consolidatable: n.consolidatable,
      ...(n.gold ? { labels: { tier: 'gold' } } : {}),
    });
  });
  const nodePools = spec.pools.map((p, i) =>
    nodePool({
      metadata: { name: poolName(i) },
      spec: {
        disruption: {
          consolidationPolicy: p.consolidationPolicy,
          consolidateAfter: p.consolidateAfter,
          budgets: p.budgets.map((b) => ({ ...b })),
        },
      },
    }),
  );
  const podDisruptionBudgets = spec.pdbs.map((p, i) =>
    podDisruptionBudget({
      name: `pdb-${i}-${p.app}`,
      matchLabels: { app: p.app },
      ...(p.minAvailable !== undefined ? { minAvailable: p.minAvailable } : {}),
      ...(p.maxUnavailable !== undefined ? { maxUnavailable: p.maxUnavailable } : {}),
      disruptionsAllowed: undefined,
    }),
  );
  return {
    now,
    nodes,
    pendingPods: spec.pending.map((p, i) => podOf(p, `pending-${i}`, false)),
    nodePools,
    podDisruptionBudgets,
    daemonSets: daemon === undefined ? [] : [daemon],
    settings: spec.settings,
  };
}

function scaled(value: number | string, of: number): number {
  if (typeof value === 'number') return value;
  const text = value.trim();
  return text.endsWith('%') ? Math.ceil((Number(text.slice(0, -1)) / 100) * of) : Number(text);
}

function isHealthy(pod: Pod): boolean {
  return pod.spec.nodeName !== undefined && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * The PDBs as the disruption controller of Kubernetes would write them at this moment: `expectedPods` = the pods
 * the selector matches (bound or pending), `currentHealthy` = the bound Ready ones, and `disruptionsAllowed` =
 * currentHealthy − minAvailable, or maxUnavailable − (expected − healthy), never below 0 (percentages round up).
 */
export function pdbsWithStatus(pdbs: readonly PodDisruptionBudget[], pods: readonly Pod[]): PodDisruptionBudget[] {
  return pdbs.map((pdb) => {
    const matches = compileSelector(pdb.spec.selector);
    const namespace = pdb.metadata.namespace ?? 'default';
    const matching = pods.filter((p) => (p.metadata.namespace ?? 'default') === namespace && matches(p.metadata.labels));
    const expected = matching.length;
    const healthy = matching.filter(isHealthy).length;
    const { minAvailable, maxUnavailable } = pdb.spec;
    const allowed =
      minAvailable !== undefined
        ? healthy - scaled(minAvailable, expected)
        : maxUnavailable !== undefined
          ? scaled(maxUnavailable, expected) - (expected - healthy)
          : healthy;
    return {
      ...pdb,
      status: { expectedPods: expected, currentHealthy: healthy, desiredHealthy: expected, disruptionsAllowed: Math.max(0, allowed) },
    };
  });
}

/** Every pod of the cluster: bound to its nodes, and pending. */
export function podsOf(nodes: readonly StateNode[], pendingPods: readonly Pod[]): Pod[] {
  return [...nodes.flatMap((n) => n.pods), ...pendingPods];
}

/** The snapshot of `cluster` at `now` (default the cluster's), every pool offering {@link DISRUPTION_CATALOG}, PDB status written. */
export function generatedSnapshot(cluster: GeneratedCluster, now = cluster.now): DisruptionSnapshot {
  return disruptionSnapshot({
    now,
    nodes: cluster.nodes,
    nodePools: cluster.nodePools,
    instanceTypes: new Map(cluster.nodePools.map((p) => [p.metadata.name ?? '', DISRUPTION_CATALOG])),
    pendingPods: cluster.pendingPods,
    podDisruptionBudgets: pdbsWithStatus(cluster.podDisruptionBudgets, podsOf(cluster.nodes, cluster.pendingPods)),
    daemonSets: cluster.daemonSets,
    settings: cluster.settings,
  });
}
