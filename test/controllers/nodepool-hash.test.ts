/** The NodePool hash controller: pool annotations kept current, claims of another hash version re-stamped unless Drifted. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KARPD_NODEPOOL_HASH_VERSION, nodePoolHash } from '../../src/apis/nodepool-hash.js';
import { Annotations } from '../../src/apis/well-known-labels.js';
import { DisruptionConditionsController } from '../../src/controllers/nodeclaim/disruption-conditions-controller.js';
import { NodePoolHashController } from '../../src/controllers/nodeclaim/nodepool-hash-controller.js';
import { nodePool } from '../../src/testing/builders.js';
import { addClaim, addPool, conditionOf, stampOf } from './disruption-fixtures.js';
import { controllerEnv } from './harness.js';

const UPSTREAM = { [Annotations.nodePoolHash]: '6543210987654321098', [Annotations.nodePoolHashVersion]: 'v3' };

describe('nodepool hash controller', () => {
  it('GIVEN a NodePool without hash annotations WHEN reconciled THEN it carries its hash and karpd version; a second pass writes nothing', async () => {
    const env = controllerEnv();
    const pool = nodePool();
    env.state.upsert('nodePools', pool);
    const controller = new NodePoolHashController(env.ctx);
    await controller.reconcile();
    const annotations = env.state.get('nodePools', 'default')?.metadata.annotations;
    assert.equal(annotations?.[Annotations.nodePoolHash], nodePoolHash(pool));
    assert.equal(annotations?.[Annotations.nodePoolHashVersion], KARPD_NODEPOOL_HASH_VERSION);
    await controller.reconcile();
    assert.equal(env.kube.callsOf('patchNodePoolMetadata').length, 1);
  });

  it('GIVEN a pool stamped by upstream Karpenter (v3) WHEN reconciled THEN its annotations are replaced with karpd’s', async () => {
    const env = controllerEnv();
    env.state.upsert('nodePools', nodePool({ metadata: { annotations: { ...UPSTREAM, keep: 'me' } } }));
    await new NodePoolHashController(env.ctx).reconcile();
    const annotations = env.state.get('nodePools', 'default')?.metadata.annotations;
    assert.equal(annotations?.[Annotations.nodePoolHashVersion], KARPD_NODEPOOL_HASH_VERSION);
    assert.equal(annotations?.keep, 'me', 'other annotations untouched');
  });

  it('GIVEN a claim stamped with another hash version WHEN reconciled THEN it is re-stamped with the pool’s current hash, and never drifts for it', async () => {
    const env = controllerEnv();
    const pool = addPool(env);
    addClaim(env, 'migrated', { pool, annotations: UPSTREAM });
    addClaim(env, 'unstamped', { pool, annotations: {} });
    await new NodePoolHashController(env.ctx).reconcile();
    for (const name of ['migrated', 'unstamped']) {
      assert.deepEqual(
        Object.fromEntries(
          Object.entries(env.state.get('nodeClaims', name)?.metadata.annotations ?? {}).filter(([key]) =>
            key.startsWith('karpenter.sh/nodepool-hash'),
          ),
        ),
        stampOf(pool),
        name,
      );
    }
    await new DisruptionConditionsController(env.ctx).reconcile();
    assert.equal(conditionOf(env, 'migrated', 'Drifted'), undefined);
  });

  it('GIVEN a claim of another version that is already Drifted WHEN reconciled THEN it is left as it is (it stays drifted)', async () => {
    const env = controllerEnv();
    const pool = addPool(env);
    addClaim(env, 'drifted', {
      pool,
      annotations: UPSTREAM,
      overrides: {
        status: {
          conditions: [
            { type: 'Launched', status: 'True', reason: 'Launched' },
            { type: 'Drifted', status: 'True', reason: 'NodePoolDrifted' },
          ],
        },
      },
    });
    await new NodePoolHashController(env.ctx).reconcile();
    assert.deepEqual(env.state.get('nodeClaims', 'drifted')?.metadata.annotations, UPSTREAM);
    assert.equal(env.kube.callsOf('patchNodeClaimMetadata').length, 0);
  });

  it('GIVEN a claim already at karpd’s version with an old hash WHEN reconciled THEN it is not re-stamped (that is drift)', async () => {
    const env = controllerEnv();
    const pool = addPool(env);
    addClaim(env, 'old', { pool, annotations: { ...stampOf(pool), [Annotations.nodePoolHash]: '0000000000000000' } });
    await new NodePoolHashController(env.ctx).reconcile();
    assert.equal(env.kube.callsOf('patchNodeClaimMetadata').length, 0);
    await new DisruptionConditionsController(env.ctx).reconcile();
    assert.equal(conditionOf(env, 'old', 'Drifted')?.reason, 'NodePoolDrifted');
  });

  it('GIVEN one pool whose write fails WHEN reconciled THEN the other pool is still stamped and the failure is logged for it', async () => {
    const env = controllerEnv();
    env.state.upsert('nodePools', nodePool({ metadata: { name: 'bad' } }));
    env.state.upsert('nodePools', nodePool({ metadata: { name: 'good' } }));
    env.kube.failWhen('patchNodePoolMetadata', (args) => args[0] === 'bad', new Error('admission webhook denied'));
    await new NodePoolHashController(env.ctx).reconcile();
    assert.equal(env.state.get('nodePools', 'good')?.metadata.annotations?.[Annotations.nodePoolHashVersion], KARPD_NODEPOOL_HASH_VERSION);
    const warnings = env.logger.lines.filter((line) => line.level === 'warn');
    assert.deepEqual(
      warnings.map((line) => [line.fields.kind, line.fields.name, line.fields.reason]),
      [['NodePool', 'bad', 'admission webhook denied']],
    );
  });
});
