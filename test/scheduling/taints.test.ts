import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint, Toleration } from '../../src/apis/core-v1.js';
import { formatTaint, tolerates, toleratesTaint } from '../../src/scheduling/taints.js';

const trino: Taint = { key: 'trino-xsmall', effect: 'NoSchedule' };
const gpu: Taint = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' };
const soft: Taint = { key: 'soft', effect: 'PreferNoSchedule' };

describe('toleratesTaint', () => {
  const cases: Array<[string, Toleration, Taint, boolean]> = [
    ['Exists on the key', { key: 'trino-xsmall', operator: 'Exists' }, trino, true],
    ['Equal with the value', { key: 'nvidia.com/gpu', operator: 'Equal', value: 'true' }, gpu, true],
    ['Equal is the default operator', { key: 'nvidia.com/gpu', value: 'true' }, gpu, true],
    ['Equal with another value', { key: 'nvidia.com/gpu', value: 'false' }, gpu, false],
    ['Equal with no value vs an empty taint value', { key: 'trino-xsmall' }, trino, true],
    ['another key', { key: 'airflow-worker', operator: 'Exists' }, trino, false],
    ['empty key with Exists tolerates everything', { operator: 'Exists' }, gpu, true],
    ['empty key without Exists tolerates nothing', { value: 'true' }, gpu, false],
    ['matching effect', { key: 'trino-xsmall', operator: 'Exists', effect: 'NoSchedule' }, trino, true],
    ['other effect', { key: 'trino-xsmall', operator: 'Exists', effect: 'NoExecute' }, trino, false],
    ['empty effect matches all effects', { key: 'soft', operator: 'Exists', effect: '' }, soft, true],
  ];
  for (const [name, toleration, taint, expected] of cases) {
    it(name, () => assert.equal(toleratesTaint(toleration, taint), expected));
  }
});

describe('tolerates', () => {
  it('accepts no taints', () => assert.deepEqual(tolerates(undefined, []), { ok: true }));

  it('names the taint that is not tolerated', () => {
    assert.deepEqual(tolerates([], [trino]), { ok: false, reason: 'did not tolerate taint trino-xsmall:NoSchedule' });
  });

  it('requires PreferNoSchedule taints to be tolerated too (relaxation handles them)', () => {
    assert.equal(tolerates([], [soft]).ok, false);
    assert.equal(tolerates([{ operator: 'Exists', effect: 'PreferNoSchedule' }], [soft]).ok, true);
  });

  it('lists every untolerated taint', () => {
    const check = tolerates([{ key: 'trino-xsmall', operator: 'Exists' }], [trino, gpu, soft]);
    assert.deepEqual(check, { ok: false, reason: 'did not tolerate taint nvidia.com/gpu=true:NoSchedule, soft:PreferNoSchedule' });
  });

  it('formats taints as people write them', () => {
    assert.equal(formatTaint(gpu), 'nvidia.com/gpu=true:NoSchedule');
    assert.equal(formatTaint(trino), 'trino-xsmall:NoSchedule');
  });
});
