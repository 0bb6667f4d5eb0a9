/**
 * A pod the simulated scheduler cannot read (malformed, stored without admission) is skipped with one Warning
 * event per change and never stops the pass for the other pods.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/apis/core-v1.js';
import { eventually, getPod, startHarness, type Harness } from './harness.js';
import { pod } from './builders.js';

interface EventLike {
  involvedObject: { name: string };
  reason: string;
  type: string;
  message: string;
  count?: number;
}

async function eventsOf(h: Harness, name: string): Promise<EventLike[]> {
  const all = (await h.rest.request<{ items: EventLike[] }>({ method: 'GET', path: '/api/v1/namespaces/default/events' })).items;
  return all.filter((e) => e.involvedObject.name === name);
}

describe('simulated scheduler: a pod it cannot read', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ scheduler: { resyncMs: 10_000 } });
  });
  after(async () => {
    await h.close();
  });

  it('GIVEN "containers": "nope" and cpu: "lots" in the cache WHEN passes run THEN the other pod is still handled and each bad pod gets one Warning', async () => {
    // Straight into the scheduler's cache: this is what a watch delivers when the API server did not validate the pod.
    const nope = {
      ...pod('nope'),
      metadata: { ...pod('nope').metadata, resourceVersion: '1' },
      spec: { containers: 'nope' },
    } as unknown as Pod;
    const lots = pod('lots', { cpu: 'lots' });
    h.sim.state.upsert('pods', nope);
    h.sim.state.upsert('pods', { ...lots, metadata: { ...lots.metadata, resourceVersion: '1' } });
    await h.rest.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: { ...pod('fine', { cpu: '1' }), status: undefined },
    });
    await eventually(
      async () => ((await getPod(h.rest, 'fine'))?.status?.conditions?.some((c) => c.reason === 'Unschedulable') ? true : undefined),
      'the good pod to be handled',
    );
    for (let i = 0; i < 3; i++) {
      h.clock.advance(10_000);
      await h.sim.scheduler.settled();
    }
    const nopeEvents = await eventsOf(h, 'nope');
    assert.equal(nopeEvents.length, 1);
    assert.equal(nopeEvents[0].type, 'Warning');
    assert.equal(nopeEvents[0].count ?? 1, 1, 'reported once per change, not per pass');
    assert.match(nopeEvents[0].message, /spec\.containers/);
    const lotsEvents = await eventsOf(h, 'lots');
    assert.equal(lotsEvents.length, 1);
    assert.match(lotsEvents[0].message, /spec\.containers\[0\]\.resources\.requests\.cpu/);
  });
});
