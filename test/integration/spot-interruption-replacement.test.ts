/**
 * Issue #12 end to end on the embedded cluster and the simulated EC2 (real HTTP, real time, short boot delays):
 * a spot interruption warning gets its replacement launched before the drain, and the replacement is Initialized
 * well inside the 2-minute notice; the dashboard's Spot events row says so.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../src/apis/core-v1.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import { Annotations, Labels } from '../../src/apis/well-known-labels.js';
import type { RestClient } from '../../src/kube/rest-client.js';
import { spotEventRecordOf } from '../../src/observe/view-feed.js';
import { trackSpotEvents } from '../../src/observe/view-model/build-view.js';
import { spotEventRows } from '../../src/observe/view-model/spot-event-rows.js';
import { eventually, leakedInstances, startStackHarness } from './stack-harness.js';

const NOTICE_MS = 120_000;

async function list<T>(rest: RestClient, path: string): Promise<T[]> {
  return (await rest.request<{ items: T[] }>({ method: 'GET', path })).items;
}

const claims = (rest: RestClient) => list<NodeClaim>(rest, '/apis/karpenter.sh/v1/nodeclaims');

/** 3 airflow workers of 1.2 cpu: one per m5.large, so an interrupted node's pod fits on no other node. */
function deployment() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'airflow-worker', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'airflow-worker' } },
      template: {
        metadata: { labels: { app: 'airflow-worker' } },
        spec: {
          nodeSelector: { NodePool: 'airflow-worker' },
          tolerations: [{ key: 'airflow-worker', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [{ name: 'worker', image: 'apache/airflow', resources: { requests: { cpu: '1200m', memory: '1Gi' } } }],
        },
      },
    },
  };
}

async function runningPods(rest: RestClient): Promise<Pod[] | undefined> {
  const pods = await list<Pod>(rest, '/api/v1/namespaces/default/pods');
  const running = pods.filter((pod) => pod.metadata.labels?.app === 'airflow-worker' && pod.status?.phase === 'Running');
  return running.length === 3 ? running : undefined;
}

function initializedAt(claim: NodeClaim | undefined): number | undefined {
  const condition = claim?.status?.conditions?.find((c) => c.type === 'Initialized' && c.status === 'True');
  return condition?.lastTransitionTime === undefined ? undefined : Date.parse(condition.lastTransitionTime);
}

describe('spot interruption on the embedded cluster', () => {
  it('GIVEN a spot node running a pod no other node has room for WHEN its interruption warning arrives THEN a replacement on another offering is launched before the drain and is Initialized before the notice runs out', async () => {
    const stack = await startStackHarness();
    try {
      const { rest } = stack.cluster;
      const agent = await stack.startAgent();
      await rest.request({ method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', body: deployment() });
      const pods = await eventually(() => runningPods(rest), '3 Running airflow workers', 60_000);
      const victim = (await claims(rest)).find(
        (c) => c.metadata.labels?.[Labels.capacityType] === 'spot' && pods.some((p) => p.spec.nodeName === c.status?.nodeName),
      );
      assert.ok(victim !== undefined, 'a spot NodeClaim running a worker');
      const victimLabels = victim.metadata.labels ?? {};
      const noticeMs = Date.now();
      assert.equal(stack.cloud.controls.spotInterruption(victim.status?.providerID ?? '').ok, true);

      const record = await eventually(
        () => agent.interruption?.history().find((h) => h.nodeClaims.includes(victim.metadata.name ?? '')),
        'the notice handled',
        30_000,
      );
      assert.equal(record.action, 'deleted');
      assert.equal(record.replacements.length, 1, record.actions.map((a) => a.what).join('; '));
      const whats = record.actions.map((a) => a.what);
      const launched = whats.indexOf(`launched replacement ${record.replacements[0]}`);
      const drained = whats.findIndex((w) => w.startsWith('cordoned and draining'));
      assert.ok(launched >= 0 && launched < drained, whats.join('; '));
      assert.equal(whats[0], `marked ${victimLabels[Labels.instanceType]} spot ${victimLabels[Labels.zone]} unavailable`);
      const forcedBy = new Date(Date.parse(record.deadline ?? '')).toISOString().replace(/\.\d{3}Z$/, 'Z');
      assert.ok(whats[drained].endsWith(`(forced by ${forcedBy})`), whats[drained]);
      assert.ok(stack.cloud.ice.isUnavailable('spot', victimLabels[Labels.instanceType], victimLabels[Labels.zone]));

      const replacement = await eventually(
        async () => {
          const found = (await claims(rest)).find((c) => c.metadata.name === record.replacements[0]);
          return initializedAt(found) === undefined ? undefined : found;
        },
        'the replacement Initialized',
        60_000,
      );
      const readyMs = initializedAt(replacement) ?? Number.POSITIVE_INFINITY;
      assert.ok(readyMs < noticeMs + NOTICE_MS, `replacement initialized ${(readyMs - noticeMs) / 1000} s after the notice`);
      const labels = replacement.metadata.labels ?? {};
      assert.notEqual(
        `${labels[Labels.instanceType]}/${labels[Labels.capacityType]}/${labels[Labels.zone]}`,
        `${victimLabels[Labels.instanceType]}/spot/${victimLabels[Labels.zone]}`,
      );

      const live = await claims(rest);
      const gone = live.find((c) => c.metadata.name === victim.metadata.name);
      if (gone !== undefined) assert.equal(gone.metadata.annotations?.[Annotations.nodeClaimTerminationTimestamp], forcedBy);
      const [row] = spotEventRows(trackSpotEvents([spotEventRecordOf(record)], live, new Date()));
      assert.match(row.action, new RegExp(`replaced by ${record.replacements[0]} in \\d+ s of 120 s notice`));
      assert.equal(row.noticeSeconds, 120);

      await eventually(() => runningPods(rest), '3 Running workers again', 60_000);
      await eventually(async () => !(await claims(rest)).some((c) => c.metadata.name === victim.metadata.name), 'the victim gone', 60_000);
      assert.deepEqual(leakedInstances(stack.cloud, await claims(rest)), []);
      assert.equal((await claims(rest)).length, 3, 'no extra NodeClaim beyond the one replacement');
    } finally {
      await stack.close();
    }
  });
});
