/**
 * pruneObjects against the embedded control plane: only karpd-owned objects
 * go, NodePools before EC2NodeClasses, NotFound counts as deleted, and a
 * NodePool with NodeClaims stays terminating until they are gone.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyObjects } from '../../src/gitops/apply/apply-objects.js';
import { pruneObjects } from '../../src/gitops/apply/prune-objects.js';
import { isNotApplicableError } from '../../src/gitops/apply/apply-errors.js';
import { eventually } from '../../src/testing/eventually.js';
import { pick, startApplyHarness } from './apply-harness.js';

const NODE_CLASS = 'karpenter-nodeclass-default';

describe('pruneObjects', () => {
  it('GIVEN karpd-owned objects and a NodePool made by hand WHEN all are pruned THEN only the owned ones go, NodePools first, and the other is refused', async () => {
    const harness = await startApplyHarness();
    try {
      const objects = await harness.sandbox();
      await applyObjects(harness.rest, objects);
      const byHand = structuredClone(pick(objects, 'NodePool', 'default'));
      byHand.metadata = { name: 'by-hand' };
      await harness.cluster.rest.request({ method: 'POST', path: '/apis/karpenter.sh/v1/nodepools', body: byHand });
      harness.requests.length = 0;
      const refs = [
        { kind: 'EC2NodeClass', name: NODE_CLASS },
        { kind: 'NodePool', name: 'airflow-worker' },
        { kind: 'NodePool', name: 'by-hand' },
        { kind: 'NodePool', name: 'never-existed' },
      ];
      const results = await pruneObjects(harness.rest, refs);
      assert.deepEqual(
        results.map((r) => `${r.kind}/${r.name}:${r.action}`),
        [
          'NodePool/airflow-worker:deleted',
          'NodePool/by-hand:refused',
          'NodePool/never-existed:deleted',
          `EC2NodeClass/${NODE_CLASS}:deleted`,
        ],
      );
      assert.match(results[1]?.reason ?? '', /karpd does not own NodePool\/by-hand: it has no karpd\.dev\/last-applied annotation/);
      assert.deepEqual(harness.writes(), [
        'DELETE /apis/karpenter.sh/v1/nodepools/airflow-worker',
        `DELETE /apis/karpenter.k8s.aws/v1/ec2nodeclasses/${NODE_CLASS}`,
      ]);
      assert.equal(
        (harness.requests.find((r) => r.method === 'DELETE')?.body as { propagationPolicy?: string } | undefined)?.propagationPolicy,
        'Foreground',
      );
      await eventually(
        () =>
          harness.read('NodePool', 'airflow-worker').then(
            () => false,
            (error: Error) => /not found/.test(error.message),
          ),
        'airflow-worker gone',
      );
      assert.equal((await harness.read('NodePool', 'by-hand')).metadata.name, 'by-hand');
      assert.equal((await harness.read('NodePool', 'trino-xsmall')).metadata.name, 'trino-xsmall', 'objects not named are left alone');
    } finally {
      await harness.cluster.close();
    }
  });

  it('GIVEN a ref of another kind WHEN pruned THEN NotApplicableError and nothing is deleted', async () => {
    const harness = await startApplyHarness();
    try {
      await applyObjects(harness.rest, await harness.sandbox());
      harness.requests.length = 0;
      const refs = [
        { kind: 'NodePool', name: 'airflow-worker' },
        { kind: 'Deployment', name: 'karpenter' },
      ];
      await assert.rejects(
        pruneObjects(harness.rest, refs),
        (error: unknown) => isNotApplicableError(error) && /Deployment\/karpenter/.test(String(error)),
      );
      assert.deepEqual(harness.requests, []);
    } finally {
      await harness.cluster.close();
    }
  });

  it('GIVEN a NodePool that owns a NodeClaim WHEN pruned THEN it stays terminating until the NodeClaim is gone (Foreground)', async () => {
    const harness = await startApplyHarness();
    try {
      await applyObjects(harness.rest, await harness.sandbox());
      const pool = await harness.read('NodePool', 'airflow-worker');
      const claim = {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodeClaim',
        metadata: {
          name: 'airflow-worker-abcde',
          finalizers: ['karpenter.sh/termination'],
          ownerReferences: [
            { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', name: 'airflow-worker', uid: pool.metadata.uid, blockOwnerDeletion: true },
          ],
        },
        spec: {
          requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large'] }],
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: NODE_CLASS },
        },
      };
      const claims = '/apis/karpenter.sh/v1/nodeclaims';
      await harness.cluster.rest.request({ method: 'POST', path: claims, body: claim });
      const results = await pruneObjects(harness.rest, [{ kind: 'NodePool', name: 'airflow-worker' }]);
      assert.deepEqual(results, [{ kind: 'NodePool', name: 'airflow-worker', action: 'deleted' }]);
      const terminating = await eventually(async () => {
        const [live, owned] = await Promise.all([
          harness.read('NodePool', 'airflow-worker'),
          harness.cluster.rest.request<{ metadata: { deletionTimestamp?: string } }>({
            method: 'GET',
            path: `${claims}/${claim.metadata.name}`,
          }),
        ]);
        return live.metadata.deletionTimestamp !== undefined && owned.metadata.deletionTimestamp !== undefined && live;
      }, 'the NodePool and its NodeClaim terminating');
      assert.ok(terminating.metadata.finalizers?.includes('foregroundDeletion'));
      assert.deepEqual(
        await pruneObjects(harness.rest, [{ kind: 'NodePool', name: 'airflow-worker' }]),
        results,
        'a terminating pool counts as deleted',
      );
      await harness.cluster.rest.request({
        method: 'PATCH',
        path: `${claims}/${claim.metadata.name}`,
        contentType: 'application/merge-patch+json',
        body: { metadata: { finalizers: null } },
      });
      await eventually(
        () =>
          harness.read('NodePool', 'airflow-worker').then(
            () => false,
            (error: Error) => /not found/.test(error.message),
          ),
        'airflow-worker gone once its NodeClaim is',
      );
    } finally {
      await harness.cluster.close();
    }
  });
});
