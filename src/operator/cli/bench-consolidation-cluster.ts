/**
 * The cluster `karpd bench consolidation` runs on, built from a seed (mulberry32): initialized nodes of four
 * NodePools (general on-demand + spot, spark-batch spot only, airflow-worker and trino on-demand, the last three
 * tainted), mixed instance sizes of c/m/r-like families, Deployments of various sizes (some spread across zones,
 * some one per node), a DaemonSet pod on every node, and each node filled to 25–90 % of its cpu so consolidation
 * has something to find. Also the candidates the candidate builder would make of those nodes (karpenter-semantics.md
 * §4.3: price of the node's offering, disruption cost = its pods).
 */
import type { DaemonSet, Pod, Taint } from '../../apis/core-v1.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import { type CapacityType, Labels } from '../../apis/well-known-labels.js';
import { type Candidate, DEFAULT_DISRUPTION_SETTINGS, type DisruptionSnapshot } from '../../disruption/types.js';
import type { InstanceType, Offering } from '../../scheduling/instance-type.js';
import { type Rng, mulberry32 } from '../../scheduling/rng.js';
import type { StateNode } from '../../state/state-node.js';

const GI = 1024 ** 3;
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const TIME = '2026-01-01T00:00:00Z';
/** Family → memory GiB per vCPU and on-demand $ per vCPU-hour (shaped like c5/m5/r5). */
const FAMILIES: Record<string, { memory: number; price: number }> = {
  c: { memory: 2, price: 0.0425 },
  m: { memory: 4, price: 0.048 },
  r: { memory: 8, price: 0.063 },
};
const SIZES: Record<string, number> = { large: 2, xlarge: 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32, '12xlarge': 48, '16xlarge': 64 };

/** One NodePool of the bench: which families, capacity types and sizes its nodes have, and its workloads. */
interface PoolShape {
  readonly name: string;
  readonly share: number;
  readonly families: readonly string[];
  readonly capacityTypes: readonly CapacityType[];
  /** Sizes its existing nodes were launched as. */
  readonly sizes: readonly string[];
  readonly tainted: boolean;
  /** Deployments: name, cpu millis, memory GiB, spread (zone spread), one per node (hostname anti-affinity). */
  readonly deployments: ReadonlyArray<{ name: string; cpu: number; memory: number; spread?: boolean; onePerNode?: boolean }>;
}

const POOLS: readonly PoolShape[] = [
  {
    name: 'general',
    share: 0.45,
    families: ['c', 'm', 'r'],
    capacityTypes: ['on-demand', 'spot'],
    sizes: ['xlarge', '2xlarge', '4xlarge'],
    tainted: false,
    deployments: [
      { name: 'web', cpu: 250, memory: 0.5, spread: true },
      { name: 'api', cpu: 500, memory: 1, spread: true },
      { name: 'cache', cpu: 1000, memory: 4, onePerNode: true },
      { name: 'worker', cpu: 750, memory: 1.5 },
      { name: 'cron', cpu: 100, memory: 0.25 },
    ],
  },
  {
    name: 'spark-batch',
    share: 0.25,
    families: ['m', 'r'],
    capacityTypes: ['spot'],
    sizes: ['2xlarge', '4xlarge', '8xlarge'],
    tainted: true,
    deployments: [
      { name: 'spark-executor', cpu: 2000, memory: 8 },
      { name: 'spark-driver', cpu: 1000, memory: 4, onePerNode: true },
    ],
  },
  {
    name: 'airflow-worker',
    share: 0.2,
    families: ['m'],
    capacityTypes: ['on-demand'],
    sizes: ['xlarge', '2xlarge'],
    tainted: true,
    deployments: [
      { name: 'airflow-worker', cpu: 500, memory: 2 },
      { name: 'airflow-scheduler', cpu: 1000, memory: 2, onePerNode: true },
    ],
  },
  {
    name: 'trino',
    share: 0.1,
    families: ['r'],
    capacityTypes: ['on-demand'],
    sizes: ['4xlarge', '8xlarge'],
    tainted: true,
    deployments: [
      { name: 'trino-worker', cpu: 2000, memory: 12 },
      { name: 'trino-coordinator', cpu: 500, memory: 4, onePerNode: true },
    ],
  },
];

/** The bench's instance types: every family × size, offered in three zones on-demand and spot (spot 30–45 % off, by zone). */
export function benchInstanceTypes(rng: Rng): InstanceType[] {
  const out: InstanceType[] = [];
  for (const [family, shape] of Object.entries(FAMILIES)) {
    for (const [size, cpu] of Object.entries(SIZES)) {
      const name = `${family}5.${size}`;
      const price = Math.round(shape.price * cpu * 1e4) / 1e4;
      const offerings: Offering[] = ZONES.flatMap((zone) => [
        { zone, capacityType: 'on-demand' as const, price, available: true },
        { zone, capacityType: 'spot' as const, price: Math.round(price * (0.55 + 0.15 * rng.next()) * 1e4) / 1e4, available: true },
      ]);
      const capacity = { cpu: cpu * 1000, memory: cpu * shape.memory * GI, pods: 110 };
      const allocatable = { cpu: capacity.cpu - 80, memory: capacity.memory - 0.6 * GI, pods: 110 };
      out.push({
        name,
        requirements: [
          { key: Labels.instanceType, operator: 'In', values: [name] },
          { key: Labels.instanceFamily, operator: 'In', values: [`${family}5`] },
          { key: Labels.instanceCategory, operator: 'In', values: [family] },
          { key: Labels.instanceSize, operator: 'In', values: [size] },
          { key: Labels.arch, operator: 'In', values: ['amd64'] },
          { key: Labels.os, operator: 'In', values: ['linux'] },
          { key: Labels.zone, operator: 'In', values: ZONES },
          { key: Labels.capacityType, operator: 'In', values: ['on-demand', 'spot'] },
        ],
        capacity,
        overhead: { kubeReserved: { cpu: 80, memory: 0.6 * GI }, systemReserved: {}, evictionThreshold: {} },
        allocatable,
        offerings,
      });
    }
  }
  return out;
}

function taintOf(shape: PoolShape): Taint[] {
  return shape.tainted ? [{ key: shape.name, value: 'true', effect: 'NoSchedule' }] : [];
}

function poolOf(shape: PoolShape): NodePool {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: shape.name },
    spec: {
      template: {
        metadata: { labels: { workload: shape.name } },
        spec: {
          requirements: [
            { key: Labels.instanceCategory, operator: 'In', values: [...shape.families] },
            { key: Labels.capacityType, operator: 'In', values: [...shape.capacityTypes] },
          ],
          taints: taintOf(shape),
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
        },
      },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '0s' },
    },
  };
}

type Deployment = PoolShape['deployments'][number];

function benchPod(shape: PoolShape, deployment: Deployment, name: string, nodeName: string): Pod {
  const app = { app: deployment.name };
  const affinity = deployment.onePerNode
    ? {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: app }, topologyKey: Labels.hostname }],
        },
      }
    : undefined;
  const spread = deployment.spread
    ? [{ maxSkew: 2, topologyKey: Labels.zone, whenUnsatisfiable: 'ScheduleAnyway' as const, labelSelector: { matchLabels: app } }]
    : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: shape.name,
      uid: `uid-${name}`,
      creationTimestamp: TIME,
      labels: app,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: deployment.name, uid: `rs-${deployment.name}` }],
    },
    spec: {
      nodeName,
      containers: [
        { name: 'app', resources: { requests: { cpu: `${deployment.cpu}m`, memory: `${Math.round(deployment.memory * 1024)}Mi` } } },
      ],
      ...(shape.tainted ? { tolerations: [{ key: shape.name, operator: 'Equal', value: 'true', effect: 'NoSchedule' }] } : {}),
      ...(shape.tainted ? { nodeSelector: { workload: shape.name } } : {}),
      ...(affinity !== undefined ? { affinity } : {}),
      ...(spread !== undefined ? { topologySpreadConstraints: spread } : {}),
    },
    status: { phase: 'Running' },
  };
}

const AGENT_SPEC = {
  tolerations: [{ operator: 'Exists' as const }],
  containers: [{ name: 'agent', resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
};

/** The DaemonSet whose pod runs on every node (its requests are reserved on new NodeClaims too). */
function nodeAgent(): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'node-agent', namespace: 'kube-system', creationTimestamp: TIME },
    spec: { selector: { matchLabels: { app: 'node-agent' } }, template: { metadata: { labels: { app: 'node-agent' } }, spec: AGENT_SPEC } },
  };
}

function daemonPod(nodeName: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `node-agent-${nodeName}`,
      namespace: 'kube-system',
      uid: `uid-agent-${nodeName}`,
      creationTimestamp: TIME,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'node-agent', uid: 'ds-node-agent' }],
    },
    spec: { nodeName, ...AGENT_SPEC },
    status: { phase: 'Running' },
  };
}

/** The Node, NodeClaim and pods of one machine, filled with the pool's pods to `fill` of its cpu. */
function machine(
  index: number,
  shape: PoolShape,
  nodePool: NodePool,
  type: InstanceType,
  rng: Rng,
): { stateNode: StateNode; candidate: Candidate } {
  const name = `ip-10-0-${Math.floor(index / 250)}-${index % 250}`;
  const zone = rng.pick(ZONES);
  const capacityType = rng.pick(shape.capacityTypes);
  const labels: Record<string, string> = {
    [Labels.nodePool]: shape.name,
    [Labels.instanceType]: type.name,
    [Labels.zone]: zone,
    [Labels.capacityType]: capacityType,
    [Labels.arch]: 'amd64',
    [Labels.os]: 'linux',
    [Labels.hostname]: name,
    [Labels.initialized]: 'true',
    [Labels.registered]: 'true',
    [Labels.instanceCategory]: type.name[0],
    [Labels.instanceFamily]: type.name.split('.')[0],
    [Labels.instanceSize]: type.name.split('.')[1],
    workload: shape.name,
  };
  const allocatable = { cpu: `${type.allocatable.cpu}m`, memory: `${Math.round(type.allocatable.memory / 1024 ** 2)}Mi`, pods: '110' };
  const providerID = `aws:///${zone}/i-${index.toString(16).padStart(8, '0')}`;
  const conditions = ['Launched', 'Registered', 'Initialized', 'Ready', 'Consolidatable'].map((t) => ({
    type: t,
    status: 'True' as const,
    lastTransitionTime: TIME,
  }));
  const nodeClaim: NodeClaim = {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: { name: `${shape.name}-${index}`, labels, creationTimestamp: TIME },
    spec: { requirements: [], taints: taintOf(shape), nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } },
    status: { providerID, nodeName: name, allocatable, capacity: allocatable, conditions },
  };
  const node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, creationTimestamp: TIME },
    spec: { providerID, taints: taintOf(shape) },
    status: { allocatable, capacity: allocatable, conditions: [{ type: 'Ready', status: 'True' as const }] },
  };
  const pods: Pod[] = [daemonPod(name)];
  const fill = 0.55 + 0.4 * rng.next();
  let cpu = 100;
  let memory = 128 / 1024;
  const onePerNode = new Set<string>();
  for (let tries = 0; tries < 60 && cpu < fill * type.allocatable.cpu; tries++) {
    const deployment = rng.pick(shape.deployments);
    if (deployment.onePerNode && onePerNode.has(deployment.name)) continue;
    if (cpu + deployment.cpu > type.allocatable.cpu || (memory + deployment.memory) * GI > type.allocatable.memory) continue;
    if (deployment.onePerNode) onePerNode.add(deployment.name);
    cpu += deployment.cpu;
    memory += deployment.memory;
    pods.push(benchPod(shape, deployment, `${deployment.name}-${index}-${pods.length}`, name));
  }
  const stateNode: StateNode = { providerID, node, nodeClaim, pods, markedForDeletion: false };
  const offering = type.offerings.find((o) => o.zone === zone && o.capacityType === capacityType);
  const reschedulablePods = pods.slice(1);
  const candidate: Candidate = {
    name,
    stateNode,
    nodeClaim,
    nodePool,
    instanceType: type,
    zone,
    capacityType,
    price: offering?.price ?? 0,
    priceKnown: offering !== undefined,
    reschedulablePods,
    disruptionCost: reschedulablePods.length,
  };
  return { stateNode, candidate };
}

/** The pool a draw in [0, 1) falls into, by the pools' shares. */
function poolIndex(draw: number): number {
  let left = draw;
  for (let i = 0; i < POOLS.length; i++) {
    left -= POOLS[i].share;
    if (left < 0) return i;
  }
  return 0;
}

/** The bench cluster: a snapshot of `nodes` initialized nodes and a candidate for each. */
export function benchCluster(nodes: number, seed: number): { snapshot: DisruptionSnapshot; candidates: Candidate[] } {
  const rng = mulberry32(seed);
  const types = benchInstanceTypes(rng);
  const pools = POOLS.map(poolOf);
  const stateNodes: StateNode[] = [];
  const candidates: Candidate[] = [];
  for (let i = 0; i < nodes; i++) {
    const index = poolIndex(rng.next());
    const shape = POOLS[index];
    const typeName = `${rng.pick(shape.families)}5.${rng.pick(shape.sizes)}`;
    const type = types.find((t) => t.name === typeName)!;
    const built = machine(i, shape, pools[index], type, rng);
    stateNodes.push(built.stateNode);
    candidates.push(built.candidate);
  }
  return {
    snapshot: {
      now: Date.parse(TIME) + 86_400_000,
      nodes: stateNodes,
      pendingPods: [],
      nodePools: pools,
      instanceTypes: new Map(pools.map((p) => [p.metadata.name ?? '', types])),
      podDisruptionBudgets: [],
      daemonSets: [nodeAgent()],
      settings: DEFAULT_DISRUPTION_SETTINGS,
    },
    candidates,
  };
}
