/** The NodeClaim lifecycle (launch, registration, liveness) in its loop on a FakeClock, fake cloud, in-memory writer. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import { TERMINATION_FINALIZER } from '../../src/apis/well-known-labels.js';
import { findCondition } from '../../src/controllers/conditions.js';
import { NodeClaimLifecycleController } from '../../src/controllers/nodeclaim/lifecycle-controller.js';
import { startControllerLoop } from '../../src/controllers/runtime/controller-loop.js';
import { node, nodeClaim } from '../../src/testing/builders.js';
import { controllerEnv, settle, type ControllerEnv } from './harness.js';

function start(env: ControllerEnv) {
  const controller = new NodeClaimLifecycleController(env.ctx);
  const loop = startControllerLoop(controller, { state: env.state, logger: env.logger, clock: env.clock, intervalMs: 1000 });
  return {
    loop,
    /** Advances the clock by `ms` in 1 s steps, letting each pass (and background launches) finish. */
    async run(ms: number) {
      for (let t = 0; t < ms; t += 1000) {
        env.clock.advance(1000);
        await settle();
        await loop.idle();
        await controller.settled();
      }
    },
  };
}

async function createClaim(env: ControllerEnv, name: string): Promise<NodeClaim> {
  return env.kube.createNodeClaim(nodeClaim({ metadata: { name }, spec: { resources: { requests: { cpu: '1' } } } }));
}

const condition = (env: ControllerEnv, name: string, type: string) =>
  findCondition(env.state.get('nodeClaims', name)?.status?.conditions, type)?.status;

describe('nodeclaim lifecycle controller', () => {
  it('GIVEN a new NodeClaim WHEN the loop runs THEN it gets the finalizer, is launched, and registers and initializes once its Node appears', async () => {
    const env = controllerEnv();
    await createClaim(env, 'c1');
    const { loop, run } = start(env);
    await run(2000);
    const launched = env.state.get('nodeClaims', 'c1');
    assert.deepEqual(launched?.metadata.finalizers, [TERMINATION_FINALIZER]);
    assert.equal(condition(env, 'c1', 'Launched'), 'True');
    assert.equal(env.cloud.callsOf('create').length, 1);
    const providerID = launched?.status?.providerID ?? '';
    assert.match(providerID, /^aws:\/\//);
    env.state.upsert('nodes', node({ name: 'n1', providerID, allocatable: { cpu: '2', memory: '8Gi', pods: '110' } }));
    await run(2000);
    assert.equal(condition(env, 'c1', 'Registered'), 'True');
    assert.equal(condition(env, 'c1', 'Initialized'), 'True');
    assert.equal(env.state.get('nodeClaims', 'c1')?.status?.nodeName, 'n1');
    assert.ok(env.state.get('nodes', 'n1')?.metadata.finalizers?.includes(TERMINATION_FINALIZER));
    assert.equal(env.cloud.callsOf('create').length, 1, 'launched twice');
    await loop.stop();
  });

  it('GIVEN launches that keep failing WHEN 5 minutes pass on the clock THEN liveness deletes the claim with a LaunchTimeout event', async () => {
    const env = controllerEnv();
    await createClaim(env, 'stuck');
    for (let i = 0; i < 400; i += 1) env.cloud.failNext('create', new Error('RequestLimitExceeded'));
    const { loop, run } = start(env);
    await run(4 * 60_000);
    assert.notEqual(env.state.get('nodeClaims', 'stuck'), undefined);
    assert.equal(env.kube.eventsWith('LaunchTimeout').length, 0);
    await run(61_000);
    assert.equal(env.kube.eventsWith('LaunchTimeout').length, 1);
    assert.equal(env.state.get('nodeClaims', 'stuck'), undefined, 'claim not deleted and finalized');
    await loop.stop();
  });

  it('GIVEN one NodeClaim whose writes fail WHEN the loop runs THEN the other is still launched, and the failure is logged once', async () => {
    const env = controllerEnv();
    await createClaim(env, 'poisoned');
    await createClaim(env, 'healthy');
    env.kube.failWhen('addFinalizer', (args) => args[1] === 'poisoned', new Error('admission webhook denied'));
    const { loop, run } = start(env);
    await run(10_000);
    assert.equal(condition(env, 'healthy', 'Launched'), 'True');
    const warnings = env.logger.lines.filter((line) => line.level === 'warn' && line.fields.name === 'poisoned');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0].fields.reason, 'admission webhook denied');
    await loop.stop();
  });
});
