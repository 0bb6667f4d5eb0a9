import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EC2NodeClass } from '../../src/apis/ec2nodeclass.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { NodePool } from '../../src/apis/nodepool.js';
import { desiredNodePoolStatus, nodePoolUsage } from '../../src/controllers/nodepool/nodepool-usage.js';

const pool: NodePool = {
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name: 'airflow-worker' },
  spec: { template: { spec: { requirements: [], nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } } } },
};

function claim(name: string, pool: string, capacity: Record<string, string>, deleting = false): NodeClaim {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: { name, labels: { 'karpenter.sh/nodepool': pool }, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: {
      requirements: [],
      nodeClassRef: pool === '' ? { group: '', kind: '', name: '' } : { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
    },
    status: { capacity },
  };
}

const nodeClass = (ready: boolean): EC2NodeClass => ({
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name: 'default' },
  spec: { subnetSelectorTerms: [], securityGroupSelectorTerms: [], amiSelectorTerms: [] },
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

describe('NodePool status', () => {
  it("sums capacity of the pool's claims that are not being deleted, with the base keys always present", () => {
    const usage = nodePoolUsage(pool, [
      claim('a', 'airflow-worker', { cpu: '2', memory: '8Gi', pods: '29' }),
      claim('b', 'airflow-worker', { cpu: '4', memory: '16Gi', pods: '58' }),
      claim('c', 'airflow-worker', { cpu: '8', memory: '32Gi', pods: '58' }, true),
      claim('d', 'other', { cpu: '64' }),
    ]);
    assert.deepEqual(usage, { cpu: 6000, memory: 24 * 2 ** 30, pods: 87, 'ephemeral-storage': 0, nodes: 2 });
  });

  it('is Ready only when its NodeClass is', () => {
    assert.equal(desiredNodePoolStatus(pool, [], [nodeClass(true)]).nodeClassReady.status, 'True');
    const notReady = desiredNodePoolStatus(pool, [], [nodeClass(false)]).nodeClassReady;
    assert.equal(notReady.status, 'False');
    const missing = desiredNodePoolStatus(pool, [], []).nodeClassReady;
    assert.ok(missing.status === 'False' && /EC2NodeClass default not found/.test(missing.message));
  });
});
