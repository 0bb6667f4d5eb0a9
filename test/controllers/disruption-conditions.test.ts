/** The nodeclaim.disruption controller: Drifted and Consolidatable on a FakeClock, fake cloud and in-memory writer. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DisruptionConditionsController } from '../../src/controllers/nodeclaim/disruption-conditions-controller.js';
import { NodePoolHashController } from '../../src/controllers/nodeclaim/nodepool-hash-controller.js';
import { pod } from '../../src/testing/builders.js';
import { addClaim, addPool, conditionOf, startLoops } from './disruption-fixtures.js';
import { type ControllerEnv, controllerEnv } from './harness.js';

const FIVE_MINUTES = 300_000;

/** The hash and disruption-condition controllers in loops, the latter re-checking every 5 min as the operator runs it. */
function start(env: ControllerEnv) {
  const conditions = new DisruptionConditionsController(env.ctx);
  return startLoops(env, [
    { reconciler: new NodePoolHashController(env.ctx), intervalMs: 1000 },
    { reconciler: conditions, intervalMs: FIVE_MINUTES },
  ]);
}

const drifted = (env: ControllerEnv, name: string) => conditionOf(env, name, 'Drifted');
const consolidatable = (env: ControllerEnv, name: string) => conditionOf(env, name, 'Consolidatable');

describe('disruption conditions controller — Drifted', () => {
  it('GIVEN a NodePool template change WHEN the loops run THEN its claims are Drifted (NodePoolDrifted); a revert clears it', async () => {
    const env = controllerEnv();
    const pool = addPool(env);
    addClaim(env, 'c1', { pool });
    const loops = start(env);
    await loops.idle();
    assert.equal(drifted(env, 'c1'), undefined);

    const live = env.state.get('nodePools', 'default')!;
    const changed = structuredClone(live);
    changed.spec.template.metadata = { labels: { team: 'data' } };
    env.state.upsert('nodePools', changed);
    await loops.idle();
    const condition = drifted(env, 'c1');
    assert.equal(condition?.status, 'True');
    assert.equal(condition?.reason, 'NodePoolDrifted');
    assert.match(condition?.message ?? '', /^NodePool default template changed \(hash [0-9a-f]{16} → [0-9a-f]{16}\)$/);
    assert.ok(env.logger.lines.some((line) => line.message === 'nodeclaim drifted' && line.fields.nodeClaim === 'c1'));

    const reverted = structuredClone(env.state.get('nodePools', 'default')!);
    reverted.spec.template.metadata = undefined;
    env.state.upsert('nodePools', reverted);
    await loops.idle();
    assert.equal(drifted(env, 'c1'), undefined, 'a revert must clear Drifted');
    await loops.stop();
  });

  it('GIVEN the pool narrows its instance types WHEN the loops run THEN RequirementsDrifted names the excluded value', async () => {
    const env = controllerEnv();
    const pool = addPool(env, {
      spec: { template: { spec: { requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['large'] }] } } },
    });
    addClaim(env, 'c1', { pool });
    const loops = start(env);
    await loops.idle();
    assert.equal(drifted(env, 'c1')?.reason, 'RequirementsDrifted');
    assert.equal(drifted(env, 'c1')?.message, 'requirement node.kubernetes.io/instance-type no longer allows small');
    await loops.stop();
  });

  it('GIVEN the fake provider reports AMIDrift WHEN the loop runs THEN Drifted carries the provider reason', async () => {
    const env = controllerEnv();
    const pool = addPool(env);
    const claim = addClaim(env, 'c1', { pool });
    env.cloud.drifted.set(claim.status?.providerID ?? '', 'AMIDrift');
    const loops = start(env);
    await loops.idle();
    assert.equal(drifted(env, 'c1')?.reason, 'AMIDrift');
    assert.match(drifted(env, 'c1')?.message ?? '', /is no longer selected by EC2NodeClass default amiSelectorTerms/);
    await loops.stop();
  });

  it('GIVEN many state changes WHEN 5 minutes pass THEN isDrifted is asked at most once per claim per 5 minutes', async () => {
    const env = controllerEnv();
    const pool = addPool(env);
    const claim = addClaim(env, 'c1', { pool });
    const loops = start(env);
    await loops.idle();
    assert.equal(env.cloud.callsOf('isDrifted').length, 1);
    for (let i = 0; i < 20; i += 1) {
      env.state.upsert('pods', pod({ name: `p${i}`, nodeName: 'elsewhere' }));
      await loops.run(10_000);
    }
    env.cloud.drifted.set(claim.status?.providerID ?? '', 'SubnetDrift');
    await loops.run(FIVE_MINUTES - 200_000 - 1000);
    assert.equal(env.cloud.callsOf('isDrifted').length, 1, 'asked again within 5 minutes');
    assert.equal(drifted(env, 'c1'), undefined);
    await loops.run(2000);
    assert.equal(env.cloud.callsOf('isDrifted').length, 2);
    assert.equal(drifted(env, 'c1')?.reason, 'SubnetDrift');
    await loops.stop();
  });

  it('GIVEN a claim older than 1 h on an instance type the pool no longer offers WHEN the loop runs THEN InstanceTypeNotFound', async () => {
    const env = controllerEnv();
    const pool = addPool(env);
    addClaim(env, 'old', { pool, instanceType: 'retired', createdAt: '2025-12-31T22:00:00Z' });
    addClaim(env, 'young', { pool, instanceType: 'retired', createdAt: '2025-12-31T23:30:00Z' });
    const loops = start(env);
    await loops.idle();
    assert.equal(drifted(env, 'old')?.reason, 'InstanceTypeNotFound');
    assert.equal(drifted(env, 'old')?.message, 'instance type retired is no longer offered for NodePool default');
    assert.equal(drifted(env, 'young'), undefined, 'younger than 1 h');
    await loops.run(31 * 60_000, 60_000);
    assert.equal(drifted(env, 'young')?.reason, 'InstanceTypeNotFound');
    assert.ok(env.cloud.callsOf('getInstanceTypes').length <= 3, 'instance types listed on every pass');
    await loops.stop();
  });

  it('GIVEN a Drifted claim that is not Launched WHEN the loop runs THEN the condition is cleared', async () => {
    const env = controllerEnv();
    const pool = addPool(env);
    addClaim(env, 'c1', { pool, overrides: { status: { conditions: [{ type: 'Drifted', status: 'True', reason: 'AMIDrift' }] } } });
    const loops = start(env);
    await loops.idle();
    assert.equal(drifted(env, 'c1'), undefined);
    assert.equal(env.cloud.callsOf('isDrifted').length, 0, 'a claim not launched is not asked about');
    await loops.stop();
  });

  it('GIVEN a claim with a broken spec and a healthy one WHEN the loop runs THEN the broken one gets its own error and the other is reconciled', async () => {
    const env = controllerEnv();
    const pool = addPool(env, { spec: { disruption: { consolidateAfter: '0s' } } });
    const broken = addClaim(env, 'broken', { pool });
    env.state.upsert('nodeClaims', { ...broken, spec: { requirements: [] } as never });
    const healthy = addClaim(env, 'healthy', { pool });
    env.cloud.drifted.set(healthy.status?.providerID ?? '', 'AMIDrift');
    const loops = start(env);
    await loops.idle();
    await loops.run(5000);
    assert.equal(drifted(env, 'healthy')?.reason, 'AMIDrift');
    assert.equal(consolidatable(env, 'healthy')?.status, 'True');
    const warnings = env.logger.lines.filter((line) => line.level === 'warn' && line.fields.kind === 'NodeClaim');
    assert.deepEqual(
      warnings.map((line) => line.fields.name),
      ['broken'],
      'one rate-limited warning, for the broken claim only',
    );
    await loops.stop();
  });
});

describe('disruption conditions controller — Consolidatable', () => {
  it('GIVEN consolidateAfter 30s WHEN the clock passes it THEN Consolidatable=True (requeued at the end of the wait); a new pod clears it', async () => {
    const env = controllerEnv();
    const pool = addPool(env, { spec: { disruption: { consolidateAfter: '30s' } } });
    addClaim(env, 'c1', { pool });
    const loops = start(env);
    await loops.idle();
    assert.equal(consolidatable(env, 'c1')?.status, 'False');
    assert.equal(consolidatable(env, 'c1')?.message, 'consolidateAfter 30s not elapsed (in 30s)');
    const writes = env.kube.callsOf('patchNodeClaimStatus').length;
    await loops.run(29_000);
    assert.equal(consolidatable(env, 'c1')?.status, 'False');
    assert.equal(env.kube.callsOf('patchNodeClaimStatus').length, writes, 'a countdown alone is no write');
    await loops.run(1000);
    assert.equal(consolidatable(env, 'c1')?.status, 'True', 'the requeue at the end of the wait (the interval is 5 min)');

    env.state.upsert('pods', pod({ name: 'arrives', nodeName: 'c1-node' }));
    await loops.idle();
    assert.equal(consolidatable(env, 'c1')?.status, 'False', 'a new pod starts the wait again');
    assert.equal(consolidatable(env, 'c1')?.message, 'consolidateAfter 30s not elapsed (in 30s)');
    await loops.run(30_000);
    assert.equal(consolidatable(env, 'c1')?.status, 'True');
    assert.equal(consolidatable(env, 'c1')?.message, 'consolidateAfter 30s elapsed since the last pod event');
    await loops.stop();
  });

  it('GIVEN consolidateAfter Never WHEN the claim was Consolidatable THEN the condition is removed', async () => {
    const env = controllerEnv();
    const pool = addPool(env, { spec: { disruption: { consolidateAfter: 'Never' } } });
    addClaim(env, 'c1', {
      pool,
      overrides: { status: { conditions: [{ type: 'Consolidatable', status: 'True', reason: 'Consolidatable' }] } },
      initializedAt: '2026-01-01T00:00:00Z',
    });
    const loops = start(env);
    await loops.idle();
    assert.equal(consolidatable(env, 'c1'), undefined);
    await loops.stop();
  });

  it('GIVEN a claim not initialized WHEN the loop runs THEN it has no Consolidatable condition', async () => {
    const env = controllerEnv();
    const pool = addPool(env);
    addClaim(env, 'c1', { pool, initializedAt: false });
    const loops = start(env);
    await loops.idle();
    assert.equal(consolidatable(env, 'c1'), undefined);
    assert.equal(env.kube.callsOf('patchNodeClaimStatus').length, 0, 'nothing changed, nothing written');
    await loops.stop();
  });
});
