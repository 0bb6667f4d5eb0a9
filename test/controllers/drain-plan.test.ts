import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../src/apis/core-v1.js';
import { planDrain } from '../../src/controllers/termination/drain-plan.js';

function pod(
  name: string,
  extra: {
    owner?: string;
    priorityClassName?: string;
    annotations?: Record<string, string>;
    phase?: 'Succeeded' | 'Running';
    grace?: number;
    deletionTimestamp?: string;
    tolerateDisrupted?: boolean;
  } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      ...(extra.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: extra.owner, name: 'o', uid: 'u', controller: true }] } : {}),
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
      ...(extra.deletionTimestamp ? { deletionTimestamp: extra.deletionTimestamp } : {}),
    },
    spec: {
      containers: [{ name: 'c' }],
      ...(extra.priorityClassName ? { priorityClassName: extra.priorityClassName } : {}),
      ...(extra.grace !== undefined ? { terminationGracePeriodSeconds: extra.grace } : {}),
      ...(extra.tolerateDisrupted ? { tolerations: [{ operator: 'Exists' as const }] } : {}),
    },
    status: { phase: extra.phase ?? 'Running' },
  };
}

const NOW = Date.parse('2026-01-01T00:10:00Z');
const names = (pods: readonly Pod[]) => pods.map((p) => p.metadata.name);

describe('planDrain', () => {
  it('GIVEN no pods that must leave THEN the node is drained', () => {
    const plan = planDrain(
      [pod('done', { phase: 'Succeeded' }), pod('mirror', { owner: 'Node' }), pod('tolerant', { tolerateDisrupted: true })],
      NOW,
    );
    assert.equal(plan.drained, true);
  });

  it('evicts non-critical workload pods first, critical ones after them, and leaves daemonset pods', () => {
    const pods = [
      pod('web'),
      pod('ds', { owner: 'DaemonSet' }),
      pod('dns', { priorityClassName: 'system-cluster-critical' }),
      pod('cni', { owner: 'DaemonSet', priorityClassName: 'system-node-critical' }),
    ];
    assert.deepEqual(names(planDrain(pods, NOW).evict), ['web']);
    assert.deepEqual(names(planDrain(pods.slice(1), NOW).evict), ['dns']);
    const onlyDaemons = planDrain([pods[1], pods[3]], NOW);
    assert.equal(onlyDaemons.drained, true, 'daemonset pods do not hold the node');
    assert.deepEqual(names(onlyDaemons.evict), []);
  });

  it('does not evict do-not-disrupt pods but waits for them', () => {
    const plan = planDrain([pod('notebook', { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } })], NOW);
    assert.deepEqual(names(plan.evict), []);
    assert.deepEqual(names(plan.waitingFor), ['notebook']);
    assert.equal(plan.drained, false);
  });

  it('deletes pods whose grace period would outlast the termination deadline', () => {
    const deadline = NOW + 20_000;
    const plan = planDrain([pod('slow', { grace: 30 }), pod('fast', { grace: 5 })], NOW, deadline);
    assert.deepEqual(
      plan.forceDelete.map((e) => [e.pod.metadata.name, e.graceSeconds]),
      [['slow', 20]],
    );
    assert.deepEqual(names(plan.evict), ['fast']);
  });

  it('stops waiting for pods stuck terminating for over a minute', () => {
    const plan = planDrain([pod('stuck', { deletionTimestamp: '2026-01-01T00:08:00Z' })], NOW);
    assert.equal(plan.drained, true);
  });
});
