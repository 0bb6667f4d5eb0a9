/**
 * One info line per state change of a node's life: created, launched,
 * registered, initialized, terminated — not the near-duplicate pairs the
 * cloud provider, the simulated kubelet and the controllers used to log for
 * the same change ("launched instance"/"launched nodeclaim", two lines per
 * termination).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../src/apis/core-v1.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import { RecordingLogger, type LogLine } from '../../src/testing/recording-logger.js';
import { eventually, startStackHarness } from './stack-harness.js';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'worker-0', namespace: 'default' },
  spec: {
    nodeSelector: { NodePool: 'airflow-worker' },
    tolerations: [{ key: 'airflow-worker', operator: 'Exists', effect: 'NoSchedule' }],
    containers: [{ name: 'worker', image: 'apache/airflow', resources: { requests: { cpu: '500m', memory: '1Gi' } } }],
  },
};

describe('logs of one node', () => {
  it('are one info line per state change, from launch to termination', async () => {
    const logger = new RecordingLogger();
    const info = () => logger.lines.filter((line) => line.level === 'info');
    const stack = await startStackHarness({ logger });
    try {
      const { rest } = stack.cluster;
      await stack.startAgent();
      await rest.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod });
      const claim = await eventually(
        async () => {
          const claims = (await rest.request<{ items: NodeClaim[] }>({ method: 'GET', path: '/apis/karpenter.sh/v1/nodeclaims' })).items;
          return claims.find((c) => c.status?.conditions?.some((cond) => cond.type === 'Initialized' && cond.status === 'True'));
        },
        'an initialized NodeClaim',
        30_000,
      );
      const name = claim.metadata.name ?? '';
      const node = claim.status?.nodeName ?? '';
      const providerID = claim.status?.providerID ?? '';
      await rest.request({ method: 'DELETE', path: `/api/v1/namespaces/default/pods/${pod.metadata.name}` });
      await rest.request({ method: 'DELETE', path: `/apis/karpenter.sh/v1/nodeclaims/${name}` });
      await eventually(
        () => (info().some((line) => line.message === 'terminated nodeclaim') ? true : undefined),
        'the termination',
        30_000,
      );
      const about = (line: LogLine) =>
        line.fields.pod === undefined && [name, node, providerID].some((id) => Object.values(line.fields).includes(id));
      const lines = info()
        .filter(about)
        .map((line) => line.message);
      assert.deepEqual(lines, ['created nodeclaim', 'launched nodeclaim', 'registered node', 'node initialized', 'terminated nodeclaim']);
      const launched = info().find((line) => line.message === 'launched nodeclaim');
      for (const field of ['providerID', 'instanceType', 'zone', 'capacityType'])
        assert.ok(launched?.fields[field], `launched nodeclaim has ${field}`);
      assert.equal(info().find((line) => line.message === 'terminated nodeclaim')?.fields.node, node);
    } finally {
      await stack.close();
    }
  });
});
