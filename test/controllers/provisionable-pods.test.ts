import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../src/apis/core-v1.js';
import { ignoredReason, isProvisionable } from '../../src/controllers/provisioner/provisionable-pods.js';

function pod(
  overrides: {
    nodeName?: string;
    nominated?: string;
    owner?: string;
    scheduled?: { status: 'True' | 'False'; reason?: string };
    nodeSelector?: Record<string, string>;
  } = {},
): Pod {
  const scheduled = overrides.scheduled ?? { status: 'False', reason: 'Unschedulable' };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'default',
      ...(overrides.owner
        ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: overrides.owner, name: 'o', uid: 'u', controller: true }] }
        : {}),
    },
    spec: {
      containers: [{ name: 'c' }],
      ...(overrides.nodeName ? { nodeName: overrides.nodeName } : {}),
      ...(overrides.nodeSelector ? { nodeSelector: overrides.nodeSelector } : {}),
    },
    status: {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', ...scheduled }],
      ...(overrides.nominated ? { nominatedNodeName: overrides.nominated } : {}),
    },
  };
}

describe('provisionable pods', () => {
  it('takes pods kube-scheduler marked Unschedulable', () => {
    assert.equal(isProvisionable(pod()), true);
  });
  it('skips bound, nominated, daemonset, mirror and not-yet-tried pods', () => {
    assert.equal(isProvisionable(pod({ nodeName: 'n1' })), false);
    assert.equal(isProvisionable(pod({ nominated: 'n1' })), false);
    assert.equal(isProvisionable(pod({ owner: 'DaemonSet' })), false);
    assert.equal(isProvisionable(pod({ owner: 'Node' })), false);
    assert.equal(isProvisionable(pod({ scheduled: { status: 'False', reason: 'SchedulingGated' } })), false);
  });
  it('ignores pods pinned to a hostname, with a reason', () => {
    assert.match(ignoredReason(pod({ nodeSelector: { 'kubernetes.io/hostname': 'x' } })) ?? '', /hostname/);
    assert.equal(ignoredReason(pod({ nodeSelector: { NodePool: 'airflow-worker' } })), undefined);
  });
});
