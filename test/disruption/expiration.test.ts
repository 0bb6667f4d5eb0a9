/** Expiration of NodeClaims (karpenter-semantics.md §2.6, §4.11): what has expired, when the rest will, the grace deadline. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import { durationText } from '../../src/disruption/time-text.js';
import { expirationOf, planExpirations } from '../../src/disruption/expiration.js';
import { nodeClaim } from '../../src/testing/builders.js';

const CREATED = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;

function claim(name: string, spec: Partial<NodeClaim['spec']> = {}, created = '2026-01-01T00:00:00Z'): NodeClaim {
  return nodeClaim({ metadata: { name, creationTimestamp: created }, spec });
}

describe('expirationOf', () => {
  it('GIVEN expireAfter 24h WHEN 23 h have passed THEN it expires in 1h, at creation + 24h', () => {
    const entry = expirationOf(claim('c', { expireAfter: '24h' }), CREATED + 23 * HOUR);
    assert.equal(entry.state, 'live');
    assert.equal(entry.expiresAt, CREATED + 24 * HOUR);
    assert.equal(entry.message, 'expires in 1h at 2026-01-02T00:00:00Z (expireAfter 24h)');
  });

  it('GIVEN expireAfter 24h WHEN exactly 24 h, then 24h5m have passed THEN it has expired, saying by how much', () => {
    assert.equal(expirationOf(claim('c', { expireAfter: '24h' }), CREATED + 24 * HOUR).message, 'expired: older than expireAfter 24h');
    const late = expirationOf(claim('c', { expireAfter: '24h' }), CREATED + 24 * HOUR + 5 * 60_000);
    assert.equal(late.state, 'expired');
    assert.equal(late.message, 'expired: older than expireAfter 24h by 5m');
  });

  it('GIVEN no expireAfter on the claim WHEN judged THEN the API default 720h applies', () => {
    assert.equal(expirationOf(claim('c'), CREATED).expiresAt, CREATED + 720 * HOUR);
  });

  it('GIVEN expireAfter Never WHEN any time passes THEN it never expires', () => {
    const entry = expirationOf(claim('c', { expireAfter: 'Never' }), CREATED + 100_000 * HOUR);
    assert.equal(entry.state, 'never');
    assert.equal(entry.expiresAt, undefined);
  });

  it('GIVEN a terminationGracePeriod WHEN judged THEN the deadline is expireAfter + terminationGracePeriod', () => {
    const entry = expirationOf(claim('c', { expireAfter: '24h', terminationGracePeriod: '1h30m' }), CREATED);
    assert.equal(entry.terminationDeadline, CREATED + 25.5 * HOUR);
    assert.equal(expirationOf(claim('c', { expireAfter: '24h' }), CREATED).terminationDeadline, undefined);
  });

  it('GIVEN an expireAfter that is not a duration, or no creationTimestamp WHEN judged THEN invalid with a reason', () => {
    assert.deepEqual(
      { ...expirationOf(claim('c', { expireAfter: 'forever' }), CREATED), nodeClaim: undefined },
      { nodeClaim: undefined, state: 'invalid', message: 'expireAfter "forever" is not a duration or Never' },
    );
    const bare = claim('c', { expireAfter: '1h' });
    delete bare.metadata.creationTimestamp;
    assert.equal(expirationOf(bare, CREATED).state, 'invalid');
  });
});

describe('planExpirations', () => {
  it('GIVEN claims of every kind WHEN planned THEN expired oldest first, upcoming soonest first, next expiry, deleting ones left out', () => {
    const deleting = claim('deleting', { expireAfter: '1h' });
    deleting.metadata.deletionTimestamp = '2026-01-01T01:00:00Z';
    const plan = planExpirations(
      [
        claim('late', { expireAfter: '2h' }),
        claim('later', { expireAfter: '1h' }),
        claim('soon', { expireAfter: '5h' }),
        claim('sooner', { expireAfter: '4h' }),
        claim('never', { expireAfter: 'Never' }),
        claim('bad', { expireAfter: '1d' }),
        deleting,
      ],
      CREATED + 3 * HOUR,
    );
    const names = (entries: typeof plan.expired) => entries.map((entry) => entry.nodeClaim.metadata.name);
    assert.deepEqual(names(plan.expired), ['later', 'late']);
    assert.deepEqual(names(plan.upcoming), ['sooner', 'soon']);
    assert.deepEqual(names(plan.invalid), ['bad']);
    assert.equal(plan.nextExpiryAt, CREATED + 4 * HOUR);
  });

  it('GIVEN nothing will expire WHEN planned THEN there is no next expiry', () => {
    assert.equal(planExpirations([claim('never', { expireAfter: 'Never' })], CREATED).nextExpiryAt, undefined);
  });
});

describe('durationText', () => {
  it('reads as at most two units, largest first', () => {
    assert.deepEqual([0, 999, 12_000, 270_000, 3 * HOUR, 3 * HOUR + 5_000, 26 * HOUR + 60_000, -5].map(durationText), [
      '0s',
      '0s',
      '12s',
      '4m30s',
      '3h',
      '3h',
      '1d2h',
      '0s',
    ]);
  });
});
