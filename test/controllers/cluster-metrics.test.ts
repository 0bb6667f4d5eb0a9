/** Cluster gauges with an in-memory state: one unreadable Node does not blank the others. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Labels } from '../../src/apis/well-known-labels.js';
import { ClusterMetricsController } from '../../src/controllers/metrics/cluster-metrics-controller.js';
import { node } from '../../src/testing/builders.js';
import { controllerEnv } from './harness.js';

describe('cluster metrics controller', () => {
  it('GIVEN a managed Node whose allocatable cannot be parsed WHEN the gauges are rebuilt THEN the other Nodes and the pods are still exported', async () => {
    const env = controllerEnv();
    env.state.upsert('nodes', node({ name: 'bad', labels: { [Labels.nodePool]: 'p' }, allocatable: { cpu: 'lots' } }));
    env.state.upsert('nodes', node({ name: 'good', labels: { [Labels.nodePool]: 'p' } }));
    const controller = new ClusterMetricsController(env.ctx);
    await controller.reconcile();
    await controller.reconcile();
    const exported = await env.ctx.metrics.nodesAllocatable.get();
    assert.ok(exported.values.some((v) => v.labels.node_name === 'good' && v.labels.resource_type === 'cpu' && v.value === 4));
    assert.equal(env.logger.lines.filter((line) => line.level === 'warn' && line.fields.name === 'bad').length, 1);
  });
});
