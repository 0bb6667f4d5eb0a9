/**
 * The simulated kubelet and scheduler over real HTTP against the embedded
 * control plane, on a FakeClock: a sim instance boots → its Node registers and
 * goes Ready; pods bind and run; a pod that fits nowhere is marked
 * Unschedulable; instance termination removes the Node and its pods.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from '../../../src/apis/core-v1.js';
import {
  BOOT_MS,
  eventually,
  getPod,
  launchClaim,
  nodeByProvider,
  poolClaim,
  registerLikeKarpd,
  startHarness,
  type Harness,
} from './harness.js';
import { pod, poolPod } from './builders.js';

const isReady = (node: Node | undefined) => node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
const scheduled = (p: Pod | undefined) => p?.status?.conditions?.find((c) => c.type === 'PodScheduled');
const createPod = (h: Harness, body: Pod) =>
  h.rest.request<Pod>({
    method: 'POST',
    path: '/api/v1/namespaces/default/pods',
    body: { ...body, metadata: { name: body.metadata.name, namespace: 'default', labels: body.metadata.labels }, status: undefined },
  });

interface EventLike {
  involvedObject: { name: string };
  reason: string;
  message: string;
  type: string;
  source?: { component?: string };
}
const eventsFor = async (h: Harness, pod: string, reason: string) => {
  const all = (await h.rest.request<{ items: EventLike[] }>({ method: 'GET', path: '/api/v1/namespaces/default/events' })).items;
  const mine = all.filter((e) => e.involvedObject.name === pod && e.reason === reason);
  return mine.length > 0 ? mine : undefined;
};

describe('simulated cluster over HTTP', () => {
  let h: Harness;
  let node: Node;
  let providerID: string;
  before(async () => {
    h = await startHarness({ kubelet: { readyDelayMs: 5000, startupTaintDelayMs: 3000, podStartDelayMs: 1000 } });
  });
  after(async () => {
    await h.close();
  });

  it('a sim instance boots → its Node registers with the claim labels and boot taints, then goes Ready', async () => {
    const launched = await launchClaim(
      h,
      poolClaim('airflow-worker-abcde', 'airflow-worker', 'm5.large', [{ key: 'example.com/agent', effect: 'NoSchedule' }]),
    );
    providerID = launched.status?.providerID ?? '';
    assert.equal(await nodeByProvider(h.rest, providerID), undefined, 'no node before the instance runs');
    h.clock.advance(BOOT_MS);
    node = await eventually(() => nodeByProvider(h.rest, providerID), 'the node to register');
    assert.match(node.metadata.name ?? '', /^ip-10-\d+-\d+-\d+\.us-west-2\.compute\.internal$/);
    assert.equal(node.metadata.labels?.NodePool, 'airflow-worker');
    assert.equal(node.metadata.labels?.['node.kubernetes.io/instance-type'], 'm5.large');
    assert.equal(node.metadata.labels?.['kubernetes.io/hostname'], node.metadata.name);
    assert.equal(node.status?.allocatable?.cpu, launched.status?.allocatable?.cpu);
    assert.deepEqual((node.spec.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort(), [
      'airflow-worker:NoSchedule',
      'example.com/agent:NoSchedule',
      'karpenter.sh/unregistered:NoExecute',
      'node.kubernetes.io/not-ready:NoSchedule',
    ]);
    assert.equal(isReady(node), false);
    await registerLikeKarpd(h.rest, node);
    h.clock.advance(5000);
    node = await eventually(async () => {
      const n = await nodeByProvider(h.rest, providerID);
      return isReady(n) && !(n?.spec.taints ?? []).some((t) => t.key === 'node.kubernetes.io/not-ready') ? n : undefined;
    }, 'Ready=True without the not-ready taint');
  });

  it('drops the startup taints once the node is registered and Ready', async () => {
    await eventually(() => [...h.sim.kubelet.nodes().values()].some((n) => n.startupTaintsScheduled), 'the startup-taint timer');
    h.clock.advance(3000);
    node = await eventually(async () => {
      const n = await nodeByProvider(h.rest, providerID);
      return (n?.spec.taints ?? []).some((t) => t.key === 'example.com/agent') ? undefined : n;
    }, 'the startup taint to go');
    assert.deepEqual(
      (node.spec.taints ?? []).map((t) => t.key),
      ['airflow-worker'],
    );
  });

  it('binds a pod with the pool selector and toleration, then runs it', async () => {
    await createPod(h, poolPod('task-1', 'airflow-worker'));
    const bound = await eventually(async () => {
      const p = await getPod(h.rest, 'task-1');
      return p?.spec.nodeName ? p : undefined;
    }, 'the binding');
    assert.equal(bound.spec.nodeName, node.metadata.name);
    assert.equal(scheduled(bound)?.status, 'True');
    await eventually(() => h.sim.state.get('pods', 'default/task-1')?.spec.nodeName, 'the binding in the sim cache');
    h.clock.advance(1000);
    const running = await eventually(async () => {
      const p = await getPod(h.rest, 'task-1');
      return p?.status?.phase === 'Running' ? p : undefined;
    }, 'the pod to run');
    assert.equal(running.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    assert.match(running.status?.podIP ?? '', /^10\./);
    assert.equal(running.status?.hostIP, node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address);
    assert.ok(running.status?.startTime);
    const events = await eventually(() => eventsFor(h, 'task-1', 'Scheduled'), 'the Scheduled event');
    assert.equal(events[0].message, `Successfully assigned default/task-1 to ${node.metadata.name}`);
    assert.equal(events[0].source?.component, 'default-scheduler');
  });

  it('marks a pod that fits nowhere PodScheduled=False/Unschedulable with the reason per node', async () => {
    await createPod(h, pod('no-toleration'));
    await createPod(h, poolPod('too-big', 'airflow-worker', { cpu: '16' }));
    const plain = await eventually(async () => {
      const p = await getPod(h.rest, 'no-toleration');
      return scheduled(p)?.reason === 'Unschedulable' ? p : undefined;
    }, 'the Unschedulable condition');
    assert.equal(scheduled(plain)?.status, 'False');
    assert.match(scheduled(plain)?.message ?? '', /^0\/1 nodes are available: 1 node\(s\) had untolerated taint \{airflow-worker: \}\./);
    const big = await eventually(async () => {
      const p = await getPod(h.rest, 'too-big');
      return scheduled(p)?.reason === 'Unschedulable' ? p : undefined;
    }, 'the Unschedulable condition');
    assert.match(scheduled(big)?.message ?? '', /1 Insufficient cpu/);
    assert.equal(big.spec.nodeName, undefined);
    const events = await eventually(() => eventsFor(h, 'no-toleration', 'FailedScheduling'), 'the FailedScheduling event');
    assert.equal(events[0].type, 'Warning');
    assert.equal(events[0].message, scheduled(plain)?.message);
  });

  it('runs a batch pod to Succeeded after its run time', async () => {
    const batch = poolPod('batch-1', 'airflow-worker', { cpu: '100m' });
    batch.metadata.annotations = { 'sim.karpd.io/run-for-seconds': '60' };
    await h.rest.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: { ...batch, metadata: { name: 'batch-1', namespace: 'default', annotations: batch.metadata.annotations }, status: undefined },
    });
    await eventually(() => h.sim.state.get('pods', 'default/batch-1')?.spec.nodeName, 'the binding');
    h.clock.advance(1000);
    await eventually(() => h.sim.state.get('pods', 'default/batch-1')?.status?.phase === 'Running', 'the batch pod to run');
    h.clock.advance(30_000);
    assert.equal((await getPod(h.rest, 'batch-1'))?.status?.phase, 'Running');
    h.clock.advance(30_000);
    await eventually(async () => (await getPod(h.rest, 'batch-1'))?.status?.phase === 'Succeeded', 'the batch pod to succeed');
  });

  it('instance termination deletes the pods bound to it and the Node', async () => {
    const id = providerID.split('/').pop() ?? '';
    h.cloud.instances.terminate(id, 1000);
    await eventually(async () => (await nodeByProvider(h.rest, providerID)) === undefined, 'the node to go');
    await eventually(async () => (await getPod(h.rest, 'task-1')) === undefined, 'the pod to go');
    assert.equal((await getPod(h.rest, 'too-big'))?.spec.nodeName, undefined, 'unbound pods stay');
  });

  it('a Node deleted while its instance runs (karpd finished draining it) takes its remaining pods with it', async () => {
    const launched = await launchClaim(h, poolClaim('trino-xsmall-fghij', 'trino-xsmall', 'r8g.large'));
    const id = launched.status?.providerID ?? '';
    h.clock.advance(BOOT_MS);
    const second = await eventually(() => nodeByProvider(h.rest, id), 'the second node');
    assert.equal(second.metadata.labels?.['kubernetes.io/arch'], 'arm64');
    await registerLikeKarpd(h.rest, second);
    h.clock.advance(5000);
    await eventually(
      () =>
        h.sim.state
          .snapshot()
          .nodes.some(
            (n) => n.metadata.name === second.metadata.name && !(n.spec.taints ?? []).some((t) => t.key === 'node.kubernetes.io/not-ready'),
          ),
      'the second node Ready',
    );
    await createPod(h, poolPod('coordinator', 'trino-xsmall'));
    await eventually(
      async () => (await getPod(h.rest, 'coordinator'))?.spec.nodeName === second.metadata.name,
      'the binding to the trino node',
    );
    await h.rest.request({ method: 'DELETE', path: `/api/v1/nodes/${second.metadata.name}` });
    await eventually(async () => (await getPod(h.rest, 'coordinator')) === undefined, 'the pod of the deleted node to go');
  });
});
