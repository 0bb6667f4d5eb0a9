/** The simulated kube-scheduler's decisions: which node a pod binds to, and the Unschedulable message when none fits. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planScheduling, unschedulableMessage } from '../../../src/sim/cluster/placement.js';
import { pod, poolNode, poolPod, readyNode } from './builders.js';

const bound = (plan: ReturnType<typeof planScheduling>) => Object.fromEntries(plan.bindings.map((b) => [b.pod.metadata.name, b.nodeName]));
const why = (plan: ReturnType<typeof planScheduling>, name: string) =>
  plan.unschedulable.find((u) => u.pod.metadata.name === name)?.message;

describe('planScheduling', () => {
  it('binds a pool pod to its pool node and not to another pool', () => {
    const plan = planScheduling({
      nodes: [poolNode('trino-1', 'trino-xsmall'), poolNode('airflow-1', 'airflow-worker')],
      pods: [poolPod('worker', 'airflow-worker')],
    });
    assert.deepEqual(bound(plan), { worker: 'airflow-1' });
  });

  it('reports a pod without the toleration as Unschedulable, naming the untolerated taint', () => {
    const plan = planScheduling({ nodes: [poolNode('airflow-1', 'airflow-worker')], pods: [pod('plain')] });
    assert.equal(
      why(plan, 'plain'),
      '0/1 nodes are available: 1 node(s) had untolerated taint {airflow-worker: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
  });

  it('counts each reason over the nodes, sorted, and each insufficient resource separately', () => {
    const nodes = [
      poolNode('a', 'airflow-worker'),
      poolNode('t', 'trino-xsmall'),
      readyNode('small', { labels: { NodePool: 'airflow-worker' }, allocatable: { cpu: '1', memory: '1Gi', pods: '110' } }),
    ];
    const plan = planScheduling({
      nodes,
      pods: [
        pod('big', {
          cpu: '4',
          memory: '16Gi',
          nodeSelector: { NodePool: 'airflow-worker' },
          spec: { tolerations: [{ key: 'airflow-worker', operator: 'Exists' }] },
        }),
      ],
    });
    assert.equal(
      why(plan, 'big'),
      '0/3 nodes are available: 1 node(s) had untolerated taint {trino-xsmall: }, 2 Insufficient cpu, 2 Insufficient memory. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('with no nodes says so', () => {
    assert.equal(why(planScheduling({ nodes: [], pods: [pod('p')] }), 'p'), 'no nodes available to schedule pods');
  });

  it('skips nodes that are not Ready, cordoned or being deleted', () => {
    const deleting = { ...readyNode('d'), metadata: { ...readyNode('d').metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    const plan = planScheduling({
      nodes: [readyNode('n', { ready: false }), readyNode('c', { unschedulable: true }), deleting],
      pods: [pod('p')],
    });
    assert.deepEqual(plan.bindings, []);
    assert.match(why(plan, 'p') ?? '', /1 node\(s\) were being deleted, 1 node\(s\) were not ready, 1 node\(s\) were unschedulable/);
  });

  it('reports a booting node by its not-ready taint, as kube-scheduler does', () => {
    const booting = readyNode('b', { ready: false, taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] });
    assert.match(
      why(planScheduling({ nodes: [booting], pods: [pod('p')] }), 'p') ?? '',
      /1 node\(s\) had untolerated taint \{node.kubernetes.io\/not-ready: \}/,
    );
  });

  it('counts pods bound earlier in the same pass: the third 900m pod does not fit a 2-CPU node', () => {
    const plan = planScheduling({
      nodes: [readyNode('n')],
      pods: ['a', 'b', 'c'].map((name, i) => pod(name, { cpu: '900m', created: `2026-01-01T00:00:0${i}Z` })),
    });
    assert.deepEqual(bound(plan), { a: 'n', b: 'n' });
    assert.match(why(plan, 'c') ?? '', /1 Insufficient cpu/);
  });

  it('schedules higher priority first, then older first', () => {
    const pods = [
      pod('old', { cpu: '1500m', created: '2026-01-01T00:00:00Z' }),
      pod('urgent', { cpu: '1500m', created: '2026-01-01T00:00:05Z', spec: { priority: 100 } }),
    ];
    assert.deepEqual(bound(planScheduling({ nodes: [readyNode('n')], pods })), { urgent: 'n' });
  });

  it('packs onto the fuller node by default and spreads with LeastAllocated', () => {
    const nodes = [readyNode('empty'), readyNode('busy')];
    const pods = [pod('running', { nodeName: 'busy', cpu: '1' }), pod('new')];
    assert.deepEqual(bound(planScheduling({ nodes, pods })), { new: 'busy' });
    assert.deepEqual(bound(planScheduling({ nodes, pods, scoring: 'LeastAllocated' })), { new: 'empty' });
  });

  it('binds to the nominated node when it fits, even if another node scores higher', () => {
    const nodes = [readyNode('empty'), readyNode('busy')];
    const pods = [pod('running', { nodeName: 'busy', cpu: '1' }), pod('new', { status: { phase: 'Pending', nominatedNodeName: 'empty' } })];
    const plan = planScheduling({ nodes, pods });
    assert.deepEqual(bound(plan), { new: 'empty' });
    assert.equal(plan.bindings[0].nominated, true);
  });

  it('respects required node affinity (terms ORed) and Gt on numeric labels', () => {
    const nodes = [
      readyNode('small', { labels: { 'karpenter.k8s.aws/instance-cpu': '2' } }),
      readyNode('large', { labels: { 'karpenter.k8s.aws/instance-cpu': '8' } }),
    ];
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'karpenter.k8s.aws/instance-cpu', operator: 'Gt' as const, values: ['4'] }] }],
        },
      },
    };
    assert.deepEqual(bound(planScheduling({ nodes, pods: [pod('p', { spec: { affinity } })] })), { p: 'large' });
  });

  it("keeps pods with hostname anti-affinity on different nodes (the placed pods' own rule is checked first)", () => {
    const anti = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'trino' } } },
        ],
      },
    };
    const pods = ['t1', 't2', 't3'].map((name, i) =>
      pod(name, { labels: { app: 'trino' }, created: `2026-01-01T00:00:0${i}Z`, spec: { affinity: anti } }),
    );
    const plan = planScheduling({ nodes: [readyNode('a'), readyNode('b')], pods });
    assert.deepEqual(new Set(Object.values(bound(plan))), new Set(['a', 'b']));
    assert.match(why(plan, 't3') ?? '', /2 node\(s\) didn't satisfy existing pods anti-affinity rules/);
  });

  it("honours existing pods' anti-affinity against the incoming pod", () => {
    const anti = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { noisy: 'yes' } } },
        ],
      },
    };
    const pods = [pod('quiet', { nodeName: 'a', spec: { affinity: anti } }), pod('noisy', { labels: { noisy: 'yes' } })];
    assert.deepEqual(bound(planScheduling({ nodes: [readyNode('a'), readyNode('b')], pods })), { noisy: 'b' });
  });

  it('spreads over zones with DoNotSchedule topology spread and refuses beyond maxSkew', () => {
    const nodes = [
      readyNode('a1', { labels: { 'topology.kubernetes.io/zone': 'a' } }),
      readyNode('b1', { labels: { 'topology.kubernetes.io/zone': 'b' } }),
    ];
    const spread = [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule' as const,
        labelSelector: { matchLabels: { app: 'web' } },
      },
    ];
    const existing = [pod('w0', { labels: { app: 'web' }, nodeName: 'a1' }), pod('w1', { labels: { app: 'web' }, nodeName: 'a1' })];
    const full = readyNode('b1', {
      labels: { 'topology.kubernetes.io/zone': 'b' },
      allocatable: { cpu: '100m', memory: '1Gi', pods: '110' },
    });
    const plan = planScheduling({
      nodes: [nodes[0], full],
      pods: [...existing.slice(0, 1), pod('w2', { labels: { app: 'web' }, spec: { topologySpreadConstraints: spread } })],
    });
    assert.match(why(plan, 'w2') ?? '', /1 node\(s\) didn't match pod topology spread constraints/);
    assert.deepEqual(
      bound(
        planScheduling({
          nodes,
          pods: [...existing.slice(0, 1), pod('w2', { labels: { app: 'web' }, spec: { topologySpreadConstraints: spread } })],
        }),
      ),
      { w2: 'b1' },
    );
  });

  it('does not touch bound, finished, terminating or foreign-scheduler pods, nor pods it assumed bound', () => {
    const pods = [
      pod('bound', { nodeName: 'n' }),
      pod('done', { status: { phase: 'Succeeded' } }),
      { ...pod('deleting'), metadata: { ...pod('deleting').metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } },
      pod('other', { spec: { schedulerName: 'volcano' } }),
      pod('assumed', { cpu: '1' }),
      pod('next', { cpu: '1', created: '2026-01-01T00:00:09Z' }),
    ];
    const plan = planScheduling({ nodes: [readyNode('n')], pods, assumed: new Map([['default/assumed', 'n']]) });
    assert.deepEqual(
      plan.bindings.map((b) => b.pod.metadata.name),
      [],
    );
    assert.deepEqual(
      plan.unschedulable.map((u) => u.pod.metadata.name),
      ['next'],
    );
  });

  it('formats reasons like kube-scheduler', () => {
    assert.equal(
      unschedulableMessage(2, new Map([['Insufficient memory', 2]])),
      '0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });
});

describe('pod anti-affinity of the incoming pod alone', () => {
  it('refuses the node holding a pod it must avoid', () => {
    const anti = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } },
        ],
      },
    };
    const plan = planScheduling({
      nodes: [readyNode('a')],
      pods: [pod('db', { nodeName: 'a', labels: { app: 'db' } }), pod('app', { spec: { affinity: anti } })],
    });
    assert.match(why(plan, 'app') ?? '', /1 node\(s\) didn't match pod anti-affinity rules/);
  });

  it('lets the first pod of a self-affine group in, then keeps the group together', () => {
    const affinity = {
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'spark' } } },
        ],
      },
    };
    const pods = ['s1', 's2'].map((name, i) =>
      pod(name, { labels: { app: 'spark' }, cpu: '100m', created: `2026-01-01T00:00:0${i}Z`, spec: { affinity } }),
    );
    const plan = planScheduling({ nodes: [readyNode('a'), readyNode('b')], pods, scoring: 'LeastAllocated' });
    assert.equal(new Set(plan.bindings.map((b) => b.nodeName)).size, 1);
  });
});
