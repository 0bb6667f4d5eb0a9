/** A restarted simulation adopts the running instances' Nodes instead of registering them twice, and keeps running their pods. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from '../../../src/apis/core-v1.js';
import { silentLogger } from '../../../src/kube/logger.js';
import { startSimulatedCluster } from '../../../src/sim/cluster/sim-cluster.js';
import { BOOT_MS, eventually, getPod, launchClaim, nodeByProvider, poolClaim, registerLikeKarpd, startHarness } from './harness.js';
import { poolPod } from './builders.js';

describe('simulation restart', () => {
  it('adopts existing Nodes and runs pods bound to them', async () => {
    const h = await startHarness({ kubelet: { readyDelayMs: 1000, podStartDelayMs: 500 } });
    try {
      const launched = await launchClaim(h, poolClaim('jupyterhub-small-x1', 'jupyterhub-small', 't3.large'));
      h.clock.advance(BOOT_MS);
      const node = await eventually(() => nodeByProvider(h.rest, launched.status?.providerID ?? ''), 'the node');
      await registerLikeKarpd(h.rest, node);
      h.clock.advance(1000);
      await eventually(
        () => h.sim.state.snapshot().nodes.some((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')),
        'Ready',
      );
      await h.sim.stop();

      const again = await startSimulatedCluster({
        rest: h.rest,
        cloud: h.cloud,
        clock: h.clock,
        logger: silentLogger,
        kubelet: { podStartDelayMs: 500 },
      });
      try {
        assert.deepEqual(
          [...again.kubelet.nodes().values()].map((n) => n.nodeName),
          [node.metadata.name],
        );
        const nodes = await h.rest.request<{ items: Node[] }>({ method: 'GET', path: '/api/v1/nodes' });
        assert.equal(nodes.items.length, 1, 'no second Node for the same instance');
        const pod = poolPod('notebook', 'jupyterhub-small');
        await h.rest.request({
          method: 'POST',
          path: '/api/v1/namespaces/default/pods',
          body: { ...pod, metadata: { name: 'notebook', namespace: 'default' }, status: undefined },
        });
        await eventually(() => again.state.get('pods', 'default/notebook')?.spec.nodeName, 'the binding');
        h.clock.advance(500);
        await eventually(async () => (await getPod(h.rest, 'notebook'))?.status?.phase === 'Running', 'the pod to run on the adopted node');
      } finally {
        await again.stop();
      }
    } finally {
      await h.embedded.close();
    }
  });
});
