import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConsolidationMethod, consolidationCandidates } from '../../src/disruption/consolidation-candidates.js';
import type { NodePool } from '../../src/apis/nodepool.js';
import type { StateNode } from '../../src/state/state-node.js';
import { disruptionSnapshot, initializedNode, nodePool, pod } from '../../src/testing/index.js';

function pool(name: string, disruption: NonNullable<NodePool['spec']['disruption']> = {}, extra: Partial<NodePool['spec']> = {}): NodePool {
  return nodePool({ metadata: { name }, spec: { disruption, ...extra } });
}

function run(method: ConsolidationMethod, nodes: StateNode[], pools: NodePool[] = []) {
  return consolidationCandidates(disruptionSnapshot({ nodes, nodePools: pools }), method);
}

const busy = (options: Parameters<typeof initializedNode>[0] = {}) => initializedNode({ pods: [pod()], ...options });

describe('consolidationCandidates: consolidateAfter, read from the Consolidatable condition', () => {
  it('GIVEN Consolidatable True THEN the node is a candidate of every consolidation method it is for', () => {
    assert.equal(run('emptiness', [initializedNode()]).candidates.length, 1);
    assert.equal(run('single-node-consolidation', [busy()]).candidates.length, 1);
    assert.equal(run('multi-node-consolidation', [busy()]).candidates.length, 1);
  });

  it('GIVEN Consolidatable False with a message THEN a policy verdict with that message', () => {
    const nodes = [initializedNode({ name: 'n1', consolidatable: { status: 'False', message: 'consolidateAfter 30s not elapsed' } })];
    assert.deepEqual(run('emptiness', nodes).verdicts, [
      {
        node: 'n1',
        nodeClaim: 'n1-claim',
        nodePool: 'default',
        method: 'emptiness',
        kind: 'policy',
        message: 'consolidateAfter 30s not elapsed',
      },
    ]);
  });

  it('GIVEN no Consolidatable condition and no message THEN the verdict names the pool’s consolidateAfter', () => {
    const result = run(
      'emptiness',
      [initializedNode({ pool: 'spark', consolidatable: undefined })],
      [pool('spark', { consolidateAfter: '5m' })],
    );
    assert.deepEqual(
      result.verdicts.map((v) => v.message),
      ['not consolidatable yet (consolidateAfter 5m in pool spark)'],
    );
  });

  it('GIVEN consolidateAfter Never THEN "consolidateAfter is Never in pool X" (even with a stale True condition)', () => {
    const pools = [pool('batch', { consolidateAfter: 'Never' })];
    for (const [method, node] of [
      ['emptiness', initializedNode({ pool: 'batch' })],
      ['single-node-consolidation', busy({ pool: 'batch' })],
    ] as const) {
      const result = run(method, [node], pools);
      assert.equal(result.candidates.length, 0, method);
      assert.deepEqual(
        result.verdicts.map((v) => [v.kind, v.message]),
        [['policy', 'consolidateAfter is Never in pool batch']],
        method,
      );
    }
  });
});

describe('consolidationCandidates: policy and which method a node is for', () => {
  it('GIVEN WhenEmpty THEN empty nodes go to emptiness and busy ones get "consolidates only when empty"', () => {
    const pools = [pool('trino', { consolidationPolicy: 'WhenEmpty' })];
    assert.equal(run('emptiness', [initializedNode({ pool: 'trino' })], pools).candidates.length, 1);
    for (const method of ['single-node-consolidation', 'multi-node-consolidation'] as const) {
      assert.deepEqual(
        run(method, [busy({ pool: 'trino' })], pools).verdicts.map((v) => [v.kind, v.method, v.message]),
        [['policy', method, 'pool trino consolidates only when empty (WhenEmpty)']],
      );
    }
  });

  it('GIVEN an empty and a busy node THEN emptiness takes only the empty one and consolidation only the busy one, without verdicts', () => {
    const nodes = [initializedNode({ name: 'empty' }), busy({ name: 'busy' })];
    const empty = run('emptiness', nodes);
    assert.deepEqual(
      empty.candidates.map((c) => c.name),
      ['empty'],
    );
    assert.deepEqual(empty.verdicts, []);
    const single = run('single-node-consolidation', nodes);
    assert.deepEqual(
      single.candidates.map((c) => c.name),
      ['busy'],
    );
    assert.deepEqual(single.verdicts, []);
  });

  it('GIVEN a static pool (spec.replicas) THEN its nodes are not consolidated', () => {
    const pools = [pool('static', {}, { replicas: 3 })];
    assert.deepEqual(
      run('emptiness', [initializedNode({ pool: 'static' })], pools).verdicts.map((v) => v.message),
      ['pool static is static (spec.replicas); its nodes are not consolidated'],
    );
  });

  it('GIVEN an instance type the pool no longer offers THEN consolidation refuses it but emptiness may still delete it', () => {
    const node = (pods: boolean) => initializedNode({ instanceType: 'm5.xlarge', pods: pods ? [pod()] : [] });
    const snapshot = (n: StateNode) => disruptionSnapshot({ nodes: [n], instanceTypes: [] });
    assert.deepEqual(
      consolidationCandidates(snapshot(node(true)), 'single-node-consolidation').verdicts.map((v) => [v.kind, v.message]),
      [['not-candidate', 'instance type m5.xlarge is not offered by pool default any more']],
    );
    assert.equal(consolidationCandidates(snapshot(node(false)), 'emptiness').candidates.length, 1);
  });

  it('GIVEN a node without zone or capacity-type label THEN consolidation refuses it', () => {
    const noZone = busy({ name: 'no-zone' });
    delete noZone.node!.metadata.labels!['topology.kubernetes.io/zone'];
    delete noZone.nodeClaim!.metadata.labels!['topology.kubernetes.io/zone'];
    const noCapacity = busy({ name: 'no-capacity' });
    delete noCapacity.node!.metadata.labels!['karpenter.sh/capacity-type'];
    delete noCapacity.nodeClaim!.metadata.labels!['karpenter.sh/capacity-type'];
    assert.deepEqual(
      run('multi-node-consolidation', [noZone, noCapacity]).verdicts.map((v) => [v.node, v.message]),
      [
        ['no-capacity', 'no valid karpenter.sh/capacity-type label'],
        ['no-zone', 'no topology.kubernetes.io/zone label'],
      ],
    );
  });

  it('GIVEN shared-filter verdicts THEN they come first, without a method', () => {
    const result = run('emptiness', [
      initializedNode({ name: 'a', initialized: false }),
      initializedNode({ name: 'b', consolidatable: false }),
    ]);
    assert.deepEqual(
      result.verdicts.map((v) => [v.node, v.method, v.message]),
      [
        ['a', undefined, 'not initialized yet'],
        ['b', 'emptiness', 'not consolidatable yet (consolidateAfter 0s in pool default)'],
      ],
    );
  });
});
