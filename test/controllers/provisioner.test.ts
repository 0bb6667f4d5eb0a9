/** The provisioner on a FakeClock with the fake cloud and an in-memory kube writer. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodePool } from '../../src/apis/nodepool.js';
import { Labels } from '../../src/apis/well-known-labels.js';
import { ProvisionerController } from '../../src/controllers/provisioner/provisioner-controller.js';
import { solverPlanner } from '../../src/operator/solver-planner.js';
import { nodePool, pod } from '../../src/testing/builders.js';
import { controllerEnv, ec2NodeClass, settle, type ControllerEnv } from './harness.js';

const READY = { conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }] };

function brokenPool(name: string, breakIt: (pool: NodePool) => void): NodePool {
  const pool = nodePool({ metadata: { name, uid: `uid-${name}`, generation: 1 }, spec: { weight: 100 } });
  breakIt(pool);
  return pool;
}

/** Starts the provisioner, lets the scan and the batch window pass on the fake clock, and stops it. */
async function runRounds(env: ControllerEnv, rounds = 1): Promise<void> {
  const provisioner = new ProvisionerController(env.ctx, { planner: solverPlanner(), clock: env.clock, idleMs: 1000, maxMs: 10_000 });
  provisioner.start();
  for (let i = 0; i < rounds; i += 1) {
    env.clock.advance(1000);
    await settle();
    env.clock.advance(1000);
    await settle();
  }
  await provisioner.stop();
}

const BREAKAGES: Array<[string, (pool: NodePool) => void, string]> = [
  [
    'without nodeClassRef',
    (pool) => void delete (pool.spec.template.spec as { nodeClassRef?: unknown }).nodeClassRef,
    'spec.template.spec.nodeClassRef',
  ],
  ['with limits.cpu "lots"', (pool) => void (pool.spec.limits = { cpu: 'lots' }), 'spec.limits.cpu'],
  [
    'with operator Equals',
    (pool) => void (pool.spec.template.spec.requirements = [{ key: 'kubernetes.io/arch', operator: 'Equals' as 'In', values: ['amd64'] }]),
    'spec.template.spec.requirements[0].operator',
  ],
];

describe('provisioner controller', () => {
  for (const [what, breakIt, field] of BREAKAGES) {
    it(`GIVEN a heavier NodePool ${what} WHEN a pod is pending THEN the valid pool still gets a NodeClaim and the bad one is named once`, async () => {
      const env = controllerEnv();
      env.state.upsert('nodeClasses', ec2NodeClass('default', {}, READY));
      env.state.upsert('nodePools', brokenPool('broken', breakIt));
      env.state.upsert('nodePools', nodePool({ metadata: { name: 'good', uid: 'uid-good', generation: 1 } }));
      env.state.upsert('pods', pod({ name: 'web', requests: { cpu: '1' } }));
      await runRounds(env, 3);
      const created = env.kube.callsOf('createNodeClaim');
      assert.ok(created.length >= 1, 'no NodeClaim was created');
      assert.deepEqual([...new Set(env.state.snapshot().nodeClaims.map((claim) => claim.metadata.labels?.[Labels.nodePool]))], ['good']);
      const warnings = env.logger.lines.filter((line) => line.level === 'warn' && line.fields.name === 'broken');
      assert.equal(warnings.length, 1, JSON.stringify(env.logger.lines));
      assert.match(String(warnings[0].fields.reason), new RegExp(field.replace(/[[\].]/g, '\\$&')));
      assert.equal(env.logger.lines.filter((line) => line.level === 'error').length, 0);
    });
  }

  it('GIVEN a heavier NodePool whose EC2NodeClass is invalid WHEN a pod is pending THEN only the valid pool is used', async () => {
    const env = controllerEnv();
    env.state.upsert('nodeClasses', ec2NodeClass('default', {}, READY));
    env.state.upsert('nodeClasses', ec2NodeClass('bad', { subnetSelectorTerms: [] }, READY));
    env.state.upsert(
      'nodePools',
      nodePool({
        metadata: { name: 'heavy', uid: 'uid-heavy' },
        spec: { weight: 100, template: { spec: { nodeClassRef: { name: 'bad' } } } },
      }),
    );
    env.state.upsert('nodePools', nodePool({ metadata: { name: 'good', uid: 'uid-good' } }));
    env.state.upsert('pods', pod({ name: 'web', requests: { cpu: '1' } }));
    await runRounds(env);
    assert.deepEqual(
      env.state.snapshot().nodeClaims.map((claim) => claim.metadata.labels?.[Labels.nodePool]),
      ['good'],
    );
    assert.equal(
      env.cloud.callsOf('getInstanceTypes').some((call) => (call.argument as NodePool).metadata.name === 'heavy'),
      false,
    );
  });

  it('GIVEN one NodePool whose instance types cannot be read WHEN a pod is pending THEN the other pool still provisions', async () => {
    const env = controllerEnv();
    env.state.upsert('nodeClasses', ec2NodeClass('default', {}, READY));
    env.state.upsert('nodePools', nodePool({ metadata: { name: 'first', uid: 'uid-first' }, spec: { weight: 100 } }));
    env.state.upsert('nodePools', nodePool({ metadata: { name: 'second', uid: 'uid-second' } }));
    env.state.upsert('pods', pod({ name: 'web', requests: { cpu: '1' } }));
    env.cloud.failNext('getInstanceTypes', new Error('DescribeInstanceTypes throttled'));
    await runRounds(env);
    assert.deepEqual(
      env.state.snapshot().nodeClaims.map((claim) => claim.metadata.labels?.[Labels.nodePool]),
      ['second'],
    );
  });
});
