/** NodePool status on a FakeClock with an in-memory kube writer. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodePool } from '../../src/apis/nodepool.js';
import { findCondition } from '../../src/controllers/conditions.js';
import { NodePoolStatusController } from '../../src/controllers/nodepool/nodepool-status-controller.js';
import { nodePool } from '../../src/testing/builders.js';
import { controllerEnv, ec2NodeClass } from './harness.js';

const READY = { conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }] };

function conditionsOf(pool: NodePool | undefined) {
  return {
    ready: findCondition(pool?.status?.conditions, 'Ready'),
    validation: findCondition(pool?.status?.conditions, 'ValidationSucceeded'),
  };
}

describe('nodepool status controller', () => {
  it('GIVEN a NodePool without nodeClassRef next to a valid one WHEN reconciled THEN it is ValidationSucceeded=False, Ready=False naming the field, and the valid one is Ready', async () => {
    const env = controllerEnv();
    env.state.upsert('nodeClasses', ec2NodeClass('default', {}, READY));
    const broken = nodePool({ metadata: { name: 'broken', uid: 'uid-broken', generation: 1 } });
    delete (broken.spec.template.spec as { nodeClassRef?: unknown }).nodeClassRef;
    env.state.upsert('nodePools', broken);
    env.state.upsert('nodePools', nodePool({ metadata: { name: 'good', uid: 'uid-good', generation: 1 } }));
    await new NodePoolStatusController(env.ctx).reconcile();
    const bad = conditionsOf(env.state.get('nodePools', 'broken'));
    assert.equal(bad.validation?.status, 'False');
    assert.match(bad.validation?.message ?? '', /spec\.template\.spec\.nodeClassRef: nodeClassRef is required/);
    assert.equal(bad.ready?.status, 'False');
    assert.match(bad.ready?.message ?? '', /nodeClassRef/);
    const good = conditionsOf(env.state.get('nodePools', 'good'));
    assert.equal(good.validation?.status, 'True');
    assert.equal(good.ready?.status, 'True');
  });

  it('GIVEN an invalid NodePool WHEN reconciled on many passes THEN one event per change of problem', async () => {
    const env = controllerEnv();
    env.state.upsert('nodeClasses', ec2NodeClass('default', {}, READY));
    env.state.upsert('nodePools', nodePool({ metadata: { name: 'p', uid: 'uid-p', generation: 1 }, spec: { limits: { cpu: 'lots' } } }));
    const controller = new NodePoolStatusController(env.ctx);
    for (let pass = 0; pass < 5; pass += 1) {
      await controller.reconcile();
      env.clock.advance(1000);
    }
    assert.equal(env.kube.eventsWith('ValidationFailed').length, 1);
    assert.match(env.kube.eventsWith('ValidationFailed')[0].message, /spec\.limits\.cpu/);
    const stored = env.state.get('nodePools', 'p') as NodePool;
    env.state.upsert('nodePools', {
      ...stored,
      metadata: { ...stored.metadata, generation: 2 },
      spec: { ...stored.spec, limits: { cpu: 'many' } },
    });
    await controller.reconcile();
    await controller.reconcile();
    assert.equal(env.kube.eventsWith('ValidationFailed').length, 2);
    assert.match(env.kube.eventsWith('ValidationFailed')[1].message, /"many"/);
  });

  it('GIVEN a NodePool whose status write fails WHEN reconciled THEN the other pools are still written', async () => {
    const env = controllerEnv();
    env.state.upsert('nodeClasses', ec2NodeClass('default', {}, READY));
    env.state.upsert('nodePools', nodePool({ metadata: { name: 'a', uid: 'uid-a' } }));
    env.state.upsert('nodePools', nodePool({ metadata: { name: 'b', uid: 'uid-b' } }));
    env.kube.failNext('patchNodePoolStatus', new Error('etcd timeout'));
    await new NodePoolStatusController(env.ctx).reconcile();
    assert.equal(env.kube.callsOf('patchNodePoolStatus').length, 2);
    assert.equal(conditionsOf(env.state.get('nodePools', 'b')).ready?.status, 'True');
    assert.equal(
      env.logger.lines.filter((line) => line.level === 'warn' && line.fields.name === 'a' && line.fields.reason === 'etcd timeout').length,
      1,
    );
  });
});
