/**
 * Real round trips against the embedded control plane (the Kubernetes HTTP
 * API with karpd's CRDs, their defaults and validation): desired NodePools and
 * an EC2NodeClass in several spellings are POSTed with karpd's last-applied
 * annotation, read back, and compare `in-sync`; a `kubectl patch`-style merge
 * patch on one of them then shows as config drift.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { EC2NodeClass } from '../../../src/apis/ec2nodeclass.js';
import type { KubeObject } from '../../../src/apis/object-meta.js';
import type { NodePool } from '../../../src/apis/nodepool.js';
import { compareCluster } from '../../../src/gitops/diff/compare-objects.js';
import { encodeLastApplied, LAST_APPLIED_ANNOTATION } from '../../../src/gitops/diff/last-applied.js';
import type { DesiredObject } from '../../../src/gitops/diff/object-comparison.js';
import { PatchTypes } from '../../../src/kube/rest-client.js';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../../src/testing/embedded-cluster.js';
import { nodePool } from '../../../src/testing/builders.js';
import { nodePoolManifest } from './nodepool-arbitrary.js';

const NODEPOOLS = '/apis/karpenter.sh/v1/nodepools';
const NODECLASSES = '/apis/karpenter.k8s.aws/v1/ec2nodeclasses';

const nodeClass: EC2NodeClass = {
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name: 'default' },
  spec: {
    amiSelectorTerms: [{ alias: 'al2023@latest' }],
    role: 'node-role',
    subnetSelectorTerms: [{ tags: { Name: 'private*' } }],
    securityGroupSelectorTerms: [{ tags: { Name: 'node' } }],
    blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '100Gi', volumeType: 'gp3', encrypted: true } }],
    metadataOptions: { httpPutResponseHopLimit: 2 },
    tags: {},
  },
};

/** `desired` as karpd applies it: with the last-applied annotation. */
function withLastApplied<T extends DesiredObject>(desired: T): T {
  return {
    ...desired,
    metadata: {
      ...desired.metadata,
      annotations: { ...desired.metadata.annotations, [LAST_APPLIED_ANNOTATION]: encodeLastApplied(desired) },
    },
  };
}

describe('applied to the embedded control plane and read back', () => {
  let cluster: EmbeddedCluster;
  // A fixed seed: the same handful of pools every run, in a mix of spellings and left-out fields.
  const pools: NodePool[] = fc
    .sample(nodePoolManifest(), { numRuns: 12, seed: 20250110 })
    .map((pool, index) => ({ ...pool, metadata: { ...pool.metadata, name: `pool-${index}` } }));
  // And two written by hand, so the cases that matter most are there whatever the sample holds.
  const spelledOut = nodePool({
    metadata: { name: 'spelled-out' },
    spec: {
      limits: { cpu: '1k', memory: '1073741824' },
      template: { spec: { expireAfter: '720h0m0s' } },
      disruption: { consolidateAfter: '0h0m30s', budgets: [{ schedule: '@daily', duration: '60m' } as never, { nodes: '5' }] },
    },
  });
  const leftOut = nodePool({
    metadata: { name: 'left-out', labels: {} },
    spec: { template: { metadata: { labels: {} }, spec: { taints: [] } } },
  });
  const desired: DesiredObject[] = [nodeClass, ...pools, spelledOut, leftOut];

  before(async () => {
    cluster = await startEmbeddedCluster();
    await cluster.rest.request({ method: 'POST', path: NODECLASSES, body: withLastApplied(nodeClass) });
    for (const pool of [...pools, spelledOut, leftOut])
      await cluster.rest.request({ method: 'POST', path: NODEPOOLS, body: withLastApplied(pool) });
  });
  after(async () => {
    await cluster.close();
  });

  const readLive = async (): Promise<KubeObject[]> => {
    const nodePools = await cluster.rest.request<{ items: KubeObject[] }>({ method: 'GET', path: NODEPOOLS });
    const nodeClasses = await cluster.rest.request<{ items: KubeObject[] }>({ method: 'GET', path: NODECLASSES });
    return [...nodeClasses.items, ...nodePools.items];
  };

  it('every object compares in-sync, although the server filled in defaults and its own metadata', async () => {
    const live = await readLive();
    const defaulted = live.filter((object) => object.kind === 'NodePool' && (object as NodePool).spec.disruption?.budgets !== undefined);
    assert.ok(defaulted.length > 0, 'the server defaulted something (else this test proves little)');
    assert.ok(live.every((object) => object.metadata.uid !== undefined && object.metadata.resourceVersion !== undefined));
    const results = compareCluster({ desired, live });
    assert.deepEqual(
      results.map((r) => `${r.kind}/${r.name}:${r.status}`),
      desired
        .map((d) => `${d.kind}/${d.metadata.name}`)
        .sort()
        .map((ref) => `${ref}:in-sync`),
    );
    assert.ok(results.every((r) => r.diff === ''));
  });

  it('a merge patch on a live NodePool behind Git’s back is live-drifted, with the edit in driftDiff', async () => {
    await cluster.rest.request({
      method: 'PATCH',
      path: `${NODEPOOLS}/pool-0`,
      contentType: PatchTypes.merge,
      body: { spec: { limits: { cpu: '777' } } },
    });
    const results = compareCluster({ desired, live: await readLive() });
    const drifted = results.filter((r) => r.status !== 'in-sync');
    assert.deepEqual(
      drifted.map((r) => `${r.kind}/${r.name}:${r.status}`),
      ['NodePool/pool-0:live-drifted'],
    );
    assert.match(drifted[0].driftDiff ?? '', /\n\+ {4}cpu: "777"\n/);
    assert.match(drifted[0].diff, /\n- {4}cpu: "777"\n/);
  });
});
