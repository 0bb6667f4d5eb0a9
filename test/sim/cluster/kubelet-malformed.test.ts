/**
 * The simulated kubelet and the workload controller reading pods they cannot read (malformed, stored without
 * admission): the kubelet does not start such a pod (logged once) and keeps running the others; the workload
 * helpers treat unreadable conditions and owner references as "not ready" / "not owned" instead of throwing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/apis/core-v1.js';
import type { Logger } from '../../../src/kube/logger.js';
import { deploymentStatus, isOwnedBy, podsToDelete, type Deployment } from '../../../src/sim/cluster/workload-pods.js';
import {
  BOOT_MS,
  eventually,
  getPod,
  launchClaim,
  nodeByProvider,
  poolClaim,
  registerLikeKarpd,
  startHarness,
  type Harness,
} from './harness.js';
import { pod, poolPod } from './builders.js';

const logged: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
const recordingLogger: Logger = {
  debug: (fields, message) => void logged.push({ level: 'debug', message, fields: fields as Record<string, unknown> }),
  info: (fields, message) => void logged.push({ level: 'info', message, fields: fields as Record<string, unknown> }),
  warn: (fields, message) => void logged.push({ level: 'warn', message, fields: fields as Record<string, unknown> }),
  error: (fields, message) => void logged.push({ level: 'error', message, fields: fields as Record<string, unknown> }),
};

describe('simulated kubelet: a bound pod it cannot read', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ logger: recordingLogger, kubelet: { readyDelayMs: 1000, startupTaintDelayMs: 1000, podStartDelayMs: 1000 } });
  });
  after(async () => {
    await h.close();
  });

  it('GIVEN a malformed pod and a good pod on one node WHEN the kubelet reconciles THEN the good pod runs and the bad one is skipped, logged once', async () => {
    const launched = await launchClaim(h, poolClaim('kubelet-bad-1', 'pool', 'm5.large'));
    h.clock.advance(BOOT_MS);
    const node = await eventually(() => nodeByProvider(h.rest, launched.status?.providerID ?? ''), 'the node to register');
    await registerLikeKarpd(h.rest, node);
    const nodeName = node.metadata.name ?? '';
    const bad = {
      ...pod('bad'),
      metadata: { ...pod('bad').metadata, resourceVersion: '1' },
      spec: { nodeName, containers: 'nope' },
    } as unknown as Pod;
    h.sim.state.upsert('pods', bad);
    const good = poolPod('good', 'pool', { cpu: '100m' });
    await h.rest.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      body: { ...good, metadata: { name: 'good', namespace: 'default' }, spec: { ...good.spec, nodeName }, status: undefined },
    });
    await eventually(() => h.sim.state.get('pods', 'default/good')?.spec.nodeName, 'the good pod in the cache');
    for (let i = 0; i < 4; i++) {
      h.clock.advance(1000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually(async () => ((await getPod(h.rest, 'good'))?.status?.phase === 'Running' ? true : undefined), 'the good pod to run');
    const skips = logged.filter((l) => l.message === 'not starting a pod that cannot be read');
    assert.equal(skips.length, 1);
    assert.equal(skips[0].fields.pod, 'default/bad');
    assert.match(String(skips[0].fields.reason), /spec\.containers/);
    assert.ok(!logged.some((l) => l.message === 'pod running' && l.fields.pod === 'default/bad'));
  });
});

describe('workload helpers over pods they cannot read', () => {
  const malformed = {
    ...pod('m', { nodeName: 'n' }),
    status: { phase: 'Running', conditions: 'x' },
    metadata: { name: 'm', ownerReferences: 'x' },
  } as unknown as Pod;
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', uid: 'u' }, spec: {} } as unknown as Deployment;

  it('counts a pod with unreadable conditions as not ready and unreadable owner references as not owned', () => {
    assert.equal(deploymentStatus(deployment, [malformed]).readyReplicas, 0);
    assert.equal(isOwnedBy(malformed, 'u'), false);
    assert.deepEqual(podsToDelete([malformed], 1), [malformed]);
  });
});
