/** Node termination on a FakeClock with the fake cloud and an in-memory kube writer. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TERMINATION_FINALIZER, Taints } from '../../src/apis/well-known-labels.js';
import { TerminationController } from '../../src/controllers/termination/termination-controller.js';
import { node, nodeClaim, pod } from '../../src/testing/builders.js';
import { controllerEnv, type ControllerEnv } from './harness.js';

async function deletingNode(env: ControllerEnv, name: string): Promise<string> {
  const launched = await env.cloud.create(nodeClaim({ metadata: { name: `claim-${name}` } }));
  const providerID = launched.status?.providerID ?? '';
  env.state.upsert('nodeClaims', {
    ...launched,
    metadata: { ...launched.metadata, name: `claim-${name}`, finalizers: [TERMINATION_FINALIZER] },
  });
  env.state.upsert(
    'nodes',
    node({ name, providerID, metadata: { finalizers: [TERMINATION_FINALIZER], deletionTimestamp: '2026-01-01T00:00:00Z' } }),
  );
  return providerID;
}

describe('termination controller', () => {
  it('GIVEN a managed Node being deleted WHEN reconciled over a few passes THEN it is tainted, drained (PDB respected), its instance terminated and the finalizer released', async () => {
    const env = controllerEnv();
    const providerID = await deletingNode(env, 'n1');
    env.state.upsert('pods', pod({ name: 'free', nodeName: 'n1' }));
    env.state.upsert('pods', pod({ name: 'guarded', nodeName: 'n1' }));
    env.kube.blockedEvictions.add('default/guarded');
    const controller = new TerminationController(env.ctx);
    await controller.reconcile();
    assert.ok(env.state.get('nodes', 'n1')?.spec.taints?.some((t) => t.key === Taints.disrupted.key));
    assert.notEqual(env.state.get('nodeClaims', 'claim-n1')?.metadata.deletionTimestamp, undefined);
    assert.equal(env.state.get('pods', 'default/free'), undefined);
    assert.notEqual(env.state.get('pods', 'default/guarded'), undefined);
    env.clock.advance(1000);
    await controller.reconcile();
    assert.ok(env.state.get('nodes', 'n1'), 'released while a pod was still there');
    env.kube.blockedEvictions.clear();
    for (let pass = 0; pass < 3; pass += 1) {
      env.clock.advance(1000);
      await controller.reconcile();
    }
    assert.equal(env.cloud.created.has(providerID), false);
    assert.equal(env.state.get('nodes', 'n1'), undefined);
  });

  it('GIVEN two Nodes being deleted, one whose taint write fails WHEN reconciled THEN the other still drains', async () => {
    const env = controllerEnv();
    await deletingNode(env, 'bad');
    await deletingNode(env, 'good');
    env.state.upsert('pods', pod({ name: 'p', nodeName: 'good' }));
    env.kube.failWhen('taintNode', (args) => args[0] === 'bad', new Error('node "bad" is immutable'));
    const controller = new TerminationController(env.ctx);
    await controller.reconcile();
    await controller.reconcile();
    assert.equal(env.state.get('pods', 'default/p'), undefined);
    assert.equal(env.logger.lines.filter((line) => line.level === 'warn' && line.fields.name === 'bad').length, 1);
  });
});
