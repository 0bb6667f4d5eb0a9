/**
 * Test harness: an embedded control plane, a simulated EC2 and the simulated
 * cluster on one FakeClock, plus helpers to launch an instance for a
 * NodeClaim and to wait for the API to show something.
 */
import type { Node, Pod, Taint } from '../../../src/apis/core-v1.js';
import type { NodeClaim } from '../../../src/apis/nodeclaim.js';
import { SimCloudProvider } from '../../../src/cloudprovider/sim/sim-cloud-provider.js';
import { silentLogger } from '../../../src/kube/logger.js';
import type { RestClient } from '../../../src/kube/rest-client.js';
import { startSimulatedCluster, type SimulatedCluster, type SimulatedClusterOptions } from '../../../src/sim/cluster/sim-cluster.js';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../../src/testing/embedded-cluster.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';

export const BOOT_MS = 30_000;

import { eventually } from '../../../src/testing/eventually.js';

export { eventually };

/** Everything one integration test file runs against. */
export interface Harness {
  readonly clock: FakeClock;
  readonly embedded: EmbeddedCluster;
  readonly rest: RestClient;
  readonly cloud: SimCloudProvider;
  readonly sim: SimulatedCluster;
  close(): Promise<void>;
}

/** Starts the control plane, the simulated EC2 (m5/r8g/t3 only) and the simulated cluster. */
export async function startHarness(options: Partial<SimulatedClusterOptions> = {}): Promise<Harness> {
  const clock = new FakeClock();
  const embedded = await startEmbeddedCluster({ clock });
  const cloud = new SimCloudProvider(
    { clock },
    { bootDelayMs: BOOT_MS, terminateDelayMs: 1000, missingFraction: 0, instanceTypeFilter: (name) => /^(m5|r8g|t3)\./.test(name) },
  );
  const sim = await startSimulatedCluster({ rest: embedded.rest, cloud, clock, logger: silentLogger, ...options });
  return {
    clock,
    embedded,
    rest: embedded.rest,
    cloud,
    sim,
    close: async () => {
      await sim.stop();
      await embedded.close();
    },
  };
}

/** A NodeClaim of a pool (labels `NodePool` and `karpenter.sh/nodepool`, taint `<pool>:NoSchedule`). */
export function poolClaim(name: string, pool: string, instanceType: string, startupTaints: Taint[] = []): NodeClaim {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: { name, labels: { NodePool: pool, 'karpenter.sh/nodepool': pool } },
    spec: {
      requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: [instanceType] }],
      nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
      taints: [{ key: pool, effect: 'NoSchedule' }],
      ...(startupTaints.length > 0 ? { startupTaints } : {}),
    },
  };
}

/** Creates the NodeClaim, launches it in the simulated EC2 and writes the launched status, as karpd's lifecycle controller does. */
export async function launchClaim(h: Harness, claim: NodeClaim): Promise<NodeClaim> {
  const created = await h.rest.request<NodeClaim>({ method: 'POST', path: '/apis/karpenter.sh/v1/nodeclaims', body: claim });
  const launched = await h.cloud.create(created);
  await h.rest.request({
    method: 'PATCH',
    path: `/apis/karpenter.sh/v1/nodeclaims/${claim.metadata.name}`,
    body: { metadata: { labels: launched.metadata.labels } },
    contentType: 'application/merge-patch+json',
  });
  await h.rest.request({
    method: 'PATCH',
    path: `/apis/karpenter.sh/v1/nodeclaims/${claim.metadata.name}/status`,
    body: { status: launched.status },
    contentType: 'application/merge-patch+json',
  });
  await eventually(() => h.sim.state.get('nodeClaims', claim.metadata.name ?? '')?.status?.providerID, 'the claim status in the sim cache');
  return launched;
}

/** The Node with this providerID, from the API. */
export async function nodeByProvider(rest: RestClient, providerID: string): Promise<Node | undefined> {
  const list = await rest.request<{ items: Node[] }>({ method: 'GET', path: '/api/v1/nodes' });
  return list.items.find((node) => node.spec.providerID === providerID);
}

/** A pod from the API (undefined when gone). */
export async function getPod(rest: RestClient, name: string, namespace = 'default'): Promise<Pod | undefined> {
  return rest.request<Pod>({ method: 'GET', path: `/api/v1/namespaces/${namespace}/pods/${name}` }).catch(() => undefined);
}

/** What karpd's registration does to a Node: drop the unregistered taint, label it registered. */
export async function registerLikeKarpd(rest: RestClient, node: Node): Promise<void> {
  const fresh = await rest.request<Node>({ method: 'GET', path: `/api/v1/nodes/${node.metadata.name}` });
  const taints = (fresh.spec.taints ?? []).filter((t) => t.key !== 'karpenter.sh/unregistered');
  await rest.request({
    method: 'PUT',
    path: `/api/v1/nodes/${node.metadata.name}`,
    body: {
      ...fresh,
      metadata: { ...fresh.metadata, labels: { ...fresh.metadata.labels, 'karpenter.sh/registered': 'true' } },
      spec: { ...fresh.spec, taints },
    },
  });
}
