import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildViewModel, trackSpotEvents } from '../../../src/observe/view-model/build-view.js';
import { spotEventRows } from '../../../src/observe/view-model/spot-event-rows.js';
import { nodeClaim } from '../../../src/testing/builders.js';
import { clusterInput, launchedClaim, spotRecord, viewInput } from './builders.js';

const NOTICE = '2026-01-01T00:00:00Z';
const at = (seconds: number) => new Date(Date.parse(NOTICE) + seconds * 1000);

function claimCreatedAt(name: string, seconds: number, pool = 'default') {
  return nodeClaim({ metadata: { name, creationTimestamp: at(seconds).toISOString(), labels: { 'karpenter.sh/nodepool': pool } } });
}

describe('trackSpotEvents', () => {
  it('follows a notice over several ticks: draining, replaced, gone', () => {
    const victim = launchedClaim('worker-old');
    let records = [spotRecord('e1', NOTICE, ['worker-old'])];

    // tick 1: the claim is still there, no replacement yet
    records = trackSpotEvents(records, [victim], at(5));
    assert.equal(records[0].goneAt, undefined);
    assert.equal(spotEventRows(records)[0].action, 'cordoned, draining');
    assert.equal(spotEventRows(records)[0].done, false);

    // tick 2: the provisioner launched a replacement in the same pool; an unrelated pool's claim does not count
    const replacement = claimCreatedAt('worker-x7k2p', 20);
    const unrelated = claimCreatedAt('gpu-1', 21, 'gpu');
    records = trackSpotEvents(records, [victim, replacement, unrelated], at(30));
    assert.deepEqual(records[0].replacedBy, ['worker-x7k2p']);
    assert.equal(spotEventRows(records)[0].action, 'cordoned, draining; replaced by worker-x7k2p');

    // tick 3: the old claim is gone
    records = trackSpotEvents(records, [replacement, unrelated], at(95));
    assert.equal(records[0].goneAt, at(95).toISOString());
    const [row] = spotEventRows(records);
    assert.equal(row.action, 'drained, terminated; replaced by worker-x7k2p');
    assert.equal(row.tookSeconds, 95);
    assert.equal(row.done, true);

    // tick 4: nothing changes any more; the record keeps its identity
    const again = trackSpotEvents(records, [replacement, unrelated], at(100));
    assert.equal(again[0], records[0]);
  });

  it('does not count claims created before the notice, its own claims, or long after it was gone', () => {
    const before = claimCreatedAt('early', -10);
    const late = claimCreatedAt('late', 10_000);
    const records = trackSpotEvents(
      [spotRecord('e1', NOTICE, ['a'], { goneAt: at(60).toISOString() })],
      [before, late, claimCreatedAt('a', 5)],
      at(20_000),
    );
    assert.equal(records[0].replacedBy, undefined);
  });

  it('names at most 3 replacements, oldest first', () => {
    const claims = [claimCreatedAt('r4', 40), claimCreatedAt('r1', 10), claimCreatedAt('r3', 30), claimCreatedAt('r2', 20)];
    const [record] = trackSpotEvents([spotRecord('e1', NOTICE, ['gone'])], claims, at(50));
    assert.deepEqual(record.replacedBy, ['r1', 'r2', 'r3']);
  });

  it('leaves recorded and unknown-instance notices as they are', () => {
    const recorded = spotRecord('e1', NOTICE, ['a'], { outcome: 'recorded', kind: 'rebalance_recommendation', action: 'NoAction' });
    const unknown = spotRecord('e2', NOTICE, [], { outcome: 'unknown-instance', instanceIds: ['i-zzz'] });
    const out = trackSpotEvents([recorded, unknown], [], at(10));
    assert.equal(out[0], recorded);
    assert.equal(out[1], unknown);
  });
});

describe('spot event rows', () => {
  it('maps kinds and says what karpd did', () => {
    const rows = spotEventRows([
      spotRecord('a', '2026-01-01T00:00:01Z', ['x'], { kind: 'capacity_reservation_interrupted' }),
      spotRecord('b', '2026-01-01T00:00:02Z', ['x'], { kind: 'rebalance_recommendation', outcome: 'recorded' }),
      spotRecord('c', '2026-01-01T00:00:03Z', ['x'], { kind: 'scheduled_change' }),
      spotRecord('d', '2026-01-01T00:00:04Z', [], { kind: 'instance_stopped', outcome: 'unknown-instance', instanceIds: ['i-1'] }),
      spotRecord('e', '2026-01-01T00:00:05Z', ['x'], { kind: 'instance_terminated' }),
      spotRecord('f', '2026-01-01T00:00:06Z', ['x']),
    ]);
    assert.deepEqual(
      rows.map((r) => [r.key, r.kind, r.action]),
      [
        ['f', 'interruption', 'cordoned, draining'],
        ['e', 'state-change', 'cordoned, draining'],
        ['d', 'state-change', 'no NodeClaim for the instance'],
        ['c', 'scheduled-change', 'cordoned, draining'],
        ['b', 'rebalance', 'recorded (no action)'],
        ['a', 'interruption', 'cordoned, draining'],
      ],
    );
    assert.equal(rows[0].instanceId, 'i-x');
    assert.equal(rows[0].instanceType, 'm5.large');
    assert.equal(rows[0].zone, 'us-east-1a');
    assert.equal(rows[0].nodeClaim, 'x');
    assert.equal(rows[2].nodeClaim, undefined);
  });

  it('keeps the newest 200 in the view', () => {
    const records = Array.from({ length: 250 }, (_, i) => spotRecord(`e${i}`, at(i).toISOString(), ['x']));
    const rows = buildViewModel(viewInput([clusterInput({ spotEvents: records })])).clusters[0].spotEvents;
    assert.equal(rows.length, 200);
    assert.equal(rows[0].key, 'e249');
    assert.equal(rows[199].key, 'e50');
  });
});
