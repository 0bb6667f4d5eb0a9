import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch } from '../../../src/sim/control-plane/json-patch.js';
import { applyMergePatch, strategicMerge, stripDirectives } from '../../../src/sim/control-plane/merge-patch.js';
import { applyConfiguration } from '../../../src/sim/control-plane/server-side-apply.js';
import { ApiError } from '../../../src/sim/control-plane/api-error.js';

describe('JSON patch', () => {
  it('applies add, remove, replace, move, copy and test', () => {
    const doc = { a: 1, list: [1, 2], nested: { x: 'y' } };
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/list/-', value: 3 },
      { op: 'remove', path: '/a' },
      { op: 'replace', path: '/nested/x', value: 'z' },
      { op: 'copy', from: '/nested', path: '/copy' },
      { op: 'move', from: '/copy/x', path: '/moved' },
      { op: 'test', path: '/moved', value: 'z' },
    ]);
    assert.deepEqual(out, { list: [1, 2, 3], nested: { x: 'z' }, copy: {}, moved: 'z' });
    assert.deepEqual(doc, { a: 1, list: [1, 2], nested: { x: 'y' } }, 'input untouched');
  });

  it('answers 422 for a failed test and a missing path, 400 for a non-array', () => {
    assert.throws(
      () => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]),
      (e) => e instanceof ApiError && e.code === 422 && e.message === 'Test operation failed',
    );
    assert.throws(
      () => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b/c', value: 2 }]),
      (e) => e instanceof ApiError && e.code === 422,
    );
    assert.throws(
      () => applyJsonPatch({ a: 1 }, { op: 'add' }),
      (e) => e instanceof ApiError && e.code === 400,
    );
  });
});

describe('merge patch', () => {
  it('merges objects, deletes on null and replaces arrays', () => {
    assert.deepEqual(applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] }), { a: { c: 2, d: 3 }, l: [3] });
  });
});

describe('strategic merge patch (approx)', () => {
  it('merges containers by name and deletes with $patch: delete, never storing directives', () => {
    const live = {
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1' },
          { name: 'side', image: 'x' },
        ],
      },
    };
    const patch = {
      spec: {
        $setElementOrder: 'ignored',
        '$setElementOrder/containers': [{ name: 'web' }],
        containers: [
          { name: 'web', image: 'nginx:2' },
          { $patch: 'delete', name: 'side' },
        ],
      },
    };
    assert.deepEqual(stripDirectives(strategicMerge(live, patch)), { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } });
  });

  it('adds to finalizers as a set and replaces taints atomically', () => {
    const live = { metadata: { finalizers: ['a'] }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } };
    const out = strategicMerge(live, { metadata: { finalizers: ['b', 'a'] }, spec: { taints: [{ key: 'z', effect: 'NoExecute' }] } });
    assert.deepEqual(out, { metadata: { finalizers: ['a', 'b'] }, spec: { taints: [{ key: 'z', effect: 'NoExecute' }] } });
  });

  it('cordons and uncordons like kubectl', () => {
    const cordoned = strategicMerge({ spec: {} }, { spec: { unschedulable: true } });
    assert.deepEqual(strategicMerge(cordoned, { spec: { unschedulable: null } }), { spec: {} });
  });

  it('merges conditions by type', () => {
    const live = {
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    };
    const out = strategicMerge(live, { status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    assert.deepEqual(out, {
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    });
  });
});

describe('server-side apply (approx)', () => {
  it('removes a field the manager stopped applying and keeps fields of others', () => {
    const live = { data: { a: '1', b: '2', other: 'x' } };
    const out = applyConfiguration(live, { data: { a: '1', b: '2' } }, { data: { a: '1' } });
    assert.deepEqual(out, { data: { a: '1', other: 'x' } });
  });
});
