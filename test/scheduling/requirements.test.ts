import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeSelectorRequirement } from '../../src/apis/core-v1.js';
import { Requirement, isRequirementParseError } from '../../src/scheduling/requirement.js';
import { AllowAllUndefined, Requirements } from '../../src/scheduling/requirements.js';

const K = 'key';
const r = (operator: NodeSelectorRequirement['operator'], ...values: string[]): Requirement =>
  Requirement.fromNodeSelector({ key: K, operator, values });

/** Named requirement sets, Karpenter-style (pkg/scheduling/requirement_test.go names). */
const named: Record<string, Requirement> = {
  exists: r('Exists'),
  doesNotExist: r('DoesNotExist'),
  inA: r('In', 'A'),
  inB: r('In', 'B'),
  inAB: r('In', 'A', 'B'),
  notInA: r('NotIn', 'A'),
  in1: r('In', '1'),
  in9: r('In', '9'),
  in19: r('In', '1', '9'),
  notIn12: r('NotIn', '1', '2'),
  gt1: r('Gt', '1'),
  gt9: r('Gt', '9'),
  lt1: r('Lt', '1'),
  lt9: r('Lt', '9'),
  gte2: r('Gte', '2'),
  lte8: r('Lte', '8'),
};

/** Upper triangle of the intersects matrix: the names each row intersects with (the rest of the row does not). */
const intersectsWith: Record<string, string[]> = {
  exists: ['exists', 'inA', 'inB', 'inAB', 'notInA', 'in1', 'in9', 'in19', 'notIn12', 'gt1', 'gt9', 'lt1', 'lt9', 'gte2', 'lte8'],
  doesNotExist: ['doesNotExist', 'notInA', 'notIn12'],
  inA: ['inA', 'inAB', 'notIn12'],
  inB: ['inB', 'inAB', 'notInA', 'notIn12'],
  inAB: ['inAB', 'notInA', 'notIn12'],
  notInA: ['notInA', 'in1', 'in9', 'in19', 'notIn12', 'gt1', 'gt9', 'lt1', 'lt9', 'gte2', 'lte8'],
  in1: ['in1', 'in19', 'lt9', 'lte8'],
  in9: ['in9', 'in19', 'notIn12', 'gt1', 'gte2'],
  in19: ['in19', 'notIn12', 'gt1', 'lt9', 'gte2', 'lte8'],
  notIn12: ['notIn12', 'gt1', 'gt9', 'lt1', 'lt9', 'gte2', 'lte8'],
  gt1: ['gt1', 'gt9', 'lt9', 'gte2', 'lte8'],
  gt9: ['gt9', 'gte2'],
  lt1: ['lt1', 'lt9', 'lte8'],
  lt9: ['lt9', 'gte2', 'lte8'],
  gte2: ['gte2', 'lte8'],
  lte8: ['lte8'],
};

describe('Requirement intersects (pairwise matrix)', () => {
  const names = Object.keys(named);
  for (let i = 0; i < names.length; i++) {
    for (let j = i; j < names.length; j++) {
      const [a, b] = [names[i], names[j]];
      const expected = intersectsWith[a].includes(b);
      it(`${a} ∩ ${b} ${expected ? 'intersects' : 'conflicts'}`, () => {
        assert.equal(named[a].intersects(named[b]), expected);
        assert.equal(named[b].intersects(named[a]), expected, 'symmetric');
      });
    }
  }
});

describe('Requirement intersect', () => {
  const cases: Array<[string, string, string]> = [
    ['inAB', 'notInA', 'key In [B]'],
    ['in19', 'notIn12', 'key In [9]'],
    ['notInA', 'notIn12', 'key NotIn [1 2 A]'],
    ['exists', 'inAB', 'key In [A B]'],
    ['exists', 'doesNotExist', 'key DoesNotExist'],
    ['gt1', 'lt9', 'key Gt 1, key Lt 9'],
    ['gt9', 'lt1', 'key DoesNotExist'],
    ['in19', 'gt1', 'key In [9]'],
    ['gte2', 'lte8', 'key Gt 1, key Lt 9'],
    ['notIn12', 'gt1', 'key NotIn [1 2], key Gt 1'],
    ['inA', 'inB', 'key DoesNotExist'],
  ];
  for (const [a, b, expected] of cases) {
    it(`${a} ∩ ${b} = ${expected}`, () => {
      assert.equal(named[a].intersect(named[b]).toString(), expected);
    });
  }

  it('bounds admit integers only', () => {
    const between = named.gt1.intersect(named.lt9);
    assert.deepEqual(
      ['1', '2', '5', '8', '9', 'A'].map((v) => between.has(v)),
      [false, true, true, true, false, false],
    );
  });

  it('takes the larger minValues', () => {
    const a = Requirement.in(K, ['a', 'b', 'c'], 2);
    const b = Requirement.fromNodeSelector({ key: K, operator: 'Exists' }).withMinValues(3);
    assert.equal(a.intersect(b).minValues, 3);
    assert.equal(b.intersect(a).minValues, 3);
  });

  it('reads operators back', () => {
    assert.deepEqual(
      ['exists', 'doesNotExist', 'inA', 'notInA', 'gt1', 'lt9'].map((n) => named[n].operator),
      ['Exists', 'DoesNotExist', 'In', 'NotIn', 'Gt', 'Lt'],
    );
  });

  it('finds a satisfying value deterministically', () => {
    assert.equal(named.inAB.any(), 'A');
    assert.equal(named.gt9.any(), '10');
    assert.equal(named.lt9.any(), '8');
    assert.equal(named.notIn12.intersect(named.gt1).any(), '3');
    assert.equal(named.doesNotExist.any(), '');
    assert.equal(named.gt9.intersect(named.lt1).any(), '');
  });

  it('rejects a bound that is not an integer', () => {
    assert.throws(() => r('Gt', 'x'), isRequirementParseError);
    assert.throws(() => r('Lt'), isRequirementParseError);
  });
});

describe('Requirements', () => {
  it('normalises label aliases', () => {
    const reqs = Requirements.from([{ key: 'beta.kubernetes.io/arch', operator: 'In', values: ['arm64'] }]);
    assert.ok(reqs.has('kubernetes.io/arch'));
    assert.ok(reqs.get('kubernetes.io/arch').has('arm64'));
    assert.deepEqual(Requirements.fromLabels({ 'failure-domain.beta.kubernetes.io/zone': 'z1' }).labels(), {
      'topology.kubernetes.io/zone': 'z1',
    });
  });

  it('intersects repeated keys and keeps the larger minValues', () => {
    const reqs = Requirements.from([
      { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['a', 'b', 'c'], minValues: 2 },
      { key: 'node.kubernetes.io/instance-type', operator: 'NotIn', values: ['c'], minValues: 1 },
    ]);
    const req = reqs.get('node.kubernetes.io/instance-type');
    assert.deepEqual(req.values, ['a', 'b']);
    assert.equal(req.minValues, 2);
  });

  it('reads an unconstrained key as Exists', () => {
    const reqs = new Requirements();
    assert.equal(reqs.has('x'), false);
    assert.equal(reqs.get('x').operator, 'Exists');
  });

  it('add and intersect return new objects', () => {
    const base = Requirements.from([{ key: 'a', operator: 'In', values: ['1', '2'] }]);
    const narrowed = base.add(Requirement.in('a', ['2']));
    assert.deepEqual(base.get('a').values, ['1', '2']);
    assert.deepEqual(narrowed.get('a').values, ['2']);
    const merged = base.intersect(Requirements.fromLabels({ b: 'x' }));
    assert.deepEqual(merged.keys(), ['a', 'b']);
    assert.deepEqual(base.keys(), ['a']);
  });

  it('add returns the same object when nothing narrows', () => {
    const base = Requirements.from([{ key: 'a', operator: 'In', values: ['1'] }]);
    assert.equal(base.add(Requirement.in('a', ['1', '2'])), base);
    assert.equal(base.intersect(Requirements.from([{ key: 'a', operator: 'Exists' }])), base);
    assert.notEqual(base.add(Requirement.in('b', ['1'])), base);
  });

  it('labels are the single-valued In keys', () => {
    const reqs = Requirements.from([
      { key: 'a', operator: 'In', values: ['1'] },
      { key: 'b', operator: 'In', values: ['1', '2'] },
      { key: 'c', operator: 'Exists' },
      { key: 'd', operator: 'NotIn', values: ['x'] },
    ]);
    assert.deepEqual(reqs.labels(), { a: '1' });
  });

  it('writes node-selector requirements sorted by key, bounds as Gt/Lt', () => {
    const reqs = Requirements.from([
      { key: 'z', operator: 'Gte', values: ['4'] },
      { key: 'a', operator: 'In', values: ['b', 'a'], minValues: 2 },
    ]);
    assert.deepEqual(reqs.toNodeSelectorRequirements(), [
      { key: 'a', operator: 'In', values: ['a', 'b'], minValues: 2 },
      { key: 'z', operator: 'Gt', values: ['3'] },
    ]);
  });
});

describe('Requirements compatible', () => {
  const pool = Requirements.from([
    { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
    { key: 'team', operator: 'Exists' },
  ]);

  it('allows well-known keys the pool leaves open', () => {
    assert.deepEqual(pool.compatible(Requirements.fromLabels({ 'topology.kubernetes.io/zone': 'z1' })), { ok: true });
  });

  it('needs the pool to mention a custom label', () => {
    const check = pool.compatible(Requirements.fromLabels({ workload: 'spark' }));
    assert.deepEqual(check, { ok: false, reason: 'label "workload" does not have known values' });
  });

  it('lets a pod exclude a custom label the pool never mentions', () => {
    const pod = Requirements.from([
      { key: 'workload', operator: 'NotIn', values: ['spark'] },
      { key: 'gpu', operator: 'DoesNotExist' },
    ]);
    assert.equal(pool.compatible(pod).ok, true);
  });

  it('accepts a custom label the pool defines', () => {
    assert.equal(pool.compatible(Requirements.fromLabels({ team: 'data' })).ok, true);
  });

  it('says which key conflicts', () => {
    const check = pool.compatible(Requirements.fromLabels({ 'kubernetes.io/arch': 'arm64' }));
    assert.deepEqual(check, { ok: false, reason: 'key kubernetes.io/arch: In [arm64] not in In [amd64]' });
  });

  it('hints at a typo', () => {
    const check = pool.compatible(Requirements.fromLabels({ 'topology.kubernetes.io/zon': 'z1' }));
    assert.equal(check.ok, false);
    assert.match(!check.ok ? check.reason : '', /typo of "topology.kubernetes.io\/zone"\?/);
  });

  it('reduces to intersects when every key may be undefined', () => {
    const pod = Requirements.fromLabels({ workload: 'spark' });
    assert.equal(pool.compatible(pod, { allowUndefined: AllowAllUndefined }).ok, true);
    assert.equal(pool.intersects(pod), true);
  });
});
