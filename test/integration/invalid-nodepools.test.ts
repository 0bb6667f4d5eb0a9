/**
 * Issue #9: NodePools that a real cluster can hold although admission would
 * refuse them today (an old CRD, objects stored before) must not stop the
 * agent. They are written straight into the embedded control plane's store,
 * bypassing admission, next to the sandbox's valid pools.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../src/apis/core-v1.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { NodePool } from '../../src/apis/nodepool.js';
import { eventually, startStackHarness } from './stack-harness.js';

function broken(base: NodePool, name: string, breakIt: (spec: Record<string, any>) => void): NodePool {
  const pool = structuredClone(base) as NodePool & { metadata: Record<string, unknown> };
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = pool.metadata as Record<string, unknown>;
  pool.metadata = { ...metadata, name, uid: `uid-${name}`, generation: 1, creationTimestamp: '2026-01-01T00:00:00Z' };
  delete (pool as { status?: unknown }).status;
  (pool.spec as { weight?: number }).weight = 100;
  breakIt(pool.spec as Record<string, any>);
  return pool;
}

describe('invalid NodePools in the cluster', () => {
  it('GIVEN three NodePools admission would refuse WHEN a jupyterhub-small pod is pending THEN it still gets a node, and each bad pool says why', async () => {
    const stack = await startStackHarness();
    try {
      const { rest, controlPlane } = stack.cluster;
      const base = await rest.request<NodePool>({ method: 'GET', path: '/apis/karpenter.sh/v1/nodepools/jupyterhub-small' });
      const pools = [
        broken(base, 'no-nodeclassref', (spec) => delete spec.template.spec.nodeClassRef),
        broken(base, 'lots-of-cpu', (spec) => void (spec.limits = { cpu: 'lots' })),
        broken(base, 'equals-operator', (spec) => void (spec.template.spec.requirements[0].operator = 'Equals')),
      ];
      for (const pool of pools) controlPlane.store.commit('karpenter.sh/nodepools', pool.metadata.name ?? '', 'ADDED', pool as never);
      await stack.startAgent();
      const pod: Pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'notebook', namespace: 'default' },
        spec: {
          nodeSelector: { NodePool: 'jupyterhub-small' },
          tolerations: [{ key: 'jupyterhub-small', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [{ name: 'notebook', image: 'jupyter/base-notebook', resources: { requests: { cpu: '500m', memory: '1Gi' } } }],
        },
      };
      await rest.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod });
      await eventually(
        async () => {
          const current = await rest.request<Pod>({ method: 'GET', path: '/api/v1/namespaces/default/pods/notebook' });
          return current.spec.nodeName ? current : undefined;
        },
        'the notebook pod bound to a node',
        30_000,
      );
      const claims = (await rest.request<{ items: NodeClaim[] }>({ method: 'GET', path: '/apis/karpenter.sh/v1/nodeclaims' })).items;
      assert.deepEqual([...new Set(claims.map((claim) => claim.metadata.labels?.['karpenter.sh/nodepool']))], ['jupyterhub-small']);
      const expected: Record<string, RegExp> = {
        'no-nodeclassref': /spec\.template\.spec\.nodeClassRef/,
        'lots-of-cpu': /spec\.limits\.cpu/,
        'equals-operator': /spec\.template\.spec\.requirements\[0\]\.operator/,
      };
      for (const [name, field] of Object.entries(expected)) {
        const pool = await eventually(
          async () => {
            const current = await rest.request<NodePool>({ method: 'GET', path: `/apis/karpenter.sh/v1/nodepools/${name}` });
            return current.status?.conditions?.some((c) => c.type === 'ValidationSucceeded' && c.status === 'False') ? current : undefined;
          },
          `${name} marked invalid`,
          10_000,
        );
        const ready = pool.status?.conditions?.find((c) => c.type === 'Ready');
        assert.equal(ready?.status, 'False');
        assert.match(ready?.message ?? '', field);
      }
    } finally {
      await stack.close();
    }
  });
});
