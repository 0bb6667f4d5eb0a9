/**
 * Issue #12 end to end: the evening scale-down. The agent on the embedded control plane with the simulated EC2,
 * kubelet and scheduler; most airflow pods are deleted, and the disruption controller removes the nodes left empty
 * (within the pool's budget), while the pods that stay keep running and no instance leaks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod } from '../../src/apis/core-v1.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import { PatchTypes } from '../../src/kube/rest-client.js';
import type { RestClient } from '../../src/kube/rest-client.js';
import { eventually, leakedInstances, startStackHarness } from './stack-harness.js';

function airflowPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'airflow-worker' } },
    spec: {
      nodeSelector: { NodePool: 'airflow-worker' },
      tolerations: [{ key: 'airflow-worker', operator: 'Exists', effect: 'NoSchedule' }],
      containers: [{ name: 'worker', image: 'apache/airflow', resources: { requests: { cpu: '500m', memory: '1Gi' } } }],
    },
  };
}

async function list<T>(rest: RestClient, path: string): Promise<T[]> {
  return (await rest.request<{ items: T[] }>({ method: 'GET', path })).items;
}

const airflowPods = async (rest: RestClient) =>
  (await list<Pod>(rest, '/api/v1/namespaces/default/pods')).filter((p) => p.metadata.labels?.app === 'airflow-worker');

describe('disruption on the embedded cluster', () => {
  it('GIVEN the evening: most pods deleted WHEN the agent runs THEN the empty nodes are removed within the budget and the remaining pods keep running', async () => {
    const stack = await startStackHarness();
    try {
      const { rest } = stack.cluster;
      await rest.request({
        method: 'PATCH',
        path: '/apis/karpenter.sh/v1/nodepools/airflow-worker',
        body: { spec: { disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '0s', budgets: [{ nodes: '50%' }] } } },
        contentType: PatchTypes.merge,
      });
      const agent = await stack.startAgent();
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          rest.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: airflowPod(`airflow-${i}`) }),
        ),
      );
      const day = await eventually(
        async () => {
          const pods = await airflowPods(rest);
          return pods.length === 12 && pods.every((p) => p.status?.phase === 'Running') ? pods : undefined;
        },
        '12 Running airflow pods',
        60_000,
      );
      const byNode = new Map<string, Pod[]>();
      for (const pod of day) byNode.set(pod.spec.nodeName ?? '', [...(byNode.get(pod.spec.nodeName ?? '') ?? []), pod]);
      const nodes = [...byNode.keys()].sort();
      assert.ok(nodes.length >= 3, `the pods run on ${nodes.length} nodes`);
      const [keep, ...evening] = nodes;
      for (const node of evening)
        for (const pod of byNode.get(node) ?? [])
          await rest.request({ method: 'DELETE', path: `/api/v1/namespaces/default/pods/${pod.metadata.name}` });

      let mostDeletingAtOnce = 0;
      const claims = await eventually(
        async () => {
          const all = await list<NodeClaim>(rest, '/apis/karpenter.sh/v1/nodeclaims');
          const airflow = all.filter((c) => c.metadata.labels?.['karpenter.sh/nodepool'] === 'airflow-worker');
          mostDeletingAtOnce = Math.max(mostDeletingAtOnce, airflow.filter((c) => c.metadata.deletionTimestamp !== undefined).length);
          return airflow.length === 1 ? all : undefined;
        },
        'the empty airflow nodes to be removed',
        120_000,
        200,
      );
      assert.equal(claims.find((c) => c.metadata.labels?.['karpenter.sh/nodepool'] === 'airflow-worker')?.status?.nodeName, keep);
      assert.ok(
        mostDeletingAtOnce <= Math.ceil(nodes.length / 2),
        `at most 50% of ${nodes.length} nodes at once (saw ${mostDeletingAtOnce})`,
      );
      const left = await airflowPods(rest);
      assert.deepEqual(
        left.map((p) => [p.metadata.name, p.status?.phase, p.spec.nodeName]),
        (byNode.get(keep) ?? []).map((p) => [p.metadata.name, 'Running', keep]),
        'the pods that stay were never moved',
      );
      const liveNodes = await list<Node>(rest, '/api/v1/nodes');
      assert.ok(!liveNodes.some((n) => evening.includes(n.metadata.name ?? '')), 'the empty Nodes are gone');
      await eventually(() => leakedInstances(stack.cloud, claims).length === 0, 'no leaked instance', 20_000);
      const metric = await agent.metrics.nodeClaimsDisrupted.get();
      assert.equal(metric.values.find((v) => v.labels.reason === 'empty')?.value, evening.length);
    } finally {
      await stack.close();
    }
  });
});
