import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadEc2Catalog } from '../../../src/cloudprovider/catalog/index.js';
import { SimCloudProvider, SimMarket, SPOT_INTERRUPTION_NOTICE_MS } from '../../../src/cloudprovider/sim/index.js';
import type { InterruptionEvent } from '../../../src/cloudprovider/types.js';
import { isCreateError } from '../../../src/cloudprovider/types.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';
import { ec2NodeClass, nodeClaim, nodePool } from '../builders.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const onDemand = (name: string, zone = 'us-west-2a') =>
  nodeClaim(name, {
    requirements: [
      { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large', 'c5.large'] },
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
      { key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] },
    ],
  });

function setup(options: { bootDelayMs?: number } = {}) {
  const clock = new FakeClock();
  const nodeClasses = new Map([['default', ec2NodeClass()]]);
  const sim = new SimCloudProvider({ clock }, { seed: 3, missingFraction: 0, nodeClasses: (name) => nodeClasses.get(name), ...options });
  return { clock, sim, nodeClasses };
}

describe('SimMarket', () => {
  const catalog = loadEc2Catalog();
  it('derives the same zones and spot prices from the same seed, with 50–85 % discounts', () => {
    const a = new SimMarket({ region: 'eu-west-2', seed: 9, catalog });
    const b = new SimMarket({ region: 'eu-west-2', seed: 9, catalog });
    assert.deepEqual(a.zones, ['eu-west-2a', 'eu-west-2b', 'eu-west-2c']);
    const now = new Date('2026-03-01T00:00:00Z');
    let missing = 0;
    for (const info of catalog.infos.slice(0, 300)) {
      assert.deepEqual(a.zonesFor(info.name), b.zonesFor(info.name));
      assert.ok(a.zonesFor(info.name).length >= 1);
      missing += 3 - a.zonesFor(info.name).length;
      for (const zone of a.zonesFor(info.name)) {
        const discount = a.spotDiscount(info.name, zone, now);
        assert.ok(discount >= 0.5 && discount <= 0.85, `${info.name} ${discount}`);
        assert.equal(a.spotPrice(info.name, zone, now), b.spotPrice(info.name, zone, now));
      }
    }
    assert.ok(missing > 0, 'some types are missing in some zones');
  });

  it('drifts spot prices slowly with time', () => {
    const market = new SimMarket({ region: 'eu-west-2', seed: 9, catalog });
    const t0 = new Date('2026-03-01T00:00:00Z');
    const later = new Date(t0.getTime() + 2 * 86_400_000);
    const inHour = market.spotDiscount('m5.large', 'eu-west-2a', new Date(t0.getTime() + 1_800_000));
    assert.equal(inHour, market.spotDiscount('m5.large', 'eu-west-2a', t0));
    assert.notEqual(market.spotDiscount('m5.large', 'eu-west-2a', later), market.spotDiscount('m5.large', 'eu-west-2a', t0));
    assert.ok(Math.abs(market.spotDiscount('m5.large', 'eu-west-2a', later) - market.spotDiscount('m5.large', 'eu-west-2a', t0)) <= 0.1);
  });
});

describe('SimCloudProvider', () => {
  it('launches the cheapest offering, tagged like a real instance, and boots it after the delay', async () => {
    const { clock, sim } = setup({ bootDelayMs: 10_000 });
    const launched = await sim.create(onDemand('a'));
    assert.equal(launched.metadata.labels?.['node.kubernetes.io/instance-type'], 'c5.large');
    assert.match(launched.status!.providerID!, /^aws:\/\/\/us-west-2a\/i-[0-9a-f]{17}$/);
    const [instance] = sim.controls.instances();
    assert.deepEqual(
      [
        instance.tags['karpenter.sh/nodepool'],
        instance.tags['karpenter.sh/nodeclaim'],
        instance.tags['kubernetes.io/cluster/karpd-sim'],
        instance.state,
      ],
      ['default', 'a', 'owned', 'pending'],
    );
    clock.advance(10_000);
    assert.equal(instance.state, 'running');
  });

  it('makes slow boots slower and failed launches CreateErrors', async () => {
    const { clock, sim } = setup({ bootDelayMs: 10_000 });
    sim.controls.slowBoots({ extraDelayMs: 50_000 });
    sim.controls.launchFailures({ count: 1, code: 'InternalError' });
    await assert.rejects(sim.create(onDemand('a')), isCreateError);
    await sim.create(onDemand('b'));
    clock.advance(10_000);
    assert.equal(sim.controls.instances()[0].state, 'pending');
    clock.advance(50_000);
    assert.equal(sim.controls.instances()[0].state, 'running');
  });

  it('marks offerings that hit an outage unavailable for three minutes and launches elsewhere', async () => {
    const { clock, sim } = setup();
    sim.controls.insufficientCapacity({ instanceType: 'c5.large', zone: 'us-west-2a', durationMs: 60_000 });
    const launched = await sim.create(onDemand('a'));
    assert.equal(launched.metadata.labels?.['node.kubernetes.io/instance-type'], 'm5.large');
    const offering = (await sim.getInstanceTypes(nodePool()))
      .find((t) => t.name === 'c5.large')!
      .offerings.find((o) => o.zone === 'us-west-2a' && o.capacityType === 'on-demand');
    assert.equal(offering?.available, false);
    clock.advance(180_000);
    const again = (await sim.getInstanceTypes(nodePool()))
      .find((t) => t.name === 'c5.large')!
      .offerings.find((o) => o.zone === 'us-west-2a' && o.capacityType === 'on-demand');
    assert.equal(again?.available, true);
  });

  it('warns of a spot interruption, then EC2 reclaims the instance two minutes later', async () => {
    const { clock, sim } = setup();
    const events: InterruptionEvent[] = [];
    sim.subscribe((event) => void events.push(event));
    const launched = await sim.create(
      nodeClaim('s', {
        requirements: [
          { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large'] },
          { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] },
        ],
      }),
    );
    assert.deepEqual(sim.controls.spotInterruption(launched.status!.providerID!), { ok: true });
    await flush();
    assert.deepEqual(
      events.map((e) => [e.kind, e.action]),
      [['spot_interrupted', 'CordonAndDrain']],
    );
    clock.advance(SPOT_INTERRUPTION_NOTICE_MS);
    await flush();
    assert.deepEqual(
      events.map((e) => e.kind),
      ['spot_interrupted', 'instance_terminated'],
    );
    assert.equal((await sim.get(launched.status!.providerID!)).metadata.deletionTimestamp !== undefined, true);
  });

  it('publishes rebalance and maintenance notices and redelivers an event whose handler failed', async () => {
    const { clock, sim } = setup();
    const launched = await sim.create(onDemand('a'));
    let attempts = 0;
    sim.subscribe((event) => {
      if (event.kind === 'rebalance_recommendation' && ++attempts === 1) throw new Error('api server down');
    });
    const kinds: string[] = [];
    sim.subscribe((event) => void kinds.push(`${event.kind}:${event.action}`));
    assert.deepEqual(sim.controls.rebalanceRecommendation(launched.status!.providerID!), { ok: true });
    assert.deepEqual(sim.controls.scheduledMaintenance(launched.status!.providerID!, { retire: false }), { ok: true });
    await flush();
    clock.advance(20_000);
    await flush();
    assert.equal(attempts, 2);
    assert.deepEqual(kinds.sort(), [
      'rebalance_recommendation:NoAction',
      'rebalance_recommendation:NoAction',
      'scheduled_change:CordonAndDrain',
    ]);
    assert.equal(sim.controls.spotInterruption(launched.status!.providerID!).ok, false);
  });

  it('reports AMI drift after a new AMI is published and NodeClass drift after a spec change', async () => {
    const { sim, nodeClasses } = setup();
    const launched = await sim.create(onDemand('a'));
    assert.equal(await sim.isDrifted(launched), undefined);
    sim.controls.newAmi();
    assert.equal(await sim.isDrifted(launched), 'AMIDrift');
    const changed = ec2NodeClass();
    changed.spec.userData = '#!/bin/bash\necho hi';
    nodeClasses.set('default', changed);
    assert.equal(await sim.isDrifted(launched), 'NodeClassDrift');
  });
});
