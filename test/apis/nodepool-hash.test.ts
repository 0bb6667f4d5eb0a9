import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodePool } from '../../src/apis/nodepool.js';
import { nodePoolHash } from '../../src/apis/nodepool-hash.js';

function pool(overrides: Partial<NodePool['spec']> = {}, template: Partial<NodePool['spec']['template']['spec']> = {}): NodePool {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'airflow-worker' },
    spec: {
      template: {
        metadata: { labels: { NodePool: 'airflow-worker' } },
        spec: {
          requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] }],
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
          taints: [
            { key: 'a', effect: 'NoSchedule' },
            { key: 'b', effect: 'NoSchedule' },
          ],
          ...template,
        },
      },
      ...overrides,
    },
  };
}

describe('nodePoolHash', () => {
  it('ignores requirements, limits, weight and disruption settings', () => {
    const base = nodePoolHash(pool());
    assert.equal(nodePoolHash(pool({ weight: 50, limits: { cpu: '10' }, disruption: { consolidateAfter: '5m' } })), base);
    assert.equal(nodePoolHash(pool({}, { requirements: [] })), base);
  });

  it('treats lists as sets and empty values as absent', () => {
    const base = nodePoolHash(pool());
    assert.equal(
      nodePoolHash(
        pool(
          {},
          {
            taints: [
              { key: 'b', effect: 'NoSchedule' },
              { key: 'a', effect: 'NoSchedule' },
            ],
          },
        ),
      ),
      base,
    );
    assert.equal(nodePoolHash(pool({}, { startupTaints: [] })), base);
  });

  it('GIVEN a pool without expireAfter WHEN hashed THEN it hashes as the API server stores it (expireAfter 720h)', () => {
    assert.equal(nodePoolHash(pool()), nodePoolHash(pool({}, { expireAfter: '720h' })));
    assert.notEqual(nodePoolHash(pool()), nodePoolHash(pool({}, { expireAfter: '721h' })));
  });

  it('changes when the template changes what a node is', () => {
    const base = nodePoolHash(pool());
    assert.notEqual(nodePoolHash(pool({}, { expireAfter: '24h' })), base);
    assert.notEqual(nodePoolHash(pool({}, { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'gpu' } })), base);
    assert.notEqual(nodePoolHash(pool({}, { taints: [{ key: 'a', effect: 'NoSchedule' }] })), base);
  });
});
