/** The simulated EC2's instances carried across a restart, their lifecycle timers re-armed from the saved times. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimInstances, type SimInstance } from '../../../src/cloudprovider/sim/instances.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';

const instance = (id: string, launchTime: Date): Omit<SimInstance, 'state'> => ({
  id,
  providerID: `aws:///eu-west-2a/${id}`,
  instanceType: 'm5.large',
  zone: 'eu-west-2a',
  capacityType: 'spot',
  price: 0.04,
  imageID: 'ami-1',
  subnetID: 'subnet-1',
  securityGroupIDs: ['sg-1'],
  tags: { 'karpenter.sh/nodeclaim': `claim-${id}` },
  launchTime,
});

describe('SimInstances save and restore', () => {
  it('keeps every state and finishes boots and terminations on time after the restart', () => {
    const clock = new FakeClock();
    const before = new SimInstances(clock);
    before.add(instance('i-pending', clock.now()), 10_000);
    before.add(instance('i-running', clock.now()), 1_000);
    before.add(instance('i-stopping', clock.now()), 1_000);
    clock.advance(2_000);
    before.terminate('i-stopping', 5_000);
    clock.advance(1_000);
    const saved = JSON.parse(JSON.stringify(before.save())) as ReturnType<SimInstances['save']>;

    const after = new SimInstances(clock);
    after.restore(saved, { bootDelayMs: 10_000, terminateDelayMs: 5_000 });
    assert.deepEqual(
      after.all().map((i) => [i.id, i.state]),
      [
        ['i-pending', 'pending'],
        ['i-running', 'running'],
        ['i-stopping', 'shutting-down'],
      ],
    );
    assert.equal(after.get('i-running')?.runningAt?.getTime(), before.get('i-running')?.runningAt?.getTime());
    assert.deepEqual(after.get('i-pending')?.tags, { 'karpenter.sh/nodeclaim': 'claim-i-pending' });
    const changes: string[] = [];
    after.watch((change) => changes.push(`${change.instance.id}:${change.to}`));
    clock.advance(3_999);
    assert.deepEqual(changes, []);
    clock.advance(1);
    assert.deepEqual(changes, ['i-stopping:terminated']);
    clock.advance(3_000);
    assert.deepEqual(changes, ['i-stopping:terminated', 'i-pending:running']);
    assert.equal(after.live().length, 2);
  });
});
