/** DaemonSet placement: one pod per matching node, taints honoured (plus the controller's own tolerations). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet } from '../../../src/apis/core-v1.js';
import { missingDaemonPods, runsOn } from '../../../src/sim/cluster/daemon-pods.js';
import { logShipperDaemonSet } from '../../../src/sim/cluster/demo-templates.js';
import { pod, poolNode, readyNode } from './builders.js';

const ds = (overrides: Partial<DaemonSet['spec']['template']['spec']> = {}): DaemonSet => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'kube-system', uid: 'ds-1' },
  spec: { template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'x' }], ...overrides } } },
});

describe('daemon pods', () => {
  it('runs on untainted nodes, not on a tainted pool node unless tolerated, never on a deleting node', () => {
    assert.equal(runsOn(ds(), readyNode('plain')), true);
    assert.equal(runsOn(ds(), poolNode('p', 'airflow-worker')), false);
    assert.equal(runsOn(ds({ tolerations: [{ key: 'airflow-worker', operator: 'Exists' }] }), poolNode('p', 'airflow-worker')), true);
    assert.equal(
      runsOn(ds(), readyNode('u', { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] })),
      true,
      'the controller tolerates cordoned nodes',
    );
    const deleting = { ...readyNode('d'), metadata: { ...readyNode('d').metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    assert.equal(runsOn(logShipperDaemonSet(), deleting), false);
  });

  it('respects the template node selector', () => {
    assert.equal(runsOn(ds({ nodeSelector: { NodePool: 'trino-xsmall' } }), poolNode('a', 'airflow-worker', { taints: [] })), false);
  });

  it('plans one pod per node without one, bound by nodeName, owned by the DaemonSet, named deterministically', () => {
    const nodes = [readyNode('a'), readyNode('b')];
    const existing = {
      ...pod('agent-x', { nodeName: 'a' }),
      metadata: {
        ...pod('agent-x').metadata,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-1', controller: true }],
      },
    };
    const missing = missingDaemonPods([ds()], nodes, [existing], 1);
    assert.deepEqual(
      missing.map((m) => m.nodeName),
      ['b'],
    );
    const planned = missing[0].pod;
    assert.equal(planned.spec.nodeName, 'b');
    assert.equal(planned.metadata.ownerReferences?.[0].kind, 'DaemonSet');
    assert.equal(planned.metadata.namespace, 'kube-system');
    assert.equal(planned.metadata.name, missingDaemonPods([ds()], nodes, [existing], 1)[0].pod.metadata.name);
    assert.equal(missingDaemonPods([ds()], nodes, [], 1).length, 2);
  });
});
