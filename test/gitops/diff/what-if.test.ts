/**
 * Scenario tests of the what-if: the solver run on the cluster's pods under
 * the old and the new pools, the fleets, the newly unschedulable pods and the
 * nodes a pool change drifts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/apis/core-v1.js';
import { withNodePoolDefaults } from '../../../src/apis/defaults.js';
import type { NodeClaim } from '../../../src/apis/nodeclaim.js';
import type { NodePool } from '../../../src/apis/nodepool.js';
import { Labels } from '../../../src/apis/well-known-labels.js';
import { currentFleetCost } from '../../../src/gitops/diff/projected-fleet.js';
import { projectWhatIf, WHAT_IF_MAX_PODS, type WhatIfInput } from '../../../src/gitops/diff/what-if.js';
import type { InstanceType } from '../../../src/scheduling/instance-type.js';
import type { SchedulingNode } from '../../../src/scheduling/snapshot.js';
import { daemonSet, instanceType, node, nodeClaim, nodePool, pod, pods } from '../../../src/testing/index.js';

/** A small on-demand catalog: m5 and c5 are cheap, r5 is the expensive memory family. */
function catalog(): InstanceType[] {
  const type = (name: string, family: string, price: number, memory = '8Gi') =>
    instanceType({ name, cpu: '2', memory, price, capacityTypes: ['on-demand'], labels: { [Labels.instanceFamily]: family } });
  return [type('m5.large', 'm5', 0.096), type('c5.large', 'c5', 0.085, '4Gi'), type('r5.large', 'r5', 0.126, '16Gi')];
}

function pool(name: string, extra: { families?: string[]; taint?: boolean; labels?: Record<string, string> } = {}): NodePool {
  return withNodePoolDefaults(
    nodePool({
      metadata: { name },
      spec: {
        template: {
          metadata: { labels: { NodePool: name, ...(extra.labels ?? {}) } },
          spec: {
            requirements: extra.families !== undefined ? [{ key: Labels.instanceFamily, operator: 'In', values: extra.families }] : [],
            ...(extra.taint === true ? { taints: [{ key: name, effect: 'NoSchedule' as const }] } : {}),
          },
        },
      },
    }),
  );
}

function typesFor(pools: readonly NodePool[]): Map<string, readonly InstanceType[]> {
  return new Map(pools.map((p) => [p.metadata.name ?? '', catalog()]));
}

/** A karpd node of `poolName`: a Node and its NodeClaim joined by providerID, with `bound` pods on it. */
function managedNode(name: string, poolName: string, bound: Pod[] = [], labels: Record<string, string> = {}): SchedulingNode {
  const nodeLabels = {
    [Labels.nodePool]: poolName,
    NodePool: poolName,
    [Labels.instanceType]: 'm5.large',
    [Labels.capacityType]: 'on-demand',
    [Labels.zone]: 'test-zone-1',
    ...labels,
  };
  const providerID = `sim:///${name}`;
  return {
    node: node({ name, labels: nodeLabels, providerID, allocatable: { cpu: '2', memory: '8Gi', pods: '110' } }),
    nodeClaim: nodeClaim({ metadata: { name: `${name}-claim`, labels: nodeLabels }, status: { providerID } }),
    pods: bound.map((p) => ({ ...p, spec: { ...p.spec, nodeName: name }, status: { phase: 'Running' } })),
    markedForDeletion: false,
  };
}

function input(before: NodePool[], after: NodePool[], cluster: { nodes?: SchedulingNode[]; pending?: Pod[] } = {}): WhatIfInput {
  return {
    nodes: cluster.nodes ?? [],
    pendingPods: cluster.pending ?? [],
    before: { nodePools: before, instanceTypes: typesFor(before) },
    after: { nodePools: after, instanceTypes: typesFor(after) },
  };
}

const claimsOf = (nodes: readonly SchedulingNode[]): NodeClaim[] => nodes.flatMap((n) => (n.nodeClaim ? [n.nodeClaim] : []));

describe('projectWhatIf: cost', () => {
  it('GIVEN pods on a pool of cheap families WHEN the pool is narrowed to r5 THEN $/h rises and the mix is all r5', () => {
    const running = pods(3, { requests: { cpu: '1500m', memory: '2Gi' } });
    const nodes = [managedNode('node-a', 'general', running.slice(0, 1)), managedNode('node-b', 'general', running.slice(1))];
    const pending = pods(2, { requests: { cpu: '1500m', memory: '2Gi' } });
    const whatIf = projectWhatIf(
      input([pool('general', { families: ['m5', 'c5'] })], [pool('general', { families: ['r5'] })], { nodes, pending }),
    );
    assert.equal(whatIf.pods, 5);
    assert.deepEqual(whatIf.before.instanceMix, { 'c5.large/on-demand': 5 });
    assert.deepEqual(whatIf.after.instanceMix, { 'r5.large/on-demand': 5 });
    assert.equal(whatIf.before.pricePerHour, 0.425);
    assert.equal(whatIf.after.pricePerHour, 0.63);
    assert.ok(whatIf.after.pricePerHour > whatIf.before.pricePerHour);
    assert.deepEqual(whatIf.newlyUnschedulable, []);
    assert.equal(whatIf.after.pricesIncomplete, undefined);
  });

  it('GIVEN an unmanaged node with room WHEN projecting THEN it is capacity on both sides and its own pods stay put', () => {
    const own = pod({ requests: { cpu: '1' }, nodeName: 'static-node' });
    const unmanaged: SchedulingNode = { node: node({ name: 'static-node' }), pods: [own], markedForDeletion: false };
    const pending = pods(2, { requests: { cpu: '1' } });
    const whatIf = projectWhatIf(input([pool('general')], [pool('general', { families: ['r5'] })], { nodes: [unmanaged], pending }));
    assert.equal(whatIf.pods, 2, 'only the pending pods are projected');
    assert.equal(whatIf.before.nodes, 0);
    assert.equal(whatIf.after.nodes, 0);
    assert.equal(whatIf.after.pricePerHour, 0);
  });

  it('GIVEN DaemonSet pods on karpd nodes WHEN projecting THEN they are not moved (new nodes get their own)', () => {
    const daemon = pod({
      requests: { cpu: '100m' },
      metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'logs', uid: 'u' }] },
    });
    const app = pod({ requests: { cpu: '1' } });
    const whatIf = projectWhatIf({
      ...input([pool('general')], [pool('general')], { nodes: [managedNode('node-a', 'general', [daemon, app])] }),
      daemonSets: [daemonSet({ name: 'logs', requests: { cpu: '100m' } })],
    });
    assert.equal(whatIf.pods, 1);
    assert.equal(whatIf.before.nodes, 1);
  });

  it('GIVEN an instance type whose price is unknown WHEN the solver picks it THEN the $/h is flagged incomplete', () => {
    const unknown = instanceType({
      name: 'x1.large',
      cpu: '2',
      memory: '8Gi',
      price: Number.MAX_SAFE_INTEGER,
      capacityTypes: ['on-demand'],
    });
    const only = (p: NodePool) => new Map([[p.metadata.name ?? '', [unknown]]]);
    const general = pool('general');
    const whatIf = projectWhatIf({
      nodes: [],
      pendingPods: [pod({ requests: { cpu: '1' } })],
      before: { nodePools: [general], instanceTypes: only(general) },
      after: { nodePools: [general], instanceTypes: only(general) },
    });
    assert.equal(whatIf.after.nodes, 1);
    assert.equal(whatIf.after.pricesIncomplete, true);
    assert.equal(whatIf.after.pricePerHour, 0);
  });
});

describe('projectWhatIf: unschedulable pods', () => {
  it('GIVEN pods that need the only pool with their taint WHEN that pool is removed THEN they become unschedulable with the reason', () => {
    const spark = pods(2, {
      requests: { cpu: '1' },
      nodeSelector: { NodePool: 'spark' },
      tolerations: [{ key: 'spark', operator: 'Exists', effect: 'NoSchedule' }],
    });
    const web = pod({ name: 'web', requests: { cpu: '1' } });
    const nodes = [managedNode('node-s', 'spark', spark)];
    const whatIf = projectWhatIf(input([pool('general'), pool('spark', { taint: true })], [pool('general')], { nodes, pending: [web] }));
    assert.deepEqual(
      whatIf.newlyUnschedulable.map((entry) => entry.pod),
      spark.map((p) => `default/${p.metadata.name}`).sort(),
    );
    for (const entry of whatIf.newlyUnschedulable) assert.match(entry.reason, /incompatible with NodePool general: key NodePool/);
    assert.equal(whatIf.before.unschedulablePods, 0);
    assert.equal(whatIf.after.unschedulablePods, 2);
    assert.deepEqual(whatIf.drifted, [{ nodePool: 'spark', reason: 'pool-removed', nodes: 1 }]);
  });

  it('GIVEN pods unschedulable before already WHEN the change keeps them so THEN they are not newly unschedulable', () => {
    const stuck = pod({ requests: { cpu: '64' } });
    const whatIf = projectWhatIf(input([pool('general')], [pool('general', { families: ['r5'] })], { pending: [stuck] }));
    assert.equal(whatIf.before.unschedulablePods, 1);
    assert.equal(whatIf.after.unschedulablePods, 1);
    assert.deepEqual(whatIf.newlyUnschedulable, []);
  });
});

describe('projectWhatIf: drift', () => {
  it('GIVEN nodes of two pools WHEN one pool’s template label changes THEN exactly that pool’s nodes drift', () => {
    const nodes = [managedNode('a-1', 'a'), managedNode('a-2', 'a'), managedNode('b-1', 'b')];
    const whatIf = projectWhatIf({
      ...input([pool('a'), pool('b')], [pool('a', { labels: { team: 'data' } }), pool('b')], { nodes }),
      nodeClaims: claimsOf(nodes),
    });
    assert.equal(whatIf.driftedNodes, 2);
    assert.deepEqual(whatIf.drifted, [{ nodePool: 'a', reason: 'template-changed', nodes: 2 }]);
  });

  it('GIVEN a desired pool without the API defaults WHEN the live one has them THEN nothing drifts', () => {
    const nodes = [managedNode('a-1', 'a')];
    const desired = nodePool({ metadata: { name: 'a' }, spec: { template: { metadata: { labels: { NodePool: 'a' } } } } });
    const whatIf = projectWhatIf(input([pool('a')], [desired], { nodes }));
    assert.equal(whatIf.driftedNodes, 0);
  });

  it('GIVEN a node in zone 1 WHEN the new requirements allow only zone 2 THEN it drifts for its requirements', () => {
    const nodes = [managedNode('a-1', 'a')];
    const zone2 = pool('a');
    zone2.spec.template.spec.requirements = [{ key: Labels.zone, operator: 'In', values: ['test-zone-2'] }];
    const whatIf = projectWhatIf(input([pool('a')], [zone2], { nodes }));
    assert.deepEqual(whatIf.drifted, [{ nodePool: 'a', reason: 'requirements-changed', nodes: 1 }]);
  });

  it('GIVEN a NodeClaim being deleted WHEN its pool is removed THEN it is not counted', () => {
    const gone = managedNode('a-1', 'a');
    const claim = { ...gone.nodeClaim!, metadata: { ...gone.nodeClaim!.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    const whatIf = projectWhatIf({ ...input([pool('a'), pool('b')], [pool('b')], { nodes: [gone] }), nodeClaims: [claim] });
    assert.equal(whatIf.driftedNodes, 0);
  });
});

describe('projectWhatIf: no change, determinism and bounds', () => {
  const cluster = () => {
    const nodes = [managedNode('node-a', 'general', pods(2, { requests: { cpu: '500m' } }))];
    return { nodes, pending: pods(3, { requests: { cpu: '1', memory: '1Gi' } }) };
  };

  it('GIVEN the same pools on both sides WHEN projecting THEN before equals after and nothing drifts', () => {
    const whatIf = projectWhatIf(input([pool('general')], [pool('general')], cluster()));
    assert.deepEqual(whatIf.after, whatIf.before);
    assert.equal(whatIf.driftedNodes, 0);
    assert.deepEqual(whatIf.newlyUnschedulable, []);
    assert.equal(whatIf.note, undefined);
  });

  it('GIVEN the same input twice (pending pods in another order) WHEN projecting THEN the output is the same', () => {
    const { nodes, pending } = cluster();
    const first = projectWhatIf(
      input([pool('general', { families: ['m5'] })], [pool('general', { families: ['r5'] })], { nodes, pending }),
    );
    const again = projectWhatIf(
      input([pool('general', { families: ['m5'] })], [pool('general', { families: ['r5'] })], { nodes, pending: [...pending].reverse() }),
    );
    assert.deepEqual(again, first);
  });

  it('GIVEN more pods than the cap WHEN projecting THEN only the cap is projected and the note says so', () => {
    const { nodes, pending } = cluster();
    const whatIf = projectWhatIf({ ...input([pool('general')], [pool('general')], { nodes, pending }), maxPods: 3 });
    assert.equal(whatIf.pods, 3);
    assert.match(whatIf.note ?? '', /first 3 of 5 pods/);
    assert.equal(WHAT_IF_MAX_PODS, 20_000);
  });

  it('GIVEN a pool with no instance types known WHEN projecting THEN the note names it', () => {
    const general = pool('general');
    const whatIf = projectWhatIf({
      nodes: [],
      pendingPods: [pod({ requests: { cpu: '1' } })],
      before: { nodePools: [general], instanceTypes: new Map() },
      after: { nodePools: [general], instanceTypes: typesFor([general]) },
    });
    assert.match(whatIf.note ?? '', /no instance types known for NodePool general/);
    assert.equal(whatIf.before.unschedulablePods, 1);
  });
});

describe('currentFleetCost', () => {
  it('GIVEN launched NodeClaims WHEN pricing them THEN each is billed at its type, zone and capacity type', () => {
    const claims = [managedNode('a', 'general'), managedNode('b', 'general', [], { [Labels.instanceType]: 'r5.large' })];
    const cost = currentFleetCost({ nodeClaims: claimsOf(claims), instanceTypes: typesFor([pool('general')]) });
    assert.deepEqual(cost, { nodes: 2, instanceMix: { 'm5.large/on-demand': 1, 'r5.large/on-demand': 1 }, pricePerHour: 0.222 });
  });

  it('GIVEN a NodeClaim still launching WHEN pricing THEN it counts as a node and the price is flagged incomplete', () => {
    const launching = nodeClaim({ metadata: { name: 'new-claim', labels: { [Labels.nodePool]: 'general' } } });
    const cost = currentFleetCost({ nodeClaims: [launching], instanceTypes: typesFor([pool('general')]) });
    assert.equal(cost.nodes, 1);
    assert.equal(cost.pricesIncomplete, true);
  });
});
