/**
 * compareCluster: the three-way comparison of desired (Git), live (cluster)
 * and last-applied (karpd's annotation on the live object), one test per
 * rule and status, plus ordering and the kinds it ignores.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../src/apis/object-meta.js';
import type { NodePool } from '../../../src/apis/nodepool.js';
import { compareCluster } from '../../../src/gitops/diff/compare-objects.js';
import { encodeLastApplied, LAST_APPLIED_ANNOTATION } from '../../../src/gitops/diff/last-applied.js';
import type { ObjectComparison } from '../../../src/gitops/diff/object-comparison.js';
import { nodePool } from '../../../src/testing/builders.js';
import { serverReadBack } from './server-read-back.js';

/** A pool named `name` with a cpu limit. */
const pool = (name: string, cpu: string): NodePool => nodePool({ metadata: { name }, spec: { limits: { cpu } } });

/** `object` as it is in the cluster after karpd applied `applied` (its last-applied annotation set). */
function liveAfterApplying(object: KubeObject, applied: KubeObject): KubeObject {
  const annotations = { ...(object.metadata.annotations ?? {}), [LAST_APPLIED_ANNOTATION]: encodeLastApplied(applied) };
  return serverReadBack({ ...object, metadata: { ...object.metadata, annotations } });
}

function only(comparisons: ObjectComparison[]): ObjectComparison {
  assert.equal(comparisons.length, 1, JSON.stringify(comparisons.map((c) => `${c.kind}/${c.name}`)));
  return comparisons[0];
}

describe('compareCluster', () => {
  it('in-sync: desired equals live after normalisation, with an empty diff', () => {
    const desired = pool('a', '1000');
    const result = only(compareCluster({ desired: [desired], live: [liveAfterApplying(pool('a', '1k'), desired)] }));
    assert.equal(result.status, 'in-sync');
    assert.equal(result.diff, '');
    assert.equal(result.driftDiff, undefined);
    assert.equal(result.desired, desired);
  });

  it('in-sync whatever last-applied says (someone changed it back by hand, or karpd never applied it)', () => {
    const desired = pool('a', '1000');
    const stale = only(compareCluster({ desired: [desired], live: [liveAfterApplying(pool('a', '1000'), pool('a', '5'))] }));
    assert.equal(stale.status, 'in-sync');
    const neverApplied = only(compareCluster({ desired: [desired], live: [serverReadBack(pool('a', '1000'))] }));
    assert.equal(neverApplied.status, 'in-sync');
  });

  it('missing: in Git, not in the cluster; the diff creates it', () => {
    const result = only(compareCluster({ desired: [pool('a', '10')], live: [] }));
    assert.equal(result.status, 'missing');
    assert.equal(result.live, undefined);
    assert.match(result.diff, /^--- NodePool\/a \(live\)\n\+\+\+ NodePool\/a \(git\)\n@@ -0,0 /);
  });

  it('extra: karpd applied it and Git dropped it; the diff removes it', () => {
    const live = liveAfterApplying(pool('gone', '10'), pool('gone', '10'));
    const result = only(compareCluster({ desired: [], live: [live] }));
    assert.equal(result.status, 'extra');
    assert.equal(result.live, live);
    assert.equal(result.lastApplied?.metadata.name, 'gone');
    assert.match(result.diff, /\n-apiVersion: karpenter.sh\/v1\n/);
  });

  it('extra even when the annotation no longer decodes (karpd wrote it, someone broke it)', () => {
    const live = serverReadBack(nodePool({ metadata: { name: 'gone', annotations: { [LAST_APPLIED_ANNOTATION]: '{not json' } } }));
    const result = only(compareCluster({ desired: [], live: [live] }));
    assert.equal(result.status, 'extra');
    assert.equal(result.lastApplied, undefined);
  });

  it('unmanaged: in the cluster only, never applied by karpd; left alone with no diff', () => {
    const result = only(compareCluster({ desired: [], live: [serverReadBack(pool('hand-made', '10'))] }));
    assert.equal(result.status, 'unmanaged');
    assert.equal(result.diff, '');
  });

  it('git-changed: no last-applied and live differs from Git', () => {
    const result = only(compareCluster({ desired: [pool('a', '20')], live: [serverReadBack(pool('a', '10'))] }));
    assert.equal(result.status, 'git-changed');
    assert.equal(result.driftDiff, undefined);
  });

  it('git-changed: live still equals last-applied, Git moved on; the diff is live → git', () => {
    const applied = pool('a', '10');
    const result = only(compareCluster({ desired: [pool('a', '20')], live: [liveAfterApplying(applied, applied)] }));
    assert.equal(result.status, 'git-changed');
    assert.deepEqual(
      result.diff.split('\n').filter((line) => /^[-+] /.test(line)),
      ['-    cpu: "10"', '+    cpu: "20"'],
    );
  });

  it('live-drifted: Git still equals last-applied, the live object was edited; driftDiff is last-applied → live', () => {
    const applied = pool('a', '10');
    const edited = pool('a', '99');
    const result = only(compareCluster({ desired: [pool('a', '10')], live: [liveAfterApplying(edited, applied)] }));
    assert.equal(result.status, 'live-drifted');
    assert.match(result.diff, /\n- {4}cpu: "99"\n\+ {4}cpu: "10"\n/);
    assert.match(result.driftDiff ?? '', /^--- NodePool\/a \(last-applied\)\n\+\+\+ NodePool\/a \(live\)\n/);
    assert.match(result.driftDiff ?? '', /\n- {4}cpu: "10"\n\+ {4}cpu: "99"\n/);
  });

  it('both-changed: Git and live both moved away from last-applied', () => {
    const result = only(compareCluster({ desired: [pool('a', '20')], live: [liveAfterApplying(pool('a', '99'), pool('a', '10'))] }));
    assert.equal(result.status, 'both-changed');
    assert.match(result.diff, /\n- {4}cpu: "99"\n\+ {4}cpu: "20"\n/);
    assert.match(result.driftDiff ?? '', /\n- {4}cpu: "10"\n\+ {4}cpu: "99"\n/);
  });

  it('does not call the server defaults or Karpenter hash annotations a change', () => {
    const desired = nodePool({ metadata: { name: 'a' } });
    const live = liveAfterApplying(desired, desired);
    assert.ok(live.metadata.annotations?.['karpenter.sh/nodepool-hash']);
    assert.ok((live as NodePool).spec.disruption?.budgets);
    assert.equal(only(compareCluster({ desired: [desired], live: [live] })).status, 'in-sync');
  });

  it('compares only NodePools and EC2NodeClasses, sorted node classes first, then by name', () => {
    const nodeClass = (name: string): KubeObject & { spec: unknown } => ({
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name },
      spec: {
        amiSelectorTerms: [{ alias: 'al2023@latest' }],
        role: 'r',
        subnetSelectorTerms: [{ id: 's' }],
        securityGroupSelectorTerms: [{ id: 'g' }],
      },
    });
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'karpd' } };
    const cluster = { apiVersion: 'karpd.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'prod' }, spec: {} };
    const results = compareCluster({
      desired: [pool('b', '1'), nodeClass('z'), configMap, cluster, pool('a', '1')],
      live: [serverReadBack(pool('c', '1')), configMap, serverReadBack(nodeClass('y'))],
    });
    assert.deepEqual(
      results.map((r) => `${r.kind}/${r.name}:${r.status}`),
      ['EC2NodeClass/y:unmanaged', 'EC2NodeClass/z:missing', 'NodePool/a:missing', 'NodePool/b:missing', 'NodePool/c:unmanaged'],
    );
  });

  it('keeps objects of the same name but different kinds apart', () => {
    const nodeClassA = { apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass', metadata: { name: 'a' }, spec: {} };
    const results = compareCluster({ desired: [pool('a', '1'), nodeClassA], live: [] });
    assert.deepEqual(
      results.map((r) => r.kind),
      ['EC2NodeClass', 'NodePool'],
    );
  });
});
