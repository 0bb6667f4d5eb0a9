import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Pod, Taint } from '../../src/apis/core-v1.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { NodePool } from '../../src/apis/nodepool.js';
import type { InstanceType } from '../../src/scheduling/instance-type.js';
import { podKey } from '../../src/scheduling/pod-info.js';
import { podRequests } from '../../src/scheduling/pod-requests.js';
import { Requirements } from '../../src/scheduling/requirements.js';
import { fromResourceList } from '../../src/scheduling/resources.js';
import { type Rng, mulberry32 } from '../../src/scheduling/rng.js';
import type { SchedulingSnapshot, SolveResult } from '../../src/scheduling/snapshot.js';
import { solve } from '../../src/scheduling/solve.js';
import { SolveCache } from '../../src/scheduling/solve-cache.js';
import { tolerates } from '../../src/scheduling/taints.js';
import { daemonSet, instanceType, node, nodeClaim, nodePool, pod, snapshot } from '../../src/testing/index.js';

const ZONES = ['z1', 'z2', 'z3'];
const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const APPS = ['a', 'b', 'c'];

interface Cluster {
  snap: SchedulingSnapshot;
  pending: Pod[];
  pools: Array<{ pool: NodePool; types: InstanceType[] }>;
}

function randomTypes(rng: Rng, prefix: string): InstanceType[] {
  return Array.from({ length: 1 + rng.int(6) }, (_, i) => {
    const cpu = 1 + rng.int(16);
    return instanceType({
      name: `${prefix}-${i}`,
      cpu: String(cpu),
      memory: `${cpu * (1 + rng.int(8))}Gi`,
      pods: String(2 + rng.int(20)),
      arch: rng.pick(['amd64', 'arm64']),
      zones: ZONES,
      price: cpu * 0.05 + rng.int(5) / 100,
      unavailable: rng.next() < 0.3 ? [`${rng.pick(ZONES)}/spot`] : [],
      ...(rng.next() < 0.25 ? { resources: { 'nvidia.com/gpu': String(1 + rng.int(4)) } } : {}),
    });
  });
}

function randomPool(rng: Rng, index: number): { pool: NodePool; types: InstanceType[] } {
  const name = `pool-${index}`;
  const taints: Taint[] = rng.next() < 0.3 ? [{ key: name, effect: 'NoSchedule' }] : [];
  const requirements = rng.next() < 0.3 ? [{ key: ZONE, operator: 'In' as const, values: ZONES.slice(0, 1 + rng.int(3)) }] : [];
  const limits = rng.next() < 0.4 ? { cpu: String(4 + rng.int(40)) } : undefined;
  const pool = nodePool({
    metadata: { name },
    spec: { weight: rng.int(3), template: { spec: { taints, requirements } }, ...(limits ? { limits } : {}) },
  });
  return { pool, types: randomTypes(rng, name) };
}

/**
 * Spread pods carry `spread=<app>`, select on it with one maxSkew per app and have no node selector (so every
 * spread of an app counts the same nodes): the final skew is then exactly checkable.
 */
const MAX_SKEW: Record<string, number> = { a: 1, b: 2, c: 1 };

function randomPod(rng: Rng, i: number): Pod {
  const app = rng.pick(APPS);
  const kind = rng.int(6);
  const spreads = kind === 1;
  const together = kind === 4;
  return pod({
    name: `p${i}`,
    labels: spreads ? { app, spread: app } : together ? { app, together: app } : { app },
    requests: {
      cpu: `${rng.pick([100, 250, 500, 1000, 2000, 4000])}m`,
      memory: `${rng.pick([128, 512, 1024, 4096])}Mi`,
      ...(rng.next() < 0.1 ? { 'nvidia.com/gpu': String(1 + rng.int(2)) } : {}),
    },
    ...(rng.next() < 0.3 ? { tolerations: [{ key: `pool-${rng.int(3)}`, operator: 'Exists' as const }] } : {}),
    ...(!spreads && rng.next() < 0.2 ? { nodeSelector: { 'kubernetes.io/arch': rng.pick(['amd64', 'arm64']) } } : {}),
    ...(together ? { podAffinity: [{ topologyKey: ZONE, labelSelector: { matchLabels: { together: app } } }] } : {}),
    ...(!spreads && !together && rng.next() < 0.15
      ? { nodeRequirements: [{ key: ZONE, operator: 'In' as const, values: [rng.pick(ZONES), rng.pick(ZONES)] }] }
      : {}),
    ...(spreads
      ? {
          topologySpreadConstraints: [
            {
              maxSkew: MAX_SKEW[app],
              topologyKey: ZONE,
              whenUnsatisfiable: 'DoNotSchedule' as const,
              labelSelector: { matchLabels: { spread: app } },
            },
          ],
        }
      : {}),
    ...(kind === 2 ? { podAntiAffinity: [{ topologyKey: HOST, labelSelector: { matchLabels: { app } } }] } : {}),
    ...(kind === 3 ? { hostPorts: [8080] } : {}),
  });
}

function randomCluster(seed: number): Cluster {
  const rng = mulberry32(seed);
  const pools = Array.from({ length: 1 + rng.int(3) }, (_, i) => randomPool(rng, i));
  const nodes = Array.from({ length: rng.int(3) }, (_, i) => {
    const name = `node-${i}`;
    const n = node({
      name,
      labels: { [ZONE]: rng.pick(ZONES), 'kubernetes.io/arch': 'amd64' },
      allocatable: { cpu: String(2 + rng.int(6)), memory: '16Gi', pods: '10' },
      ...(rng.next() < 0.3 ? { taints: [{ key: 'pool-0', effect: 'NoSchedule' as const }] } : {}),
    });
    return { node: n, pods: [pod({ name: `bound-${i}`, labels: { app: rng.pick(APPS) }, nodeName: name, requests: { cpu: '500m' } })] };
  });
  const daemonSets = rng.next() < 0.5 ? [daemonSet({ name: 'agent', requests: { cpu: '100m', memory: '64Mi' } })] : [];
  const pending = Array.from({ length: 1 + rng.int(25) }, (_, i) => randomPod(rng, i));
  const inFlight = rng.next() < 0.5 ? [inFlightClaim(rng, rng.pick(pools))] : [];
  return { snap: snapshot({ pools, nodes: [...nodes, ...inFlight], daemonSets }), pending, pools };
}

/** A NodeClaim of `pool` launched before this round, pinned to one of its types and one zone, with no Node yet. */
function inFlightClaim(rng: Rng, { pool, types }: { pool: NodePool; types: InstanceType[] }): { nodeClaim: NodeClaim } {
  const type = rng.pick(types);
  return {
    nodeClaim: nodeClaim({
      metadata: { name: `inflight-${pool.metadata.name}`, labels: { 'karpenter.sh/nodepool': pool.metadata.name! } },
      spec: {
        requirements: [
          { key: 'node.kubernetes.io/instance-type', operator: 'In', values: [type.name] },
          { key: ZONE, operator: 'In', values: [rng.pick(ZONES)] },
        ],
        taints: pool.spec.template.spec.taints ?? [],
      },
    }),
  };
}

const add = (a: Record<string, number>, b: Record<string, number>): Record<string, number> => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
};
const fitsIn = (req: Record<string, number>, cap: Record<string, number>): boolean =>
  Object.entries(req).every(([k, v]) => v <= (cap[k] ?? 0));

function podsOn(result: SolveResult, cluster: Cluster, target: string): Pod[] {
  const keys = new Set(result.placements.filter((p) => p.target === target).map((p) => p.pod));
  return cluster.pending.filter((p) => keys.has(podKey(p)));
}

function checkNewClaims(result: SolveResult, cluster: Cluster): void {
  for (const claim of result.newNodeClaims) {
    const { pool, types } = cluster.pools.find((p) => p.pool.metadata.name === claim.nodePool)!;
    const claimReqs = Requirements.from(claim.requirements);
    const placed = podsOn(result, cluster, claim.name);
    const demand = placed.reduce((sum, p) => add(sum, { ...podRequests(p), pods: 1 }), {} as Record<string, number>);
    for (const option of claim.instanceTypeOptions) {
      const t = types.find((x) => x.name === option.name)!;
      assert.ok(fitsIn(claim.requests, t.allocatable), `claim ${claim.name} over-commits ${t.name}`);
      assert.ok(fitsIn(demand, t.allocatable), `pods of ${claim.name} over-commit ${t.name}`);
      assert.ok(Requirements.from(t.requirements).intersects(claimReqs), `${t.name} does not meet ${claim.name}'s requirements`);
    }
    for (const p of placed) {
      assert.ok(tolerates(p.spec.tolerations, pool.spec.template.spec.taints).ok, `${podKey(p)} does not tolerate ${claim.nodePool}`);
      assert.ok(claimReqs.compatible(Requirements.fromLabels(p.spec.nodeSelector)).ok, `${podKey(p)} nodeSelector vs ${claim.name}`);
      const terms = p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
      if (terms.length > 0)
        assert.ok(
          terms.some((t) => claimReqs.compatible(Requirements.from(t.matchExpressions)).ok),
          `${podKey(p)} node affinity vs ${claim.name}`,
        );
    }
  }
}

function checkInFlightClaims(result: SolveResult, cluster: Cluster): void {
  for (const n of cluster.snap.nodes) {
    if (n.nodeClaim === undefined) continue;
    const claim = n.nodeClaim;
    const placed = podsOn(result, cluster, claim.metadata.name!);
    const typeName = claim.spec.requirements.find((r) => r.key === 'node.kubernetes.io/instance-type')!.values![0];
    const type = cluster.pools.flatMap((p) => p.types).find((t) => t.name === typeName)!;
    const used = placed.reduce((sum, p) => add(sum, { ...podRequests(p), pods: 1 }), {} as Record<string, number>);
    assert.ok(fitsIn(used, type.allocatable), `in-flight ${claim.metadata.name} over-committed`);
    for (const p of placed)
      assert.ok(tolerates(p.spec.tolerations, claim.spec.taints).ok, `${podKey(p)} does not tolerate ${claim.metadata.name}`);
  }
}

function checkExistingNodes(result: SolveResult, cluster: Cluster): void {
  checkInFlightClaims(result, cluster);
  for (const n of cluster.snap.nodes) {
    if (n.node === undefined) continue;
    const name = n.node!.metadata.name!;
    const placed = podsOn(result, cluster, name);
    const used = [...n.pods, ...placed].reduce((sum, p) => add(sum, { ...podRequests(p), pods: 1 }), {} as Record<string, number>);
    if (placed.length > 0) assert.ok(fitsIn(used, fromResourceList(n.node!.status!.allocatable)), `node ${name} over-committed`);
    const labels = Requirements.fromLabels(n.node!.metadata.labels);
    for (const p of placed) {
      assert.ok(tolerates(p.spec.tolerations, n.node!.spec.taints).ok, `${podKey(p)} does not tolerate ${name}`);
      assert.ok(
        labels.compatible(Requirements.fromLabels(p.spec.nodeSelector), { allowUndefined: new Set() }).ok,
        `${podKey(p)} selector vs ${name}`,
      );
    }
  }
}

function checkLimits(result: SolveResult, cluster: Cluster): void {
  for (const { pool, types } of cluster.pools) {
    const limit = pool.spec.limits?.cpu;
    if (limit === undefined) continue;
    let used = 0;
    for (const claim of result.newNodeClaims.filter((c) => c.nodePool === pool.metadata.name)) {
      used += Math.max(...claim.instanceTypeOptions.map((o) => types.find((t) => t.name === o.name)!.capacity.cpu));
    }
    let inFlight = 0;
    for (const n of cluster.snap.nodes) {
      if (n.nodeClaim === undefined || n.nodeClaim.metadata.labels?.['karpenter.sh/nodepool'] !== pool.metadata.name) continue;
      const typeName = n.nodeClaim.spec.requirements.find((r) => r.key === 'node.kubernetes.io/instance-type')!.values![0];
      inFlight += types.find((t) => t.name === typeName)!.capacity.cpu;
    }
    if (used > 0)
      assert.ok(
        used + inFlight <= Number(limit) * 1000,
        `pool ${pool.metadata.name} plans ${used}m cpu (+${inFlight}m in flight) over its limit ${limit}`,
      );
  }
}

function placedZone(result: SolveResult, cluster: Cluster, key: string): string | undefined {
  const placement = result.placements.find((p) => p.pod === key);
  if (placement === undefined) return undefined;
  if (placement.kind === 'new') {
    const zone = result.newNodeClaims
      .find((c) => c.name === placement.target)
      ?.requirements.find((r) => r.key === ZONE && r.operator === 'In');
    return zone?.values?.length === 1 ? zone.values[0] : undefined;
  }
  const target = cluster.snap.nodes.find((n) => (n.node ?? n.nodeClaim)?.metadata.name === placement.target);
  return target === undefined ? undefined : nodeZone(target);
}

function nodeZone(n: SchedulingSnapshot['nodes'][number]): string {
  return n.node?.metadata.labels?.[ZONE] ?? n.nodeClaim!.spec.requirements.find((r) => r.key === ZONE)!.values![0];
}

function checkTopology(result: SolveResult, cluster: Cluster): void {
  const universe = new Set<string>();
  for (const { pool, types } of cluster.pools) {
    const poolZones = Requirements.from(pool.spec.template.spec.requirements).get(ZONE);
    for (const z of ZONES) if (poolZones.has(z) && types.length > 0) universe.add(z);
  }
  for (const n of cluster.snap.nodes) universe.add(nodeZone(n));
  for (const app of APPS) {
    const members = cluster.pending.filter((p) => p.metadata.labels?.spread === app);
    const counts = new Map([...universe].map((z) => [z, 0]));
    for (const p of members) {
      const zone = placedZone(result, cluster, podKey(p));
      if (result.placements.some((x) => x.pod === podKey(p)))
        assert.ok(zone !== undefined, `spread pod ${podKey(p)} was placed without a zone`);
      if (zone !== undefined) counts.set(zone, (counts.get(zone) ?? 0) + 1);
    }
    const values = [...counts.values()];
    if (members.length > 0 && values.length > 0)
      assert.ok(Math.max(...values) - Math.min(...values) <= MAX_SKEW[app], `spread ${app} skewed: ${JSON.stringify([...counts])}`);
  }
  for (const app of APPS) {
    const zones = new Set(
      cluster.pending
        .filter((p) => p.metadata.labels?.together === app)
        .map((p) => placedZone(result, cluster, podKey(p)))
        .filter((z) => z !== undefined),
    );
    assert.ok(zones.size <= 1, `zonal affinity group ${app} landed in ${[...zones].join(', ')}`);
  }
  for (const p of cluster.pending.filter((x) => x.spec.affinity?.podAntiAffinity)) {
    const target = result.placements.find((x) => x.pod === podKey(p))?.target;
    if (target === undefined) continue;
    const app = p.metadata.labels!.app;
    const neighbours = podsOn(result, cluster, target).filter((o) => o !== p && o.metadata.labels?.app === app);
    const bound =
      cluster.snap.nodes.find((n) => n.node?.metadata.name === target)?.pods.filter((o) => o.metadata.labels?.app === app) ?? [];
    assert.equal(neighbours.length + bound.length, 0, `anti-affinity pod ${podKey(p)} shares ${target}`);
  }
}

describe('solve properties over random clusters', () => {
  const runs = { numRuns: 150 };

  it('gives the same plan with a SolveCache, also when the cache is reused', () => {
    const cache = new SolveCache();
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const cluster = randomCluster(seed);
        const plain = solve(cluster.snap, cluster.pending);
        assert.deepEqual(solve(cluster.snap, cluster.pending, { cache }), plain);
        assert.deepEqual(solve(cluster.snap, cluster.pending, { cache }), plain);
      }),
      { numRuns: 60 },
    );
  });

  it('never over-commits a node or claim, and every placement satisfies taints and selectors', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const cluster = randomCluster(seed);
        const result = solve(cluster.snap, cluster.pending);
        checkNewClaims(result, cluster);
        checkExistingNodes(result, cluster);
      }),
      runs,
    );
  });

  it('never plans beyond a NodePool limit', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const cluster = randomCluster(seed);
        checkLimits(solve(cluster.snap, cluster.pending), cluster);
      }),
      runs,
    );
  });

  it('keeps anti-affinity replicas apart, zonal affinity groups together, and spreads within maxSkew', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const cluster = randomCluster(seed);
        checkTopology(solve(cluster.snap, cluster.pending), cluster);
      }),
      runs,
    );
  });

  it('accounts for every pod exactly once, with reasons for the unschedulable, deterministically', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const cluster = randomCluster(seed);
        const result = solve(cluster.snap, cluster.pending);
        const placed = result.placements.map((p) => p.pod);
        const failed = result.unschedulable.map((u) => u.pod);
        assert.equal(new Set([...placed, ...failed]).size, cluster.pending.length);
        assert.equal(placed.length + failed.length, cluster.pending.length);
        for (const u of result.unschedulable) assert.ok(u.reasons.length > 0 && u.reasons.every((r) => r.length > 0));
        assert.deepEqual(solve(randomCluster(seed).snap, randomCluster(seed).pending), result);
      }),
      runs,
    );
  });
});
