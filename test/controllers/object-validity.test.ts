import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectValidity } from '../../src/controllers/validity/object-validity.js';
import { nodePool } from '../../src/testing/builders.js';

describe('ObjectValidity', () => {
  it('judges a NodePool once per generation: a status-only change reuses the result, a spec change re-validates', () => {
    const validity = new ObjectValidity();
    const pool = nodePool({
      metadata: { name: 'p', uid: 'uid-p', generation: 1, resourceVersion: '10' },
      spec: { limits: { cpu: 'lots' } },
    });
    const first = validity.nodePool(pool);
    assert.match(first?.message ?? '', /^spec\.limits\.cpu: "lots" is not a valid quantity/);
    const statusOnly = { ...pool, metadata: { ...pool.metadata, resourceVersion: '11' }, status: { resources: { cpu: '0' } } };
    assert.equal(validity.nodePool(statusOnly), first, 'a status write re-ran validation');
    const fixed = {
      ...pool,
      metadata: { ...pool.metadata, generation: 2, resourceVersion: '12' },
      spec: { ...pool.spec, limits: { cpu: '100' } },
    };
    assert.equal(validity.nodePool(fixed), undefined);
  });
});
