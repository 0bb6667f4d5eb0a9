import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/sim/control-plane/api-error.js';
import { deleteObject } from '../../../src/sim/control-plane/deletion.js';
import { bindPod, evictPod } from '../../../src/sim/control-plane/pod-subresources.js';
import { core, pod, RUNNING_READY, settle } from './fixtures.js';

function readyPod(c: ReturnType<typeof core>, name: string, options: Parameters<typeof pod>[1] = {}) {
  const pods = c.t('', 'pods');
  c.api.create(pods, 'default', pod(name, { node: 'n1', ...options }));
  c.api.patch(pods, 'default', name, 'merge', { status: RUNNING_READY }, { subresource: 'status' });
}

const EVICTION = { apiVersion: 'policy/v1', kind: 'Eviction' };

describe('graceful pod termination', () => {
  it('keeps a bound pod terminating until the simulated kubelet removes it', () => {
    const c = core({ podTerminationDelayMs: 5_000 });
    const pods = c.t('', 'pods');
    readyPod(c, 'p');
    const result = deleteObject(c.api, pods, 'default', 'p');
    assert.equal(result.finished, false);
    assert.equal(result.obj.metadata.deletionGracePeriodSeconds, 30);
    assert.equal(result.obj.metadata.deletionTimestamp, '2026-11-22T10:00:30Z');
    c.clock.advance(4_999);
    assert.ok(c.store.get('/pods', 'default/p'));
    c.clock.advance(1);
    assert.equal(c.store.get('/pods', 'default/p'), undefined);
  });

  it('holds a terminated pod with a finalizer until the finalizer is removed', () => {
    const c = core();
    const pods = c.t('', 'pods');
    c.api.create(pods, 'default', { ...pod('held', { node: 'n1' }), metadata: { name: 'held', finalizers: ['test/hold'] } });
    deleteObject(c.api, pods, 'default', 'held');
    c.clock.advance(0);
    const pending = c.api.get(pods, 'default', 'held');
    assert.equal(pending.metadata.deletionGracePeriodSeconds, 0, 'the kubelet finished; only the finalizer holds it');
    c.api.patch(pods, 'default', 'held', 'merge', { metadata: { finalizers: null } });
    assert.equal(c.store.get('/pods', 'default/held'), undefined);
  });

  it('deletes unbound pods and grace-0 deletions at once', () => {
    const c = core();
    const pods = c.t('', 'pods');
    c.api.create(pods, 'default', pod('unbound'));
    assert.equal(deleteObject(c.api, pods, 'default', 'unbound').finished, true);
    readyPod(c, 'forced');
    assert.equal(deleteObject(c.api, pods, 'default', 'forced', { gracePeriodSeconds: 0 }).finished, true);
  });
});

describe('eviction and the PDB status controller', () => {
  it('answers 429 while the budget allows no disruption, and evicts once it does', async () => {
    const c = core();
    const pdbs = c.t('policy', 'poddisruptionbudgets');
    readyPod(c, 'web-1', { labels: { app: 'web' } });
    c.api.create(pdbs, 'default', { metadata: { name: 'web-pdb' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } });
    await settle();
    const status = c.api.get(pdbs, 'default', 'web-pdb').status;
    assert.deepEqual([status.currentHealthy, status.desiredHealthy, status.disruptionsAllowed, status.expectedPods], [1, 1, 0, 1]);
    assert.throws(
      () => evictPod(c.api, c.registry, 'default', 'web-1', { ...EVICTION, metadata: { name: 'web-1' } }),
      (e) =>
        e instanceof ApiError &&
        e.code === 429 &&
        e.reason === 'TooManyRequests' &&
        e.details?.causes?.[0].message === 'The disruption budget web-pdb needs 1 healthy pods and has 1 currently',
    );
    c.api.patch(pdbs, 'default', 'web-pdb', 'merge', { spec: { minAvailable: 0 } });
    await settle();
    assert.equal(c.api.get(pdbs, 'default', 'web-pdb').status.disruptionsAllowed, 1);
    assert.equal(
      evictPod(c.api, c.registry, 'default', 'web-1', { ...EVICTION, metadata: { name: 'web-1' }, deleteOptions: { dryRun: ['All'] } })
        .code,
      201,
    );
    assert.equal(c.api.get(pdbs, 'default', 'web-pdb').status.disruptionsAllowed, 1, 'a dry run changes nothing');
    assert.equal(c.api.get(c.t('', 'pods'), 'default', 'web-1').metadata.deletionTimestamp, undefined);
    assert.equal(evictPod(c.api, c.registry, 'default', 'web-1', { ...EVICTION, metadata: { name: 'web-1' } }).code, 201);
    assert.ok(c.api.get(c.t('', 'pods'), 'default', 'web-1').metadata.deletionTimestamp);
  });

  it('lets Pending pods bypass PDBs and refuses a pod covered by two PDBs with 500', async () => {
    const c = core();
    const pods = c.t('', 'pods');
    const pdbs = c.t('policy', 'poddisruptionbudgets');
    c.api.create(pods, 'default', pod('pending', { labels: { app: 'web' } }));
    readyPod(c, 'running', { labels: { app: 'web' } });
    for (const name of ['a', 'b'])
      c.api.create(pdbs, 'default', { metadata: { name }, spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'web' } } } });
    await settle();
    assert.equal(evictPod(c.api, c.registry, 'default', 'pending', EVICTION).code, 201);
    assert.throws(
      () => evictPod(c.api, c.registry, 'default', 'running', EVICTION),
      (e) => e instanceof ApiError && e.code === 500,
    );
    assert.throws(
      () => evictPod(c.api, c.registry, 'default', 'running', { ...EVICTION, metadata: { name: 'other' } }),
      (e) => e instanceof ApiError && e.code === 400,
    );
  });
});

describe('binding', () => {
  it('sets nodeName and PodScheduled, and refuses a second binding with 409', () => {
    const c = core();
    const pods = c.t('', 'pods');
    c.api.create(pods, 'default', pod('p'));
    bindPod(c.api, c.registry, 'default', 'p', { target: { kind: 'Node', name: 'n1' } });
    const bound = c.api.get(pods, 'default', 'p');
    assert.equal(bound.spec.nodeName, 'n1');
    assert.equal(bound.status.conditions[0].type, 'PodScheduled');
    assert.throws(
      () => bindPod(c.api, c.registry, 'default', 'p', { target: { name: 'n2' } }),
      (e) => e instanceof ApiError && e.code === 409 && /already assigned to node "n1"/.test(e.message),
    );
  });

  it('keeps the spec.nodeName index current for field-selected lists', () => {
    const c = core();
    const pods = c.t('', 'pods');
    for (const name of ['a', 'b', 'c']) c.api.create(pods, 'default', pod(name));
    bindPod(c.api, c.registry, 'default', 'b', { target: { name: 'n1' } });
    const names = (selector: string, ns?: string) =>
      c.api.list(pods, ns, { fieldSelector: selector }).items.map((e) => e.obj.metadata.name);
    assert.deepEqual(names('spec.nodeName=n1'), ['b']);
    assert.deepEqual(names('spec.nodeName='), ['a', 'c']);
    assert.deepEqual(names('spec.nodeName=n1', 'other'), []);
    deleteObject(c.api, pods, 'default', 'b', { gracePeriodSeconds: 0 });
    assert.deepEqual(names('spec.nodeName=n1'), []);
  });
});

describe('namespace lifecycle', () => {
  it('deletes the contents of a terminating namespace, refuses new content with 403, then removes it', () => {
    const c = core();
    const ns = c.t('', 'namespaces');
    const cms = c.t('', 'configmaps');
    c.api.create(ns, undefined, { metadata: { name: 'team' } });
    c.api.create(cms, 'team', { metadata: { name: 'a' } });
    c.api.create(cms, 'team', { metadata: { name: 'held', finalizers: ['x/y'] } });
    deleteObject(c.api, ns, undefined, 'team');
    assert.equal(c.api.get(ns, undefined, 'team').status.phase, 'Terminating');
    assert.throws(
      () => c.api.create(cms, 'team', { metadata: { name: 'b' } }),
      (e) => e instanceof ApiError && e.code === 403,
    );
    c.clock.advance(0);
    assert.equal(c.store.get(cms.storageKey, 'team/a'), undefined);
    assert.ok(c.store.get('/namespaces', 'team'), 'held by the finalizer of its content');
    c.api.patch(cms, 'team', 'held', 'merge', { metadata: { finalizers: null } });
    c.clock.advance(0);
    assert.equal(c.store.get('/namespaces', 'team'), undefined);
  });
});

/** A ReplicaSet spec admission accepts (selector matching the template, a container with an image). */
const RS_SPEC = {
  selector: { matchLabels: { app: 'rs' } },
  template: { metadata: { labels: { app: 'rs' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
};

describe('garbage collection', () => {
  it('deletes dependents in the background and releases them on Orphan', () => {
    const c = core();
    const rss = c.t('apps', 'replicasets');
    const cms = c.t('', 'configmaps');
    const rs = c.api.create(rss, 'default', { metadata: { name: 'rs' }, spec: RS_SPEC });
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: rs.metadata.uid, controller: true };
    c.api.create(cms, 'default', { metadata: { name: 'dep', ownerReferences: [owner] } });
    deleteObject(c.api, rss, 'default', 'rs');
    c.clock.advance(0);
    assert.equal(c.store.get(cms.storageKey, 'default/dep'), undefined);

    const rs2 = c.api.create(rss, 'default', { metadata: { name: 'rs2' }, spec: RS_SPEC });
    c.api.create(cms, 'default', { metadata: { name: 'dep2', ownerReferences: [{ ...owner, name: 'rs2', uid: rs2.metadata.uid }] } });
    deleteObject(c.api, rss, 'default', 'rs2', { propagationPolicy: 'Orphan' });
    c.clock.advance(0);
    assert.equal(c.api.get(cms, 'default', 'dep2').metadata.ownerReferences, undefined);
  });

  it('waits for dependents before finishing a Foreground deletion', () => {
    const c = core();
    const rss = c.t('apps', 'replicasets');
    const cms = c.t('', 'configmaps');
    const rs = c.api.create(rss, 'default', { metadata: { name: 'rs' }, spec: RS_SPEC });
    c.api.create(cms, 'default', {
      metadata: {
        name: 'dep',
        finalizers: ['hold'],
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: rs.metadata.uid }],
      },
    });
    deleteObject(c.api, rss, 'default', 'rs', { propagationPolicy: 'Foreground' });
    c.clock.advance(0);
    assert.ok(c.store.get(rss.storageKey, 'default/rs'), 'owner waits');
    c.api.patch(cms, 'default', 'dep', 'merge', { metadata: { finalizers: null } });
    c.clock.advance(0);
    c.clock.advance(0);
    assert.equal(c.store.get(rss.storageKey, 'default/rs'), undefined);
  });
});

describe('store history', () => {
  it('replays events after a resourceVersion and answers 410 once that point is evicted', () => {
    const c = core({ historyLimit: 4 });
    const cms = c.t('', 'configmaps');
    const start = c.store.currentRv();
    for (let i = 0; i < 3; i++) c.api.create(cms, 'default', { metadata: { name: `c${i}` } });
    const seen: number[] = [];
    const stop = c.store.watch(cms.storageKey, start, (e) => seen.push(e.rv));
    stop();
    assert.deepEqual(seen, [start + 1, start + 2, start + 3]);
    for (let i = 3; i < 12; i++) c.api.create(cms, 'default', { metadata: { name: `c${i}` } });
    assert.throws(
      () => c.store.watch(cms.storageKey, start, () => {}),
      (e) => e instanceof ApiError && e.code === 410 && /too old resource version/.test(e.message),
    );
    assert.doesNotThrow(() => c.store.watch(c.t('', 'nodes').storageKey, start, () => {})(), 'history is per resource');
  });
});

describe('event expiry', () => {
  it('deletes events an hour after their last update', () => {
    const c = core();
    const events = c.t('', 'events');
    c.api.create(events, 'default', {
      metadata: { name: 'old' },
      involvedObject: { kind: 'Node', name: 'n1' },
      reason: 'R',
      message: 'm',
      lastTimestamp: '2026-11-22T10:00:00Z',
    });
    c.clock.advance(30 * 60_000);
    c.api.create(events, 'default', {
      metadata: { name: 'young' },
      involvedObject: { kind: 'Node', name: 'n1' },
      reason: 'R',
      message: 'm',
      lastTimestamp: '2026-11-22T10:30:00Z',
    });
    c.clock.advance(35 * 60_000);
    assert.equal(c.store.get('/events', 'default/old'), undefined);
    assert.ok(c.store.get('/events', 'default/young'));
  });
});
