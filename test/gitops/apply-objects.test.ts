/**
 * applyObjects against the embedded control plane: create, three-way
 * labels and annotations, no write when nothing changes, refused kinds,
 * ordering, one refused object among good ones, and a conflict re-read.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isNotApplicableError, isApplyError } from '../../src/gitops/apply/apply-errors.js';
import { applyObjects } from '../../src/gitops/apply/apply-objects.js';
import { APPLIED_REVISION_ANNOTATION, LAST_APPLIED_ANNOTATION, encodeLastApplied } from '../../src/gitops/diff/last-applied.js';
import type { DesiredObject } from '../../src/gitops/diff/object-comparison.js';
import { findKubeApiError } from '../../src/kube/errors.js';
import type { RestRequest } from '../../src/kube/rest-client.js';
import { pick, startApplyHarness } from './apply-harness.js';

const HASH_ANNOTATIONS = { 'karpenter.sh/nodepool-hash': '12345', 'karpenter.sh/nodepool-hash-version': 'v3' };

function poolSpec(pool: DesiredObject): Record<string, any> {
  return pool.spec as Record<string, any>;
}

describe('applyObjects', () => {
  it('GIVEN an empty cluster WHEN the sandbox is applied THEN every object is created with the last-applied record and revision, EC2NodeClass first', async () => {
    const harness = await startApplyHarness();
    try {
      const objects = await harness.sandbox();
      const reversed = [...objects].reverse();
      const results = await applyObjects(harness.rest, reversed, { revision: 'abc123' });
      assert.deepEqual(results[0], { kind: 'EC2NodeClass', name: 'karpenter-nodeclass-default', action: 'created' });
      assert.deepEqual(
        results.slice(1).map((r) => `${r.kind}/${r.name}:${r.action}`),
        reversed.filter((o) => o.kind === 'NodePool').map((o) => `NodePool/${o.metadata.name}:created`),
      );
      const airflow = pick(objects, 'NodePool', 'airflow-worker');
      const live = await harness.read('NodePool', 'airflow-worker');
      assert.equal(live.metadata.annotations?.[LAST_APPLIED_ANNOTATION], encodeLastApplied(airflow));
      assert.equal(live.metadata.annotations?.[APPLIED_REVISION_ANNOTATION], 'abc123');
      assert.deepEqual(live.spec?.limits, poolSpec(airflow).limits);
      assert.deepEqual(live.spec?.template, { ...poolSpec(airflow).template, ...(live.spec?.template as object) });
      assert.ok(
        harness.requests.filter((r) => r.method === 'POST').every((r) => r.query?.fieldManager === 'karpd'),
        'every create names the karpd field manager',
      );
    } finally {
      await harness.cluster.close();
    }
  });

  it('GIVEN the sandbox applied WHEN it is applied again THEN every object is unchanged, nothing is written and resourceVersions stay', async () => {
    const harness = await startApplyHarness();
    try {
      await applyObjects(harness.rest, await harness.sandbox(), { revision: 'one' });
      const before = await harness.read('NodePool', 'trino-xsmall');
      harness.requests.length = 0;
      const results = await applyObjects(harness.rest, await harness.sandbox(), { revision: 'two' });
      assert.deepEqual(new Set(results.map((r) => r.action)), new Set(['unchanged']));
      assert.deepEqual(harness.writes(), []);
      const after = await harness.read('NodePool', 'trino-xsmall');
      assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
      assert.equal(after.metadata.annotations?.[APPLIED_REVISION_ANNOTATION], 'one', 'the revision names the commit that changed it');
    } finally {
      await harness.cluster.close();
    }
  });

  it("GIVEN Karpenter's hash annotations and another tool's label WHEN Git drops a label and changes limits THEN the dropped label goes and everything else stays", async () => {
    const harness = await startApplyHarness();
    try {
      const objects = await harness.sandbox();
      const pool = pick(objects, 'NodePool', 'airflow-worker');
      pool.metadata.labels = { team: 'data', tier: 'batch' };
      pool.metadata.annotations = { 'example.com/owner': 'data-platform' };
      await applyObjects(harness.rest, objects, { revision: 'one' });
      await harness.cluster.rest.request({
        method: 'PATCH',
        path: '/apis/karpenter.sh/v1/nodepools/airflow-worker',
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: HASH_ANNOTATIONS, labels: { 'other-tool/managed': 'yes' } } },
      });
      const changed = await harness.sandbox();
      const next = pick(changed, 'NodePool', 'airflow-worker');
      next.metadata.labels = { team: 'data' };
      next.metadata.annotations = { 'karpenter.sh/nodepool-hash': 'from-git' };
      poolSpec(next).limits = { cpu: '100' };
      const results = await applyObjects(harness.rest, changed, { revision: 'two' });
      assert.equal(results.find((r) => r.name === 'airflow-worker')?.action, 'updated');
      assert.deepEqual(
        results.filter((r) => r.name !== 'airflow-worker').map((r) => r.action),
        objects.filter((o) => o.metadata.name !== 'airflow-worker').map(() => 'unchanged'),
      );
      const live = await harness.read('NodePool', 'airflow-worker');
      assert.deepEqual(live.metadata.labels, { team: 'data', 'other-tool/managed': 'yes' });
      const annotations = live.metadata.annotations ?? {};
      assert.equal(annotations['karpenter.sh/nodepool-hash'], '12345', 'the hash is never touched, not even from Git');
      assert.equal(annotations['karpenter.sh/nodepool-hash-version'], 'v3');
      assert.equal(annotations['example.com/owner'], undefined, 'an annotation Git dropped is removed');
      assert.equal(annotations[APPLIED_REVISION_ANNOTATION], 'two');
      assert.equal(annotations[LAST_APPLIED_ANNOTATION], encodeLastApplied(next));
      assert.deepEqual(live.spec?.limits, { cpu: '100' });
      assert.ok(harness.requests.filter((r) => r.method === 'PUT').every((r) => r.query?.fieldManager === 'karpd'));
    } finally {
      await harness.cluster.close();
    }
  });

  it('GIVEN a ConfigMap and a Cluster among the objects WHEN applied THEN NotApplicableError names them and nothing is written', async () => {
    const harness = await startApplyHarness();
    try {
      const objects = await harness.sandbox();
      const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } } as DesiredObject;
      await assert.rejects(applyObjects(harness.rest, [...objects, configMap]), (error: unknown) => {
        assert.ok(isNotApplicableError(error));
        assert.match((error as Error).message, /ConfigMap\/settings/);
        return true;
      });
      const cluster = { apiVersion: 'karpd.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'sandbox' }, spec: {} } as DesiredObject;
      await assert.rejects(applyObjects(harness.rest, [cluster, ...objects]), /Cluster\/sandbox/);
      assert.deepEqual(harness.requests, [], 'not even a read');
    } finally {
      await harness.cluster.close();
    }
  });

  it('GIVEN a NodePool the server refuses WHEN applied with the others THEN its result names it and the field, and the others are created', async () => {
    const harness = await startApplyHarness();
    try {
      const objects = await harness.sandbox();
      poolSpec(pick(objects, 'NodePool', 'trino-xsmall')).disruption.consolidationPolicy = 'Sometimes';
      const results = await applyObjects(harness.rest, objects);
      const failed = results.filter((r) => r.action === 'failed');
      assert.deepEqual(
        failed.map((r) => r.name),
        ['trino-xsmall'],
      );
      const error = failed[0]?.error;
      assert.ok(isApplyError(error));
      assert.equal(error?.kind, 'NodePool');
      assert.equal(error?.objectName, 'trino-xsmall');
      assert.equal(findKubeApiError(error)?.code, 422);
      assert.match(error?.message ?? '', /NodePool\/trino-xsmall.*spec\.disruption\.consolidationPolicy/);
      assert.equal(results.filter((r) => r.action === 'created').length, objects.length - 1);
      await assert.rejects(harness.read('NodePool', 'trino-xsmall'), /not found/);
    } finally {
      await harness.cluster.close();
    }
  });

  it('GIVEN someone writes the NodePool between the read and the write WHEN applied THEN the conflict is re-read and both changes survive', async () => {
    const harness = await startApplyHarness();
    try {
      const objects = await harness.sandbox();
      await applyObjects(harness.rest, objects);
      const changed = await harness.sandbox();
      (pick(changed, 'NodePool', 'airflow-worker').spec as { weight?: number }).weight = 7;
      const send = harness.rest.request.bind(harness.rest);
      let interfered = false;
      harness.rest.request = async <T>(request: RestRequest): Promise<T> => {
        if (!interfered && request.method === 'PUT' && request.query?.dryRun === undefined) {
          interfered = true;
          await harness.cluster.rest.request({
            method: 'PATCH',
            path: request.path,
            contentType: 'application/merge-patch+json',
            body: { metadata: { labels: { 'someone/else': 'was-here' } } },
          });
        }
        return send<T>(request);
      };
      const results = await applyObjects(harness.rest, changed);
      assert.equal(results.find((r) => r.name === 'airflow-worker')?.action, 'updated');
      assert.ok(interfered);
      const live = await harness.read('NodePool', 'airflow-worker');
      assert.equal(live.spec?.weight, 7);
      assert.equal(live.metadata.labels?.['someone/else'], 'was-here');
    } finally {
      await harness.cluster.close();
    }
  });
});
