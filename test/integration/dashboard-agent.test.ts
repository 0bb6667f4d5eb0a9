/**
 * The dashboard's agent API over real HTTP against the embedded stack (two simulated clusters, GitOps from the
 * template repository): the view has the clusters and their pools, the stream delivers a snapshot then a delta
 * after a pod is created through the control plane, an object reads back as YAML, the remote source follows the
 * stream, and an approval through the dashboard's actions applies lab's pending Decision.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DASHBOARD_CLIENT_HEADER, DashboardRoutes } from '../../src/observe/dashboard-api.js';
import { EventStreamParser, type ServerSentEvent } from '../../src/observe/server-sent-events.js';
import type { ViewDelta, ViewModel } from '../../src/observe/view-model/view-model.js';
import { eventually } from '../../src/testing/eventually.js';
import { agentActions } from '../../ui/source/agent-actions.js';
import { remoteSource } from '../../ui/source/remote-source.js';
import { GitOpsScenario, startTestStack } from './gitops-stack-harness.js';

describe('dashboard agent API on the embedded stack', { timeout: 180_000 }, () => {
  let dir: string;
  let s: GitOpsScenario;
  let url: string;
  let token: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'karpd-dashboard-'));
    s = new GitOpsScenario(await startTestStack(dir), dir);
    url = s.stack.agent.server.url;
    token = s.stack.agent.token;
    await s.stack.agent.whenSynced;
  });

  after(async () => {
    await s?.stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = { Authorization: `Bearer ${token}` }) => fetch(`${url}${path}`, { headers });

  it('GET view answers both clusters (sandbox with its pools; lab holds its first sync for a person), and needs the token', async () => {
    assert.equal((await get(DashboardRoutes.view, {})).status, 401);
    const view = await eventually(
      async () => {
        const body = (await (await get(DashboardRoutes.view)).json()) as ViewModel;
        return body.clusters[0]?.pools.length > 0 ? body : undefined;
      },
      'sandbox to show its pools',
      30_000,
      200,
    );
    assert.deepEqual(
      view.clusters.map((cluster) => cluster.name),
      ['sandbox', 'lab'],
    );
    assert.ok(
      view.clusters[0].pools.some((pool) => pool.name === 'airflow-worker'),
      'sandbox has airflow-worker',
    );
    assert.equal(view.clusters[0].simulated, true);
    assert.equal((await get(`${DashboardRoutes.view}`, { Authorization: `Bearer ${token}` })).status, 200);
    const labAgent = s.stack.clusters[1].agent.server.url;
    assert.equal(
      (await fetch(`${labAgent}${DashboardRoutes.view}`, { headers: { Authorization: `Bearer ${token}` } })).status,
      200,
      "lab's agent serves the view too",
    );
  });

  it('the stream sends a snapshot, then a delta once a pod is created through the control plane', async () => {
    const controller = new AbortController();
    const response = await fetch(`${url}${DashboardRoutes.viewEvents}`, {
      headers: { Authorization: `Bearer ${token}`, ...DASHBOARD_CLIENT_HEADER },
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const parser = new EventStreamParser();
    const decoder = new TextDecoder();
    const events: ServerSentEvent[] = [];
    let created = false;
    let snapshot: ViewModel | undefined;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const event of parser.push(decoder.decode(value, { stream: true }))) {
          events.push(event);
          if (event.event === 'snapshot') snapshot = JSON.parse(event.data) as ViewModel;
        }
        if (snapshot !== undefined && !created) {
          created = true;
          await s.createPod('sandbox', 'dashboard-probe', {
            containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100m' } } }],
          });
        }
        const seen = events
          .filter((event) => event.event === 'delta')
          .map((event) => JSON.parse(event.data) as ViewDelta)
          .some((delta) => JSON.stringify(delta.changes).includes('default/dashboard-probe'));
        if (seen) break;
      }
    } finally {
      controller.abort();
    }
    assert.equal(events[0].event, 'snapshot');
    const deltas = events.filter((event) => event.event === 'delta').map((event) => JSON.parse(event.data) as ViewDelta);
    assert.ok(deltas.length > 0);
    assert.equal(deltas[0].from, snapshot?.version, 'the first delta follows the snapshot');
  });

  it('an object of the cache reads back as YAML; an unknown one is 404', async () => {
    const found = await get(`${DashboardRoutes.object}?cluster=sandbox&kind=NodePool&name=airflow-worker`);
    assert.equal(found.status, 200);
    const { yaml } = (await found.json()) as { yaml: string };
    assert.match(yaml, /kind: NodePool/);
    assert.doesNotMatch(yaml, /managedFields/);
    assert.equal((await get(`${DashboardRoutes.object}?cluster=sandbox&kind=NodePool&name=nope`)).status, 404);
  });

  it('the remote source follows the stream and sees the pod', async () => {
    const source = remoteSource({ url, token });
    try {
      await eventually(() => source.connection().state === 'live', 'the remote source live', 10_000);
      await s.createPod('sandbox', 'dashboard-probe-2', { containers: [{ name: 'app', image: 'nginx' }] });
      await eventually(
        () => source.current()?.clusters[0].pods.some((pod) => pod.key === 'default/dashboard-probe-2'),
        'the remote view to list the new pod',
        15_000,
      );
      assert.equal(source.connection().state, 'live');
    } finally {
      source.close();
    }
  });

  it("approving lab's pending Decision through the dashboard's actions applies it and the view says so", async () => {
    const pending = await s.decisionWhere('lab', "lab's initial pending git-change Decision", (d) => d.status?.state === 'pending');
    const name = pending.metadata.name ?? '';
    const result = await agentActions({ url, token }).approve(name);
    assert.deepEqual(result, { ok: true, message: `applied git-change ${name}` });
    const decided = (await s.decisions('lab')).find((d) => d.metadata.name === name);
    assert.equal(decided?.status?.state, 'applied');
    assert.deepEqual(
      decided?.status?.history.map((step) => step.state),
      ['pending', 'approved', 'applied'],
    );
    await eventually(
      async () => {
        const view = (await (await get(DashboardRoutes.view)).json()) as ViewModel;
        return view.clusters[1].decisions.find((row) => row.name === name)?.state === 'applied';
      },
      'the view to show the Decision applied',
      10_000,
      100,
    );
  });
});
