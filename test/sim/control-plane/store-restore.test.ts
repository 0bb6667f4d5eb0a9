/**
 * The store carried across a restart: a snapshot holds every object with its
 * resourceVersion, a restored store goes on counting from there, a watch from
 * before the restart gets 410 (clients re-list), and the control plane started
 * from a snapshot serves the saved objects next to its CRDs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/sim/control-plane/api-error.js';
import { createControlPlaneCore } from '../../../src/sim/control-plane/control-plane.js';
import { Store, type StoreEvent, type StoreSnapshot } from '../../../src/sim/control-plane/store.js';
import type { KubeObj } from '../../../src/sim/control-plane/object.js';

const pod = (name: string, node?: string): KubeObj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: node },
});

describe('Store snapshot and restore', () => {
  it('keeps objects and resourceVersions, and continues counting after the saved one', () => {
    const store = new Store();
    store.commit('/pods', 'default/a', 'ADDED', pod('a', 'n1'));
    store.commit('/pods', 'default/b', 'ADDED', pod('b'));
    store.commit('/pods', 'default/b', 'DELETED', pod('b'));
    store.commit('/nodes', 'n1', 'ADDED', { metadata: { name: 'n1' } });
    const snapshot = JSON.parse(store.snapshotJson()) as StoreSnapshot;
    assert.equal(snapshot.rv, 4);
    const restored = new Store();
    restored.addIndex('/pods', 'spec.nodeName', (obj) => (typeof obj.spec?.nodeName === 'string' ? obj.spec.nodeName : undefined));
    restored.restore(snapshot);
    assert.equal(restored.currentRv(), 4);
    assert.deepEqual(
      restored.list('/pods').map((e) => [e.obj.metadata.name, e.obj.metadata.resourceVersion]),
      [['a', '1']],
    );
    assert.deepEqual(
      restored.list('/pods', 'default').map((e) => e.obj.metadata.name),
      ['a'],
    );
    assert.deepEqual(
      restored.listIndexed('/pods', 'spec.nodeName', 'n1')?.map((e) => e.obj.metadata.name),
      ['a'],
    );
    assert.equal(restored.get('/nodes', 'n1')?.obj.metadata.resourceVersion, '4');
    const next = restored.commit('/pods', 'default/c', 'ADDED', pod('c'));
    assert.equal(next.obj.metadata.resourceVersion, '5');
  });

  it('answers 410 to a watch from before the restart, and tells listeners of each object as ADDED', () => {
    const store = new Store();
    store.commit('/pods', 'default/a', 'ADDED', pod('a'));
    store.commit('/pods', 'default/a', 'MODIFIED', pod('a'));
    const restored = new Store();
    const seen: StoreEvent[] = [];
    restored.onChange((event) => seen.push(event));
    restored.restore(JSON.parse(store.snapshotJson()) as StoreSnapshot);
    assert.deepEqual(
      seen.map((e) => [e.type, e.key, e.rv]),
      [['ADDED', 'default/a', 2]],
    );
    assert.throws(
      () => restored.watch('/pods', 1, () => undefined),
      (e) => e instanceof ApiError && e.code === 410,
    );
    assert.throws(
      () => restored.watch('/configmaps', 1, () => undefined),
      (e) => e instanceof ApiError && e.code === 410,
    );
    assert.doesNotThrow(() => restored.watch('/pods', 2, () => undefined)());
    assert.throws(() => restored.restore(JSON.parse(store.snapshotJson()) as StoreSnapshot), /empty store/);
  });
});

describe('control plane from a snapshot', () => {
  it('serves the saved custom objects and namespaces without creating them twice', () => {
    const first = createControlPlaneCore();
    const nodePools = first.deps.registry.find('karpenter.sh', 'v1', 'nodepools');
    assert.ok(nodePools);
    const nodeClassRef = { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' };
    first.deps.api.create(nodePools, undefined, {
      metadata: { name: 'kept' },
      spec: { template: { spec: { nodeClassRef, requirements: [] } } },
    });
    first.deps.api.create(first.deps.registry.core('namespaces'), undefined, { metadata: { name: 'team-a' } });
    const rv = first.deps.api.store.currentRv();
    const snapshot = JSON.parse(first.deps.api.store.snapshotJson()) as StoreSnapshot;
    first.stop();

    const second = createControlPlaneCore({ snapshot });
    const types = second.deps.registry.find('karpenter.sh', 'v1', 'nodepools');
    assert.ok(types, 'the NodePool CRD is registered from the saved CRD');
    assert.equal(second.deps.api.get(types, undefined, 'kept').metadata.name, 'kept');
    assert.equal(second.deps.api.get(second.deps.registry.core('namespaces'), undefined, 'team-a').metadata.name, 'team-a');
    assert.ok(second.deps.api.store.currentRv() >= rv);
    const created = second.deps.api.create(second.deps.registry.core('configmaps'), 'team-a', { metadata: { name: 'after' } });
    assert.ok(Number(created.metadata.resourceVersion) > rv);
    second.stop();
  });
});
