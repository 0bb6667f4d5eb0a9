/**
 * Issue #6's end-to-end scenarios over real HTTP: the agent, the embedded
 * control plane, the simulated EC2 and the simulated kubelet/scheduler.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../src/apis/core-v1.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { CloudProvider } from '../../src/cloudprovider/types.js';
import { eventually, leakedInstances, startStackHarness, type StackHarness } from './stack-harness.js';
import type { RestClient } from '../../src/kube/rest-client.js';

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

async function createPods(rest: RestClient, pods: Pod[]): Promise<void> {
  await Promise.all(pods.map((pod) => rest.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod })));
}

async function list<T>(rest: RestClient, path: string): Promise<T[]> {
  return (await rest.request<{ items: T[] }>({ method: 'GET', path })).items;
}

const running = async (rest: RestClient, count: number) => {
  const pods = await list<Pod>(rest, '/api/v1/namespaces/default/pods');
  return pods.filter((pod) => pod.metadata.labels?.app === 'airflow-worker' && pod.status?.phase === 'Running').length === count
    ? pods
    : undefined;
};

async function withStack(body: (stack: StackHarness) => Promise<void>): Promise<void> {
  const stack = await startStackHarness();
  try {
    await body(stack);
  } finally {
    await stack.close();
  }
}

describe('the agent on the embedded cluster', () => {
  it('GIVEN 50 airflow pods WHEN the agent runs THEN nodes within the pool launch and every pod runs; a pod no pool takes stays pending with its reason', () =>
    withStack(async (stack) => {
      const { rest } = stack.cluster;
      await stack.startAgent();
      await createPods(
        rest,
        Array.from({ length: 50 }, (_, i) => airflowPod(`airflow-${i}`)),
      );
      await createPods(rest, [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'orphan', namespace: 'default' },
          spec: { nodeSelector: { NodePool: 'gpu' }, containers: [{ name: 'c', image: 'x' }] },
        },
      ]);
      await eventually(() => running(rest, 50), '50 Running airflow pods', 60_000);
      const claims = await list<NodeClaim>(rest, '/apis/karpenter.sh/v1/nodeclaims');
      assert.ok(claims.length > 0 && claims.length < 50, `pods were packed onto ${claims.length} nodes`);
      for (const claim of claims) {
        assert.equal(claim.metadata.labels?.['karpenter.sh/nodepool'], 'airflow-worker');
        assert.equal(claim.metadata.labels?.['node.kubernetes.io/instance-type'], 'm5.large', 'the pool allows only m5.large');
        assert.ok(['spot', 'on-demand'].includes(claim.metadata.labels?.['karpenter.sh/capacity-type'] ?? ''));
      }
      const orphan = await rest.request<Pod>({ method: 'GET', path: '/api/v1/namespaces/default/pods/orphan' });
      assert.equal(orphan.status?.phase ?? 'Pending', 'Pending');
      const events = await eventually(async () => {
        const all = await list<{ involvedObject: { name: string }; reason: string; message: string }>(
          rest,
          '/api/v1/namespaces/default/events',
        );
        const mine = all.filter((e) => e.involvedObject.name === 'orphan' && e.reason === 'FailedScheduling' && /NodePool/.test(e.message));
        return mine.length > 0 ? mine : undefined;
      }, "the orphan pod's FailedScheduling event");
      assert.match(events[0].message, /no NodePool/);
      assert.deepEqual(leakedInstances(stack.cloud, claims), []);
    }));

  it('GIVEN an agent killed mid-launch WHEN a new agent starts THEN no NodeClaim is duplicated, no instance leaks, and the pods run', () =>
    withStack(async (stack) => {
      const { rest } = stack.cluster;
      let launchedBeforeCrash = 0;
      const crashing: CloudProvider = new Proxy(stack.cloud, {
        get(target, property, receiver) {
          if (property !== 'create') return Reflect.get(target, property, receiver);
          return async (claim: NodeClaim) => {
            await target.create(claim);
            launchedBeforeCrash++;
            return new Promise<NodeClaim>(() => undefined); // the agent dies before it records the launch
          };
        },
      });
      const first = await stack.startAgent({ identity: 'agent-before-crash', cloud: crashing });
      await createPods(
        rest,
        Array.from({ length: 6 }, (_, i) => airflowPod(`airflow-${i}`)),
      );
      await eventually(() => launchedBeforeCrash > 0, 'a launch to reach the cloud');
      await new Promise((r) => setTimeout(r, 300));
      await first.kill();
      const claimsAtCrash = (await list<NodeClaim>(rest, '/apis/karpenter.sh/v1/nodeclaims')).map((c) => c.metadata.name).sort();

      const second = await stack.startAgent({ identity: 'agent-after-crash' });
      await eventually(() => running(rest, 6), '6 Running pods after the restart', 60_000);
      const claims = await list<NodeClaim>(rest, '/apis/karpenter.sh/v1/nodeclaims');
      assert.deepEqual(claims.map((c) => c.metadata.name).sort(), claimsAtCrash, 'the new agent reused the claims it found');
      assert.equal(new Set(claims.map((c) => c.status?.providerID)).size, claims.length, 'one instance per claim');
      assert.deepEqual(leakedInstances(stack.cloud, claims), [], 'every instance belongs to a NodeClaim');
      assert.equal(stack.cloud.instances.live().length, claims.length);
      await second.stop();
    }));

  it('GIVEN two agents on one cluster THEN only the leader acts', () =>
    withStack(async (stack) => {
      const { rest } = stack.cluster;
      const calls = new Map<string, number>();
      const counting = (identity: string): CloudProvider =>
        new Proxy(stack.cloud, {
          get(target, property, receiver) {
            if (property !== 'create') return Reflect.get(target, property, receiver);
            return (claim: NodeClaim) => {
              calls.set(identity, (calls.get(identity) ?? 0) + 1);
              return target.create(claim);
            };
          },
        });
      const a = await stack.startAgent({ identity: 'agent-a', cloud: counting('agent-a') });
      await eventually(() => a.elector.isLeader(), 'agent-a to lead');
      const b = await stack.startAgent({ identity: 'agent-b', cloud: counting('agent-b') });
      await createPods(
        rest,
        Array.from({ length: 8 }, (_, i) => airflowPod(`airflow-${i}`)),
      );
      await eventually(() => running(rest, 8), '8 Running pods', 60_000);
      assert.equal(b.elector.isLeader(), false);
      assert.equal(calls.get('agent-b') ?? 0, 0, 'the follower launched nothing');
      assert.ok((calls.get('agent-a') ?? 0) > 0);
      const created = async (agent: typeof a) => (await agent.metrics.nodeClaimsCreated.get()).values.reduce((sum, v) => sum + v.value, 0);
      assert.equal(await created(b), 0, 'the follower created no NodeClaim');
      assert.equal(await created(a), (await list<NodeClaim>(rest, '/apis/karpenter.sh/v1/nodeclaims')).length);
    }));

  it('GIVEN no spot capacity for m5.large WHEN pods need nodes THEN karpd falls back to on-demand and the pods run', () =>
    withStack(async (stack) => {
      const { rest } = stack.cluster;
      stack.cloud.controls.insufficientCapacity({ instanceType: 'm5.large', capacityType: 'spot', durationMs: 600_000 });
      await stack.startAgent();
      await createPods(
        rest,
        Array.from({ length: 4 }, (_, i) => airflowPod(`airflow-${i}`)),
      );
      await eventually(() => running(rest, 4), '4 Running pods', 60_000);
      const claims = await list<NodeClaim>(rest, '/apis/karpenter.sh/v1/nodeclaims');
      assert.ok(claims.length > 0);
      for (const claim of claims) assert.equal(claim.metadata.labels?.['karpenter.sh/capacity-type'], 'on-demand');
      assert.deepEqual(leakedInstances(stack.cloud, claims), []);
    }));

  it('GIVEN a spot interruption notice WHEN karpd handles it THEN the node is drained and replaced, the Deployment is whole again, nothing leaks', () =>
    withStack(async (stack) => {
      const { rest } = stack.cluster;
      await stack.startAgent();
      const template = airflowPod('template');
      const deployment = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'airflow-worker', namespace: 'default' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'airflow-worker' } },
          template: { metadata: { labels: { app: 'airflow-worker' } }, spec: template.spec },
        },
      };
      await rest.request({ method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', body: deployment });
      await eventually(() => running(rest, 3), '3 Running replicas', 60_000);
      const [victim] = await list<NodeClaim>(rest, '/apis/karpenter.sh/v1/nodeclaims');
      const providerID = victim.status?.providerID ?? '';
      assert.equal(stack.cloud.controls.spotInterruption(providerID).ok, true);
      await eventually(
        async () =>
          !(await list<NodeClaim>(rest, '/apis/karpenter.sh/v1/nodeclaims')).some((c) => c.metadata.name === victim.metadata.name),
        'the interrupted NodeClaim to be gone',
        60_000,
      );
      await eventually(() => running(rest, 3), '3 Running replicas again', 60_000);
      const claims = await list<NodeClaim>(rest, '/apis/karpenter.sh/v1/nodeclaims');
      assert.ok(!claims.some((c) => c.status?.providerID === providerID));
      assert.deepEqual(leakedInstances(stack.cloud, claims), []);
    }));
});
