/** EC2NodeClass status with an in-memory kube writer. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EC2NodeClass } from '../../src/apis/ec2nodeclass.js';
import { findCondition } from '../../src/controllers/conditions.js';
import { NodeClassStatusController } from '../../src/controllers/nodeclass/nodeclass-status-controller.js';
import { NodePoolStatusController } from '../../src/controllers/nodepool/nodepool-status-controller.js';
import { nodePool } from '../../src/testing/builders.js';
import { controllerEnv, ec2NodeClass } from './harness.js';

const resolvedReady = () => ({
  subnets: [{ id: 'subnet-1', zone: 'test-zone-1' }],
  conditions: [
    { type: 'Ready', status: 'True' as const, reason: 'Ready', message: '', lastTransitionTime: '' },
    { type: 'ValidationSucceeded', status: 'True' as const, reason: 'ValidationSucceeded', message: '', lastTransitionTime: '' },
  ],
});

describe('nodeclass status controller', () => {
  it('GIVEN a valid and an invalid EC2NodeClass WHEN reconciled THEN the valid one is resolved and Ready, the invalid one is not resolved and says why', async () => {
    const env = controllerEnv();
    env.state.upsert('nodeClasses', ec2NodeClass('good'));
    env.state.upsert('nodeClasses', ec2NodeClass('bad', { subnetSelectorTerms: [] }));
    const resolved: string[] = [];
    const controller = new NodeClassStatusController(env.ctx, (nodeClass) => {
      resolved.push(nodeClass.metadata.name ?? '');
      return resolvedReady();
    });
    await controller.reconcile();
    await controller.reconcile();
    assert.deepEqual(resolved, ['good', 'good']);
    const good = env.state.get('nodeClasses', 'good') as EC2NodeClass;
    assert.equal(findCondition(good.status?.conditions, 'Ready')?.status, 'True');
    const bad = env.state.get('nodeClasses', 'bad') as EC2NodeClass;
    assert.equal(findCondition(bad.status?.conditions, 'ValidationSucceeded')?.status, 'False');
    assert.equal(findCondition(bad.status?.conditions, 'Ready')?.status, 'False');
    assert.match(findCondition(bad.status?.conditions, 'Ready')?.message ?? '', /spec\.subnetSelectorTerms: must have at least one item/);
    assert.equal(env.kube.eventsWith('ValidationFailed').length, 1);
  });

  it('GIVEN a NodePool of an invalid EC2NodeClass WHEN both statuses are reconciled THEN the pool is not Ready and names the NodeClass problem', async () => {
    const env = controllerEnv();
    env.state.upsert('nodeClasses', ec2NodeClass('default', { role: undefined }));
    env.state.upsert('nodePools', nodePool({ metadata: { name: 'p', uid: 'uid-p' } }));
    await new NodeClassStatusController(env.ctx, resolvedReady).reconcile();
    await new NodePoolStatusController(env.ctx).reconcile();
    const ready = findCondition(env.state.get('nodePools', 'p')?.status?.conditions, 'Ready');
    assert.equal(ready?.status, 'False');
    assert.match(ready?.message ?? '', /EC2NodeClass default is invalid: spec\.role/);
    const conditions = env.state.get('nodePools', 'p')?.status?.conditions;
    assert.equal(conditions?.find((c) => c.type === 'NodeClassReady')?.status, 'False');
    assert.equal(conditions?.find((c) => c.type === 'ValidationSucceeded')?.status, 'True', 'the pool itself is valid');
  });

  it('GIVEN a resolver that throws for one NodeClass WHEN reconciled THEN the next one is still resolved', async () => {
    const env = controllerEnv();
    env.state.upsert('nodeClasses', ec2NodeClass('a'));
    env.state.upsert('nodeClasses', ec2NodeClass('b'));
    await new NodeClassStatusController(env.ctx, (nodeClass) => {
      if (nodeClass.metadata.name === 'a') throw new Error('DescribeSubnets: AccessDenied');
      return resolvedReady();
    }).reconcile();
    assert.equal(findCondition((env.state.get('nodeClasses', 'b') as EC2NodeClass).status?.conditions, 'Ready')?.status, 'True');
    assert.equal(
      env.logger.lines.filter((line) => line.fields.name === 'a' && line.fields.reason === 'DescribeSubnets: AccessDenied').length,
      1,
    );
  });
});
