/**
 * @kubernetes/client-node 1.4.0 against the embedded control plane over
 * HTTP: informers (list, watch, 410 → relist, order), Lease races and
 * PDB-refused evictions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startControlPlane, type ControlPlane } from '../../../src/sim/control-plane/control-plane.js';
import { writeKubeconfig } from '../../../src/sim/control-plane/kubeconfig.js';
import { RUNNING_READY } from './fixtures.js';

let cp: ControlPlane;
let kc: k8s.KubeConfig;
let dir: string;

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function errorCode(error: unknown): number | undefined {
  return (error as { code?: number }).code;
}

before(async () => {
  cp = await startControlPlane({ historyLimit: 20 });
  dir = mkdtempSync(join(tmpdir(), 'karpd-cp-'));
  kc = new k8s.KubeConfig();
  kc.loadFromFile(writeKubeconfig(dir, cp.url));
});

after(async () => {
  await cp.close();
  rmSync(dir, { recursive: true, force: true });
});

async function namespace(core: k8s.CoreV1Api, name: string): Promise<void> {
  await core.createNamespace({ body: { metadata: { name } } });
}

describe('client-node informer', () => {
  it('lists, watches and sees every change in resourceVersion order', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await namespace(core, 'informer');
    await core.createNamespacedConfigMap({ namespace: 'informer', body: { metadata: { name: 'before' } } });
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/informer/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'informer' }),
    );
    const seen: string[] = [];
    for (const verb of [k8s.ADD, k8s.UPDATE, k8s.DELETE] as const) {
      informer.on(verb, (obj) => seen.push(`${verb}:${obj.metadata?.name}:${obj.metadata?.resourceVersion}`));
    }
    await informer.start();
    await until('initial list', () => seen.length === 1);
    const expected: string[] = [];
    const stop = cp.store.onChange((e) => {
      if (e.storageKey !== '/configmaps' || e.entry.obj.metadata.namespace !== 'informer') return;
      const verb = { ADDED: k8s.ADD, MODIFIED: k8s.UPDATE, DELETED: k8s.DELETE }[e.type];
      expected.push(`${verb}:${e.entry.obj.metadata.name}:${e.rv}`);
    });
    for (let i = 0; i < 10; i++) {
      await core.createNamespacedConfigMap({ namespace: 'informer', body: { metadata: { name: `cm-${i}` }, data: { i: '0' } } });
      await core.replaceNamespacedConfigMap({
        name: `cm-${i}`,
        namespace: 'informer',
        body: { metadata: { name: `cm-${i}` }, data: { i: '1' } },
      });
      if (i % 3 === 0) await core.deleteNamespacedConfigMap({ name: `cm-${i}`, namespace: 'informer' });
    }
    stop();
    await until('every event', () => seen.length === 1 + expected.length);
    assert.deepEqual(seen.slice(1), expected);
    assert.equal(informer.list('informer').length, 1 + 10 - 4);
    await informer.stop();
  });

  it('survives a 410 Expired by re-listing', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await namespace(core, 'expiry');
    let lists = 0;
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/expiry/configmaps', () => {
      lists++;
      return core.listNamespacedConfigMap({ namespace: 'expiry' });
    });
    await informer.start();
    await core.createNamespacedConfigMap({ namespace: 'expiry', body: { metadata: { name: 'first' } } });
    await until('first object', () => informer.list('expiry').length === 1);
    const cms = cp.registry.core('configmaps');
    cp.closeWatches();
    for (let i = 0; i < 40; i++) cp.api.create(cms, 'expiry', { metadata: { name: `burst-${i}` } });
    await until('relist after 410', () => informer.list('expiry').length === 41);
    assert.equal(lists, 2, 'the informer listed again after the in-stream 410');
    await core.createNamespacedConfigMap({ namespace: 'expiry', body: { metadata: { name: 'after' } } });
    await until('watching again', () => informer.list('expiry').length === 42);
    await informer.stop();
  });
});

describe('client-node leases', () => {
  it('resolves create and renew races with 409', async () => {
    const coordination = kc.makeApiClient(k8s.CoordinationV1Api);
    const lease = (holder: string): k8s.V1Lease => ({
      metadata: { name: 'karpd-leader', namespace: 'kube-system' },
      spec: { holderIdentity: holder, leaseDurationSeconds: 15, renewTime: new k8s.V1MicroTime(), acquireTime: new k8s.V1MicroTime() },
    });
    const results = await Promise.allSettled(
      ['a', 'b', 'c'].map((holder) => coordination.createNamespacedLease({ namespace: 'kube-system', body: lease(holder) })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal(errorCode(r.reason), 409);
    const current = await coordination.readNamespacedLease({ name: 'karpd-leader', namespace: 'kube-system' });
    assert.match(String(current.spec?.renewTime), /\.\d{6}Z$/);
    const renew = (holder: string) =>
      coordination.replaceNamespacedLease({
        name: 'karpd-leader',
        namespace: 'kube-system',
        body: { ...current, spec: { ...current.spec, holderIdentity: holder, renewTime: new k8s.V1MicroTime() } },
      });
    const renewals = await Promise.allSettled([renew('x'), renew('y')]);
    assert.equal(renewals.filter((r) => r.status === 'fulfilled').length, 1);
    const lost = renewals.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal(errorCode(lost.reason), 409);
    await assert.rejects(
      coordination.createNamespacedLease({
        namespace: 'kube-system',
        body: { metadata: { name: 'ms' }, spec: { renewTime: new Date() as unknown as k8s.V1MicroTime } },
      }),
      (e) => errorCode(e) === 400,
    );
  });
});

describe('client-node eviction', () => {
  it('gets 429 while a PDB forbids the eviction and 201 once it allows it', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const policy = kc.makeApiClient(k8s.PolicyV1Api);
    await namespace(core, 'evict');
    await core.createNamespacedPod({
      namespace: 'evict',
      body: { metadata: { name: 'web-1', labels: { app: 'web' } }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] } },
    });
    await core.patchNamespacedPodStatus(
      { name: 'web-1', namespace: 'evict', body: { status: RUNNING_READY } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await policy.createNamespacedPodDisruptionBudget({
      namespace: 'evict',
      body: { metadata: { name: 'web-pdb' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } },
    });
    const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1', namespace: 'evict' } };
    await assert.rejects(core.createNamespacedPodEviction({ name: 'web-1', namespace: 'evict', body: eviction }), (e) => {
      assert.equal(errorCode(e), 429);
      assert.match(String((e as { body?: string }).body), /Cannot evict pod as it would violate the pod's disruption budget/);
      return true;
    });
    await policy.patchNamespacedPodDisruptionBudget(
      { name: 'web-pdb', namespace: 'evict', body: { spec: { minAvailable: 0 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await core.createNamespacedPodEviction({ name: 'web-1', namespace: 'evict', body: eviction });
    await until('pod gone', () => cp.store.get('/pods', 'evict/web-1') === undefined);
  });
});
