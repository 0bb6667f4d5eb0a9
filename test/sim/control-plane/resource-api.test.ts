import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/sim/control-plane/api-error.js';
import { deleteObject } from '../../../src/sim/control-plane/deletion.js';
import { core, nodePool } from './fixtures.js';

const code = (n: number) => (e: unknown) => e instanceof ApiError && e.code === n;

describe('create', () => {
  it('sets uid, creationTimestamp, generation 1, a global resourceVersion and schema defaults', () => {
    const { api, t, store } = core();
    const before = store.currentRv();
    const np = api.create(t('karpenter.sh', 'nodepools'), undefined, nodePool('general'));
    assert.equal(np.metadata.generation, 1);
    assert.match(String(np.metadata.uid), /^[0-9a-f-]{36}$/);
    assert.equal(np.metadata.creationTimestamp, '2026-11-22T10:00:00Z');
    assert.equal(Number(np.metadata.resourceVersion), before + 1);
    assert.deepEqual(np.spec.disruption, {
      consolidateAfter: '0s',
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      budgets: [{ nodes: '10%' }],
    });
    assert.equal(np.spec.template.spec.expireAfter, '720h');
    const cm = api.create(t('', 'configmaps'), 'default', { metadata: { name: 'c' } });
    assert.equal(Number(cm.metadata.resourceVersion), before + 2);
  });

  it('generates names from generateName', () => {
    const { api, t } = core();
    const a = api.create(t('', 'configmaps'), 'default', { metadata: { generateName: 'cfg-' } });
    assert.match(String(a.metadata.name), /^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('answers 409, 404, 422 and 400 like kube-apiserver', () => {
    const { api, t } = core();
    const cms = t('', 'configmaps');
    api.create(cms, 'default', { metadata: { name: 'x' } });
    assert.throws(
      () => api.create(cms, 'default', { metadata: { name: 'x' } }),
      (e) => e instanceof ApiError && e.code === 409 && e.reason === 'AlreadyExists' && e.message === 'configmaps "x" already exists',
    );
    assert.throws(
      () => api.create(cms, 'nope', { metadata: { name: 'x' } }),
      (e) => e instanceof ApiError && e.message === 'namespaces "nope" not found',
    );
    assert.throws(() => api.create(cms, 'default', { metadata: { name: 'Bad_Name' } }), code(422));
    assert.throws(
      () => api.create(cms, 'default', { metadata: {} }),
      (e) => e instanceof ApiError && /name or generateName is required/.test(e.message),
    );
    assert.throws(() => api.create(cms, 'default', { metadata: { name: 'y', labels: { 'bad key!': 'v' } } }), code(422));
    assert.throws(() => api.create(cms, 'default', { apiVersion: 'apps/v1', metadata: { name: 'y' } }), code(400));
    assert.throws(() => api.create(cms, 'default', { metadata: { name: 'y', namespace: 'other' } }), code(400));
  });

  it('starts pods Pending with defaults and drops status of custom resources', () => {
    const { api, t } = core();
    const p = api.create(t('', 'pods'), 'default', {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
      status: { phase: 'Running' },
    });
    assert.equal(p.status.phase, 'Pending');
    assert.equal(p.spec.terminationGracePeriodSeconds, 30);
    const np = api.create(t('karpenter.sh', 'nodepools'), undefined, { ...nodePool('x'), status: { nodes: 3 } });
    assert.equal(np.status, undefined);
  });
});

describe('update and patch', () => {
  it('rejects a stale resourceVersion with 409 Conflict and a CR update without one with 422', () => {
    const { api, t } = core();
    const nps = t('karpenter.sh', 'nodepools');
    const np = api.create(nps, undefined, nodePool('a'));
    api.patch(nps, undefined, 'a', 'merge', { spec: { weight: 5 } });
    assert.throws(
      () => api.update(nps, undefined, 'a', np),
      (e) => e instanceof ApiError && e.code === 409 && /the object has been modified/.test(e.message),
    );
    const { resourceVersion: _rv, ...meta } = np.metadata;
    assert.throws(
      () => api.update(nps, undefined, 'a', { ...np, metadata: meta }),
      (e) => e instanceof ApiError && e.code === 422 && /must be specified for an update/.test(e.message),
    );
  });

  it('bumps generation for spec changes only, keeps status on the main resource, and skips no-op writes', () => {
    const { api, t } = core();
    const nps = t('karpenter.sh', 'nodepools');
    api.create(nps, undefined, nodePool('a'));
    const labelled = api.patch(nps, undefined, 'a', 'merge', { metadata: { labels: { env: 'x' } } }).obj;
    assert.equal(labelled.metadata.generation, 1);
    const withStatus = api.patch(
      nps,
      undefined,
      'a',
      'merge',
      { status: { nodes: 2 }, spec: { weight: 99 } },
      { subresource: 'status' },
    ).obj;
    assert.equal(withStatus.status.nodes, 2);
    assert.equal(withStatus.spec.weight, undefined);
    assert.equal(withStatus.metadata.generation, 1);
    const spec = api.patch(nps, undefined, 'a', 'merge', { spec: { weight: 3 }, status: { nodes: 7 } }).obj;
    assert.equal(spec.metadata.generation, 2);
    assert.equal(spec.status.nodes, 2);
    const again = api.patch(nps, undefined, 'a', 'merge', { spec: { weight: 3 } }).obj;
    assert.equal(again.metadata.resourceVersion, spec.metadata.resourceVersion);
  });

  it('answers 415 for strategic merge patch on a custom resource and 422 for apply without fieldManager', () => {
    const { api, t } = core();
    const nps = t('karpenter.sh', 'nodepools');
    api.create(nps, undefined, nodePool('a'));
    assert.throws(() => api.patch(nps, undefined, 'a', 'strategic', { spec: {} }), code(415));
    assert.throws(() => api.patch(nps, undefined, 'a', 'apply', { spec: {} }), code(422));
  });

  it('creates on server-side apply and removes a dropped field on re-apply', () => {
    const { api, t } = core();
    const cms = t('', 'configmaps');
    const first = api.patch(
      cms,
      'default',
      'c',
      'apply',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '2' } },
      { fieldManager: 'm' },
    );
    assert.equal(first.created, true);
    const second = api.patch(
      cms,
      'default',
      'c',
      'apply',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } },
      { fieldManager: 'm' },
    );
    assert.deepEqual(second.obj.data, { a: '1' });
  });

  it('creates a Lease by PUT, rejects an unconditional lease update and millisecond MicroTimes', () => {
    const { api, t } = core();
    const leases = t('coordination.k8s.io', 'leases');
    const lease = { metadata: { name: 'l' }, spec: { holderIdentity: 'a', renewTime: '2026-11-22T10:00:00.000000Z' } };
    const created = api.update(leases, 'default', 'l', lease);
    assert.equal(created.created, true);
    assert.throws(() => api.update(leases, 'default', 'l', lease), code(422));
    assert.throws(
      () => api.create(leases, 'default', { metadata: { name: 'm' }, spec: { renewTime: '2026-11-22T10:00:00.123Z' } }),
      (e) => e instanceof ApiError && e.code === 400 && /cannot parse "\.123Z" as "\.000000"/.test(e.message),
    );
  });
});

describe('delete and finalizers', () => {
  it('marks an object with finalizers terminating, forbids new finalizers, and deletes it when they are removed', () => {
    const { api, t, store } = core();
    const nps = t('karpenter.sh', 'nodepools');
    api.create(nps, undefined, { ...nodePool('a'), metadata: { name: 'a', finalizers: ['karpd/x'] } });
    const result = deleteObject(api, nps, undefined, 'a');
    assert.equal(result.finished, false);
    assert.equal(result.obj.metadata.deletionTimestamp, '2026-11-22T10:00:00Z');
    assert.equal(result.obj.metadata.generation, 2);
    assert.throws(
      () => api.patch(nps, undefined, 'a', 'merge', { metadata: { finalizers: ['karpd/x', 'new'] } }),
      (e) => e instanceof ApiError && /no new finalizers/.test(e.message),
    );
    api.patch(nps, undefined, 'a', 'merge', { metadata: { labels: { still: 'ok' } } });
    api.patch(nps, undefined, 'a', 'merge', { metadata: { finalizers: null } });
    assert.equal(store.get(nps.storageKey, 'a'), undefined);
  });

  it('honours uid and resourceVersion preconditions', () => {
    const { api, t } = core();
    api.create(t('', 'configmaps'), 'default', { metadata: { name: 'c' } });
    assert.throws(() => deleteObject(api, t('', 'configmaps'), 'default', 'c', { preconditions: { uid: 'nope' } }), code(409));
  });
});

describe('CRDs are real objects', () => {
  it('registers resources on create and removes them with their instances on delete', () => {
    const { api, t, registry, store } = core();
    const crds = t('apiextensions.k8s.io', 'customresourcedefinitions');
    api.create(crds, undefined, {
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Widget', plural: 'widgets' },
        versions: [{ name: 'v1', served: true, storage: true }],
      },
    });
    const widgets = registry.find('example.com', 'v1', 'widgets');
    assert.ok(widgets);
    assert.equal(api.get(crds, undefined, 'widgets.example.com').status.conditions[1].type, 'Established');
    api.create(widgets, 'default', { metadata: { name: 'w' } });
    deleteObject(api, crds, undefined, 'widgets.example.com');
    assert.equal(registry.find('example.com', 'v1', 'widgets'), undefined);
    assert.equal(store.size('example.com/widgets'), 0);
  });

  it('rejects a CRD that cannot be registered with 422', () => {
    const { api, t } = core();
    const crds = t('apiextensions.k8s.io', 'customresourcedefinitions');
    assert.throws(() => api.create(crds, undefined, { metadata: { name: 'x.example.com' }, spec: { group: 'example.com' } }), code(422));
    assert.throws(
      () =>
        api.create(crds, undefined, {
          metadata: { name: 'wrong' },
          spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'X', plural: 'xs' }, versions: [{ name: 'v1' }] },
        }),
      (e) => e instanceof ApiError && /must be spec.names.plural/.test(e.message),
    );
  });

  it('preloads karpd CRDs with upstream names, short names and printer columns', () => {
    const { registry } = core();
    const ec2 = registry.find('karpenter.k8s.aws', 'v1', 'ec2nodeclasses');
    assert.deepEqual(ec2?.shortNames, ['ec2nc', 'ec2ncs']);
    assert.deepEqual(ec2?.categories, ['karpenter']);
    const nc = registry.find('karpenter.sh', 'v1', 'nodeclaims');
    assert.deepEqual(
      nc?.printerColumns?.map((c) => c.name),
      ['Type', 'Capacity', 'Zone', 'Node', 'Ready', 'Age', 'ImageID', 'ID', 'NodePool', 'NodeClass', 'Drifted'],
    );
    const np = registry.find('karpenter.sh', 'v1', 'nodepools');
    assert.deepEqual(
      np?.printerColumns?.filter((c) => !c.priority).map((c) => c.name),
      ['NodeClass', 'Nodes', 'Ready', 'Age'],
    );
  });
});

describe('events: one storage, two views', () => {
  it('shows an events.k8s.io/v1 Event as a core Event with involvedObject', () => {
    const { api, t } = core();
    api.create(t('events.k8s.io', 'events'), 'default', {
      metadata: { name: 'e1' },
      eventTime: '2026-11-22T10:00:00.000000Z',
      reportingController: 'karpd',
      reportingInstance: 'karpd-1',
      action: 'Launch',
      reason: 'Launched',
      type: 'Normal',
      regarding: { kind: 'NodePool', name: 'general' },
      note: 'hello',
    });
    const coreEvent = api.get(t('', 'events'), 'default', 'e1');
    assert.equal(coreEvent.involvedObject.name, 'general');
    assert.equal(coreEvent.message, 'hello');
    assert.equal(api.get(t('events.k8s.io', 'events'), 'default', 'e1').note, 'hello');
    assert.throws(() => api.create(t('events.k8s.io', 'events'), 'default', { metadata: { name: 'e2' } }), code(422));
  });
});

describe('list', () => {
  it('pages with limit and continue, keeping the first page resourceVersion', () => {
    const { api, t } = core();
    const cms = t('', 'configmaps');
    for (const name of ['a', 'b', 'c']) api.create(cms, 'default', { metadata: { name, labels: { n: name } } });
    const first = api.list(cms, 'default', { limit: 2 });
    assert.deepEqual(
      first.items.map((e) => e.obj.metadata.name),
      ['a', 'b'],
    );
    assert.equal(first.remainingItemCount, 1);
    api.create(cms, 'default', { metadata: { name: 'd' } });
    const second = api.list(cms, 'default', { limit: 2, continue: first.continue });
    assert.deepEqual(
      second.items.map((e) => e.obj.metadata.name),
      ['c', 'd'],
    );
    assert.equal(second.resourceVersion, first.resourceVersion);
    assert.deepEqual(
      api.list(cms, 'default', { labelSelector: 'n in (a,c)' }).items.map((e) => e.obj.metadata.name),
      ['a', 'c'],
    );
  });
});
