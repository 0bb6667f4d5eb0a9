/**
 * Due reminders: a pending Decision waiting longer than remindAfter, not
 * reminded within remindAfter; a cluster suspended longer than remindAfter;
 * nothing for final Decisions, other clusters or recent reminders.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dueReminders, formatWaited, reminderMessage } from '../../../src/gitops/decisions/reminders.js';
import { decision } from './decision-fixture.js';

const HOUR = 3_600_000;
const created = '2026-12-01T10:00:00Z';
const at = (iso: string) => new Date(iso);
const base = { cluster: 'sandbox', remindAfterMs: 4 * HOUR };

describe('dueReminders', () => {
  it('reminds about a Decision pending longer than remindAfter, once per remindAfter', () => {
    const pending = decision({ createdAt: created });
    assert.deepEqual(dueReminders({ ...base, decisions: [pending], now: at('2026-12-01T13:59:00Z') }), []);
    const [due] = dueReminders({ ...base, decisions: [pending], now: at('2026-12-01T14:10:00Z') });
    assert.equal(due?.event, 'decision-reminder');
    assert.equal(
      due?.text,
      'Decision sandbox-git-change-0123456789 (apply revision 3f2a91c: update NodePool airflow-worker) has waited 4h 10m for approval: sync policy manual',
    );
    const reminded = decision({ createdAt: created, status: { remindedAt: '2026-12-01T14:10:00Z' } });
    assert.deepEqual(dueReminders({ ...base, decisions: [reminded], now: at('2026-12-01T17:00:00Z') }), []);
    assert.equal(dueReminders({ ...base, decisions: [reminded], now: at('2026-12-01T18:10:00Z') }).length, 1);
  });

  it('leaves out final Decisions and Decisions of other clusters, and orders by waiting time', () => {
    const decisions = [
      decision({ name: 'newer', createdAt: '2026-12-01T09:00:00Z' }),
      decision({ name: 'applied', createdAt: created, status: { state: 'applied' } }),
      decision({ name: 'other', cluster: 'prod', createdAt: created }),
      decision({ name: 'older', createdAt: '2026-12-01T08:00:00Z' }),
    ];
    const due = dueReminders({ ...base, decisions, now: at('2026-12-02T10:00:00Z') });
    assert.deepEqual(
      due.map((r) => (r.event === 'decision-reminder' ? r.decision.metadata.name : r.event)),
      ['older', 'newer'],
    );
  });

  it('counts the wait from the latest pending step of the history', () => {
    const repended = decision({
      createdAt: '2026-11-01T00:00:00Z',
      status: {
        history: [
          { state: 'pending', at: '2026-11-01T00:00:00Z', by: 'karpd' },
          { state: 'pending', at: '2026-12-01T12:00:00Z', by: 'karpd' },
        ],
      },
    });
    assert.deepEqual(dueReminders({ ...base, decisions: [repended], now: at('2026-12-01T15:00:00Z') }), []);
  });

  it('reminds about a cluster suspended longer than remindAfter, again after remindAfter', () => {
    const suspendedSince = at('2026-12-01T08:00:00Z');
    assert.deepEqual(dueReminders({ ...base, decisions: [], suspendedSince, now: at('2026-12-01T11:00:00Z') }), []);
    const [due] = dueReminders({ ...base, decisions: [], suspendedSince, now: at('2026-12-01T13:00:00Z') });
    assert.deepEqual(due, {
      event: 'suspended-reminder',
      cluster: 'sandbox',
      since: suspendedSince,
      text: 'Cluster sandbox has been suspended for 5h: nothing is applied until it is resumed',
    });
    const recently = { ...base, decisions: [], suspendedSince, lastSuspendedReminderAt: at('2026-12-01T13:00:00Z') };
    assert.deepEqual(dueReminders({ ...recently, now: at('2026-12-01T16:00:00Z') }), []);
    assert.equal(dueReminders({ ...recently, now: at('2026-12-01T17:00:00Z') }).length, 1);
  });

  it('ignores a reminder sent about an earlier suspension', () => {
    const input = {
      ...base,
      decisions: [],
      suspendedSince: at('2026-12-01T08:00:00Z'),
      lastSuspendedReminderAt: at('2026-12-01T07:00:00Z'),
    };
    assert.equal(dueReminders({ ...input, now: at('2026-12-01T12:00:00Z') }).length, 1);
  });

  it('sends nothing when remindAfter is not positive', () => {
    assert.deepEqual(dueReminders({ ...base, remindAfterMs: 0, decisions: [decision()], now: at('2027-01-01T00:00:00Z') }), []);
  });
});

describe('reminderMessage', () => {
  it('carries the Decision the reminder is about', () => {
    const [due] = dueReminders({ ...base, decisions: [decision({ createdAt: created })], now: at('2026-12-02T10:00:00Z') });
    assert.ok(due);
    const message = reminderMessage(due, at('2026-12-02T10:00:00Z'));
    assert.equal(message.event, 'decision-reminder');
    assert.equal(message.at, '2026-12-02T10:00:00.000Z');
    assert.deepEqual(message.decision, {
      name: 'sandbox-git-change-0123456789',
      kind: 'git-change',
      summary: 'apply revision 3f2a91c: update NodePool airflow-worker',
      state: 'pending',
      revision: '3f2a91c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6',
      waitingFor: 'sync policy manual',
    });
  });

  it('formats waiting times for people', () => {
    assert.deepEqual([5 * 60_000, HOUR, 4 * HOUR + 10 * 60_000, 26 * HOUR, 48 * HOUR].map(formatWaited), [
      '5m',
      '1h',
      '4h 10m',
      '1d 2h',
      '2d',
    ]);
  });
});
