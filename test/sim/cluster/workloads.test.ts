/**
 * The workload controller over real HTTP against the embedded control plane:
 * a Deployment keeps its replicas (an evicted pod is replaced), scales down,
 * reports status; a batch runs its completions and cleans up.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from '../../../src/apis/core-v1.js';
import { KubeWriter } from '../../../src/kube/kube-writer.js';
import { poolTemplate } from '../../../src/sim/cluster/demo-templates.js';
import type { Deployment } from '../../../src/sim/cluster/workload-pods.js';
import { BOOT_MS, eventually, launchClaim, nodeByProvider, poolClaim, registerLikeKarpd, startHarness, type Harness } from './harness.js';

const template = poolTemplate({ pool: 'airflow-worker', app: 'web', component: 'server', image: 'nginx', cpu: '100m', memory: '128Mi' });
const deployment = (replicas: number): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas, selector: { matchLabels: template.metadata?.labels }, template },
});

describe('workload controller over HTTP', () => {
  let h: Harness;
  let node: Node;
  const owned = (uid: string) => h.sim.state.snapshot().pods.filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === uid));
  const active = (pods: Pod[]) => pods.filter((p) => p.metadata.deletionTimestamp === undefined);

  before(async () => {
    h = await startHarness({ kubelet: { readyDelayMs: 1000, podStartDelayMs: 500 } });
    const launched = await launchClaim(h, poolClaim('airflow-worker-w1', 'airflow-worker', 'm5.large'));
    h.clock.advance(BOOT_MS);
    node = await eventually(() => nodeByProvider(h.rest, launched.status?.providerID ?? ''), 'the node');
    await registerLikeKarpd(h.rest, node);
    h.clock.advance(1000);
    await eventually(
      () => h.sim.state.snapshot().nodes.some((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')),
      'the node to be Ready',
    );
  });
  after(async () => {
    await h.close();
  });

  let uid = '';
  it('creates spec.replicas pods owned by the Deployment and reports them ready', async () => {
    const created = await h.rest.request<Deployment>({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/default/deployments',
      body: deployment(3),
    });
    uid = created.metadata.uid ?? '';
    const pods = await eventually(() => {
      const p = owned(uid);
      return p.length === 3 && p.every((x) => x.spec.nodeName) ? p : undefined;
    }, 'three bound pods');
    assert.ok(pods.every((p) => p.metadata.name?.startsWith('web-') && p.metadata.ownerReferences?.[0].controller === true));
    assert.deepEqual(pods[0].spec.nodeSelector, { NodePool: 'airflow-worker' });
    h.clock.advance(500);
    const status = await eventually(async () => {
      const d = await h.rest.request<Deployment>({ method: 'GET', path: '/apis/apps/v1/namespaces/default/deployments/web' });
      return d.status?.readyReplicas === 3 ? d.status : undefined;
    }, 'readyReplicas 3');
    assert.equal(status.replicas, 3);
  });

  it("recreates a Deployment's evicted pod", async () => {
    const victim = owned(uid)[0];
    const writer = new KubeWriter(h.rest, () => h.clock.now());
    assert.equal(await writer.evictPod('default', victim.metadata.name ?? ''), true);
    const after = await eventually(() => {
      const p = active(owned(uid));
      return p.length === 3 && !p.some((x) => x.metadata.name === victim.metadata.name) ? p : undefined;
    }, 'a replacement pod');
    assert.equal(new Set(after.map((p) => p.metadata.name)).size, 3);
    h.clock.advance(0);
  });

  it('recreates a deleted pod and scales down to spec.replicas', async () => {
    const victim = active(owned(uid))[0];
    await h.rest.request({
      method: 'DELETE',
      path: `/api/v1/namespaces/default/pods/${victim.metadata.name}`,
      body: { gracePeriodSeconds: 0 },
    });
    await eventually(
      () => active(owned(uid)).length === 3 && !owned(uid).some((p) => p.metadata.name === victim.metadata.name),
      'a replacement for the deleted pod',
    );
    await h.rest.request({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/default/deployments/web',
      body: { spec: { replicas: 1 } },
      contentType: 'application/merge-patch+json',
    });
    await eventually(() => active(owned(uid)).length === 1, 'one active pod');
    h.clock.advance(0);
    await eventually(() => owned(uid).length === 1, 'the removed pods to be gone');
  });

  it('runs one DaemonSet pod on the node, bound by nodeName and Running', async () => {
    const body = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { tolerations: [{ operator: 'Exists' }], containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '50m' } } }] },
        },
      },
    };
    await h.rest.request({ method: 'POST', path: '/apis/apps/v1/namespaces/default/daemonsets', body });
    const daemon = await eventually(
      () => h.sim.state.snapshot().pods.find((p) => p.metadata.labels?.app === 'agent' && p.spec.nodeName === node.metadata.name),
      'the daemon pod',
    );
    assert.equal(daemon.metadata.ownerReferences?.[0].kind, 'DaemonSet');
    h.clock.advance(500);
    await eventually(
      () => h.sim.state.snapshot().pods.find((p) => p.metadata.labels?.app === 'agent')?.status?.phase === 'Running',
      'the daemon pod to run',
    );
    assert.equal(h.sim.state.snapshot().pods.filter((p) => p.metadata.labels?.app === 'agent').length, 1);
  });

  it('runs a batch: at most `parallelism` at a time, then done and cleaned up', async () => {
    const spec = { name: 'etl', namespace: 'default', completions: 3, parallelism: 2, runForSeconds: 10, template };
    assert.equal(h.sim.workloads.submitBatch(spec), true);
    assert.equal(h.sim.workloads.submitBatch(spec), false, 'a running batch is not submitted twice');
    const batchPods = () => h.sim.state.snapshot().pods.filter((p) => p.metadata.labels?.['sim.karpd.io/batch'] === 'etl');
    await eventually(
      () => batchPods().filter((p) => p.status?.phase === 'Pending' && p.spec.nodeName).length === 2,
      'two bound batch pods',
    );
    h.clock.advance(500);
    await eventually(() => batchPods().filter((p) => p.status?.phase === 'Running').length === 2, 'two running batch pods');
    assert.equal(batchPods().length, 2);
    h.clock.advance(10_000);
    await eventually(() => h.sim.workloads.batchProgress('default', 'etl')?.succeeded === 2, 'two completions');
    h.clock.advance(0);
    await eventually(() => batchPods().some((p) => p.spec.nodeName && p.status?.phase === 'Pending'), 'the third pod bound');
    h.clock.advance(500);
    await eventually(() => batchPods().some((p) => p.status?.phase === 'Running'), 'the third pod running');
    h.clock.advance(10_000);
    await eventually(
      () => h.sim.workloads.batchProgress('default', 'etl') === undefined || h.sim.workloads.batchProgress('default', 'etl')?.done,
      'the batch to complete',
    );
    h.clock.advance(0);
    await eventually(() => batchPods().length === 0, 'the batch pods to be cleaned up');
  });
});
