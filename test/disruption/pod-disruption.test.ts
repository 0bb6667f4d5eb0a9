import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../src/apis/core-v1.js';
import {
  doNotDisrupt,
  doNotDisruptReason,
  hasActiveDoNotDisrupt,
  isFullyBlockingPdb,
  isReschedulable,
  PdbIndex,
  pdbBlockReason,
  podBlockReason,
  podEvictionCost,
} from '../../src/disruption/pod-disruption.js';
import { bindPod, DISRUPTION_NOW, daemonSetPod, mirrorPod, pod, podDisruptionBudget } from '../../src/testing/index.js';

const MINUTE = 60_000;
const NOW = DISRUPTION_NOW; // 2026-01-01T12:00:00Z

function running(options: Parameters<typeof pod>[0] = {}): Pod {
  return bindPod(pod(options), 'node-a');
}

function annotated(value: string, startedAt?: string): Pod {
  const p = running({ name: 'kernel-1', namespace: 'jupyter', metadata: { annotations: { 'karpenter.sh/do-not-disrupt': value } } });
  return startedAt === undefined ? p : { ...p, status: { ...p.status, startTime: startedAt } };
}

describe('isReschedulable', () => {
  it('GIVEN a running Deployment pod THEN it must be rescheduled', () => {
    assert.equal(isReschedulable(running()), true);
  });

  it('GIVEN DaemonSet, mirror, terminal and terminating pods THEN none must be rescheduled', () => {
    assert.equal(isReschedulable(bindPod(daemonSetPod(), 'node-a')), false);
    assert.equal(isReschedulable(bindPod(mirrorPod(), 'node-a')), false);
    assert.equal(isReschedulable(running({ phase: 'Succeeded' })), false);
    assert.equal(isReschedulable(running({ phase: 'Failed' })), false);
    assert.equal(isReschedulable(running({ metadata: { deletionTimestamp: '2026-01-01T11:59:00Z' } })), false);
  });

  it('GIVEN a pod tolerating karpenter.sh/disrupted:NoSchedule (or everything) THEN it stays with the node', () => {
    assert.equal(
      isReschedulable(running({ tolerations: [{ key: 'karpenter.sh/disrupted', operator: 'Exists', effect: 'NoSchedule' }] })),
      false,
    );
    assert.equal(isReschedulable(running({ tolerations: [{ operator: 'Exists' }] })), false);
    assert.equal(isReschedulable(running({ tolerations: [{ key: 'other', operator: 'Exists' }] })), true);
  });
});

describe('do-not-disrupt on a pod', () => {
  it('GIVEN "true" THEN the pod blocks for as long as it runs', () => {
    const p = running({ name: 'scheduler-0', namespace: 'airflow', metadata: { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } } });
    assert.deepEqual(doNotDisrupt(p, NOW), { state: 'forever' });
    assert.equal(doNotDisruptReason(p, NOW), 'pod airflow/scheduler-0 has do-not-disrupt');
  });

  it('GIVEN "30m" on a pod started 10 minutes ago THEN it blocks until start + 30m, and says until when', () => {
    const p = annotated('30m', '2026-01-01T11:50:00Z');
    assert.deepEqual(doNotDisrupt(p, NOW), { state: 'until', until: NOW + 20 * MINUTE });
    assert.equal(doNotDisruptReason(p, NOW), 'pod jupyter/kernel-1 has do-not-disrupt until 12:20:00');
  });

  it('GIVEN "30m" on a pod started 40 minutes ago THEN the protection has elapsed', () => {
    const p = annotated('30m', '2026-01-01T11:20:00Z');
    assert.deepEqual(doNotDisrupt(p, NOW), { state: 'elapsed', until: NOW - 10 * MINUTE });
    assert.equal(hasActiveDoNotDisrupt(p, NOW), false);
  });

  it('GIVEN the duration ends exactly now THEN it no longer protects (the window is [start, start + d))', () => {
    assert.equal(hasActiveDoNotDisrupt(annotated('1h', '2026-01-01T11:00:00Z'), NOW), false);
    assert.equal(hasActiveDoNotDisrupt(annotated('1h', '2026-01-01T11:00:01Z'), NOW), true);
  });

  it('GIVEN no start time THEN the duration counts from creation (fixtures are created at 00:00)', () => {
    assert.equal(hasActiveDoNotDisrupt(annotated('11h'), NOW), false);
    assert.equal(hasActiveDoNotDisrupt(annotated('13h'), NOW), true);
  });

  it('GIVEN a value that is neither "true" nor a positive duration THEN it is ignored, as upstream does', () => {
    for (const value of ['false', 'Never', 'soon', '-5m', '']) {
      assert.deepEqual(doNotDisrupt(annotated(value), NOW), { state: 'invalid', value }, value);
      assert.equal(hasActiveDoNotDisrupt(annotated(value), NOW), false, value);
    }
  });

  it('GIVEN a terminal or terminating pod with do-not-disrupt THEN it does not block', () => {
    const done = { ...annotated('true'), status: { phase: 'Succeeded' as const } };
    const leaving = { ...annotated('true'), metadata: { ...annotated('true').metadata, deletionTimestamp: '2026-01-01T11:59:00Z' } };
    assert.equal(hasActiveDoNotDisrupt(done, NOW), false);
    assert.equal(hasActiveDoNotDisrupt(leaving, NOW), false);
  });

  it('GIVEN a DaemonSet pod with do-not-disrupt THEN it blocks like any running pod (upstream checks every pod)', () => {
    const p = bindPod(daemonSetPod({ name: 'agent', metadata: { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } } }), 'node-a');
    assert.equal(doNotDisruptReason(p, NOW), 'pod kube-system/agent has do-not-disrupt');
  });
});

describe('PDBs', () => {
  const web = (ready = true) => {
    const p = running({ name: 'web-1', namespace: 'shop', labels: { app: 'web' } });
    return ready ? p : { ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: 'False' as const }] } };
  };

  it('GIVEN a PDB in another namespace or with another selector THEN it does not cover the pod', () => {
    const pdbs = new PdbIndex([
      podDisruptionBudget({ name: 'other-ns', namespace: 'default', matchLabels: { app: 'web' }, disruptionsAllowed: 0 }),
      podDisruptionBudget({ name: 'other-app', namespace: 'shop', matchLabels: { app: 'db' }, disruptionsAllowed: 0 }),
    ]);
    assert.deepEqual(pdbs.matching(web()), []);
    assert.equal(pdbBlockReason(web(), pdbs), undefined);
  });

  it('GIVEN one PDB with 0 disruptions allowed THEN it blocks, naming pod and PDB', () => {
    const pdbs = new PdbIndex([
      podDisruptionBudget({ name: 'web', namespace: 'shop', matchLabels: { app: 'web' }, disruptionsAllowed: 0 }),
    ]);
    assert.equal(pdbBlockReason(web(), pdbs), 'pod shop/web-1 is covered by PDB shop/web with 0 disruptions allowed');
  });

  it('GIVEN one PDB with disruptions allowed THEN it does not block', () => {
    const pdbs = new PdbIndex([podDisruptionBudget({ namespace: 'shop', matchLabels: { app: 'web' }, disruptionsAllowed: 1 })]);
    assert.equal(pdbBlockReason(web(), pdbs), undefined);
  });

  it('GIVEN two PDBs over the pod THEN it blocks even though both allow disruptions (the eviction API refuses)', () => {
    const pdbs = new PdbIndex([
      podDisruptionBudget({ name: 'b', namespace: 'shop', matchLabels: { app: 'web' } }),
      podDisruptionBudget({ name: 'a', namespace: 'shop' }),
    ]);
    assert.equal(pdbBlockReason(web(), pdbs), 'pod shop/web-1 is covered by 2 PDBs (shop/a, shop/b), which the eviction API cannot evict');
  });

  it('GIVEN AlwaysAllow and 0 allowed THEN a not-Ready pod may go but a Ready one may not', () => {
    const pdbs = new PdbIndex([
      podDisruptionBudget({ name: 'web', namespace: 'shop', unhealthyPodEvictionPolicy: 'AlwaysAllow', disruptionsAllowed: 0 }),
    ]);
    assert.equal(pdbBlockReason(web(false), pdbs), undefined);
    assert.match(pdbBlockReason(web(true), pdbs) ?? '', /0 disruptions allowed/);
  });

  it('GIVEN IfHealthyBudget and 0 allowed THEN even a not-Ready pod blocks', () => {
    const pdbs = new PdbIndex([
      podDisruptionBudget({ namespace: 'shop', unhealthyPodEvictionPolicy: 'IfHealthyBudget', disruptionsAllowed: 0 }),
    ]);
    assert.notEqual(pdbBlockReason(web(false), pdbs), undefined);
  });

  it('GIVEN a PDB without status THEN it blocks only when its spec never allows an eviction', () => {
    const noStatus = (spec: { minAvailable?: number | string; maxUnavailable?: number | string }) =>
      new PdbIndex([podDisruptionBudget({ name: 'web', namespace: 'shop', disruptionsAllowed: undefined, ...spec })]);
    assert.equal(
      pdbBlockReason(web(), noStatus({ maxUnavailable: 0 })),
      'pod shop/web-1 is covered by PDB shop/web with maxUnavailable 0 (no status yet)',
    );
    assert.match(pdbBlockReason(web(), noStatus({ maxUnavailable: '0%' })) ?? '', /maxUnavailable 0/);
    assert.equal(
      pdbBlockReason(web(), noStatus({ minAvailable: '100%' })),
      'pod shop/web-1 is covered by PDB shop/web with minAvailable 100% (no status yet)',
    );
    assert.equal(pdbBlockReason(web(), noStatus({ maxUnavailable: 1 })), undefined);
    assert.equal(pdbBlockReason(web(), noStatus({ minAvailable: 2 })), undefined);
    assert.equal(pdbBlockReason(web(), noStatus({})), undefined);
  });

  it('isFullyBlockingPdb reads maxUnavailable 0 / "0%" and minAvailable "100%"', () => {
    assert.equal(isFullyBlockingPdb(podDisruptionBudget({ maxUnavailable: 0 })), true);
    assert.equal(isFullyBlockingPdb(podDisruptionBudget({ maxUnavailable: '0%' })), true);
    assert.equal(isFullyBlockingPdb(podDisruptionBudget({ minAvailable: '100%' })), true);
    assert.equal(isFullyBlockingPdb(podDisruptionBudget({ minAvailable: '99%' })), false);
    assert.equal(isFullyBlockingPdb(podDisruptionBudget({ maxUnavailable: '10%' })), false);
  });

  it('GIVEN a PDB over a DaemonSet pod THEN it does not block (karpd leaves DaemonSet pods on the node)', () => {
    const agent = bindPod(daemonSetPod({ name: 'agent', labels: { app: 'agent' } }), 'node-a');
    const pdbs = new PdbIndex([podDisruptionBudget({ namespace: 'kube-system', disruptionsAllowed: 0 })]);
    assert.equal(pdbBlockReason(agent, pdbs), undefined);
  });

  it('podBlockReason names do-not-disrupt before a PDB', () => {
    const p = { ...web(), metadata: { ...web().metadata, annotations: { 'karpenter.sh/do-not-disrupt': 'true' } } };
    const pdbs = new PdbIndex([podDisruptionBudget({ namespace: 'shop', disruptionsAllowed: 0 })]);
    assert.equal(podBlockReason(p, NOW, pdbs), 'pod shop/web-1 has do-not-disrupt');
  });
});

describe('podEvictionCost', () => {
  const withCost = (deletionCost?: string, priority?: number) =>
    running({
      ...(deletionCost !== undefined ? { metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': deletionCost } } } : {}),
      ...(priority !== undefined ? { spec: { priority } } : {}),
    });

  it('GIVEN no deletion cost and no priority THEN a pod costs 1', () => {
    assert.equal(podEvictionCost(withCost()), 1);
  });

  it('GIVEN a deletion cost and a priority THEN it costs 1 + cost/2^27 + priority/2^25', () => {
    assert.equal(podEvictionCost(withCost(String(2 ** 27))), 2);
    assert.equal(podEvictionCost(withCost(undefined, 2 ** 25)), 2);
    assert.equal(podEvictionCost(withCost(String(-(2 ** 26)), 2 ** 24)), 1);
  });

  it('GIVEN extreme values THEN the cost is clamped to [-10, 10]', () => {
    assert.equal(podEvictionCost(withCost(undefined, 1_000_000_000)), 10);
    assert.equal(podEvictionCost(withCost('-2147483647', -2147483648)), -10);
  });

  it('GIVEN an unreadable deletion cost THEN it is ignored', () => {
    assert.equal(podEvictionCost(withCost('lots')), 1);
  });
});
