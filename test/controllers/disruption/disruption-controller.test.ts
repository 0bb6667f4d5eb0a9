import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DisruptionApproval } from '../../../src/apis/cluster.js';
import type { NodeClaim } from '../../../src/apis/nodeclaim.js';
import type { Budget } from '../../../src/apis/nodepool.js';
import { Taints } from '../../../src/apis/well-known-labels.js';
import { DisruptionController } from '../../../src/controllers/disruption/disruption-controller.js';
import { KubeApiError } from '../../../src/kube/errors.js';
import type { StateNode } from '../../../src/state/state-node.js';
import { bindPod, initializedNode, nodePool, pod, resetNames } from '../../../src/testing/index.js';
import { InMemoryDecisionRepository } from '../../../src/testing/in-memory-decision-repository.js';
import { type ControllerEnv, controllerEnv } from '../harness.js';

interface Setup {
  readonly env: ControllerEnv;
  readonly controller: DisruptionController;
  readonly decisions: InMemoryDecisionRepository;
  tick(ms?: number): Promise<void>;
}

function setup(
  machines: readonly StateNode[],
  options: { budgets?: Budget[]; approval?: DisruptionApproval | (() => DisruptionApproval); consolidateAfter?: string } = {},
): Setup {
  resetNames();
  const env = controllerEnv();
  env.state.upsert(
    'nodePools',
    nodePool({
      metadata: { name: 'default' },
      spec: { disruption: { consolidateAfter: options.consolidateAfter ?? '0s', budgets: options.budgets ?? [{ nodes: '100%' }] } },
    }),
  );
  for (const m of machines) {
    env.state.upsert('nodes', m.node!);
    env.state.upsert('nodeClaims', m.nodeClaim!);
    for (const p of m.pods) env.state.upsert('pods', p);
  }
  const decisions = new InMemoryDecisionRepository();
  const controller = new DisruptionController(env.ctx, {
    decisions,
    cluster: 'sandbox',
    approval: () => (typeof options.approval === 'function' ? options.approval() : (options.approval ?? 'none')),
  });
  return {
    env,
    controller,
    decisions,
    tick: async (ms = 0) => {
      env.clock.advance(ms);
      await controller.reconcile();
    },
  };
}

function emptyMachines(count: number): StateNode[] {
  return Array.from({ length: count }, (_, i) => initializedNode({ name: `n-${String(i).padStart(2, '0')}`, instanceType: 'small' }));
}

function tainted(env: ControllerEnv): string[] {
  return env.state
    .snapshot()
    .nodes.filter((n) => (n.spec.taints ?? []).some((t) => t.key === Taints.disrupted.key))
    .map((n) => n.metadata.name ?? '')
    .sort();
}

function deleted(env: ControllerEnv): string[] {
  return env.kube.callsOf('deleteNodeClaim').map((c) => String(c.args[0]));
}

function initialize(env: ControllerEnv, claim: NodeClaim): void {
  const current = env.state.get('nodeClaims', claim.metadata.name ?? '')!;
  const conditions = [
    { type: 'Launched', status: 'True' as const, lastTransitionTime: '2026-01-01T00:00:00Z' },
    { type: 'Initialized', status: 'True' as const, lastTransitionTime: '2026-01-01T00:00:00Z' },
  ];
  env.state.upsert('nodeClaims', {
    ...current,
    metadata: { ...current.metadata, resourceVersion: '999999' },
    status: { ...current.status, conditions },
  });
}

function busyLarge(): StateNode {
  return initializedNode({ name: 'big', instanceType: 'large', pods: [pod({ name: 'web-0', requests: { cpu: '500m', memory: '1Gi' } })] });
}

describe('DisruptionController', () => {
  it('GIVEN 10 empty nodes and a 30% budget WHEN rounds run THEN 3 are removed per round, after the 15 s validation', async () => {
    const s = setup(emptyMachines(10), { budgets: [{ nodes: '30%' }] });
    await s.tick();
    assert.deepEqual(tainted(s.env), ['n-00', 'n-01', 'n-02']);
    assert.deepEqual(deleted(s.env), [], 'nothing is deleted before the validation delay');
    assert.equal(s.controller.report().disrupting.length, 3);
    assert.ok(s.controller.report().disrupting.every((d) => d.phase === 'validating'));
    await s.tick(10_000);
    assert.deepEqual(tainted(s.env), ['n-00', 'n-01', 'n-02'], 'the next round takes no more: the budget counts the 3 in flight');
    await s.tick(5_000);
    assert.deepEqual(deleted(s.env), ['n-00-claim', 'n-01-claim', 'n-02-claim']);
    assert.equal(s.env.kube.eventsWith('DisruptionTerminating').length, 6, 'on each Node and NodeClaim');
    const metric = await s.env.ctx.metrics.nodeClaimsDisrupted.get();
    assert.equal(metric.values.find((v) => v.labels.reason === 'empty')?.value, 3);
  });

  it('GIVEN a replace WHEN it runs THEN the replacement launches first and the node is deleted only once it is initialized', async () => {
    const s = setup([busyLarge()]);
    await s.tick();
    assert.deepEqual(tainted(s.env), ['big']);
    await s.tick(15_000);
    const created = s.env.kube.callsOf('createNodeClaim');
    assert.equal(created.length, 1, 'one replacement launched');
    assert.deepEqual(deleted(s.env), [], 'not deleted while the replacement is not initialized');
    assert.equal(s.controller.report().disrupting[0].phase, 'launching');
    await s.tick(10_000);
    assert.deepEqual(deleted(s.env), []);
    const replacement = s.env.state.snapshot().nodeClaims.find((c) => c.metadata.name !== 'big-claim')!;
    initialize(s.env, replacement);
    await s.tick(1_000);
    assert.deepEqual(deleted(s.env), ['big-claim']);
    assert.equal(s.env.kube.eventsWith('DisruptionLaunching').length, 1);
  });

  it('GIVEN a marked emptiness command WHEN its node gets a pod within 15 s THEN the command is dropped and the node untainted', async () => {
    const s = setup(emptyMachines(1));
    await s.tick();
    assert.deepEqual(tainted(s.env), ['n-00']);
    s.env.state.upsert('pods', bindPod(pod({ name: 'late' }), 'n-00'));
    await s.tick(15_000);
    assert.deepEqual(deleted(s.env), []);
    assert.deepEqual(tainted(s.env), []);
    assert.ok(s.env.logger.lines.some((l) => l.message === 'disruption command dropped' && /pod churn/.test(String(l.fields.reason))));
  });

  it('GIVEN a replace WHEN launching the replacement fails THEN it rolls back: node untainted, nothing deleted', async () => {
    const s = setup([busyLarge()]);
    await s.tick();
    s.env.kube.failNext('createNodeClaim', new KubeApiError('quota', 500, 'InternalError'));
    await s.tick(15_000);
    assert.deepEqual(deleted(s.env), []);
    assert.deepEqual(tainted(s.env), []);
    assert.deepEqual(s.controller.report().disrupting, []);
  });

  it('GIVEN a launched replacement WHEN it is not initialized within 10 min THEN the replacement is deleted and the node untainted', async () => {
    const s = setup([busyLarge()]);
    await s.tick();
    await s.tick(15_000);
    const replacement = s.env.state.snapshot().nodeClaims.find((c) => c.metadata.name !== 'big-claim')!;
    await s.tick(600_001);
    assert.deepEqual(deleted(s.env), [replacement.metadata.name]);
    assert.ok(!tainted(s.env).includes('big'));
  });

  it('GIVEN a node tainted by a command a restart forgot WHEN the controller runs THEN it untaints it', async () => {
    const [machine] = emptyMachines(1);
    const node = { ...machine.node!, spec: { ...machine.node!.spec, taints: [{ ...Taints.disrupted }] } };
    const s = setup([{ ...machine, node }], { consolidateAfter: 'Never' });
    await s.tick();
    assert.deepEqual(tainted(s.env), []);
  });

  it('GIVEN approval none WHEN an emptiness command runs THEN no Decision is created', async () => {
    const s = setup(emptyMachines(1), { approval: 'none' });
    await s.tick();
    await s.tick(15_000);
    assert.deepEqual(deleted(s.env), ['n-00-claim']);
    assert.equal((await s.decisions.list()).length, 0);
  });

  it('GIVEN approval drift WHEN an emptiness command runs THEN it does not wait', async () => {
    const s = setup(emptyMachines(1), { approval: 'drift' });
    await s.tick();
    assert.deepEqual(tainted(s.env), ['n-00']);
    assert.equal((await s.decisions.list()).length, 0);
  });

  it('GIVEN approval all WHEN a command is planned THEN a pending Decision waits, untainted; approved THEN it runs and is applied', async () => {
    const s = setup(emptyMachines(2), { approval: 'all' });
    await s.tick();
    const [decision] = await s.decisions.list();
    assert.equal(decision.spec.kind, 'consolidation');
    assert.equal(decision.status?.state, 'pending');
    assert.equal(decision.status?.heldBy, 'person');
    assert.equal(decision.spec.disruption?.remove.length, 2);
    assert.deepEqual(tainted(s.env), [], 'not tainted while waiting');
    assert.equal(s.controller.report().disrupting[0].phase, 'waiting-approval');
    await s.tick(10_000);
    assert.equal((await s.decisions.list()).length, 1, 'the same command is not asked for twice');
    await s.decisions.updateStatus(decision.metadata.name ?? '', (d) => ({ ...d.status!, state: 'approved' }));
    await s.tick(1_000);
    assert.deepEqual(tainted(s.env), ['n-00', 'n-01']);
    await s.tick(15_000);
    assert.deepEqual(deleted(s.env), ['n-00-claim', 'n-01-claim']);
    assert.equal((await s.decisions.get(decision.metadata.name ?? ''))?.status?.state, 'applied');
  });

  it('GIVEN a pending Decision under approval all WHEN the cluster relaxes approval to none THEN the Decision is superseded and the next round carries the command out without one', async () => {
    let approval: DisruptionApproval = 'all';
    const s = setup(emptyMachines(2), { approval: () => approval });
    await s.tick();
    const [decision] = await s.decisions.list();
    assert.equal(decision.status?.state, 'pending');
    approval = 'none';
    await s.tick(1_000);
    const after = await s.decisions.get(decision.metadata.name ?? '');
    assert.equal(after?.status?.state, 'superseded');
    assert.match(after?.status?.message ?? '', /approval is no longer required \(spec\.disruption\.approval: none\)/);
    await s.tick(10_000);
    assert.deepEqual(tainted(s.env), ['n-00', 'n-01'], 'planned again and marked, without a Decision');
    assert.equal((await s.decisions.list()).length, 1, 'no new Decision');
    await s.tick(15_000);
    assert.deepEqual(deleted(s.env), ['n-00-claim', 'n-01-claim']);
  });

  it('GIVEN two pending Decisions and a budget of 1 WHEN both are approved THEN the second waits, approved, until the first is done, then runs', async () => {
    const s = setup(emptyMachines(2), { approval: 'all', budgets: [{ nodes: '1' }] });
    await s.tick();
    await s.tick(10_000);
    const pending = await s.decisions.list();
    assert.equal(pending.length, 2, 'each node waits in its own Decision: waiting uses no budget');
    for (const d of pending) await s.decisions.updateStatus(d.metadata.name ?? '', (c) => ({ ...c.status!, state: 'approved' }));
    await s.tick(1_000);
    assert.equal(tainted(s.env).length, 1, 'the budget lets one through');
    const states = async () => (await s.decisions.list()).map((d) => d.status?.state).sort();
    await s.tick(15_000);
    assert.equal(deleted(s.env).length, 1);
    assert.deepEqual(await states(), ['applied', 'approved'], 'the second is neither superseded nor failed while the budget is used');
    const [first] = deleted(s.env);
    const node = first.replace(/-claim$/, '');
    // The termination flow finishes: the claim and its node are gone.
    const claim = s.env.state.get('nodeClaims', first);
    if (claim !== undefined) s.env.state.remove('nodeClaims', claim);
    const gone = s.env.state.get('nodes', node);
    if (gone !== undefined) s.env.state.remove('nodes', gone);
    await s.tick(10_000);
    assert.equal(tainted(s.env).length, 1, 'the budget is free again: the second is marked');
    await s.tick(15_000);
    assert.equal(deleted(s.env).length, 2);
    assert.deepEqual(await states(), ['applied', 'applied']);
  });

  it('GIVEN a node-drift Decision waiting under approval drift WHEN its node empties THEN it is superseded and emptiness removes the node without a person', async () => {
    const drifted = { type: 'Drifted', status: 'True' as const, lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'NodePoolDrifted' };
    const web = pod({ name: 'web-0', requests: { cpu: '100m', memory: '128Mi' } });
    const s = setup(
      [
        initializedNode({ name: 'd', instanceType: 'small', conditions: [drifted], consolidatable: false, pods: [web] }),
        initializedNode({ name: 'big', instanceType: 'large', consolidatable: false, pods: [pod({ name: 'db-0' })] }),
      ],
      { approval: 'drift' },
    );
    await s.tick();
    const [decision] = await s.decisions.list();
    assert.equal(decision?.spec.kind, 'node-drift');
    assert.equal(decision.status?.state, 'pending');
    // The pod goes away and consolidateAfter passes: the node is empty and consolidatable now.
    const placed = s.env.state.snapshot().pods.find((p) => p.metadata.name === 'web-0');
    if (placed !== undefined) s.env.state.remove('pods', placed);
    const claim = s.env.state.get('nodeClaims', 'd-claim')!;
    s.env.state.upsert('nodeClaims', {
      ...claim,
      status: {
        ...claim.status,
        conditions: [
          ...(claim.status?.conditions ?? []).filter((c) => c.type !== 'Consolidatable'),
          { type: 'Consolidatable', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' },
        ],
      },
    });
    await s.tick(10_000);
    const after = await s.decisions.get(decision.metadata.name ?? '');
    assert.equal(after?.status?.state, 'superseded');
    assert.match(after?.status?.message ?? '', /empty now/);
    await s.tick(10_000);
    assert.deepEqual(tainted(s.env), ['d'], 'emptiness marks it, no Decision needed');
    assert.equal((await s.decisions.list()).length, 1);
  });

  it('GIVEN a pending Decision WHEN the cluster changes so it no longer holds THEN it is superseded with the reason', async () => {
    const s = setup(emptyMachines(1), { approval: 'all' });
    await s.tick();
    const [decision] = await s.decisions.list();
    s.env.state.upsert('pods', bindPod(pod({ name: 'late' }), 'n-00'));
    await s.tick(10_000);
    const after = await s.decisions.get(decision.metadata.name ?? '');
    assert.equal(after?.status?.state, 'superseded');
    assert.match(after?.status?.message ?? '', /no longer holds/);
    assert.deepEqual(s.controller.report().disrupting, []);
  });

  it('GIVEN a pending Decision no command holds (a restart) WHEN a round plans otherwise THEN it is superseded', async () => {
    const s = setup(emptyMachines(1), { approval: 'all' });
    await s.tick();
    const [decision] = await s.decisions.list();
    const restarted = new DisruptionController(s.env.ctx, { decisions: s.decisions, cluster: 'sandbox', approval: () => 'all' });
    await restarted.reconcile();
    assert.equal((await s.decisions.get(decision.metadata.name ?? ''))?.status?.state, 'pending', 'the same command adopts it');
    s.env.state.upsert('pods', bindPod(pod({ name: 'late' }), 'n-00'));
    const again = new DisruptionController(s.env.ctx, { decisions: s.decisions, cluster: 'sandbox', approval: () => 'all' });
    await again.reconcile();
    assert.equal((await s.decisions.get(decision.metadata.name ?? ''))?.status?.state, 'superseded');
  });

  it('GIVEN a node no consolidation can remove WHEN rounds run THEN one Unconsolidatable Event per object until the message changes, and the metrics are published', async () => {
    const s = setup([
      initializedNode({
        name: 'busy',
        instanceType: 'small',
        capacityType: 'spot',
        pods: [pod({ name: 'db-0', requests: { cpu: '1', memory: '1Gi' } })],
      }),
    ]);
    await s.tick();
    await s.tick(10_000);
    const events = s.env.kube.eventsWith('Unconsolidatable');
    assert.equal(events.length, 2, 'on the Node and the NodeClaim, once');
    assert.equal(events[0].message, s.controller.report().verdicts[0].message);
    const budgets = await s.env.ctx.metrics.disruptionBudgetsAllowed.get();
    assert.equal(budgets.values.find((v) => v.labels.nodepool === 'default' && v.labels.reason === 'underutilized')?.value, 1);
    const eligible = await s.env.ctx.metrics.disruptionEligibleNodes.get();
    assert.equal(eligible.values.find((v) => v.labels.reason === 'underutilized')?.value, 1);
    assert.ok(s.controller.report().generatedAt !== undefined);
  });

  it('GIVEN approval all WHEN the Decision repository cannot be reached THEN nothing is disrupted and the next round asks again', async () => {
    const s = setup(emptyMachines(1), { approval: 'all' });
    s.decisions.failNext(new Error('connection refused'));
    await s.tick();
    assert.deepEqual(tainted(s.env), []);
    assert.deepEqual(s.controller.report().disrupting, []);
    await s.tick(10_000);
    assert.equal((await s.decisions.list()).length, 1);
  });
});
