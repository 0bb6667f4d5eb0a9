import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/scheduling/solve.js';
import { expectScheduled, instanceType, node, nodeClaim, nodePool, pod, snapshot, targetOf } from '../../src/testing/index.js';

const pool = () => ({ pool: nodePool(), types: [instanceType({ name: 'm', cpu: '4', memory: '16Gi' })] });

describe('solve: existing capacity first', () => {
  it('GIVEN an existing node with room WHEN a pod is pending THEN it goes there and nothing is launched', () => {
    const n = node({ name: 'node-a', allocatable: { cpu: '4', memory: '16Gi', pods: '110' } });
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ node: n }] }), [p]);
    assert.equal(targetOf(result, p), 'node-a');
    assert.equal(result.newNodeClaims.length, 0);
    assert.deepEqual(result.existingNodes, [{ name: 'node-a', inFlight: false, pods: [`default/${p.metadata.name}`] }]);
  });

  it('GIVEN an existing node whose bound pods use its room WHEN a pod is pending THEN a new claim is planned', () => {
    const n = node({ name: 'node-a', allocatable: { cpu: '2', memory: '8Gi', pods: '110' } });
    const bound = pod({ requests: { cpu: '1500m' }, nodeName: 'node-a' });
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ node: n, pods: [bound] }] }), [p]);
    assert.equal(result.placements[0].kind, 'new');
  });

  it('GIVEN finished pods on a node WHEN counting its room THEN they use nothing', () => {
    const n = node({ name: 'node-a', allocatable: { cpu: '2', memory: '8Gi', pods: '110' } });
    const done = pod({ requests: { cpu: '2' }, nodeName: 'node-a', phase: 'Succeeded' });
    const p = pod({ requests: { cpu: '1' } });
    assert.equal(targetOf(solve(snapshot({ pools: [pool()], nodes: [{ node: n, pods: [done] }] }), [p]), p), 'node-a');
  });

  it('GIVEN a tainted node WHEN the pod does not tolerate it THEN the node is skipped', () => {
    const n = node({ name: 'gpu-node', taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] });
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ node: n }] }), [p]);
    assert.equal(result.placements[0].kind, 'new');
  });

  it('GIVEN node labels WHEN the pod selects another value THEN the node is skipped', () => {
    const n = node({ name: 'a', labels: { 'topology.kubernetes.io/zone': 'test-zone-1' } });
    const p = pod({ requests: { cpu: '1' }, nodeSelector: { 'topology.kubernetes.io/zone': 'test-zone-2' } });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ node: n }] }), [p]);
    assert.equal(result.placements[0].kind, 'new');
  });

  it('GIVEN cordoned and deleting nodes WHEN a pod is pending THEN neither takes it', () => {
    const cordoned = node({ name: 'cordoned', unschedulable: true });
    const deleting = node({ name: 'deleting' });
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ node: cordoned }, { node: deleting, markedForDeletion: true }] }), [p]);
    assert.equal(result.placements[0].kind, 'new');
  });

  it('GIVEN an existing node and an in-flight claim WHEN both have room THEN the existing node is used first', () => {
    const claim = nodeClaim({
      metadata: { name: 'default-abcde' },
      spec: { requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m'] }] },
    });
    const n = node({ name: 'z-node' });
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ nodeClaim: claim }, { node: n }] }), [p]);
    assert.equal(targetOf(result, p), 'z-node');
  });

  it('GIVEN an in-flight claim without a Node WHEN it has room THEN pods go to it before a new claim', () => {
    const claim = nodeClaim({
      metadata: { name: 'default-abcde' },
      spec: { requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m'] }] },
    });
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ nodeClaim: claim }] }), [p]);
    assert.deepEqual(result.placements, [{ pod: `default/${p.metadata.name}`, kind: 'in-flight', target: 'default-abcde' }]);
  });

  it('GIVEN an un-initialized managed node WHEN its startup taint is still on THEN pods may still be placed there', () => {
    const claim = nodeClaim({
      metadata: { name: 'c1' },
      spec: { startupTaints: [{ key: 'cilium.io/agent-not-ready', effect: 'NoExecute' }] },
      status: { providerID: 'aws:///i-1' },
    });
    const n = node({
      name: 'n1',
      providerID: 'aws:///i-1',
      taints: [
        { key: 'cilium.io/agent-not-ready', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      ],
    });
    const p = pod({ requests: { cpu: '1' } });
    expectScheduled(solve(snapshot({ pools: [pool()], nodes: [{ node: n, nodeClaim: claim }] }), [p]), p);
    assert.equal(targetOf(solve(snapshot({ pools: [pool()], nodes: [{ node: n, nodeClaim: claim }] }), [p]), p), 'n1');
  });

  it('GIVEN an initialized node WHEN a taint is on it THEN it must be tolerated', () => {
    const n = node({
      name: 'n1',
      labels: { 'karpenter.sh/initialized': 'true' },
      taints: [{ key: 'cilium.io/agent-not-ready', effect: 'NoExecute' }],
    });
    const claim = nodeClaim({
      metadata: { name: 'c1' },
      spec: { startupTaints: [{ key: 'cilium.io/agent-not-ready', effect: 'NoExecute' }] },
    });
    const p = pod({ requests: { cpu: '1' } });
    assert.notEqual(targetOf(solve(snapshot({ pools: [pool()], nodes: [{ node: n, nodeClaim: claim }] }), [p]), p), 'n1');
  });

  it("GIVEN a DaemonSet whose pod is not on a node yet WHEN counting the node's room THEN its requests are reserved", () => {
    const n = node({ name: 'n1', allocatable: { cpu: '2', memory: '8Gi', pods: '110' } });
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { template: { spec: { containers: [{ name: 'a', resources: { requests: { cpu: '1500m' } } }] } } },
    };
    const p = pod({ requests: { cpu: '1' } });
    const result = solve({ ...snapshot({ pools: [pool()], nodes: [{ node: n }] }), daemonSets: [ds] }, [p]);
    assert.equal(result.placements[0].kind, 'new');
  });
});

describe('solve: pods pinned to a node by hostname', () => {
  it('GIVEN a pod selecting an existing node by hostname WHEN it fits THEN it goes there', () => {
    const p = pod({ requests: { cpu: '1' }, nodeSelector: { 'kubernetes.io/hostname': 'node-b' } });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ node: node({ name: 'node-a' }) }, { node: node({ name: 'node-b' }) }] }), [
      p,
    ]);
    assert.equal(targetOf(result, p), 'node-b');
  });

  it('GIVEN a pod selecting a node that is full WHEN scheduling THEN no new node is launched for it', () => {
    const p = pod({ requests: { cpu: '8' }, nodeSelector: { 'kubernetes.io/hostname': 'node-a' } });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ node: node({ name: 'node-a' }) }] }), [p]);
    assert.equal(result.newNodeClaims.length, 0);
    assert.match(result.unschedulable[0].reasons[0], /requires a specific node \(kubernetes\.io\/hostname In \[node-a\]\)/);
  });
});
