/** The workload controller's pure decisions: pods stamped from templates, which pods go on scale-down, batch pacing. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  batchPodsToAdd,
  deploymentStatus,
  podFromTemplate,
  podsToDelete,
  workloadPodName,
  type Deployment,
} from '../../../src/sim/cluster/workload-pods.js';
import { airflowWorkerTemplate } from '../../../src/sim/cluster/demo-templates.js';
import { pod } from './builders.js';

const ready = { phase: 'Running' as const, conditions: [{ type: 'Ready', status: 'True' as const }] };

describe('workload pods', () => {
  it('stamps a pod from a template with the owner reference, labels and annotations merged', () => {
    const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'airflow-worker', uid: 'u1', controller: true };
    const p = podFromTemplate(airflowWorkerTemplate(), {
      name: 'airflow-worker-abcde',
      namespace: 'airflow',
      owner,
      annotations: { a: 'b' },
    });
    assert.equal(p.metadata.namespace, 'airflow');
    assert.deepEqual(p.metadata.ownerReferences, [owner]);
    assert.equal(p.metadata.labels?.['app.kubernetes.io/name'], 'airflow');
    assert.deepEqual(p.metadata.annotations, { a: 'b' });
    assert.deepEqual(p.spec.nodeSelector, { NodePool: 'airflow-worker' });
  });

  it('names pods deterministically from seed, owner and counter', () => {
    assert.equal(workloadPodName('web', 1, 'u', 1), workloadPodName('web', 1, 'u', 1));
    assert.match(workloadPodName('web', 1, 'u', 1), /^web-[0-9a-f]{5}$/);
    assert.notEqual(workloadPodName('web', 1, 'u', 1), workloadPodName('web', 1, 'u', 2));
  });

  it('scales down unscheduled pods first, then pending, then not ready, then the newest ready ones', () => {
    const pods = [
      pod('old-ready', { nodeName: 'n', created: '2026-01-01T00:00:00Z', status: ready }),
      pod('new-ready', { nodeName: 'n', created: '2026-01-01T00:05:00Z', status: ready }),
      pod('not-ready', { nodeName: 'n', status: { phase: 'Running' } }),
      pod('starting', { nodeName: 'n', status: { phase: 'Pending' } }),
      pod('unscheduled'),
    ];
    assert.deepEqual(
      podsToDelete(pods, 4).map((p) => p.metadata.name),
      ['unscheduled', 'starting', 'not-ready', 'new-ready'],
    );
    assert.deepEqual(podsToDelete(pods, 0), []);
  });

  it('reports replicas and ready replicas', () => {
    const d: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', generation: 3 },
      spec: { replicas: 2, template: airflowWorkerTemplate() },
    };
    assert.deepEqual(deploymentStatus(d, [pod('a', { nodeName: 'n', status: ready }), pod('b')]), {
      observedGeneration: 3,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 1,
      availableReplicas: 1,
    });
  });

  it('adds batch pods up to parallelism and never beyond the completions left', () => {
    const spec = { name: 'b', namespace: 'n', completions: 5, parallelism: 2, runForSeconds: 1, template: airflowWorkerTemplate() };
    assert.equal(batchPodsToAdd(spec, 0, 0), 2);
    assert.equal(batchPodsToAdd(spec, 0, 2), 0);
    assert.equal(batchPodsToAdd(spec, 4, 0), 1);
    assert.equal(batchPodsToAdd(spec, 5, 0), 0);
    assert.equal(batchPodsToAdd({ ...spec, parallelism: undefined }, 1, 1), 3);
  });
});
