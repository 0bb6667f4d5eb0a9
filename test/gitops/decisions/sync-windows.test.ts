/**
 * Sync windows with Argo CD's semantics, at fixed instants: no windows, a
 * deny window and its end, allow windows in a time zone across a DST change,
 * allow and deny overlapping, back-to-back occurrences, invalid windows, and
 * the next change a controller wakes up for.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SyncWindow } from '../../../src/apis/cluster.js';
import { evaluateSyncWindows, nextWindowChange } from '../../../src/gitops/decisions/sync-windows.js';

const at = (iso: string) => new Date(iso);
const freeze: SyncWindow = { kind: 'deny', schedule: '0 18 * * 5', duration: '64h', name: 'freeze' };
const businessHours: SyncWindow = { kind: 'allow', schedule: '0 9 * * 1-5', duration: '8h', name: 'business-hours' };

describe('evaluateSyncWindows', () => {
  it('allows everything without windows', () => {
    assert.deepEqual(evaluateSyncWindows([], at('2026-12-05T12:00:00Z')), { allowed: true, reason: 'no sync windows' });
    assert.equal(nextWindowChange([], at('2026-12-05T12:00:00Z')), undefined);
  });

  it('holds changes inside a deny window and says until when (Friday 18:00 for 64h ends Monday 10:00)', () => {
    const verdict = evaluateSyncWindows([freeze], at('2026-12-05T12:00:00Z'));
    assert.deepEqual(verdict, {
      allowed: false,
      reason: 'deny window "freeze" (0 18 * * 5, 64h) until 2026-12-07T10:00:00Z',
      window: 'freeze',
      until: at('2026-12-07T10:00:00Z'),
    });
  });

  it('opens a window at its start and closes it exactly duration later', () => {
    assert.equal(evaluateSyncWindows([freeze], at('2026-12-04T17:59:59Z')).allowed, true);
    assert.equal(evaluateSyncWindows([freeze], at('2026-12-04T18:00:00Z')).allowed, false);
    assert.equal(evaluateSyncWindows([freeze], at('2026-12-07T09:59:59Z')).allowed, false);
    assert.deepEqual(evaluateSyncWindows([freeze], at('2026-12-07T10:00:00Z')), { allowed: true, reason: 'no deny window active' });
  });

  it('holds changes outside every allow window until the next one opens', () => {
    const verdict = evaluateSyncWindows([businessHours], at('2026-12-05T12:00:00Z'));
    assert.equal(verdict.allowed, false);
    assert.deepEqual(verdict.until, at('2026-12-07T09:00:00Z'));
    assert.equal(verdict.window, 'business-hours');
    assert.equal(
      verdict.reason,
      'outside every allow window until 2026-12-07T09:00:00Z, when allow window "business-hours" (0 9 * * 1-5, 8h) opens',
    );
    assert.deepEqual(evaluateSyncWindows([businessHours], at('2026-12-07T10:00:00Z')), {
      allowed: true,
      reason: 'inside allow window "business-hours" (0 9 * * 1-5, 8h)',
      window: 'business-hours',
    });
  });

  it('reads the schedule in its time zone, across the change to summer time', () => {
    const berlin: SyncWindow = { kind: 'allow', schedule: '0 9 * * *', duration: '1h', timeZone: 'Europe/Berlin' };
    // 09:00 in Berlin is 08:00Z in winter (CET) and 07:00Z after 2026-03-29 (CEST).
    const friday = evaluateSyncWindows([berlin], at('2026-03-27T07:30:00Z'));
    assert.equal(friday.allowed, false);
    assert.deepEqual(friday.until, at('2026-03-27T08:00:00Z'));
    assert.equal(friday.window, 'allow 0 9 * * *');
    const sunday = evaluateSyncWindows([berlin], at('2026-03-28T09:30:00Z'));
    assert.deepEqual(sunday.until, at('2026-03-29T07:00:00Z'), 'the first morning in summer time opens an hour earlier in UTC');
    assert.equal(evaluateSyncWindows([berlin], at('2026-03-30T07:30:00Z')).allowed, true);
  });

  it('runs a window whose start falls in the skipped hour at the first valid time, as croner does', () => {
    const night: SyncWindow = { kind: 'deny', schedule: '30 2 * * *', duration: '30m', timeZone: 'Europe/Berlin', name: 'night' };
    // 02:30 does not exist in Berlin on 2026-03-29; the window starts at 03:00 CEST (01:00Z).
    assert.equal(evaluateSyncWindows([night], at('2026-03-29T00:59:00Z')).allowed, true);
    const held = evaluateSyncWindows([night], at('2026-03-29T01:10:00Z'));
    assert.equal(held.allowed, false);
    assert.deepEqual(held.until, at('2026-03-29T01:30:00Z'));
  });

  it('lets a deny window win over an active allow window, until the deny window ends', () => {
    const lunch: SyncWindow = { kind: 'deny', schedule: '0 12 * * 3', duration: '2h', name: 'lunch' };
    const verdict = evaluateSyncWindows([businessHours, lunch], at('2026-12-02T12:30:00Z'));
    assert.deepEqual(verdict, {
      allowed: false,
      reason: 'deny window "lunch" (0 12 * * 3, 2h) until 2026-12-02T14:00:00Z',
      window: 'lunch',
      until: at('2026-12-02T14:00:00Z'),
    });
  });

  it('says when a deny window ends after the allow windows closed, and when sync may run', () => {
    const late: SyncWindow = { kind: 'deny', schedule: '0 16 * * 3', duration: '2h', name: 'late' };
    const verdict = evaluateSyncWindows([businessHours, late], at('2026-12-02T16:30:00Z'));
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.reason, 'deny window "late" (0 16 * * 3, 2h) until 2026-12-02T18:00:00Z, then held until 2026-12-03T09:00:00Z');
    assert.deepEqual(verdict.until, at('2026-12-03T09:00:00Z'));
  });

  it('joins back-to-back occurrences, and gives up on a window that never ends', () => {
    const shifts: SyncWindow = { kind: 'deny', schedule: '0 0,12 * * *', duration: '12h', name: 'shifts' };
    const endless = evaluateSyncWindows([shifts], at('2026-12-02T06:00:00Z'));
    assert.equal(endless.allowed, false);
    assert.equal(endless.until, undefined);
    assert.match(endless.reason, /deny window "shifts" .* active \(no end found within the next 48 occurrences\)/);
    const chained: SyncWindow = { kind: 'deny', schedule: '0 8,10 2 12 *', duration: '2h', name: 'chained' };
    assert.deepEqual(evaluateSyncWindows([chained], at('2026-12-02T09:00:00Z')).until, at('2026-12-02T12:00:00Z'));
  });

  it('holds automatic sync when a window cannot be read', () => {
    const broken: SyncWindow = { kind: 'allow', schedule: '0 9 * *', duration: '1h', name: 'broken' };
    const verdict = evaluateSyncWindows([broken], at('2026-12-02T09:30:00Z'));
    assert.equal(verdict.allowed, false);
    assert.match(verdict.reason, /allow window "broken" .* is invalid \(schedule "0 9 \* \*" cannot be read: .*\): automatic sync held/);
    const zone = evaluateSyncWindows([{ ...broken, schedule: '0 9 * * *', timeZone: 'Mars/Olympus' }], at('2026-12-02T09:30:00Z'));
    assert.equal(zone.allowed, false);
    assert.match(zone.reason, /unknown time zone "Mars\/Olympus"/);
    assert.match(evaluateSyncWindows([{ ...freeze, duration: '0s' }], at('2026-12-02T09:30:00Z')).reason, /not a positive duration/);
  });

  it('treats "?" as any day, and an allow window that never occurs as never open', () => {
    assert.equal(evaluateSyncWindows([{ ...freeze, schedule: '0 18 ? * 5' }], at('2026-12-05T12:00:00Z')).allowed, false);
    const never = evaluateSyncWindows([{ kind: 'allow', schedule: '0 0 30 2 *', duration: '1h' }], at('2026-12-05T12:00:00Z'));
    assert.equal(never.allowed, false);
    assert.equal(never.until, undefined);
  });
});

describe('nextWindowChange', () => {
  it('is the next instant automatic sync is held or allowed again', () => {
    assert.deepEqual(nextWindowChange([freeze], at('2026-12-03T12:00:00Z')), at('2026-12-04T18:00:00Z'));
    assert.deepEqual(nextWindowChange([freeze], at('2026-12-05T12:00:00Z')), at('2026-12-07T10:00:00Z'));
    assert.deepEqual(nextWindowChange([businessHours, freeze], at('2026-12-04T16:00:00Z')), at('2026-12-04T17:00:00Z'));
  });

  it('skips boundaries that change nothing (a deny window inside closed hours)', () => {
    const night: SyncWindow = { kind: 'deny', schedule: '0 22 * * *', duration: '1h', name: 'night' };
    assert.deepEqual(nextWindowChange([businessHours, night], at('2026-12-02T18:00:00Z')), at('2026-12-03T09:00:00Z'));
  });
});
