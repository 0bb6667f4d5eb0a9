/**
 * Deterministic builders of the dashboard's view model for tests and the UI benchmark: every builder fills
 * every field with a plausible default and takes overrides (shallow, last write wins), e.g.
 * `viewModel({ clusters: [clusterView({ nodeClaims: [nodeClaimRow({ name: 'a' })] })] })`. Also the disruption
 * controller's report (verdicts, budgets, claims being disrupted) and node Decision plans the view is built from.
 */
import type { NodeDisruptionPlan } from '../apis/decision.js';
import type { DisruptingClaim, DisruptionReport, PoolBudgetReport } from '../disruption/report.js';
import type { NodeVerdict } from '../disruption/types.js';
import {
  type ClusterHeader,
  type ClusterView,
  type DecisionRow,
  type DecisionWhatIfView,
  type HistorySample,
  type LogLineRow,
  type NodeClaimRow,
  type PodRow,
  type PoolRow,
  type SpotEventRow,
  VIEW_MODEL_SCHEMA,
  type ViewModel,
} from '../observe/view-model/view-model.js';

/** The fixed time fixtures are built at. */
export const VIEW_FIXTURE_TIME = '2026-01-01T12:00:00Z';

const GI = 1024 ** 3;

/** A mutable copy of T (builders' overrides). */
type Overrides<T> = { -readonly [K in keyof T]?: T[K] };

/** A cluster header: synced at main@3f2a91c, $4.21/h. */
export function clusterHeader(overrides: Overrides<ClusterHeader> = {}): ClusterHeader {
  const pricePerHour = overrides.pricePerHour ?? 4.21;
  return {
    ref: 'main',
    revision: '3f2a91c',
    sync: 'synced',
    syncDetail: 'synced',
    pricePerHour,
    pricePerMonth: pricePerHour * 730,
    pricesIncomplete: false,
    nodes: 3,
    pendingPods: 0,
    pendingDecisions: 0,
    ...overrides,
  };
}

/** A NodePool row: `default`, 2 of 100 cores, $1.20/h. */
export function poolRow(overrides: Overrides<PoolRow> = {}): PoolRow {
  const name = overrides.name ?? 'default';
  return {
    key: name,
    name,
    weight: 10,
    nodes: 2,
    cpu: { used: 2000, limit: 100_000 },
    memory: { used: 4 * GI, limit: 400 * GI },
    limited: { cpu: true, memory: true },
    pricePerHour: 1.2,
    pricesIncomplete: false,
    consolidationPolicy: 'WhenEmptyOrUnderutilized',
    consolidateAfter: '30s',
    budgetLeft: { nodes: 1, detail: '10% of 2 nodes' },
    driftedNodes: 0,
    syncStatus: 'in-sync',
    readiness: 'Ready',
    ready: true,
    describe: [{ label: 'Requirements', value: 'karpenter.sh/capacity-type In [spot on-demand]' }],
    ...overrides,
    ...(overrides.key === undefined ? { key: name } : {}),
  };
}

/** A NodeClaim row: `default-abc12`, an initialized m5.large on-demand node at half its CPU. */
export function nodeClaimRow(overrides: Overrides<NodeClaimRow> = {}): NodeClaimRow {
  const name = overrides.name ?? 'default-abc12';
  return {
    key: name,
    name,
    nodePool: 'default',
    nodeName: `ip-10-0-0-1-${name}`,
    instanceType: 'm5.large',
    capacityType: 'on-demand',
    zone: 'us-east-1a',
    instanceId: `i-${name
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 12)
      .padEnd(12, '0')}`,
    ageSeconds: 600,
    state: 'Initialized',
    cpu: { used: 1000, limit: 2000 },
    memory: { used: 2 * GI, limit: 8 * GI },
    pods: 4,
    pricePerHour: 0.096,
    describe: [{ label: 'Labels', value: 'karpenter.sh/nodepool=default' }],
    ...overrides,
    ...(overrides.key === undefined ? { key: name } : {}),
  };
}

/** A pod row: `default/web-1`, running. */
export function podRow(overrides: Overrides<PodRow> = {}): PodRow {
  const namespace = overrides.namespace ?? 'default';
  const name = overrides.name ?? 'web-1';
  const pending = overrides.pending ?? false;
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    phase: pending ? 'Pending' : 'Running',
    pending,
    nodeName: pending ? undefined : 'ip-10-0-0-1',
    cpu: 250,
    memory: 512 * 1024 ** 2,
    owner: 'Deployment/web',
    ageSeconds: 120,
    describe: [],
    ...overrides,
    ...(overrides.key === undefined ? { key: `${namespace}/${name}` } : {}),
  };
}

/** A spot event row: an interruption of `i-0abc`, handled in 95 s. */
export function spotEventRow(overrides: Overrides<SpotEventRow> = {}): SpotEventRow {
  const instanceId = overrides.instanceId ?? 'i-0abc1234567890';
  return {
    key: `${instanceId}@${overrides.time ?? VIEW_FIXTURE_TIME}`,
    time: VIEW_FIXTURE_TIME,
    instanceId,
    instanceType: 'm5.large',
    zone: 'us-east-1a',
    nodeClaim: 'default-abc12',
    kind: 'interruption',
    action: 'cordoned, drained, terminated; replaced by default-xyz98',
    tookSeconds: 95,
    done: true,
    ...overrides,
  };
}

/** A what-if: $4.21 → $3.10, 3 → 2 nodes, nothing unschedulable. */
export function whatIfView(overrides: Overrides<DecisionWhatIfView> = {}): DecisionWhatIfView {
  return {
    before: { nodes: 3, pricePerHour: 4.21, pricesIncomplete: false },
    after: { nodes: 2, pricePerHour: 3.1, pricesIncomplete: false },
    newlyUnschedulable: [],
    newlyUnschedulableTotal: 0,
    driftedNodes: 0,
    ...overrides,
  };
}

/** A pending Decision held by a person: a Git change to NodePool `default`. */
export function decisionRow(overrides: Overrides<DecisionRow> = {}): DecisionRow {
  const name = overrides.name ?? 'git-change-3f2a91c';
  return {
    key: name,
    name,
    cluster: 'sandbox',
    kind: 'git-change',
    state: 'pending',
    summary: 'update NodePool default: limits.cpu 100 → 50',
    revision: '3f2a91c',
    ageSeconds: 90,
    waitingFor: 'approval by a person',
    heldBy: 'person',
    changes: [{ action: 'update', kind: 'NodePool', name: 'default', nodes: 2 }],
    diff: '--- live NodePool default\n+++ git NodePool default\n@@ spec.limits @@\n-  cpu: 100\n+  cpu: 50\n',
    whatIf: whatIfView(),
    history: [{ state: 'pending', at: VIEW_FIXTURE_TIME, by: 'karpd' }],
    ...overrides,
    ...(overrides.key === undefined ? { key: name } : {}),
  };
}

/** A log line: info `reconciled`. */
export function logLineRow(overrides: Overrides<LogLineRow> = {}): LogLineRow {
  return { key: '1', time: VIEW_FIXTURE_TIME, level: 'info', message: 'reconciled', fields: 'cluster=sandbox', ...overrides };
}

/** `count` history samples, 30 s apart, prices rising from $3 and pending pods cycling. */
export function historySamples(count: number): HistorySample[] {
  const start = Date.parse(VIEW_FIXTURE_TIME) - count * 30_000;
  return Array.from({ length: count }, (_, i) => ({
    at: new Date(start + i * 30_000).toISOString(),
    pricePerHour: 3 + (i % 10) * 0.15,
    pendingPods: i % 4,
  }));
}

/** A simulated cluster `sandbox` with one row in every window. */
export function clusterView(overrides: Overrides<ClusterView> = {}): ClusterView {
  return {
    name: 'sandbox',
    cloud: 'sim',
    simulated: true,
    header: clusterHeader(),
    pools: [poolRow()],
    nodeClaims: [nodeClaimRow()],
    pods: [podRow()],
    spotEvents: [spotEventRow()],
    decisions: [decisionRow()],
    history: historySamples(20),
    ...overrides,
  };
}

/** A view model with one cluster (`sandbox`) and one log line, version 1. */
export function viewModel(overrides: Overrides<ViewModel> = {}): ViewModel {
  return {
    schema: VIEW_MODEL_SCHEMA,
    version: 1,
    generatedAt: VIEW_FIXTURE_TIME,
    clusters: [clusterView()],
    log: [logLineRow()],
    ...overrides,
  };
}

/** `count` NodeClaim rows named `pool-00001`…, varied in type, zone, usage, price and age (the benchmark's fleet). */
export function nodeClaimRows(count: number, pool = 'default'): NodeClaimRow[] {
  const types = ['m5.large', 'm5.xlarge', 'c5.2xlarge', 'r5.large'];
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  return Array.from({ length: count }, (_, i) =>
    nodeClaimRow({
      name: `${pool}-${String(i + 1).padStart(5, '0')}`,
      nodePool: pool,
      instanceType: types[i % types.length],
      zone: zones[i % zones.length],
      capacityType: i % 3 === 0 ? 'spot' : 'on-demand',
      ageSeconds: 60 + ((i * 37) % 5000),
      cpu: { used: (i * 137) % 2000, limit: 2000 },
      memory: { used: ((i * 91) % 8) * GI, limit: 8 * GI },
      pricePerHour: 0.05 + (i % 17) * 0.01,
      pods: i % 11,
    }),
  );
}

/** A verdict: node `default-abc12` of pool `default` stays because a pod has do-not-disrupt. */
export function nodeVerdict(overrides: Overrides<NodeVerdict> = {}): NodeVerdict {
  return {
    node: 'default-abc12',
    nodeClaim: 'default-abc12',
    nodePool: 'default',
    kind: 'pod-blocked',
    message: 'pod airflow/scheduler-0 has do-not-disrupt',
    ...overrides,
  };
}

/** A claim being disrupted: `default-abc12`, replaced by single-node consolidation, replacements launching. */
export function disruptingClaim(overrides: Overrides<DisruptingClaim> = {}): DisruptingClaim {
  return {
    nodeClaim: 'default-abc12',
    node: 'default-abc12',
    nodePool: 'default',
    method: 'single-node-consolidation',
    reason: 'Underutilized',
    phase: 'launching',
    summary: 'replace m5.2xlarge with m5.large, saves $0.29/h',
    decision: 'consolidation-7f3a2',
    since: VIEW_FIXTURE_TIME,
    ...overrides,
  };
}

/** A pool budget: `default`, Underutilized, 2 of 3 left out of 12 nodes. */
export function poolBudgetReport(overrides: Overrides<PoolBudgetReport> = {}): PoolBudgetReport {
  return { nodePool: 'default', reason: 'Underutilized', allowed: 3, disrupting: 1, total: 12, remaining: 2, ...overrides };
}

/** A disruption report generated at the fixture time with the given verdicts, budgets and claims. */
export function disruptionReport(overrides: Overrides<DisruptionReport> = {}): DisruptionReport {
  return { generatedAt: VIEW_FIXTURE_TIME, verdicts: [], budgets: [], disrupting: [], ...overrides };
}

/** A node Decision's plan: replace one m5.2xlarge of `default` by an m5.large, evicting 3 pods. */
export function nodeDisruptionPlan(overrides: Overrides<NodeDisruptionPlan> = {}): NodeDisruptionPlan {
  return {
    method: 'single-node-consolidation',
    reason: 'Underutilized',
    action: 'replace',
    remove: [
      {
        name: 'ip-10-0-0-7',
        nodeClaim: 'default-abc12',
        nodePool: 'default',
        instanceType: 'm5.2xlarge',
        capacityType: 'on-demand',
        zone: 'us-east-1a',
        pricePerHour: 0.384,
        pods: 3,
      },
    ],
    launch: [{ nodePool: 'default', instanceTypes: ['m5.large', 'm5a.large'], capacityType: 'on-demand', pricePerHour: 0.096 }],
    evictedPods: ['shop/web-1', 'shop/web-2', 'shop/cart-0'],
    evictedPodsTotal: 3,
    pdbsAtRisk: ['shop/web'],
    budgets: [{ nodePool: 'default', reason: 'Underutilized', remaining: 1 }],
    priceBefore: 0.384,
    priceAfter: 0.096,
    ...overrides,
  };
}

/** A pending node Decision held by a person: a consolidation of `default-abc12` (no revision, no objects, no diff). */
export function nodeDecisionRow(overrides: Overrides<DecisionRow> = {}): DecisionRow {
  const name = overrides.name ?? 'consolidation-7f3a2';
  const { revision: _revision, whatIf: _whatIf, ...gitChange } = decisionRow({ name });
  return {
    ...gitChange,
    kind: 'consolidation',
    summary: 'replace m5.2xlarge with m5.large, saves $0.29/h',
    changes: [],
    diff: '',
    plan: nodeDisruptionPlan(),
    waitingFor: 'consolidation policy manual',
    ...overrides,
  };
}
