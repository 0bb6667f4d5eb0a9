import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Quantity, isQuantityParseError } from '../../src/apis/quantity.js';

describe('Quantity', () => {
  const cases: Array<[string, number, string]> = [
    // input, milli-value, canonical form
    ['500m', 500, '500m'],
    ['1.5', 1500, '1500m'],
    ['2', 2000, '2'],
    ['100Mi', 100 * 1024 * 1024 * 1000, '100Mi'],
    ['2Gi', 2 * 1024 ** 3 * 1000, '2Gi'],
    ['1e3', 1_000_000, '1k'],
    ['1k', 1_000_000, '1k'],
    ['0.5Gi', 512 * 1024 * 1024 * 1000, '512Mi'],
    ['1536Mi', 1536 * 1024 * 1024 * 1000, '1536Mi'],
    ['0', 0, '0'],
    ['100n', 1, '100n'],
    ['+3', 3000, '3'],
    ['-2', -2000, '-2'],
    ['2000m', 2000, '2'],
    ['1E', 1e21, '1E'],
  ];
  for (const [input, milli, canonical] of cases) {
    it(`parses ${input}`, () => {
      const q = Quantity.parse(input);
      assert.equal(q.milliValue(), milli);
      assert.equal(q.toString(), canonical);
    });
  }

  it('rejects malformed quantities with a typed error', () => {
    for (const bad of ['', 'abc', '1.2.3', '5 Gi', '1Gb', '--1', '1e', 'm']) {
      assert.throws(
        () => Quantity.parse(bad),
        (error) => isQuantityParseError(error),
        bad,
      );
    }
  });

  it('adds and subtracts exactly (0.1 + 0.2 is 0.3)', () => {
    const sum = Quantity.parse('0.1').add(Quantity.parse('0.2'));
    assert.ok(sum.equals(Quantity.parse('300m')));
    assert.equal(Quantity.parse('1Gi').sub(Quantity.parse('512Mi')).toString(), '512Mi');
  });

  it('rounds value() and milliValue() up like Kubernetes', () => {
    assert.equal(Quantity.parse('1500m').value(), 2);
    assert.equal(Quantity.parse('1n').milliValue(), 1);
  });

  it('round-trips its canonical form (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.constantFrom('BinarySI', 'DecimalSI') as fc.Arbitrary<'BinarySI' | 'DecimalSI'>,
        (nanos, format) => {
          const q = Quantity.fromNanos(nanos, format);
          assert.ok(Quantity.parse(q.toString()).equals(q));
        },
      ),
    );
  });

  it('addition is commutative and sub undoes add (property)', () => {
    const arb = fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }).map((n) => Quantity.fromNanos(n));
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        assert.ok(a.add(b).equals(b.add(a)));
        assert.ok(a.add(b).sub(b).equals(a));
      }),
    );
  });
});
