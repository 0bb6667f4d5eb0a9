import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { NodeSelectorRequirement } from '../../src/apis/core-v1.js';
import { Requirement } from '../../src/scheduling/requirement.js';
import { AllowAllUndefined, Requirements } from '../../src/scheduling/requirements.js';

const VALUES = ['A', 'B', 'C', '0', '1', '2', '3', '4', '5', '6'];
/** Every value that can tell two requirements over VALUES and bounds 0..5 apart. */
const UNIVERSE = [...VALUES, '-1', '7', '8', 'zzz'];
const KEYS = ['k1', 'k2', 'k3'];

const arbNodeSelector = (keys: string[]): fc.Arbitrary<NodeSelectorRequirement> =>
  fc.oneof(
    fc.record({
      key: fc.constantFrom(...keys),
      operator: fc.constantFrom('In' as const, 'NotIn' as const),
      values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }),
    fc.record({
      key: fc.constantFrom(...keys),
      operator: fc.constantFrom('Gt' as const, 'Lt' as const, 'Gte' as const, 'Lte' as const),
      values: fc.integer({ min: 0, max: 5 }).map((n) => [String(n)]),
    }),
  );

const arbRequirement = arbNodeSelector(['k']).map((req) => Requirement.fromNodeSelector(req));
const arbRequirements = fc.array(arbNodeSelector(KEYS), { maxLength: 5 }).map((reqs) => Requirements.from(reqs));

const allowed = (req: Requirement): boolean[] => UNIVERSE.map((v) => req.has(v));
const sameSemantics = (a: Requirements, b: Requirements): boolean =>
  KEYS.every((k) => a.has(k) === b.has(k) && allowed(a.get(k)).every((x, i) => x === allowed(b.get(k))[i]));

describe('Requirement properties', () => {
  it('intersection allows exactly the values both allow', () => {
    fc.assert(
      fc.property(arbRequirement, arbRequirement, (a, b) => {
        const both = a.intersect(b);
        assert.deepEqual(
          allowed(both),
          UNIVERSE.map((v) => a.has(v) && b.has(v)),
        );
      }),
    );
  });

  it('intersection is commutative', () => {
    fc.assert(
      fc.property(arbRequirement, arbRequirement, (a, b) => {
        assert.deepEqual(allowed(a.intersect(b)), allowed(b.intersect(a)));
        assert.equal(a.intersect(b).toString(), b.intersect(a).toString());
      }),
    );
  });

  it('intersection is idempotent and associative', () => {
    fc.assert(
      fc.property(arbRequirement, arbRequirement, arbRequirement, (a, b, c) => {
        assert.deepEqual(allowed(a.intersect(a)), allowed(a));
        assert.deepEqual(allowed(a.intersect(b).intersect(c)), allowed(a.intersect(b.intersect(c))));
      }),
    );
  });

  it('intersects is symmetric and means "share a value" unless both are negative', () => {
    fc.assert(
      fc.property(arbRequirement, arbRequirement, (a, b) => {
        assert.equal(a.intersects(b), b.intersects(a));
        const share = UNIVERSE.some((v) => a.has(v) && b.has(v));
        assert.equal(a.intersects(b), share || (a.isNegative() && b.isNegative()));
      }),
    );
  });

  it('isEmpty means no value is allowed', () => {
    fc.assert(
      fc.property(arbRequirement, arbRequirement, (a, b) => {
        const both = a.intersect(b);
        assert.equal(both.isEmpty(), !UNIVERSE.some((v) => both.has(v)));
      }),
    );
  });

  it('any() returns an allowed value whenever one exists', () => {
    fc.assert(
      fc.property(arbRequirement, arbRequirement, (a, b) => {
        const both = a.intersect(b);
        const value = both.any();
        if (both.isEmpty()) assert.equal(value, '');
        else assert.ok(both.has(value), `${both} should allow ${value}`);
      }),
    );
  });
});

describe('Requirements properties', () => {
  it('intersection is commutative and idempotent', () => {
    fc.assert(
      fc.property(arbRequirements, arbRequirements, (a, b) => {
        assert.ok(sameSemantics(a.intersect(b), b.intersect(a)));
        assert.ok(sameSemantics(a.intersect(a), a));
      }),
    );
  });

  it('intersects and compatibility with every key allowed undefined are symmetric', () => {
    fc.assert(
      fc.property(arbRequirements, arbRequirements, (a, b) => {
        assert.equal(a.intersects(b), b.intersects(a));
        const ab = a.compatible(b, { allowUndefined: AllowAllUndefined }).ok;
        assert.equal(ab, b.compatible(a, { allowUndefined: AllowAllUndefined }).ok);
        assert.equal(ab, a.intersects(b));
      }),
    );
  });

  it('compatibility is symmetric when both sides constrain the same keys', () => {
    fc.assert(
      fc.property(arbRequirements, arbRequirements, (a, b) => {
        const sameKeys = a.keys().sort().join() === b.keys().sort().join();
        fc.pre(sameKeys);
        assert.equal(a.compatible(b, { allowUndefined: new Set() }).ok, b.compatible(a, { allowUndefined: new Set() }).ok);
      }),
    );
  });

  it('a failed compatibility always says why', () => {
    fc.assert(
      fc.property(arbRequirements, arbRequirements, (a, b) => {
        const check = a.compatible(b, { allowUndefined: new Set() });
        if (!check.ok) assert.ok(check.reason.length > 0);
      }),
    );
  });

  it('round-trips through node-selector requirements', () => {
    fc.assert(
      fc.property(arbRequirements, (a) => {
        assert.ok(sameSemantics(Requirements.from(a.toNodeSelectorRequirements()), a));
      }),
    );
  });
});
