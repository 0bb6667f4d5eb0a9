import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Duration, isDurationParseError } from '../../src/apis/duration.js';

describe('Duration', () => {
  const cases: Array<[string, number, string]> = [
    ['0s', 0, '0s'],
    ['30s', 30_000, '30s'],
    ['5m', 300_000, '5m0s'],
    ['1h30m', 5_400_000, '1h30m0s'],
    ['720h', 2_592_000_000, '720h0m0s'],
    ['1.5h', 5_400_000, '1h30m0s'],
    ['300ms', 300, '300ms'],
    ['8760h', 31_536_000_000, '8760h0m0s'],
  ];
  for (const [text, ms, go] of cases) {
    it(`parses ${text}`, () => {
      const d = Duration.parse(text);
      assert.equal(d.toMillis(), ms);
      assert.equal(d.toGoString(), go);
      assert.equal(d.toString(), text, 'keeps the raw text');
    });
  }

  it('knows Never', () => {
    const never = Duration.parse('Never');
    assert.ok(never.isNever());
    assert.equal(never.toMillis(), Number.POSITIVE_INFINITY);
    assert.equal(never.cmp(Duration.parse('720h')), 1);
  });

  it('rejects malformed durations with a typed error', () => {
    for (const bad of ['', '5', '1d', 'h', '1h 30m', 'never', '-']) {
      assert.throws(
        () => Duration.parse(bad),
        (error) => isDurationParseError(error),
        bad,
      );
    }
  });

  it('adds exactly', () => {
    assert.equal(Duration.parse('1h').add(Duration.parse('30m')).toGoString(), '1h30m0s');
  });
});
