/**
 * The disruption report lists the NodeClaims expiration and interruption are deleting (issue #12: the dashboard
 * shows them Disrupting with why): the expiration and interruption controllers annotate the claim before deleting
 * it, and the disruption controller's report reads every deleting claim so annotated, phase `draining`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TERMINATION_FINALIZER } from '../../../src/apis/well-known-labels.js';
import type { InterruptionHandler } from '../../../src/cloudprovider/types.js';
import { DisruptionController } from '../../../src/controllers/disruption/disruption-controller.js';
import { InterruptionController } from '../../../src/controllers/interruption/interruption-controller.js';
import { ExpirationController } from '../../../src/controllers/nodeclaim/expiration-controller.js';
import { ForcefulDisruptionAnnotations } from '../../../src/disruption/forceful-disruption.js';
import { addClaim, addPool } from '../disruption-fixtures.js';
import { type ControllerEnv, controllerEnv } from '../harness.js';

const HOUR = 3_600_000;

function world(): ControllerEnv {
  const env = controllerEnv();
  const pool = addPool(env, { metadata: { name: 'batch' }, spec: { disruption: { consolidateAfter: 'Never' } } });
  for (const name of ['old', 'spot', 'young'])
    addClaim(env, name, {
      pool,
      overrides: { metadata: { finalizers: [TERMINATION_FINALIZER] }, spec: { expireAfter: name === 'old' ? '1h' : '24h' } },
    });
  return env;
}

describe('disruption report: forceful disruption', () => {
  it('GIVEN a claim past expireAfter WHEN the expiration controller deletes it THEN the report lists it Disrupting: expiration, Expired, draining, with the expiry', async () => {
    const env = world();
    env.clock.advance(HOUR + 5 * 60_000);
    await new ExpirationController(env.ctx).reconcile();
    const claim = env.state.get('nodeClaims', 'old');
    assert.equal(claim?.metadata.annotations?.[ForcefulDisruptionAnnotations.reason], 'Expired');
    const disruption = new DisruptionController(env.ctx);
    await disruption.reconcile();
    assert.deepEqual(disruption.report().disrupting, [
      {
        nodeClaim: 'old',
        node: 'old-node',
        nodePool: 'batch',
        method: 'expiration',
        reason: 'Expired',
        phase: 'draining',
        summary: 'expired: older than expireAfter 1h by 5m',
        since: claim?.metadata.deletionTimestamp,
      },
    ]);
  });

  it('GIVEN a spot interruption warning WHEN the interruption controller deletes the claim THEN the report lists it Disrupting: interruption, Interrupted, draining', async () => {
    const env = world();
    let deliver: InterruptionHandler | undefined;
    const interruption = new InterruptionController(env.ctx, { subscribe: (handler) => ((deliver = handler), () => undefined) });
    interruption.start();
    await deliver?.({
      id: 'msg-1',
      kind: 'spot_interrupted',
      action: 'CordonAndDrain',
      instanceIDs: ['i-spot'],
      time: new Date(env.ctx.now()),
    });
    assert.equal(interruption.history()[0]?.action, 'deleted');
    const disruption = new DisruptionController(env.ctx);
    await disruption.reconcile();
    const [entry, ...others] = disruption.report().disrupting;
    assert.deepEqual(others, []);
    assert.equal(entry?.nodeClaim, 'spot');
    assert.equal(entry?.method, 'interruption');
    assert.equal(entry?.reason, 'Interrupted');
    assert.equal(entry?.phase, 'draining');
    assert.equal(entry?.summary, 'spot interrupted');
    assert.equal(entry?.since, env.state.get('nodeClaims', 'spot')?.metadata.deletionTimestamp);
  });

  it('GIVEN a claim a person deletes WHEN the report is built THEN it is not listed as forcefully disrupted', async () => {
    const env = world();
    await env.kube.deleteNodeClaim('young');
    const disruption = new DisruptionController(env.ctx);
    await disruption.reconcile();
    assert.deepEqual(disruption.report().disrupting, []);
  });

  it('GIVEN annotating the claim fails WHEN it expires THEN it is still deleted (forceful disruption never waits)', async () => {
    const env = world();
    env.clock.advance(2 * HOUR);
    env.kube.failNext('patchNodeClaimMetadata', new Error('apiserver down'));
    await new ExpirationController(env.ctx).reconcile();
    assert.equal(env.kube.callsOf('patchNodeClaimMetadata').length, 1, 'the annotation was tried');
    assert.notEqual(env.state.get('nodeClaims', 'old')?.metadata.deletionTimestamp, undefined);
  });
});
