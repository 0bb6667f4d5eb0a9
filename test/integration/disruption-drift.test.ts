/**
 * Issue #12 end to end: drift. `startEmbeddedStack` (what `npm start` runs) with running pods on several nodes; a
 * commit to the GitOps repository adds a label to a NodePool's template, which changes the pool's hash and drifts
 * its nodes (karpenter-semantics.md §5.1, §4.7).
 *
 * - sandbox (`spec.disruption.approval: drift`): each drifted node becomes a pending node-drift Decision with its
 *   plan, and nothing is tainted or replaced until a person approves one through the agent API; then that node is
 *   replaced (its replacement Initialized before the old claim is deleted) and the Decision ends applied.
 * - lab (`approval: none`): the drifted nodes are replaced on their own, never more at once than the pool's
 *   Drifted budget allows, until no claim is Drifted.
 *
 * Both keep every pod of the workload running (or pending while its new node comes) and leak no instance.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Node, Pod } from '../../src/apis/core-v1.js';
import type { Decision } from '../../src/apis/decision.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import { Labels, Taints } from '../../src/apis/well-known-labels.js';
import { silentLogger } from '../../src/kube/logger.js';
import type { RestClient } from '../../src/kube/rest-client.js';
import { callAgent } from '../../src/operator/agent-client.js';
import { realClock } from '../../src/operator/clock.js';
import { type EmbeddedStack, startEmbeddedStack } from '../../src/operator/embedded-stack.js';
import { eventually } from '../../src/testing/eventually.js';
import { GitOpsScenario, type ClusterName } from './gitops-stack-harness.js';
import { leakedInstances } from './stack-harness.js';

const REPLICAS = 3;
const DISRUPTION_INTERVAL_MS = 1000;

/** A Deployment of 1.2-cpu workers on `pool`: one per 2-vCPU node, so each node's pod fits on no other node. */
function deployment(pool: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'worker', namespace: 'default' },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: 'worker' } },
      template: {
        metadata: { labels: { app: 'worker' } },
        spec: {
          nodeSelector: { NodePool: pool },
          tolerations: [{ key: pool, operator: 'Exists', effect: 'NoSchedule' }],
          containers: [{ name: 'worker', image: 'worker', resources: { requests: { cpu: '1200m', memory: '1Gi' } } }],
        },
      },
    },
  };
}

/** The embedded stack of one cluster with test timings (fast boots, Git fetched every 300 ms, a round a second). */
function startStack(stateDir: string, cluster: ClusterName): Promise<EmbeddedStack> {
  return startEmbeddedStack({
    stateDir,
    cluster,
    workload: 'none',
    bootDelayMs: 300,
    gitIntervalMs: 300,
    disruptionIntervalMs: DISRUPTION_INTERVAL_MS,
    clock: realClock(),
    logger: silentLogger,
  });
}

async function list<T>(rest: RestClient, path: string): Promise<T[]> {
  return (await rest.request<{ items: T[] }>({ method: 'GET', path })).items;
}

/** What one look at the cluster saw of the pool and the workload. */
interface Sample {
  readonly claims: NodeClaim[];
  readonly nodes: Node[];
  readonly pods: Pod[];
}

async function sample(rest: RestClient, pool: string): Promise<Sample> {
  const [claims, nodes, pods] = await Promise.all([
    list<NodeClaim>(rest, '/apis/karpenter.sh/v1/nodeclaims'),
    list<Node>(rest, '/api/v1/nodes'),
    list<Pod>(rest, '/api/v1/namespaces/default/pods'),
  ]);
  return {
    claims: claims.filter((c) => c.metadata.labels?.[Labels.nodePool] === pool),
    nodes,
    pods: pods.filter((p) => p.metadata.labels?.app === 'worker'),
  };
}

const isTrue = (claim: NodeClaim, type: string) => claim.status?.conditions?.some((c) => c.type === type && c.status === 'True') === true;

function tainted(s: Sample): string[] {
  return s.nodes
    .filter((n) => (n.spec.taints ?? []).some((t) => t.key === Taints.disrupted.key && t.effect === Taints.disrupted.effect))
    .map((n) => n.metadata.name ?? '');
}

/** The pool's claims being disrupted: deleting, or their Node marked `karpenter.sh/disrupted` by a command. */
function disrupting(s: Sample): string[] {
  const marked = new Set(tainted(s));
  return s.claims
    .filter((c) => c.metadata.deletionTimestamp !== undefined || marked.has(c.status?.nodeName ?? ''))
    .map((c) => c.metadata.name ?? '');
}

/**
 * The workload keeps running: every replica is Running, or Pending while a node of the pool that has no worker yet
 * is coming or ready for it (a replacement); never more Pending than such nodes.
 */
function workloadProblem(s: Sample): string | undefined {
  // A worker being evicted still runs until it has stopped; its ReplicaSet has already asked for the next one.
  const running = s.pods.filter((p) => p.status?.phase === 'Running');
  const pending = s.pods.filter((p) => p.status?.phase === 'Pending' && p.metadata.deletionTimestamp === undefined);
  const busy = new Set(running.filter((p) => p.metadata.deletionTimestamp === undefined).map((p) => p.spec.nodeName));
  const free = s.claims.filter((c) => c.metadata.deletionTimestamp === undefined && !busy.has(c.status?.nodeName));
  const serving = running.filter((p) => p.metadata.deletionTimestamp === undefined).length + pending.length;
  if (serving < REPLICAS && running.length + pending.length < REPLICAS)
    return `only ${running.length} running and ${pending.length} pending workers`;
  if (pending.length > free.length) return `${pending.length} pending workers but ${free.length} nodes coming for them`;
  return undefined;
}

function podText(s: Sample): string {
  return s.pods
    .map((p) => `${p.metadata.name}@${p.spec.nodeName ?? '-'} ${p.status?.phase}${p.metadata.deletionTimestamp ? ' (deleting)' : ''}`)
    .join(', ');
}

async function runningWorkload(rest: RestClient, pool: string): Promise<Sample> {
  return eventually(
    async () => {
      const s = await sample(rest, pool);
      const running = s.pods.filter((p) => p.status?.phase === 'Running');
      return running.length === REPLICAS && s.claims.length === REPLICAS && s.claims.every((c) => isTrue(c, 'Initialized')) ? s : undefined;
    },
    `${REPLICAS} Running workers on ${REPLICAS} initialized ${pool} nodes`,
    40_000,
    200,
  );
}

/** Adds a label to the pool's template (a new NodePool hash: its nodes drift) and commits it; the new HEAD. */
function commitTemplateLabel(s: GitOpsScenario, cluster: ClusterName, pool: string): string {
  const path = `clusters/${cluster}/nodepools/${pool}.yaml`;
  return s.commit(`${pool}: label its nodes team=data`, {
    [path]: s.edited(path, `      labels:\n        NodePool: ${pool}\n`, `      labels:\n        NodePool: ${pool}\n        team: data\n`),
  });
}

async function approve(stateDir: string, name: string): Promise<void> {
  const reply = await callAgent(stateDir, 'POST', '/api/v1/decisions/approve', { name, by: 'drift-test' });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
}

async function withStack(prefix: string, cluster: ClusterName, body: (s: GitOpsScenario) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let stack: EmbeddedStack | undefined;
  try {
    stack = await startStack(dir, cluster);
    await body(new GitOpsScenario(stack, dir));
  } finally {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('drift on the embedded stack', { timeout: 180_000 }, () => {
  it('GIVEN sandbox (approval: drift) with workers on 3 airflow nodes WHEN a commit changes the pool template THEN pending node-drift Decisions with their plan wait, nothing is touched, and the approved one replaces its node and ends applied', async () => {
    await withStack('karpd-drift-approve-', 'sandbox', async (s) => {
      const pool = 'airflow-worker';
      const rest = s.rest('sandbox');
      await rest.request({ method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', body: deployment(pool) });
      const before = await runningWorkload(rest, pool);
      const oldClaims = before.claims.map((c) => c.metadata.name ?? '').sort();

      commitTemplateLabel(s, 'sandbox', pool);
      await eventually(
        async () => (await s.nodePool('sandbox', pool))?.spec.template.metadata?.labels?.team === 'data',
        'sandbox applies the commit (sync auto)',
      );
      const pending = await eventually(
        async () => {
          const drifts = (await s.decisions('sandbox')).filter((d) => d.spec.kind === 'node-drift' && d.status?.state === 'pending');
          return drifts.length > 0 ? drifts : undefined;
        },
        'a pending node-drift Decision',
        30_000,
        200,
      );
      const decision: Decision = pending[0];
      assert.equal(decision.status?.heldBy, 'person');
      const plan = decision.spec.disruption;
      assert.ok(plan !== undefined, 'the Decision carries its plan');
      assert.equal(plan.reason, 'Drifted');
      assert.equal(plan.action, 'replace');
      assert.equal(plan.remove.length, 1);
      const [removed] = plan.remove;
      assert.ok(oldClaims.includes(removed.nodeClaim), `${removed.nodeClaim} is one of the drifted claims`);
      assert.equal(removed.nodePool, pool);
      assert.equal(removed.pods, 1);
      assert.equal(plan.launch.length, 1);
      assert.equal(plan.launch[0].nodePool, pool);
      assert.ok(plan.priceBefore > 0 && plan.priceAfter > 0, `$/h ${plan.priceBefore} → ${plan.priceAfter}`);
      assert.match(decision.spec.summary, /drift|replace/i);

      // Several rounds pass while it waits: no node is tainted, deleted or added.
      const waitUntil = Date.now() + 5 * DISRUPTION_INTERVAL_MS;
      while (Date.now() < waitUntil) {
        const now = await sample(rest, pool);
        assert.deepEqual(tainted(now), [], 'no node is tainted before approval');
        assert.deepEqual(
          now.claims.map((c) => [c.metadata.name, c.metadata.deletionTimestamp !== undefined]).sort(),
          oldClaims.map((name) => [name, false]),
          'no claim is deleted or added before approval',
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await eventually(
        async () => (await s.nodeClaimsOf('sandbox', pool)).every((c) => isTrue(c, 'Drifted')),
        'every old airflow claim Drifted',
      );

      await approve(s.stateDir, decision.metadata.name ?? '');
      let replacementInitializedFirst: boolean | undefined;
      let problem: string | undefined;
      const after = await eventually(
        async () => {
          const now = await sample(rest, pool);
          problem ??= workloadProblem(now) === undefined ? undefined : `${workloadProblem(now)}: ${podText(now)}`;
          const victim = now.claims.find((c) => c.metadata.name === removed.nodeClaim);
          const fresh = now.claims.filter((c) => !oldClaims.includes(c.metadata.name ?? ''));
          if (victim?.metadata.deletionTimestamp !== undefined && replacementInitializedFirst === undefined)
            replacementInitializedFirst = fresh.length === 1 && isTrue(fresh[0], 'Initialized');
          const done =
            victim === undefined && fresh.length === 1 && now.pods.filter((p) => p.status?.phase === 'Running').length === REPLICAS;
          return done ? now : undefined;
        },
        `${removed.nodeClaim} replaced and ${REPLICAS} workers Running`,
        60_000,
        100,
      );
      assert.equal(problem, undefined, 'the workers keep running');
      assert.equal(replacementInitializedFirst, true, 'the replacement was Initialized before the drifted claim was deleted');
      const replacement = after.claims.find((c) => !oldClaims.includes(c.metadata.name ?? ''));
      assert.equal(replacement?.metadata.labels?.team, 'data', 'the replacement has the new template');
      assert.ok(!isTrue(replacement, 'Drifted'), 'the replacement is not drifted');
      assert.equal(after.claims.length, REPLICAS, 'only the approved node was replaced');
      const applied = await s.decisionWhere(
        'sandbox',
        'the approved Decision applied',
        (d) => d.metadata.name === decision.metadata.name && d.status?.state === 'applied',
      );
      assert.equal(applied.status?.decidedBy, 'drift-test');
      assert.deepEqual(
        after.claims.filter((c) => isTrue(c, 'Drifted')).length,
        REPLICAS - 1,
        'the nodes whose Decisions were not approved are still drifted and still there',
      );
      await eventually(() => leakedInstances(s.stack.clusters[0].cloud, after.claims).length === 0, 'no leaked instance', 20_000);
    });
  });

  it('GIVEN lab (approval: none) with workers on 3 trino nodes WHEN an approved commit changes the pool template THEN the drifted nodes are replaced on their own, never more at once than the Drifted budget allows, until none is Drifted', async () => {
    await withStack('karpd-drift-auto-', 'lab', async (s) => {
      const pool = 'trino-xsmall';
      const rest = s.rest('lab');
      // lab syncs manually: its first revision waits for a person too.
      const initial = await s.decisionWhere('lab', "lab's initial git-change Decision", (d) => d.status?.state === 'pending');
      await approve(s.stateDir, initial.metadata.name ?? '');
      await eventually(async () => (await s.nodePool('lab', pool)) !== undefined, `lab has NodePool ${pool}`);
      await rest.request({ method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', body: deployment(pool) });
      const before = await runningWorkload(rest, pool);
      const oldClaims = before.claims.map((c) => c.metadata.name ?? '').sort();

      // The label drifts every node; a Drifted budget of 2 (behavioural: it drifts nothing itself) lets 2 of the 3 go at once.
      const path = `clusters/lab/nodepools/${pool}.yaml`;
      const labelled = s.edited(
        path,
        `      labels:\n        NodePool: ${pool}\n`,
        `      labels:\n        NodePool: ${pool}\n        team: data\n`,
      );
      const commit = s.commit(`${pool}: label its nodes team=data, replace 2 drifted nodes at a time`, {
        [path]: labelled.replace(
          '    budgets:\n      - nodes: "10%"\n',
          '    budgets:\n      - nodes: "10%"\n        reasons: [Empty, Underutilized]\n      - nodes: "2"\n        reasons: [Drifted]\n',
        ),
      });
      const change = await s.decisionWhere(
        'lab',
        'the pending git-change Decision of the commit',
        (d) => d.spec.revision === commit && d.status?.state === 'pending',
      );
      await approve(s.stateDir, change.metadata.name ?? '');

      const agent = s.stack.clusters[0].agent;
      let mostAtOnce = 0;
      let allowed: number | undefined;
      let problem: string | undefined;
      const after = await eventually(
        async () => {
          const now = await sample(rest, pool);
          const budget = agent.disruption?.report().budgets.find((b) => b.nodePool === pool && b.reason === 'Drifted');
          allowed = budget?.allowed ?? allowed;
          mostAtOnce = Math.max(mostAtOnce, disrupting(now).length);
          const trouble = workloadProblem(now);
          if (trouble !== undefined) problem ??= `${trouble}: ${podText(now)}`;
          const replaced = now.claims.every((c) => !oldClaims.includes(c.metadata.name ?? '') && !isTrue(c, 'Drifted'));
          const running = now.pods.filter((p) => p.status?.phase === 'Running').length === REPLICAS;
          return replaced && running && now.claims.length === REPLICAS ? now : undefined;
        },
        `every drifted ${pool} node replaced and ${REPLICAS} workers Running`,
        75_000,
        100,
      );
      assert.equal(allowed, 2, "the pool's Drifted budget from the commit");
      assert.ok(mostAtOnce >= 1, 'nodes were disrupted');
      assert.ok(mostAtOnce <= allowed, `at most ${allowed} node disrupted at once (saw ${mostAtOnce})`);
      assert.equal(problem, undefined, 'the workers keep running');
      assert.ok(
        after.claims.every((c) => c.metadata.labels?.team === 'data'),
        'every claim has the new template',
      );
      assert.deepEqual(
        (await s.decisions('lab')).filter((d) => d.spec.kind === 'node-drift'),
        [],
        'approval none: no node Decision',
      );
      await eventually(() => leakedInstances(s.stack.clusters[0].cloud, after.claims).length === 0, 'no leaked instance', 20_000);
      const metric = await agent.metrics.nodeClaimsDisrupted.get();
      assert.equal(metric.values.find((v) => v.labels.reason === 'drifted')?.value, REPLICAS);
    });
  });
});
