/** The NodeClaim expiration controller on a FakeClock: forceful deletion at expireAfter, an Event, the grace deadline. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Annotations, TERMINATION_FINALIZER } from '../../src/apis/well-known-labels.js';
import { ExpirationController } from '../../src/controllers/nodeclaim/expiration-controller.js';
import { addClaim, addPool, startLoops } from './disruption-fixtures.js';
import { type ControllerEnv, controllerEnv } from './harness.js';

const HOUR = 3_600_000;

/** A claim created at the clock's start that expires after `expireAfter` (held by the finalizer once deleted). */
function claimExpiringAfter(env: ControllerEnv, name: string, expireAfter: string, terminationGracePeriod?: string) {
  return addClaim(env, name, {
    pool: addPool(env),
    overrides: {
      metadata: { finalizers: [TERMINATION_FINALIZER] },
      spec: { expireAfter, ...(terminationGracePeriod === undefined ? {} : { terminationGracePeriod }) },
    },
  });
}

const deleting = (env: ControllerEnv, name: string) => env.state.get('nodeClaims', name)?.metadata.deletionTimestamp !== undefined;

describe('expiration controller', () => {
  it('GIVEN a claim past expireAfter and one not WHEN reconciled THEN only the expired one is deleted, with an Expired Event and one log line', async () => {
    const env = controllerEnv();
    claimExpiringAfter(env, 'old', '1h');
    claimExpiringAfter(env, 'young', '24h');
    env.clock.advance(HOUR + 5 * 60_000);
    const controller = new ExpirationController(env.ctx);
    await controller.reconcile();
    await controller.reconcile();
    assert.equal(deleting(env, 'old'), true);
    assert.equal(deleting(env, 'young'), false);
    assert.deepEqual(
      env.kube.callsOf('deleteNodeClaim').map((call) => call.args[0]),
      ['old'],
      'deleted once, no budget asked',
    );
    const events = env.kube.eventsWith('Expired');
    assert.equal(events.length, 1);
    assert.equal(events[0].involved.metadata.name, 'old');
    assert.equal(events[0].message, 'nodeclaim old expired: older than expireAfter 1h by 5m');
    assert.equal(env.logger.lines.filter((line) => line.message === 'deleted expired nodeclaim').length, 1);
    assert.equal(env.kube.callsOf('createNodeClaim').length, 0, 'no replacement is launched first');
    const metric = await env.ctx.metrics.nodeClaimsDisrupted.get();
    assert.deepEqual(
      metric.values.map((value) => [value.labels.reason, value.value]),
      [['expired', 1]],
    );
  });

  it('GIVEN a claim that expires in 3 h WHEN the loop runs with a 1 h interval THEN it is deleted at its expiry, not at the next interval', async () => {
    const env = controllerEnv();
    claimExpiringAfter(env, 'c1', '3h30m');
    const loops = startLoops(env, [{ reconciler: new ExpirationController(env.ctx), intervalMs: 2 * HOUR }]);
    await loops.idle();
    await loops.run(3.5 * HOUR - 1000, 60_000);
    assert.equal(deleting(env, 'c1'), false);
    await loops.run(1000);
    assert.equal(deleting(env, 'c1'), true, 'requeued at the expiry');
    await loops.stop();
  });

  it('GIVEN an expired claim with a terminationGracePeriod WHEN deleted THEN it gets the termination timestamp (deletion + grace period)', async () => {
    const env = controllerEnv();
    claimExpiringAfter(env, 'c1', '1h', '30m');
    env.clock.advance(HOUR);
    await new ExpirationController(env.ctx).reconcile();
    const annotations = env.state.get('nodeClaims', 'c1')?.metadata.annotations;
    assert.equal(annotations?.[Annotations.nodeClaimTerminationTimestamp], '2026-01-01T01:30:00Z');
  });

  it('GIVEN expireAfter Never WHEN years pass THEN the claim is never deleted', async () => {
    const env = controllerEnv();
    claimExpiringAfter(env, 'c1', 'Never');
    env.clock.advance(24 * 365 * HOUR);
    const controller = new ExpirationController(env.ctx);
    await controller.reconcile();
    assert.equal(deleting(env, 'c1'), false);
    assert.equal(controller.nextPassAt(), undefined);
  });

  it('GIVEN a claim with a bad expireAfter and an expired one WHEN reconciled THEN the bad one gets its own error and the other is deleted', async () => {
    const env = controllerEnv();
    claimExpiringAfter(env, 'bad', '30d');
    claimExpiringAfter(env, 'expired', '1h');
    env.clock.advance(2 * HOUR);
    await new ExpirationController(env.ctx).reconcile();
    assert.equal(deleting(env, 'expired'), true);
    assert.equal(deleting(env, 'bad'), false);
    const warnings = env.logger.lines.filter((line) => line.level === 'warn');
    assert.deepEqual(
      warnings.map((line) => [line.fields.name, line.fields.reason]),
      [['bad', 'expireAfter "30d" is not a duration or Never']],
    );
  });

  it('GIVEN the deletion of one expired claim fails WHEN reconciled THEN the other is still deleted and the failure is reported', async () => {
    const env = controllerEnv();
    claimExpiringAfter(env, 'a', '1h');
    claimExpiringAfter(env, 'b', '1h');
    env.kube.failWhen('deleteNodeClaim', (args) => args[0] === 'a', new Error('etcd timeout'));
    env.clock.advance(2 * HOUR);
    await new ExpirationController(env.ctx).reconcile();
    assert.equal(deleting(env, 'b'), true);
    assert.equal(env.logger.lines.find((line) => line.level === 'warn')?.fields.reason, 'etcd timeout');
  });
});
