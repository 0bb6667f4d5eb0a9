/** Canonical spellings of quantities and durations: by value, idempotent, unparseable text left alone. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalDuration, canonicalQuantity, withCanonicalValues } from '../../../src/gitops/diff/canonical-values.js';

describe('canonicalQuantity', () => {
  const sameValue: Array<[string, Array<string | number>, string]> = [
    ['a thousand cores', [1000, '1000', '1k', '1e3', '1000000m', '1.0k'], '1000'],
    ['one Gi', ['1Gi', '1024Mi', '1048576Ki', '1073741824', 1073741824], '1Gi'],
    ['8000Gi', ['8000Gi', '8192000Mi', '8589934592000'], '8000Gi'],
    ['100G (decimal is shorter)', ['100G', '100000M', '100000000000', '1e11'], '100G'],
    ['half a core', ['500m', '0.5', 0.5, '.5'], '500m'],
    ['zero', ['0', 0, '0Gi', '0m'], '0'],
    ['a million', ['1M', '1000k', 1000000], '1M'],
  ];
  for (const [what, spellings, canonical] of sameValue) {
    it(`spells ${what} one way whatever the input (${canonical})`, () => {
      for (const spelling of spellings) assert.equal(canonicalQuantity(spelling), canonical, `spelling ${JSON.stringify(spelling)}`);
    });
  }

  it('tells different values apart', () => {
    assert.notEqual(canonicalQuantity('1G'), canonicalQuantity('1Gi'));
    assert.notEqual(canonicalQuantity('1k'), canonicalQuantity('1Ki'));
  });

  it('leaves what is not a quantity as it is', () => {
    for (const value of ['10%', 'lots', '', '1 Gi', Number.NaN, Number.POSITIVE_INFINITY, true, null, { cpu: 1 }, ['1']]) {
      assert.equal(canonicalQuantity(value), value);
    }
  });

  it('is idempotent and keeps the value (property)', () => {
    const spelling = fc.oneof(
      fc.integer({ min: 0, max: 10 ** 12 }),
      fc
        .tuple(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom('', 'm', 'k', 'M', 'G', 'T', 'Ki', 'Mi', 'Gi', 'Ti', 'e3', 'e-3'))
        .map(([n, s]) => `${n}${s}`),
    );
    fc.assert(
      fc.property(spelling, (value) => {
        const once = canonicalQuantity(value);
        assert.equal(canonicalQuantity(once), once);
      }),
    );
  });
});

describe('canonicalDuration', () => {
  const sameValue: Array<[string[], string]> = [
    [['720h', '720h0m0s', '43200m', '2592000s', '719h60m'], '720h'],
    [['0s', '0', '0m', '0h0m0s'], '0s'],
    [['90s', '1m30s', '1.5m'], '1m30s'],
    [['1h0m30s', '3630s'], '1h30s'],
    [['1h30m', '90m', '1.5h'], '1h30m'],
    [['300ms', '0.3s'], '300ms'],
    [['Never'], 'Never'],
  ];
  for (const [spellings, canonical] of sameValue) {
    it(`spells ${canonical} one way whatever the input`, () => {
      for (const spelling of spellings) assert.equal(canonicalDuration(spelling), canonical, `spelling ${spelling}`);
    });
  }

  it('leaves what is not a duration as it is', () => {
    for (const value of ['never', '5 minutes', '', '10', 30, null, { h: 1 }]) assert.equal(canonicalDuration(value), value);
  });

  it('is idempotent (property)', () => {
    const spelling = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.constantFrom('h', 'm', 's', 'ms')), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.map(([n, unit]) => `${n}${unit}`).join(''));
    fc.assert(
      fc.property(spelling, (value) => {
        const once = canonicalDuration(value);
        assert.equal(canonicalDuration(once), once);
      }),
    );
  });
});

describe('withCanonicalValues', () => {
  it('rewrites the quantity and duration fields of a NodePool and nothing else', () => {
    const pool = {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'p', labels: { size: '1000' } },
      spec: {
        limits: { cpu: 1000, memory: '1024Mi' },
        weight: 10,
        template: { spec: { expireAfter: '720h0m0s', terminationGracePeriod: '3600s', requirements: [] } },
        disruption: { consolidateAfter: '60s', budgets: [{ nodes: '10%', schedule: '@daily', duration: '60m' }, { nodes: '1000' }] },
      },
    };
    assert.deepEqual(withCanonicalValues(pool), {
      ...pool,
      spec: {
        limits: { cpu: '1000', memory: '1Gi' },
        weight: 10,
        template: { spec: { expireAfter: '720h', terminationGracePeriod: '1h', requirements: [] } },
        disruption: { consolidateAfter: '1m', budgets: [{ nodes: '10%', schedule: '@daily', duration: '1h' }, { nodes: '1000' }] },
      },
    });
  });

  it('rewrites the kubelet maps and volume sizes of an EC2NodeClass, percentages stay', () => {
    const nodeClass = {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: 'c' },
      spec: {
        kubelet: {
          systemReserved: { cpu: '0.1', memory: '1024Mi' },
          kubeReserved: { 'ephemeral-storage': '1073741824' },
          evictionHard: { 'memory.available': '5%', 'nodefs.available': '0.5Gi' },
          evictionSoft: { 'memory.available': '1000Mi' },
          evictionSoftGracePeriod: { 'memory.available': '60s' },
        },
        blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '1024Gi' } }, { deviceName: '/dev/xvdb' }],
      },
    };
    assert.deepEqual(withCanonicalValues(nodeClass), {
      ...nodeClass,
      spec: {
        kubelet: {
          systemReserved: { cpu: '100m', memory: '1Gi' },
          kubeReserved: { 'ephemeral-storage': '1Gi' },
          evictionHard: { 'memory.available': '5%', 'nodefs.available': '512Mi' },
          evictionSoft: { 'memory.available': '1000Mi' },
          evictionSoftGracePeriod: { 'memory.available': '1m' },
        },
        blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '1Ti' } }, { deviceName: '/dev/xvdb' }],
      },
    });
  });

  it('leaves other kinds and versions alone', () => {
    const v1beta1 = { apiVersion: 'karpenter.sh/v1beta1', kind: 'NodePool', metadata: {}, spec: { limits: { cpu: 1000 } } };
    assert.deepEqual(withCanonicalValues(v1beta1), v1beta1);
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: {}, spec: { limits: { cpu: 1000 } } };
    assert.deepEqual(withCanonicalValues(configMap), configMap);
  });

  it('does not stumble over fields of the wrong type', () => {
    const broken = {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'p' },
      spec: { limits: 'lots', template: [], disruption: { budgets: { nodes: '1' } } },
    };
    assert.deepEqual(withCanonicalValues(broken), broken);
  });
});
