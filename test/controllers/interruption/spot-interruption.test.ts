/** Spot interruption handling: mark the offering, launch the replacement before the drain, force the drain by the deadline. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../src/apis/core-v1.js';
import type { NodeClaim } from '../../../src/apis/nodeclaim.js';
import { Annotations } from '../../../src/apis/well-known-labels.js';
import { type InterruptionEvent, interruptionAction, parseAwsProviderID } from '../../../src/cloudprovider/types.js';
import { InterruptionController } from '../../../src/controllers/interruption/interruption-controller.js';
import { nodePool, pods } from '../../../src/testing/builders.js';
import { initializedNode } from '../../../src/testing/disruption.js';
import { type ControllerEnv, controllerEnv } from '../harness.js';

const NOTICE = new Date('2026-01-01T00:00:00Z');
const DEADLINE = '2026-01-01T00:02:00Z';

/** A spot node of `spark-batch` (a `large` in test-zone-1; its Node has 4 cpu) with `podCount` 1-cpu pods, in the env's state. */
function spotNode(env: ControllerEnv, name: string, podCount: number): NodeClaim {
  const machine = initializedNode({
    name,
    pool: 'spark-batch',
    instanceType: 'large',
    zone: 'test-zone-1',
    capacityType: 'spot',
    pods: pods(podCount, { requests: { cpu: '1', memory: '1Gi' } }),
  });
  const claim: NodeClaim = {
    ...machine.nodeClaim!,
    metadata: { ...machine.nodeClaim!.metadata, finalizers: ['karpenter.sh/termination'] },
  };
  env.state.upsert('nodes', machine.node!);
  env.state.upsert('nodeClaims', claim);
  for (const pod of machine.pods) env.state.upsert('pods', pod);
  return claim;
}

function setup(podCount = 5): { env: ControllerEnv; claim: NodeClaim; controller: InterruptionController } {
  const env = controllerEnv();
  env.state.upsert('nodePools', nodePool({ metadata: { name: 'spark-batch' } }));
  const claim = spotNode(env, 'ip-10-0-1-5', podCount);
  return { env, claim, controller: new InterruptionController(env.ctx, { subscribe: () => () => undefined }) };
}

function notice(kind: InterruptionEvent['kind'], claim: NodeClaim, id = `msg-${kind}`): InterruptionEvent {
  const instanceID = parseAwsProviderID(claim.status?.providerID ?? '')?.instanceID ?? '';
  return { id, kind, action: interruptionAction(kind), instanceIDs: [instanceID], time: NOTICE };
}

function methodOrder(env: ControllerEnv): string[] {
  return env.kube.calls.map((call) => call.method).filter((m) => m === 'createNodeClaim' || m === 'deleteNodeClaim');
}

async function counter(env: ControllerEnv, metric: 'interruptionReceivedMessages' | 'interruptionDeletedMessages'): Promise<number> {
  const { values } = await env.ctx.metrics[metric].get();
  return values.reduce((sum, value) => sum + value.value, 0);
}

describe('spot interruption handling', () => {
  it('GIVEN a spot interruption for a node with 5 pods WHEN handled THEN the offering is unavailable, one replacement is created before the claim is deleted, and the claim carries the termination timestamp notice + 2 min', async () => {
    const { env, claim, controller } = setup();
    await controller.handle(notice('spot_interrupted', claim));

    assert.deepEqual(
      env.cloud.callsOf('markOfferingUnavailable').map((call) => call.argument),
      [{ instanceType: 'large', zone: 'test-zone-1', capacityType: 'spot' }],
    );
    const types = await env.cloud.getInstanceTypes(nodePool({ metadata: { name: 'spark-batch' } }));
    const offering = types.find((t) => t.name === 'large')?.offerings.find((o) => o.zone === 'test-zone-1' && o.capacityType === 'spot');
    assert.equal(offering?.available, false);

    assert.deepEqual(methodOrder(env), ['createNodeClaim', 'deleteNodeClaim']);
    const deleted = env.state.get('nodeClaims', claim.metadata.name ?? '');
    assert.notEqual(deleted?.metadata.deletionTimestamp, undefined);
    assert.equal(deleted?.metadata.annotations?.[Annotations.nodeClaimTerminationTimestamp], DEADLINE);

    const [record] = controller.history();
    assert.equal(record.action, 'deleted');
    assert.equal(record.deadline, '2026-01-01T00:02:00.000Z');
    assert.equal(record.replacements.length, 1);
    const replacement = env.state.get('nodeClaims', record.replacements[0]);
    assert.equal(replacement?.metadata.labels?.['karpenter.sh/nodepool'], 'spark-batch');
    assert.deepEqual(
      record.actions.map((a) => a.what),
      [
        'marked large spot test-zone-1 unavailable',
        `launched replacement ${record.replacements[0]}`,
        `cordoned and draining ip-10-0-1-5 (forced by ${DEADLINE})`,
      ],
    );
    assert.ok(record.actions.every((a) => a.at === NOTICE.toISOString()));
    assert.equal(await counter(env, 'interruptionReceivedMessages'), 1);
    assert.equal(await counter(env, 'interruptionDeletedMessages'), 1);
  });

  it('GIVEN the replacement WHEN the cloud launches it THEN it is not on the interrupted offering', async () => {
    const { env, claim, controller } = setup();
    await controller.handle(notice('spot_interrupted', claim));
    const replacement = env.state.get('nodeClaims', controller.history()[0].replacements[0]);
    assert.ok(replacement !== undefined);
    const launched = await env.cloud.create(replacement);
    const labels = launched.metadata.labels ?? {};
    const offering = `${labels['node.kubernetes.io/instance-type']} ${labels['karpenter.sh/capacity-type']} ${labels['topology.kubernetes.io/zone']}`;
    assert.notEqual(offering, 'large spot test-zone-1');
  });

  it('GIVEN creating the replacement fails WHEN handled THEN the claim is still drained with its deadline and the failure is an action and a warning', async () => {
    const { env, claim, controller } = setup();
    env.kube.failWhen('createNodeClaim', () => true, new Error('nodeclaims is forbidden'));
    await controller.handle(notice('spot_interrupted', claim));
    const deleted = env.state.get('nodeClaims', claim.metadata.name ?? '');
    assert.notEqual(deleted?.metadata.deletionTimestamp, undefined);
    assert.equal(deleted?.metadata.annotations?.[Annotations.nodeClaimTerminationTimestamp], DEADLINE);
    const [record] = controller.history();
    assert.deepEqual(record.replacements, []);
    assert.match(record.actions[1].what, /^replacement launch failed \(the drain goes ahead\): nodeclaims is forbidden$/);
    assert.match(record.actions[2].what, /^cordoned and draining ip-10-0-1-5/);
    assert.equal(env.logger.lines.filter((l) => l.level === 'warn' && /replacement/.test(l.message)).length, 1);
  });

  it('GIVEN the delete fails once WHEN the event is redelivered THEN the replacement is launched only once and the record keeps its actions', async () => {
    const { env, claim, controller } = setup();
    const undo = env.kube.failWhen('deleteNodeClaim', () => true, new Error('connection reset'));
    await assert.rejects(controller.handle(notice('spot_interrupted', claim)), /not handled; retry later/);
    undo();
    await controller.handle(notice('spot_interrupted', claim));
    assert.equal(env.kube.callsOf('createNodeClaim').length, 1);
    const [record] = controller.history();
    assert.equal(record.replacements.length, 1);
    assert.ok(record.actions.some((a) => a.what === `launched replacement ${record.replacements[0]}`));
    assert.equal(await counter(env, 'interruptionReceivedMessages'), 2);
    assert.equal(await counter(env, 'interruptionDeletedMessages'), 1);
  });

  it('GIVEN another node with room for the pods WHEN a spot interruption is handled THEN no replacement is launched and the record says why', async () => {
    const { env, claim, controller } = setup(3);
    spotNode(env, 'ip-10-0-2-7', 0);
    await controller.handle(notice('spot_interrupted', claim));
    assert.deepEqual(methodOrder(env), ['deleteNodeClaim']);
    assert.equal(controller.history()[0].actions[1].what, 'no replacement needed: its 3 pods fit on other nodes');
  });

  it('GIVEN a node with only a DaemonSet pod WHEN a spot interruption is handled THEN there is nothing to replace', async () => {
    const { env, controller } = setup(0);
    const claim = spotNode(env, 'ip-10-0-3-9', 0);
    const daemon: Pod = {
      ...pods(1, { nodeName: 'ip-10-0-3-9' })[0],
      metadata: {
        name: 'fluentd',
        namespace: 'kube-system',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'f', uid: 'f' }],
      },
    };
    env.state.upsert('pods', daemon);
    await controller.handle(notice('spot_interrupted', claim));
    assert.equal(env.kube.callsOf('createNodeClaim').length, 0);
    assert.equal(controller.history()[0].actions[1].what, 'no replacement needed: no pods to move');
  });

  it('GIVEN a notice sent 3 s before karpd sees it WHEN handled THEN the queue duration observes 3 s', async () => {
    const { env, claim, controller } = setup();
    env.clock.advance(3_000);
    await controller.handle(notice('spot_interrupted', claim));
    const { values } = await env.ctx.metrics.interruptionMessageQueueDuration.get();
    assert.equal(values.find((v) => v.metricName === 'karpenter_interruption_message_queue_duration_seconds_sum')?.value, 3);
    assert.equal(controller.history()[0].deadline, '2026-01-01T00:02:00.000Z', 'the deadline counts from when the notice was sent');
  });

  it('GIVEN a rebalance recommendation WHEN handled THEN there is an Event only: no mark, no replacement, no delete', async () => {
    const { env, claim, controller } = setup();
    await controller.handle(notice('rebalance_recommendation', claim));
    assert.equal(env.kube.eventsWith('SpotRebalanceRecommendation').length, 1);
    assert.deepEqual(methodOrder(env), []);
    assert.equal(env.kube.callsOf('patchNodeClaimMetadata').length, 0);
    assert.equal(env.cloud.callsOf('markOfferingUnavailable').length, 0);
    const [record] = controller.history();
    assert.equal(record.action, 'recorded');
    assert.deepEqual(record.actions, []);
    assert.equal(record.deadline, undefined);
  });

  for (const kind of ['scheduled_change', 'instance_stopped', 'instance_terminated'] as const) {
    it(`GIVEN a ${kind.replaceAll('_', ' ')} notice WHEN handled THEN the claim is drained without marking an offering, a replacement or a deadline`, async () => {
      const { env, claim, controller } = setup();
      await controller.handle(notice(kind, claim));
      assert.deepEqual(methodOrder(env), ['deleteNodeClaim']);
      assert.equal(env.cloud.callsOf('markOfferingUnavailable').length, 0);
      const deleted = env.state.get('nodeClaims', claim.metadata.name ?? '');
      assert.equal(deleted?.metadata.annotations?.[Annotations.nodeClaimTerminationTimestamp], undefined);
      assert.deepEqual(
        controller.history()[0].actions.map((a) => a.what),
        ['cordoned and draining ip-10-0-1-5'],
      );
    });
  }

  it('GIVEN a claim already being deleted WHEN a spot interruption is handled THEN only the offering is marked: no replacement, no second delete', async () => {
    const { env, claim, controller } = setup();
    await env.kube.deleteNodeClaim(claim.metadata.name ?? '');
    await controller.handle(notice('spot_interrupted', env.state.get('nodeClaims', claim.metadata.name ?? '')!));
    assert.deepEqual(methodOrder(env), ['deleteNodeClaim']);
    const [record] = controller.history();
    assert.equal(record.action, 'recorded');
    assert.deepEqual(
      record.actions.map((a) => a.what),
      ['marked large spot test-zone-1 unavailable'],
    );
  });

  it('GIVEN a claim with an earlier termination timestamp WHEN a spot interruption is handled THEN the earlier deadline is kept', async () => {
    const { env, claim, controller } = setup();
    await env.kube.patchNodeClaimMetadata(claim.metadata.name ?? '', {
      annotations: { [Annotations.nodeClaimTerminationTimestamp]: '2026-01-01T00:01:00Z' },
    });
    const fresh = env.state.get('nodeClaims', claim.metadata.name ?? '')!;
    await controller.handle(notice('spot_interrupted', fresh));
    assert.equal(
      env.state.get('nodeClaims', claim.metadata.name ?? '')?.metadata.annotations?.[Annotations.nodeClaimTerminationTimestamp],
      '2026-01-01T00:01:00Z',
    );
  });
});
