/**
 * A large, deterministic fleet for `karpd bench ui`: N launched NodeClaims with their Nodes spread over four
 * pools, three zones and a mix of spot and on-demand, and M pods bound round-robin to them (a few pending),
 * as the view model's input. Plain `src/apis` objects, so the bench needs nothing from the test folders.
 */
import type { Node, Pod } from '../../src/apis/core-v1.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { NodePool } from '../../src/apis/nodepool.js';
import { Labels } from '../../src/apis/well-known-labels.js';
import type { ClusterViewInput, ViewInput } from '../../src/observe/view-model/view-input.js';

const POOLS = ['airflow-worker', 'spark-batch', 'trino-xsmall', 'jupyterhub-small'] as const;
const TYPES = [
  { name: 'm5.large', cpu: '2', memory: '8Gi', price: 0.096 },
  { name: 'm5.xlarge', cpu: '4', memory: '16Gi', price: 0.192 },
  { name: 'r5.2xlarge', cpu: '8', memory: '64Gi', price: 0.504 },
  { name: 'c5.4xlarge', cpu: '16', memory: '32Gi', price: 0.68 },
] as const;
const ZONES = ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'] as const;
const CREATED = '2026-01-01T00:00:00Z';
const LIFECYCLE = ['Launched', 'Registered', 'Initialized'] as const;

function nodePool(name: string, weight: number): NodePool {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name, uid: `pool-${name}`, creationTimestamp: CREATED },
    spec: {
      weight,
      limits: { cpu: '20000', memory: '80000Gi' },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', budgets: [{ nodes: '10%' }] },
      template: {
        spec: {
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
          requirements: [{ key: Labels.capacityType, operator: 'In', values: ['spot', 'on-demand'] }],
          taints: [{ key: name, effect: 'NoSchedule' }],
        },
      },
    },
  } as NodePool;
}

/** NodeClaim number `index`, launched, registered and initialised (its `revision` varies the object). */
export function syntheticClaim(index: number, revision = 0): NodeClaim {
  const pool = POOLS[index % POOLS.length];
  const type = TYPES[index % TYPES.length];
  const zone = ZONES[index % ZONES.length];
  const capacity = index % 3 === 0 ? 'on-demand' : 'spot';
  const name = `${pool}-${index.toString(36).padStart(5, '0')}`;
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: {
      name,
      uid: `claim-${index}`,
      resourceVersion: String(1000 + index + revision),
      creationTimestamp: CREATED,
      labels: { [Labels.nodePool]: pool, [Labels.instanceType]: type.name, [Labels.zone]: zone, [Labels.capacityType]: capacity },
      annotations: revision > 0 ? { 'bench.karpd.dev/revision': String(revision) } : {},
    },
    spec: {
      nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
      requirements: [],
    },
    status: {
      providerID: `aws:///${zone}/i-${(0x10000000 + index).toString(16).padStart(17, '0')}`,
      nodeName: `node-${index}`,
      capacity: { cpu: type.cpu, memory: type.memory, pods: '110' },
      allocatable: { cpu: type.cpu, memory: type.memory, pods: '110' },
      // Every other revision marks the claim Drifted, so the change shows in its row (the STATE column).
      conditions: [...LIFECYCLE, ...(revision % 2 === 1 ? ['Drifted'] : [])].map((condition) => ({
        type: condition,
        status: 'True',
        lastTransitionTime: CREATED,
        reason: condition,
        message: '',
      })),
    },
  } as NodeClaim;
}

function syntheticNode(claim: NodeClaim): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: claim.status?.nodeName ?? '',
      uid: `node-${claim.metadata.uid}`,
      labels: claim.metadata.labels,
      creationTimestamp: CREATED,
    },
    spec: { providerID: claim.status?.providerID },
    status: { allocatable: claim.status?.allocatable, capacity: claim.status?.capacity },
  } as Node;
}

function syntheticPod(index: number, nodes: number, pendingEvery: number): Pod {
  const pool = POOLS[index % POOLS.length];
  const pending = index % pendingEvery === 0;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${pool}-pod-${index}`,
      namespace: 'data',
      uid: `pod-${index}`,
      creationTimestamp: CREATED,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${pool}-rs`, uid: `rs-${pool}`, controller: true }],
    },
    spec: {
      ...(pending ? {} : { nodeName: `node-${(index * 7) % nodes}` }),
      nodeSelector: { NodePool: pool },
      tolerations: [{ key: pool, operator: 'Exists', effect: 'NoSchedule' }],
      containers: [{ name: 'main', image: 'busybox', resources: { requests: { cpu: '100m', memory: '256Mi' } } }],
    },
    status: { phase: pending ? 'Pending' : 'Running' },
  } as Pod;
}

const VERDICTS = [
  { kind: 'savings', method: 'single-node-consolidation', message: 'replacement would save only $0.01/h' },
  { kind: 'pod-blocked', method: undefined, message: 'pod data/trino-coordinator-0 has do-not-disrupt' },
  { kind: 'budget', method: 'drift', message: 'budget for Drifted in spark-batch is 0 until 17:00' },
  { kind: 'no-fit', method: 'single-node-consolidation', message: 'its 12 pods would need a new node no cheaper than this one' },
] as const;

/**
 * The disruption controller's report for the fleet: a verdict for every claim but one in 50, which are being
 * disrupted, and a budget per pool, so the bench draws the WHY column and the budget as the dashboard does.
 */
function syntheticReport(claims: readonly NodeClaim[]): NonNullable<ClusterViewInput['disruption']> {
  return {
    generatedAt: CREATED,
    verdicts: claims
      .filter((_, index) => index % 50 !== 0)
      .map((claim, index) => {
        const verdict = VERDICTS[index % VERDICTS.length];
        return {
          node: claim.status?.nodeName ?? claim.metadata.name ?? '',
          nodeClaim: claim.metadata.name ?? '',
          nodePool: claim.metadata.labels?.[Labels.nodePool] ?? '',
          kind: verdict.kind,
          ...(verdict.method === undefined ? {} : { method: verdict.method }),
          message: verdict.message,
        };
      }),
    budgets: POOLS.map((pool) => ({ nodePool: pool, reason: 'Underutilized', allowed: 10, disrupting: 2, total: 100, remaining: 8 })),
    disrupting: claims
      .filter((_, index) => index % 50 === 0)
      .map((claim) => ({
        nodeClaim: claim.metadata.name ?? '',
        nodePool: claim.metadata.labels?.[Labels.nodePool] ?? '',
        method: 'single-node-consolidation',
        reason: 'Underutilized',
        phase: 'launching',
        summary: 'replace m5.2xlarge with m5.large, saves $0.29/h',
        since: CREATED,
      })),
  };
}

/** A fleet of `nodeClaims` claims and `pods` pods as the input of one cluster's view. */
export function syntheticCluster(nodeClaims: number, pods: number): ClusterViewInput {
  const claims = Array.from({ length: nodeClaims }, (_, index) => syntheticClaim(index));
  const podList = Array.from({ length: pods }, (_, index) => syntheticPod(index, nodeClaims, 500));
  const priceOf = new Map<string, number>(TYPES.map((type) => [type.name, type.price]));
  return {
    name: 'bench',
    cloud: 'sim',
    objects: {
      nodes: claims.map(syntheticNode),
      pods: podList,
      nodeClaims: claims,
      nodePools: POOLS.map((pool, index) => nodePool(pool, 10 * index)),
      nodeClasses: [],
      daemonSets: [],
      podDisruptionBudgets: [],
      nominatedPods: new Map(),
    },
    decisions: [],
    pendingReasons: new Map(
      podList
        .filter((pod) => pod.spec.nodeName === undefined)
        .map((pod) => [`data/${pod.metadata.name}`, 'all nodepools reached their limits']),
    ),
    spotEvents: [],
    price: (instanceType, capacityType) => {
      const onDemand = priceOf.get(instanceType);
      return onDemand === undefined ? undefined : capacityType === 'spot' ? onDemand * 0.35 : onDemand;
    },
    history: [],
    disruption: syntheticReport(claims),
  };
}

/** `cluster` with claim `index` replaced by a changed copy (a new object, as an informer delivers it). */
export function withChangedClaim(cluster: ClusterViewInput, index: number, revision: number): ClusterViewInput {
  const nodeClaims = cluster.objects.nodeClaims.slice();
  nodeClaims[index] = syntheticClaim(index, revision);
  return { ...cluster, objects: { ...cluster.objects, nodeClaims } };
}

/** The view input of one cluster at `now`. */
export function viewInputOf(cluster: ClusterViewInput, version: number, now: Date): ViewInput {
  return { now, version, clusters: [cluster], log: [] };
}
