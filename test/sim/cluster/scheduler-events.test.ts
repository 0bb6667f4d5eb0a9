/**
 * The simulated kube-scheduler's FailedScheduling events aggregate as client-go's recorder does: one Event per
 * pod and message, its count and lastTimestamp moving on every failed pass.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/apis/core-v1.js';
import { eventually, startHarness, type Harness } from './harness.js';
import { pod } from './builders.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';

interface EventLike {
  involvedObject: { name: string };
  reason: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
}

async function failedScheduling(h: Harness, name: string): Promise<EventLike[]> {
  const all = (await h.rest.request<{ items: EventLike[] }>({ method: 'GET', path: '/api/v1/namespaces/default/events' })).items;
  return all.filter((e) => e.involvedObject.name === name && e.reason === 'FailedScheduling');
}

describe('simulated scheduler: FailedScheduling events', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ scheduler: { resyncMs: 10_000 } });
  });
  after(async () => {
    await h.close();
  });

  it('GIVEN a pod that fits nowhere WHEN the scheduler passes over it several times THEN one Event counts every pass', async () => {
    const body: Pod = { ...pod('stuck', { cpu: '1' }), status: undefined };
    await h.rest.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body });
    await eventually(async () => ((await failedScheduling(h, 'stuck')).length > 0 ? true : undefined), 'the first FailedScheduling event');
    await eventually(
      () => h.sim.state.get('pods', 'default/stuck')?.status?.conditions?.some((c) => c.reason === 'Unschedulable') || undefined,
      'the condition in cache',
    );
    await h.sim.scheduler.settled();
    const [first] = await failedScheduling(h, 'stuck');
    const start = first.count ?? 1;
    const passes = 4;
    for (let i = 0; i < passes; i++) {
      h.clock.advance(10_000);
      await h.sim.scheduler.settled();
    }
    const events = await failedScheduling(h, 'stuck');
    assert.equal(events.length, 1, 'repeats are aggregated into one Event');
    assert.equal(events[0].count, start + passes);
    assert.equal(events[0].firstTimestamp, first.firstTimestamp);
    assert.ok(
      (events[0].lastTimestamp ?? '') > (first.lastTimestamp ?? ''),
      `lastTimestamp moves: ${first.lastTimestamp} → ${events[0].lastTimestamp}`,
    );
  });
});

describe('simulated scheduler: one log line per state change', () => {
  it('GIVEN a pass that runs before the watch shows the Unschedulable condition it wrote THEN "pod unschedulable" is logged once', async () => {
    const logger = new RecordingLogger();
    const h = await startHarness({ logger, scheduler: { resyncMs: 10_000 } });
    try {
      const body: Pod = { ...pod('late-watch', { cpu: '1' }), status: undefined };
      const created = await h.rest.request<Pod>({ method: 'POST', path: '/api/v1/namespaces/default/pods', body });
      const logged = () => logger.lines.filter((line) => line.message === 'pod unschedulable' && line.fields.pod === 'default/late-watch');
      await eventually(() => (logged().length > 0 ? true : undefined), 'the first "pod unschedulable" line');
      await h.sim.scheduler.settled();
      // The cache still shows the pod as created, without the condition (newer resourceVersion, so the watch cannot undo it).
      h.sim.state.upsert('pods', { ...created, metadata: { ...created.metadata, resourceVersion: '999999999' } });
      h.clock.advance(10_000);
      await h.sim.scheduler.settled();
      assert.equal(logged().length, 1);
    } finally {
      await h.close();
    }
  });
});
