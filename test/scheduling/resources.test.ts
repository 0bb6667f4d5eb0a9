import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  add,
  exceeded,
  fits,
  formatResources,
  fromResourceList,
  isZero,
  max,
  subtract,
  toResourceList,
} from '../../src/scheduling/resources.js';

describe('resource lists', () => {
  it('parses quantities into base units (cpu in millicores)', () => {
    assert.deepEqual(fromResourceList({ cpu: '1500m', memory: '2Gi', pods: '110', 'nvidia.com/gpu': '1' }), {
      cpu: 1500,
      memory: 2 * 1024 ** 3,
      pods: 110,
      'nvidia.com/gpu': 1,
    });
  });

  it('prints them back as Kubernetes writes them', () => {
    assert.deepEqual(toResourceList({ cpu: 1500, memory: 2 * 1024 ** 3, pods: 110 }), { cpu: '1500m', memory: '2Gi', pods: '110' });
    assert.equal(formatResources({ cpu: 250, memory: 512 * 1024 ** 2 }), 'cpu=250m memory=512Mi');
  });

  it('fits when every requested amount is available; a missing resource does not fit unless zero', () => {
    assert.equal(fits({ cpu: 1000, memory: 10 }, { cpu: 1000, memory: 10 }), true);
    assert.equal(fits({ cpu: 1001 }, { cpu: 1000 }), false);
    assert.equal(fits({ 'nvidia.com/gpu': 1 }, { cpu: 4000 }), false);
    assert.equal(fits({ 'nvidia.com/gpu': 0 }, { cpu: 4000 }), true);
    assert.deepEqual(exceeded({ cpu: 5000, memory: 1, pods: 3 }, { cpu: 4000, memory: 2, pods: 2 }), ['cpu', 'pods']);
  });

  it('adds and subtracts exactly (0.1 cpu ten times is exactly 1 cpu)', () => {
    const tenth = fromResourceList({ cpu: '100m' });
    assert.deepEqual(add(...Array.from({ length: 10 }, () => tenth)), { cpu: 1000 });
    assert.deepEqual(subtract({ cpu: 1000 }, { cpu: 1500, memory: 1 }), { cpu: -500, memory: -1 });
    assert.deepEqual(max({ cpu: 1, memory: 5 }, { cpu: 3 }), { cpu: 3, memory: 5 });
    assert.equal(isZero({ cpu: 0 }), true);
  });

  it('addition is commutative and subtraction undoes it', () => {
    const arb = fc.dictionary(fc.constantFrom('cpu', 'memory', 'pods', 'x/gpu'), fc.integer({ min: 0, max: 2 ** 40 }));
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        assert.deepEqual(add(a, b), add(b, a));
        const back = subtract(add(a, b), b);
        for (const k of Object.keys(a)) assert.equal(back[k], a[k]);
        assert.equal(fits(a, add(a, b)), true);
      }),
    );
  });
});
