import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildViewModel } from '../../../src/observe/view-model/build-view.js';
import { pod } from '../../../src/testing/builders.js';
import { clusterInput, viewInput } from './builders.js';

function pods(input: Parameters<typeof clusterInput>[0]) {
  return buildViewModel(viewInput([clusterInput(input)])).clusters[0].pods;
}

describe('pod rows', () => {
  it('lists pending pods first, oldest first, then the rest by namespace/name; leaves out finished pods', () => {
    const rows = pods({
      objects: {
        pods: [
          pod({ name: 'run-b', nodeName: 'n1' }),
          pod({ name: 'new', metadata: { creationTimestamp: '2026-01-01T00:30:00Z' } }),
          pod({ name: 'old', metadata: { creationTimestamp: '2026-01-01T00:10:00Z' } }),
          pod({ name: 'run-a', namespace: 'apps', nodeName: 'n1' }),
          pod({ name: 'done', phase: 'Succeeded', nodeName: 'n1' }),
          pod({ name: 'failed', phase: 'Failed' }),
          pod({ name: 'leaving', metadata: { deletionTimestamp: '2026-01-01T00:50:00Z' } }),
        ],
      },
    });
    assert.deepEqual(
      rows.map((r) => [r.key, r.pending]),
      [
        ['default/old', true],
        ['default/new', true],
        ['apps/run-a', false],
        ['default/leaving', false],
        ['default/run-b', false],
      ],
    );
  });

  it('carries the provisioner’s reason and the claim the pod waits for', () => {
    const rows = pods({
      objects: { pods: [pod({ name: 'gpu' }), pod({ name: 'web' })], nominatedPods: new Map([['default-abc12', ['default/web']]]) },
      pendingReasons: new Map([['default/gpu', 'no nodepool tolerates taint dedicated=gpu']]),
    });
    const gpu = rows.find((r) => r.name === 'gpu');
    const web = rows.find((r) => r.name === 'web');
    assert.equal(gpu?.reason, 'no nodepool tolerates taint dedicated=gpu');
    assert.equal(gpu?.waitingFor, undefined);
    assert.equal(web?.waitingFor, 'default-abc12');
    assert.deepEqual(
      gpu?.describe.find((l) => l.label === 'Reason'),
      { label: 'Reason', value: 'no nodepool tolerates taint dedicated=gpu' },
    );
  });

  it('sums effective requests (init containers included) and names the controlling owner', () => {
    const p = pod({
      name: 'job-1',
      requests: { cpu: '500m', memory: '256Mi' },
      metadata: {
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Other', name: 'x', uid: '1' },
          { apiVersion: 'batch/v1', kind: 'Job', name: 'spark-nightly', uid: '2', controller: true },
        ],
      },
      spec: { initContainers: [{ name: 'init', resources: { requests: { cpu: '2', memory: '128Mi' } } }] },
    });
    const [row] = pods({ objects: { pods: [p] } });
    assert.equal(row.cpu, 2000);
    assert.equal(row.memory, 256 * 2 ** 20);
    assert.equal(row.owner, 'Job/spark-nightly');
    assert.equal(row.ageSeconds, 3600);
  });

  it('describes node selector, tolerations, requests and affinity', () => {
    const p = pod({
      name: 'picky',
      requests: { cpu: '250m', memory: '1Gi' },
      nodeSelector: { 'karpenter.sh/capacity-type': 'spot' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, { operator: 'Exists' }],
      nodeRequirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }],
      podAntiAffinity: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'x' } } }],
    });
    const lines = Object.fromEntries(pods({ objects: { pods: [p] } })[0].describe.map((l) => [l.label, l.value]));
    assert.equal(lines['Node selector'], 'karpenter.sh/capacity-type=spot');
    assert.equal(lines.Tolerations, 'dedicated=gpu:NoSchedule, :Exists');
    assert.equal(lines.Requests, 'cpu=250m, memory=1Gi');
    assert.equal(lines.Affinity, 'node affinity (1 required, 0 preferred), pod anti-affinity (1 required, 0 preferred)');
  });

  it('a pod whose quantity cannot be read shows the error instead of crashing', () => {
    const [row] = pods({ objects: { pods: [pod({ name: 'bad', requests: { cpu: 'lots' } })] } });
    assert.equal(row.cpu, 0);
    assert.match(row.describe.find((l) => l.label === 'Requests')?.value ?? '', /lots/);
  });
});
