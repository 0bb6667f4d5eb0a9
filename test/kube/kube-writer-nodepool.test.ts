/** KubeWriter.patchNodePoolMetadata against the embedded control plane: the hash annotations merge in, the rest stays. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NodePool } from '../../src/apis/nodepool.js';
import { KubeWriter } from '../../src/kube/kube-writer.js';
import { nodePool } from '../../src/testing/builders.js';
import { type EmbeddedCluster, startEmbeddedCluster } from '../../src/testing/embedded-cluster.js';

describe('KubeWriter.patchNodePoolMetadata', () => {
  let cluster: EmbeddedCluster;
  before(async () => {
    cluster = await startEmbeddedCluster();
  });
  after(async () => {
    await cluster.close();
  });

  it('GIVEN a NodePool with annotations WHEN the hash annotations are patched THEN they are added, the others and the spec kept', async () => {
    const { rest } = cluster;
    const pool = nodePool({ metadata: { name: 'hashed', annotations: { owner: 'data-platform' } }, spec: { weight: 10 } });
    await rest.request({ method: 'POST', path: '/apis/karpenter.sh/v1/nodepools', body: pool });
    const writer = new KubeWriter(rest, () => new Date());
    const patched = await writer.patchNodePoolMetadata('hashed', {
      annotations: { 'karpenter.sh/nodepool-hash': 'abc', 'karpenter.sh/nodepool-hash-version': 'karpd-v1' },
    });
    assert.equal(patched.metadata.annotations?.['karpenter.sh/nodepool-hash'], 'abc');
    const stored = await rest.request<NodePool>({ method: 'GET', path: '/apis/karpenter.sh/v1/nodepools/hashed' });
    assert.deepEqual(stored.metadata.annotations, {
      owner: 'data-platform',
      'karpenter.sh/nodepool-hash': 'abc',
      'karpenter.sh/nodepool-hash-version': 'karpd-v1',
    });
    assert.equal(stored.spec.weight, 10);
  });
});
