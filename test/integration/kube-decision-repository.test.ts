/**
 * KubeDecisionRepository against the embedded control plane (real HTTP, the
 * Decision CRD from deploy/crds): create writes spec then status, creating the
 * same name again returns the first, list is per cluster and oldest first,
 * status updates survive a concurrent writer, events aggregate and never throw.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Decision } from '../../src/apis/decision.js';
import { DecisionLabels } from '../../src/apis/decision.js';
import { DecisionNotFoundError } from '../../src/gitops/decisions/decision-errors.js';
import { decisionName } from '../../src/gitops/decisions/decision-name.js';
import { KubeDecisionRepository } from '../../src/gitops/decisions/kube-decision-repository.js';
import { Kinds, collectionPath, objectPath } from '../../src/kube/resource-kinds.js';
import type { RestClient, RestRequest } from '../../src/kube/rest-client.js';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../src/testing/embedded-cluster.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { RecordingLogger } from '../../src/testing/recording-logger.js';
import { decision } from '../gitops/decisions/decision-fixture.js';

let cluster: EmbeddedCluster;
before(async () => {
  cluster = await startEmbeddedCluster();
});
after(async () => cluster?.close());

function repository(name = 'sandbox', logger = new RecordingLogger()): KubeDecisionRepository {
  return new KubeDecisionRepository({ rest: cluster.rest, cluster: name, clock: new FakeClock(new Date('2026-12-01T10:00:00Z')), logger });
}

interface EventList {
  items: Array<{ involvedObject: { kind: string; name: string }; reason: string; message: string; count: number; type: string }>;
}

describe('KubeDecisionRepository', () => {
  it('creates a Decision with its status, labelled with the cluster and kind', async () => {
    const repo = repository();
    const name = decisionName('sandbox', 'git-change', 'revision 3f2a91c');
    const created = await repo.create(decision({ name }));
    assert.equal(created.metadata.name, name);
    assert.equal(created.status?.state, 'pending');
    assert.equal(created.status?.waitingFor, 'sync policy manual');
    const stored = await cluster.rest.request<Decision>({ method: 'GET', path: objectPath(Kinds.decision, name) });
    assert.equal(stored.metadata.labels?.[DecisionLabels.cluster], 'sandbox');
    assert.equal(stored.metadata.labels?.[DecisionLabels.kind], 'git-change');
    assert.deepEqual(stored.spec.changes[0]?.desired?.spec, { limits: { cpu: 200 } });
    assert.deepEqual(await repo.get(name), created);
  });

  it('returns the existing Decision, unchanged, when the same name is created again (a second agent)', async () => {
    const first = repository();
    const second = repository();
    const name = decisionName('sandbox', 'config-drift', 'NodePool/trino-xsmall drift 1');
    const created = await first.create(
      decision({ name, spec: { kind: 'config-drift', summary: 'revert drift of NodePool trino-xsmall' } }),
    );
    const again = await second.create(
      decision({ name, spec: { kind: 'config-drift', summary: 'a different summary' }, status: { waitingFor: 'x' } }),
    );
    assert.equal(again.spec.summary, 'revert drift of NodePool trino-xsmall');
    assert.equal(again.status?.waitingFor, 'sync policy manual');
    assert.equal(again.metadata.resourceVersion, created.metadata.resourceVersion);
  });

  it('completes a Decision whose creator stopped before writing its status', async () => {
    const name = decisionName('sandbox', 'prune', 'NodePool/old');
    const { status: _status, ...object } = decision({ name, spec: { kind: 'prune', summary: 'prune NodePool old' } });
    await cluster.rest.request({ method: 'POST', path: collectionPath(Kinds.decision), body: object });
    const completed = await repository().create(decision({ name, spec: { kind: 'prune', summary: 'prune NodePool old' } }));
    assert.equal(completed.status?.state, 'pending');
  });

  it('lists only the Decisions of its cluster, oldest first', async () => {
    const clock = new FakeClock(new Date('2026-12-01T10:00:00Z'));
    const own = await startEmbeddedCluster({ clock });
    try {
      const prod = new KubeDecisionRepository({ rest: own.rest, cluster: 'prod', clock, logger: new RecordingLogger() });
      await prod.create(decision({ cluster: 'prod', name: 'prod-git-change-bbbbbbbbbb' }));
      clock.advance(60_000);
      await prod.create(decision({ cluster: 'prod', name: 'prod-git-change-aaaaaaaaaa' }));
      const staging = new KubeDecisionRepository({ rest: own.rest, cluster: 'staging', clock, logger: new RecordingLogger() });
      await staging.create(decision({ cluster: 'staging', name: 'staging-git-change-aaaaaaaaaa' }));
      const listed = await prod.list();
      assert.deepEqual(
        listed.map((d) => d.metadata.name),
        ['prod-git-change-bbbbbbbbbb', 'prod-git-change-aaaaaaaaaa'],
      );
      assert.ok(listed.every((d) => d.apiVersion === 'karpd.dev/v1alpha1' && d.kind === 'Decision'));
      assert.equal(await prod.get('staging-git-change-aaaaaaaaaa'), undefined, 'another cluster is not visible');
      assert.equal(await prod.get('prod-git-change-0000000000'), undefined);
    } finally {
      await own.close();
    }
  });

  it('re-reads and retries a status update that lost a race with another writer', async () => {
    const name = decisionName('sandbox', 'git-change', 'race');
    await repository().create(decision({ name }));
    const racing = racingRest(cluster.rest);
    const repo = new KubeDecisionRepository({ rest: racing, cluster: 'sandbox', clock: new FakeClock(), logger: new RecordingLogger() });
    let calls = 0;
    const updated = await repo.updateStatus(name, (current) => {
      calls++;
      const status = current.status ?? { state: 'pending', history: [] };
      const history = [...status.history, { state: 'approved' as const, at: '2026-12-01T11:00:00Z', by: 'alice' }];
      return { ...status, state: 'approved', decidedBy: 'alice', history };
    });
    assert.equal(calls, 2, 'the first write conflicted and was computed again from a fresh read');
    assert.equal(updated.status?.state, 'approved');
    assert.equal(updated.status?.remindedAt, '2026-12-01T10:30:00Z', 'the other writer’s change is kept');
    assert.deepEqual(
      updated.status?.history.map((h) => h.state),
      ['pending', 'approved'],
    );
  });

  it('refuses a status update of a Decision that does not exist', async () => {
    await assert.rejects(
      repository().updateStatus('sandbox-git-change-ffffffffff', (d) => d.status as never),
      DecisionNotFoundError,
    );
  });

  it('records events on the Decision in namespace default, aggregating repeats', async () => {
    const repo = repository();
    const created = await repo.create(decision({ name: decisionName('sandbox', 'git-change', 'events') }));
    await repo.event(created, 'Normal', 'Approved', 'approved by alice');
    await repo.event(created, 'Normal', 'Approved', 'approved by alice');
    await repo.event(created, 'Warning', 'ApplyFailed', 'NodePool airflow-worker: forbidden');
    const events = await cluster.rest.request<EventList>({ method: 'GET', path: collectionPath(Kinds.event, 'default') });
    const mine = events.items.filter((e) => e.involvedObject.kind === 'Decision' && e.involvedObject.name === created.metadata.name);
    assert.deepEqual(mine.map((e) => `${e.type} ${e.reason} x${e.count}: ${e.message}`).sort(), [
      'Normal Approved x2: approved by alice',
      'Warning ApplyFailed x1: NodePool airflow-worker: forbidden',
    ]);
  });

  it('never throws from event(), and logs why it failed', async () => {
    const logger = new RecordingLogger();
    const broken = { request: async () => Promise.reject(new Error('connection refused')) } as unknown as RestClient;
    const repo = new KubeDecisionRepository({ rest: broken, cluster: 'sandbox', clock: new FakeClock(), logger });
    await repo.event(decision(), 'Normal', 'Applied', 'applied');
    assert.equal(logger.problems().length, 1);
    assert.match(String(logger.problems()[0]?.fields.error), /connection refused/);
  });
});

/** A RestClient whose first status PUT is preceded by another agent's status write (remindedAt), so it conflicts. */
function racingRest(rest: RestClient): RestClient {
  let raced = false;
  const request = async <T>(req: RestRequest): Promise<T> => {
    if (req.method === 'PUT' && req.path.endsWith('/status') && !raced) {
      raced = true;
      const current = await rest.request<Decision>({ method: 'GET', path: req.path.replace(/\/status$/, '') });
      const status = { ...(current.status ?? { state: 'pending' as const, history: [] }), remindedAt: '2026-12-01T10:30:00Z' };
      await rest.request({ method: 'PUT', path: req.path, body: { ...current, status } });
    }
    return rest.request<T>(req);
  };
  return { request } as unknown as RestClient;
}
