import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withClusterDefaults, withEC2NodeClassDefaults, withNodeClaimDefaults, withNodePoolDefaults } from '../../src/apis/defaults.js';
import type { NodePool } from '../../src/apis/nodepool.js';
import type { EC2NodeClass } from '../../src/apis/ec2nodeclass.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { Cluster } from '../../src/apis/cluster.js';

const ref = { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' };

describe('defaults', () => {
  it('fills a NodePool exactly as upstream CRD defaulting does', () => {
    const pool: NodePool = {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'p' },
      spec: { template: { spec: { requirements: [], nodeClassRef: ref } } },
    };
    const defaulted = withNodePoolDefaults(pool);
    assert.deepEqual(defaulted.spec.disruption, {
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      consolidateAfter: '0s',
      budgets: [{ nodes: '10%' }],
    });
    assert.equal(defaulted.spec.template.spec.expireAfter, '720h');
    assert.equal(pool.spec.disruption, undefined, 'input unchanged');
  });

  it('keeps what the manifest sets', () => {
    const pool: NodePool = {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'p' },
      spec: {
        template: { spec: { requirements: [], nodeClassRef: ref, expireAfter: 'Never' } },
        disruption: { consolidationPolicy: 'WhenEmpty', budgets: [] },
      },
    };
    const defaulted = withNodePoolDefaults(pool);
    assert.deepEqual(defaulted.spec.disruption, { consolidationPolicy: 'WhenEmpty', consolidateAfter: '0s', budgets: [] });
    assert.equal(defaulted.spec.template.spec.expireAfter, 'Never');
  });

  it('defaults a NodeClaim expireAfter to 720h', () => {
    const claim: NodeClaim = {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodeClaim',
      metadata: { name: 'c' },
      spec: { requirements: [], nodeClassRef: ref },
    };
    assert.equal(withNodeClaimDefaults(claim).spec.expireAfter, '720h');
  });

  it('defaults EC2NodeClass metadataOptions field by field', () => {
    const nodeClass: EC2NodeClass = {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: 'default' },
      spec: {
        subnetSelectorTerms: [],
        securityGroupSelectorTerms: [],
        amiSelectorTerms: [],
        metadataOptions: { httpPutResponseHopLimit: 2 },
      },
    };
    assert.deepEqual(withEC2NodeClassDefaults(nodeClass).spec.metadataOptions, {
      httpEndpoint: 'enabled',
      httpProtocolIPv6: 'disabled',
      httpPutResponseHopLimit: 2,
      httpTokens: 'required',
    });
  });

  it('defaults a Cluster to manual sync every minute, drift approval, no disruption approval', () => {
    const cluster: Cluster = {
      apiVersion: 'karpd.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'sandbox' },
      spec: { cloud: 'sim', region: 'eu-west-2', sync: { policy: 'auto' } },
    };
    const spec = withClusterDefaults(cluster).spec;
    assert.deepEqual(spec.sync, { policy: 'auto', interval: '1m' });
    assert.deepEqual(spec.drift, { policy: 'approve' });
    assert.deepEqual(spec.disruption, { approval: 'none' });
    assert.deepEqual(spec.vars, {});
  });
});
