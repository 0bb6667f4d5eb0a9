/** Instance garbage collection run by its controller loop on a FakeClock. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InstanceGarbageCollector } from '../../src/controllers/garbage-collection/instance-gc-controller.js';
import { startControllerLoop } from '../../src/controllers/runtime/controller-loop.js';
import { nodeClaim } from '../../src/testing/builders.js';
import { controllerEnv, settle } from './harness.js';

describe('instance garbage collection loop', () => {
  it('GIVEN an instance no NodeClaim accounts for WHEN the 2-minute interval passes on the clock THEN it is terminated, and not before', async () => {
    const env = controllerEnv();
    const leaked = await env.cloud.create(nodeClaim({ metadata: { name: 'forgotten', creationTimestamp: '2026-01-01T00:00:00Z' } }));
    const owned = await env.cloud.create(nodeClaim({ metadata: { name: 'owned', creationTimestamp: '2026-01-01T00:00:00Z' } }));
    env.state.upsert('nodeClaims', owned);
    const loop = startControllerLoop(new InstanceGarbageCollector(env.ctx), {
      state: env.state,
      logger: env.logger,
      clock: env.clock,
      onChange: false,
      intervalMs: 120_000,
    });
    await settle();
    await loop.idle();
    assert.equal(env.cloud.created.size, 2, 'collected within its grace period');
    env.clock.advance(119_000);
    await settle();
    assert.equal(env.cloud.created.size, 2);
    env.clock.advance(1000);
    await settle();
    await loop.idle();
    assert.deepEqual([...env.cloud.created.keys()], [owned.status?.providerID]);
    assert.equal(env.cloud.callsOf('delete').length, 1);
    assert.equal((env.cloud.callsOf('delete')[0].argument as typeof leaked).status?.providerID, leaked.status?.providerID);
    await loop.stop();
  });

  it('GIVEN two leaked instances, the first of which cannot be terminated now WHEN collected THEN the second is still terminated', async () => {
    const env = controllerEnv();
    const stuck = await env.cloud.create(nodeClaim({ metadata: { name: 'stuck', creationTimestamp: '2025-12-31T00:00:00Z' } }));
    const other = await env.cloud.create(nodeClaim({ metadata: { name: 'other', creationTimestamp: '2025-12-31T00:00:00Z' } }));
    env.cloud.failNext('delete', new Error('UnauthorizedOperation'));
    await new InstanceGarbageCollector(env.ctx).reconcile();
    assert.deepEqual([...env.cloud.created.keys()], [stuck.status?.providerID]);
    assert.equal(env.cloud.created.has(other.status?.providerID ?? ''), false);
    assert.ok(
      env.logger.lines.some(
        (line) =>
          line.level === 'warn' && line.fields.providerID === stuck.status?.providerID && line.fields.reason === 'UnauthorizedOperation',
      ),
    );
  });
});
