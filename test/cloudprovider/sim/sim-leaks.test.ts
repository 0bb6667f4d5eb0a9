import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeClaim } from '../../../src/apis/nodeclaim.js';
import { SimCloudProvider } from '../../../src/cloudprovider/sim/index.js';
import {
  isInsufficientCapacityError,
  isNodeClaimNotFoundError,
  parseAwsProviderID,
  type InterruptionEvent,
} from '../../../src/cloudprovider/types.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';
import { nodeClaim } from '../builders.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('sim: 200 launches with capacity errors and interruptions leak nothing', () => {
  it('leaves every instance attached to a NodeClaim or terminated', async () => {
    const clock = new FakeClock();
    const sim = new SimCloudProvider({ clock }, { seed: 42, bootDelayMs: 20_000 });
    const claims = new Map<string, NodeClaim>();
    const interrupted: InterruptionEvent[] = [];
    // A minimal core: interruptions delete the NodeClaim (terminate, then forget it once NotFound).
    sim.subscribe(async (event) => {
      interrupted.push(event);
      if (event.action !== 'CordonAndDrain') return;
      for (const [name, claim] of claims) {
        if (!event.instanceIDs.includes(parseAwsProviderID(claim.status!.providerID!)!.instanceID)) continue;
        await sim.delete(claim).catch((error: unknown) => {
          if (!isNodeClaimNotFoundError(error)) throw error;
        });
        claims.delete(name);
      }
    });
    sim.controls.insufficientCapacity({ capacityType: 'spot', zone: 'us-west-2a', durationMs: 10 * 60_000 });
    sim.controls.insufficientCapacity({ instanceType: 'm5.large', capacityType: 'on-demand', durationMs: 5 * 60_000 });
    sim.controls.launchFailures({ count: 3 });
    const zones = ['us-west-2a', 'us-west-2b', 'us-west-2c'];
    let ice = 0;
    let failures = 0;
    for (let i = 0; i < 200; i++) {
      const request = nodeClaim(`claim-${i}`, {
        requirements: [
          { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large', 'c5.large', 'r5.large', 'm6i.large'] },
          { key: 'karpenter.sh/capacity-type', operator: 'In', values: i % 4 === 0 ? ['on-demand'] : ['spot', 'on-demand'] },
          { key: 'topology.kubernetes.io/zone', operator: 'In', values: [zones[i % 3]] },
        ],
      });
      try {
        claims.set(request.metadata.name!, await sim.create(request));
      } catch (error) {
        if (isInsufficientCapacityError(error)) ice++;
        else failures++;
      }
      if (i % 10 === 0) clock.advance(15_000);
      if (i % 25 === 5) {
        const spot = [...claims.values()].find((claim) => claim.metadata.labels?.['karpenter.sh/capacity-type'] === 'spot');
        if (spot !== undefined) assert.deepEqual(sim.controls.spotInterruption(spot.status!.providerID!), { ok: true });
      }
      await flush();
    }
    for (let step = 0; step < 20; step++) {
      clock.advance(30_000);
      await flush();
    }
    const instances = sim.controls.instances();
    const attached = new Set([...claims.values()].map((claim) => parseAwsProviderID(claim.status!.providerID!)!.instanceID));
    const leaked = instances.filter((instance) => instance.state !== 'terminated' && !attached.has(instance.id));
    assert.deepEqual(
      leaked.map((instance) => instance.id),
      [],
    );
    for (const id of attached) assert.equal(instances.find((instance) => instance.id === id)?.state, 'running');
    assert.equal(failures, 3);
    assert.ok(ice > 0, 'some launches hit insufficient capacity');
    assert.ok(interrupted.some((event) => event.kind === 'spot_interrupted'));
    const spotInterrupted = interrupted.filter((event) => event.kind === 'spot_interrupted').flatMap((event) => event.instanceIDs);
    for (const id of spotInterrupted) assert.equal(instances.find((instance) => instance.id === id)?.state, 'terminated');
    assert.equal(new Set(instances.map((instance) => instance.providerID)).size, instances.length);
    const byZone = new Set(instances.map((instance) => instance.zone));
    const byCapacity = new Set(instances.map((instance) => instance.capacityType));
    assert.deepEqual([byZone.size, byCapacity.size], [3, 2]);
    assert.equal(claims.size + ice + failures + spotInterrupted.length, 200);
  });
});
