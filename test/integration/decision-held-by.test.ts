/**
 * Regression: a Decision's `status.heldBy` (a person, or only a sync window)
 * survives the embedded API server. The CRD schema once lacked the field, so
 * the server pruned it: a window hold read back as a person's, and the sync
 * never audited (nor announced) the creation of a pending Decision, since
 * the stored status no longer equalled the one it wrote.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubeDecisionRepository } from '../../src/gitops/decisions/kube-decision-repository.js';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../src/testing/embedded-cluster.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { RecordingLogger } from '../../src/testing/recording-logger.js';
import { decision } from '../gitops/decisions/decision-fixture.js';

let cluster: EmbeddedCluster;
before(async () => {
  cluster = await startEmbeddedCluster();
});
after(async () => cluster?.close());

describe('Decision status.heldBy in the cluster', () => {
  for (const heldBy of ['person', 'window'] as const) {
    it(`keeps heldBy: ${heldBy} on create and on a status update`, async () => {
      const repo = new KubeDecisionRepository({
        rest: cluster.rest,
        cluster: 'sandbox',
        clock: new FakeClock(new Date('2026-12-01T10:00:00Z')),
        logger: new RecordingLogger(),
      });
      const name = `sandbox-git-change-held-${heldBy}`;
      const draft = decision({ name, status: { heldBy, waitingFor: 'deny window "freeze" until 11:00Z' } });
      const created = await repo.create(draft);
      assert.equal(created.status?.heldBy, heldBy);
      assert.deepEqual(created.status, draft.status, 'the stored status is the one written');
      const other = heldBy === 'person' ? 'window' : 'person';
      const updated = await repo.updateStatus(name, (current) => ({ ...(current.status ?? draft.status!), heldBy: other }));
      assert.equal(updated.status?.heldBy, other);
      assert.equal((await repo.get(name))?.status?.heldBy, other);
    });
  }
});
