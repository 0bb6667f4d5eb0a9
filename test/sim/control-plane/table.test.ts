import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration } from '../../../src/sim/control-plane/human-duration.js';
import { evaluateJsonPath } from '../../../src/sim/control-plane/json-path.js';

describe('HumanDuration', () => {
  const cases: Array<[number, string]> = [
    [5, '5s'],
    [119, '119s'],
    [120, '2m'],
    [125, '2m5s'],
    [600, '10m'],
    [179 * 60, '179m'],
    [3 * 3600 + 60, '3h1m'],
    [8 * 3600, '8h'],
    [47 * 3600, '47h'],
    [49 * 3600, '2d1h'],
    [8 * 86400, '8d'],
    [800 * 86400, '2y70d'],
    [9 * 365 * 86400, '9y'],
  ];
  for (const [seconds, text] of cases) it(`${seconds}s → ${text}`, () => assert.equal(humanDuration(seconds * 1000), text));
});

describe('printer-column JSONPath', () => {
  const obj = {
    metadata: { labels: { 'node.kubernetes.io/instance-type': 'm5.large' } },
    status: {
      conditions: [
        { type: 'Drifted', status: 'False' },
        { type: 'Ready', status: 'True' },
      ],
      list: ['a', 'b'],
    },
  };
  it('reads escaped-dot label keys', () =>
    assert.equal(evaluateJsonPath(obj, '.metadata.labels.node\\.kubernetes\\.io/instance-type'), 'm5.large'));
  it('filters conditions by type', () => assert.equal(evaluateJsonPath(obj, '.status.conditions[?(@.type=="Ready")].status'), 'True'));
  it('indexes arrays', () => assert.equal(evaluateJsonPath(obj, '.status.list[1]'), 'b'));
  it('gives undefined for a missing path', () => assert.equal(evaluateJsonPath(obj, '.spec.weight'), undefined));
});
