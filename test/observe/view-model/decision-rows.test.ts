import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildViewModel } from '../../../src/observe/view-model/build-view.js';
import { clusterInput, decision, viewInput } from './builders.js';

function decisions(list: ReturnType<typeof decision>[]) {
  return buildViewModel(viewInput([clusterInput({ decisions: list })])).clusters[0].decisions;
}

describe('decision rows', () => {
  it('puts pending Decisions first (oldest first), then the others newest first', () => {
    const rows = decisions([
      decision('applied-old', 'applied', '2026-01-01T00:01:00Z'),
      decision('pending-new', 'pending', '2026-01-01T00:30:00Z'),
      decision('rejected-new', 'rejected', '2026-01-01T00:40:00Z'),
      decision('pending-old', 'pending', '2026-01-01T00:05:00Z'),
      decision('failed-mid', 'failed', '2026-01-01T00:20:00Z'),
    ]);
    assert.deepEqual(
      rows.map((r) => r.name),
      ['pending-old', 'pending-new', 'rejected-new', 'failed-mid', 'applied-old'],
    );
  });

  it('keeps at most 100, pending ones first', () => {
    const list = Array.from({ length: 120 }, (_, i) =>
      decision(`d${String(i).padStart(3, '0')}`, i === 119 ? 'pending' : 'applied', '2026-01-01T00:00:00Z'),
    );
    const rows = decisions(list);
    assert.equal(rows.length, 100);
    assert.equal(rows[0].name, 'd119');
  });

  it('maps the fields: revision 7 chars, age, waiting, what-if defaults, history', () => {
    const d = decision('git-abc', 'pending', '2026-01-01T00:59:30Z', {
      changes: [{ action: 'update', kind: 'NodePool', name: 'default', diff: '-a\n+b', nodes: 3 }],
      diff: '-a\n+b',
      whatIf: {
        before: { nodes: 3, instanceMix: {}, pricePerHour: 1.5, unschedulablePods: 0 },
        after: { nodes: 2, instanceMix: {}, pricePerHour: 1, unschedulablePods: 1, pricesIncomplete: true },
        newlyUnschedulable: [{ pod: 'default/web', reason: 'no instance type fits' }],
        driftedNodes: 3,
        pods: 10,
      },
    });
    if (d.status !== undefined) {
      d.status.waitingFor = 'approval';
      d.status.heldBy = 'person';
    }
    const [row] = decisions([d]);
    assert.equal(row.revision, 'abcdef0');
    assert.equal(row.ageSeconds, 30);
    assert.equal(row.waitingFor, 'approval');
    assert.equal(row.heldBy, 'person');
    assert.deepEqual(row.changes, [{ action: 'update', kind: 'NodePool', name: 'default', nodes: 3 }]);
    assert.deepEqual(row.whatIf, {
      before: { nodes: 3, pricePerHour: 1.5, pricesIncomplete: false },
      after: { nodes: 2, pricePerHour: 1, pricesIncomplete: true },
      newlyUnschedulable: [{ pod: 'default/web', reason: 'no instance type fits' }],
      newlyUnschedulableTotal: 1,
      driftedNodes: 3,
    });
    assert.deepEqual(row.history, [{ state: 'pending', at: '2026-01-01T00:59:30Z', by: 'karpd' }]);
  });

  it('says who decided and why it ended', () => {
    const rejected = decision('r', 'rejected', '2026-01-01T00:00:00Z');
    const superseded = decision('s', 'superseded', '2026-01-01T00:00:01Z');
    if (rejected.status !== undefined) Object.assign(rejected.status, { decidedBy: 'bob', message: 'not during the freeze' });
    if (superseded.status !== undefined) superseded.status.supersededBy = 'git-def';
    const rows = decisions([rejected, superseded]);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    assert.equal(byName.r.decidedBy, 'bob');
    assert.equal(byName.r.message, 'not during the freeze');
    assert.equal(byName.s.message, 'superseded by git-def');
  });
});
