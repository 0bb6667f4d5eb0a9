/** Interruption handling with the fake cloud and an in-memory kube writer. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { InterruptionEvent, InterruptionHandler } from '../../src/cloudprovider/types.js';
import { InterruptionController } from '../../src/controllers/interruption/interruption-controller.js';
import { nodeClaim } from '../../src/testing/builders.js';
import { controllerEnv, type ControllerEnv } from './harness.js';

function launchedClaim(env: ControllerEnv, name: string, instanceID: string): void {
  env.state.upsert(
    'nodeClaims',
    nodeClaim({
      metadata: { name, uid: `uid-${name}`, finalizers: ['karpenter.sh/termination'] },
      status: { providerID: `aws:///test-zone-1/${instanceID}` },
    }),
  );
}

function event(kind: InterruptionEvent['kind'], instanceIDs: string[]): InterruptionEvent {
  return {
    id: `msg-${kind}`,
    kind,
    action: kind === 'rebalance_recommendation' ? 'NoAction' : 'CordonAndDrain',
    instanceIDs,
    time: new Date('2026-01-01T00:00:00Z'),
  };
}

describe('interruption controller', () => {
  it('GIVEN a spot interruption for a launched NodeClaim WHEN it arrives from the source THEN the claim is deleted with a SpotInterrupted event', async () => {
    const env = controllerEnv();
    launchedClaim(env, 'spot-1', 'i-0a');
    let deliver: InterruptionHandler | undefined;
    const controller = new InterruptionController(env.ctx, { subscribe: (handler) => ((deliver = handler), () => undefined) });
    controller.start();
    await deliver?.(event('spot_interrupted', ['i-0a']));
    assert.equal(env.kube.eventsWith('SpotInterrupted').length, 1);
    assert.notEqual(env.state.get('nodeClaims', 'spot-1')?.metadata.deletionTimestamp, undefined);
    assert.equal(controller.history()[0].action, 'deleted');
  });

  it('GIVEN a spot interruption WHEN handled THEN the record keeps when and the claim as it was (pool, type, zone, capacity)', async () => {
    const env = controllerEnv();
    env.state.upsert(
      'nodeClaims',
      nodeClaim({
        metadata: {
          name: 'spot-1',
          uid: 'uid-spot-1',
          finalizers: ['karpenter.sh/termination'],
          labels: {
            'karpenter.sh/nodepool': 'general',
            'node.kubernetes.io/instance-type': 'm5.large',
            'topology.kubernetes.io/zone': 'eu-west-2a',
            'karpenter.sh/capacity-type': 'spot',
          },
        },
        status: { providerID: 'aws:///eu-west-2a/i-0a' },
      }),
    );
    const controller = new InterruptionController(env.ctx, { subscribe: () => () => undefined });
    await controller.handle(event('spot_interrupted', ['i-0a']));
    const [record] = controller.history();
    assert.equal(record.handledAt, new Date(env.ctx.now()).toISOString());
    assert.deepEqual(record.claims, [
      { name: 'spot-1', nodePool: 'general', instanceType: 'm5.large', zone: 'eu-west-2a', capacityType: 'spot' },
    ]);
  });

  it('GIVEN a rebalance recommendation WHEN handled THEN it is only recorded', async () => {
    const env = controllerEnv();
    launchedClaim(env, 'spot-1', 'i-0a');
    const controller = new InterruptionController(env.ctx, { subscribe: () => () => undefined });
    await controller.handle(event('rebalance_recommendation', ['i-0a']));
    assert.equal(env.kube.callsOf('deleteNodeClaim').length, 0);
    assert.equal(controller.history()[0].action, 'recorded');
  });

  it('GIVEN an event for two instances whose first delete fails WHEN handled THEN the second is still deleted and the event is refused for redelivery', async () => {
    const env = controllerEnv();
    launchedClaim(env, 'a', 'i-0a');
    launchedClaim(env, 'b', 'i-0b');
    env.kube.failWhen('deleteNodeClaim', (args) => args[0] === 'a', new Error('connection reset'));
    const controller = new InterruptionController(env.ctx, { subscribe: () => () => undefined });
    await assert.rejects(controller.handle(event('spot_interrupted', ['i-0a', 'i-0b'])), /nodeclaim\(s\) a not handled/);
    assert.notEqual(env.state.get('nodeClaims', 'b')?.metadata.deletionTimestamp, undefined);
    assert.equal(env.state.get('nodeClaims', 'a')?.metadata.deletionTimestamp, undefined);
    assert.equal(env.logger.lines.filter((line) => line.level === 'warn' && line.fields.name === 'a').length, 1);
  });
});
