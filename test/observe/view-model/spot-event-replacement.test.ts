/** The Spot events window's view of a replacement launched before the drain: its readiness against the notice's deadline. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trackSpotEvents } from '../../../src/observe/view-model/build-view.js';
import { replacedInText, spotEventRows } from '../../../src/observe/view-model/spot-event-rows.js';
import { spotEventRecordOf } from '../../../src/observe/view-feed.js';
import { launchedClaim, spotRecord } from './builders.js';

const NOTICE = '2026-01-01T00:00:00Z';
const at = (seconds: number) => new Date(Date.parse(NOTICE) + seconds * 1000);
const iso = (seconds: number) => at(seconds).toISOString();

/** The replacement `name`, created 1 s after the notice, Registered, and Initialized at `initializedAt` s if given. */
function replacement(name: string, initializedAt?: number) {
  return launchedClaim(name, {
    stage: 'Registered',
    createdAt: iso(1),
    extraConditions: initializedAt === undefined ? [] : [{ type: 'Initialized', status: 'True', lastTransitionTime: iso(initializedAt) }],
  });
}

/** A notice the interruption controller handled: it launched `spark-batch-x7k2p` and drains `victim`. */
function handled() {
  return spotRecord('e1', NOTICE, ['victim'], {
    deadline: '2026-01-01T00:02:00Z',
    replacedBy: ['spark-batch-x7k2p'],
    actions: [
      { at: iso(0), what: 'marked m5.large spot us-east-1a unavailable' },
      { at: iso(0), what: 'launched replacement spark-batch-x7k2p' },
      { at: iso(0), what: 'cordoned and draining victim (forced by 2026-01-01T00:02:00Z)' },
    ],
  });
}

describe('spot events: the replacement against the notice', () => {
  it('GIVEN a replacement launched before the drain WHEN it becomes Initialized 48 s after the notice THEN the row says "replaced by … in 48 s of 120 s notice", and the record keeps its identity after', () => {
    const victim = launchedClaim('victim');
    let records = trackSpotEvents([handled()], [victim, replacement('spark-batch-x7k2p')], at(10));
    assert.equal(records[0].replacementReadyAt, undefined);
    let [row] = spotEventRows(records);
    assert.equal(row.action, 'cordoned, draining; replaced by spark-batch-x7k2p');
    assert.equal(row.replacedInSeconds, undefined);
    assert.equal(row.noticeSeconds, 120);
    assert.equal(row.deadline, '2026-01-01T00:02:00Z');

    records = trackSpotEvents(records, [victim, replacement('spark-batch-x7k2p', 48)], at(50));
    assert.equal(records[0].replacementReadyAt, iso(48));
    [row] = spotEventRows(records);
    assert.equal(row.action, 'cordoned, draining; replaced by spark-batch-x7k2p in 48 s of 120 s notice');
    assert.equal(row.replacedInSeconds, 48);

    records = trackSpotEvents(records, [replacement('spark-batch-x7k2p', 48)], at(70));
    [row] = spotEventRows(records);
    assert.equal(row.action, 'drained, terminated; replaced by spark-batch-x7k2p in 48 s of 120 s notice');
    assert.equal(row.tookSeconds, 70);
    const again = trackSpotEvents(records, [replacement('spark-batch-x7k2p', 48)], at(80));
    assert.equal(again[0], records[0]);
  });

  it('GIVEN the row WHEN read THEN it carries every action with its time, in order', () => {
    const [row] = spotEventRows([handled()]);
    assert.deepEqual(
      row.actions?.map((a) => a.what),
      [
        'marked m5.large spot us-east-1a unavailable',
        'launched replacement spark-batch-x7k2p',
        'cordoned and draining victim (forced by 2026-01-01T00:02:00Z)',
      ],
    );
  });

  it('GIVEN two replacements WHEN only one is Initialized THEN the replacement is not ready yet; WHEN both are THEN it is ready at the later one', () => {
    const record = { ...handled(), replacedBy: ['a', 'b'] };
    const [waiting] = trackSpotEvents([record], [replacement('a', 30), replacement('b')], at(40));
    assert.equal(waiting.replacementReadyAt, undefined);
    const [ready] = trackSpotEvents([waiting], [replacement('a', 30), replacement('b', 55)], at(60));
    assert.equal(ready.replacementReadyAt, iso(55));
  });

  it('GIVEN an Initialized condition without a transition time WHEN tracked THEN the replacement is ready at the tick that saw it', () => {
    const claim = launchedClaim('spark-batch-x7k2p', { createdAt: iso(1) });
    const [record] = trackSpotEvents([handled()], [claim], at(33));
    assert.equal(record.replacementReadyAt, iso(33));
  });

  it('GIVEN a replacement that is gone before it was Initialized WHEN tracked THEN no readiness is claimed', () => {
    const [record] = trackSpotEvents([handled()], [], at(90));
    assert.equal(record.replacementReadyAt, undefined);
    assert.equal(spotEventRows([record])[0].action, 'drained, terminated; replaced by spark-batch-x7k2p');
  });

  it('GIVEN readiness before, at and after the deadline, or no deadline WHEN worded THEN each reads as a sentence', () => {
    assert.equal(replacedInText(48, 120), ' in 48 s of 120 s notice');
    assert.equal(replacedInText(120, 120), ' in 120 s of 120 s notice');
    assert.equal(replacedInText(150, 120), ' in 150 s, 30 s after the 120 s notice ran out');
    assert.equal(replacedInText(48, undefined), ' in 48 s');
    assert.equal(replacedInText(undefined, 120), '');
  });

  it('GIVEN what the interruption controller handled WHEN the feed maps it THEN actions, deadline and its replacements (as replacedBy) carry over', () => {
    const record = spotEventRecordOf({
      event: { id: 'm1', kind: 'spot_interrupted', action: 'CordonAndDrain', instanceIDs: ['i-0a'], time: new Date(NOTICE) },
      action: 'deleted',
      handledAt: NOTICE,
      claims: [{ name: 'victim', nodePool: 'spark-batch' }],
      actions: [{ at: NOTICE, what: 'launched replacement spark-batch-x7k2p' }],
      deadline: '2026-01-01T00:02:00Z',
      replacements: ['spark-batch-x7k2p'],
    });
    assert.deepEqual(record.replacedBy, ['spark-batch-x7k2p']);
    assert.equal(record.deadline, '2026-01-01T00:02:00Z');
    assert.deepEqual(record.actions, [{ at: NOTICE, what: 'launched replacement spark-batch-x7k2p' }]);
    const bare = spotEventRecordOf({
      event: { id: 'm2', kind: 'rebalance_recommendation', action: 'NoAction', instanceIDs: ['i-0a'], time: new Date(NOTICE) },
      action: 'recorded',
      handledAt: NOTICE,
      claims: [],
      actions: [],
      replacements: [],
    });
    assert.equal(bare.replacedBy, undefined);
    assert.equal(bare.deadline, undefined);
  });
});
