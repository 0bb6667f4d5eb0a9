/**
 * Test harness for whole-agent scenarios: an embedded control plane with the
 * sandbox cluster of repo-template applied, the simulated EC2 and cluster
 * with short delays, and any number of agents that can be started, stopped
 * or killed. Used by test/integration.
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { EC2NodeClass } from '../../src/apis/ec2nodeclass.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { CloudProvider } from '../../src/cloudprovider/types.js';
import { simNodeClassStatus } from '../../src/cloudprovider/sim/nodeclass.js';
import { SimCloudProvider } from '../../src/cloudprovider/sim/sim-cloud-provider.js';
import { applyObjects } from '../../src/gitops/apply/apply-objects.js';
import { loadClusterManifests } from '../../src/gitops/source/load-cluster.js';
import { silentLogger, type Logger } from '../../src/kube/logger.js';
import { startAgent, type Agent } from '../../src/operator/agent.js';
import { realClock } from '../../src/operator/clock.js';
import { solverPlanner } from '../../src/operator/solver-planner.js';
import { startSimulatedCluster, type SimulatedCluster } from '../../src/sim/cluster/index.js';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../src/testing/embedded-cluster.js';

const TEMPLATE = resolve(import.meta.dirname, '../../repo-template');

/** A running test stack. */
export interface StackHarness {
  readonly cluster: EmbeddedCluster;
  readonly cloud: SimCloudProvider;
  readonly simulation: SimulatedCluster;
  /** Starts an agent (optionally over a wrapped cloud provider). */
  startAgent(options?: { identity?: string; cloud?: CloudProvider }): Promise<Agent>;
  close(): Promise<void>;
}

/** Starts the stack with fast timings; `logger` (default silent) gets every line of the cloud, simulation and agents. */
export async function startStackHarness(options: { logger?: Logger } = {}): Promise<StackHarness> {
  const clock = realClock();
  const logger = options.logger ?? silentLogger;
  const cluster = await startEmbeddedCluster();
  const manifests = await loadClusterManifests(TEMPLATE, 'sandbox');
  await applyObjects(cluster.rest, manifests.objects);
  const agents: Agent[] = [];
  const nodeClasses = (name: string): EC2NodeClass | undefined =>
    agents.find((agent) => agent.state.synced())?.state.get('nodeClasses', name);
  const cloud = new SimCloudProvider(
    { clock, logger },
    { region: manifests.cluster.spec.region, clusterName: 'sandbox', bootDelayMs: 300, terminateDelayMs: 200, nodeClasses },
  );
  const simulation = await startSimulatedCluster({
    rest: cluster.rest,
    cloud,
    clock,
    logger,
    workload: 'none',
    kubelet: { readyDelayMs: 200, startupTaintDelayMs: 100, podStartDelayMs: 100 },
    scheduler: { resyncMs: 500 },
  });
  let sequence = 0;
  return {
    cluster,
    cloud,
    simulation,
    startAgent: async (options = {}) => {
      const agent = await startAgent(
        {
          rest: cluster.rest,
          cloud: options.cloud ?? cloud,
          interruptions: cloud,
          planner: solverPlanner(),
          clock,
          logger,
          nodeClassStatus: (nc, now) => simNodeClassStatus(nc, cloud.resolve(nc), now),
        },
        {
          identity: options.identity ?? `${hostname()}-test-${++sequence}`,
          batchIdleMs: 100,
          batchMaxMs: 1000,
          resyncMs: 200,
          leaseDurationMs: 1000,
          leaseRetryMs: 200,
          processMetrics: false,
        },
      );
      agents.push(agent);
      return agent;
    },
    close: async () => {
      await simulation.stop();
      for (const agent of agents) await agent.stop().catch(() => undefined);
      await cluster.close();
    },
  };
}

export { eventually } from '../../src/testing/eventually.js';

/** Every live (not terminated) sim instance id that a NodeClaim does not account for. */
export function leakedInstances(cloud: SimCloudProvider, claims: readonly NodeClaim[]): string[] {
  const claimed = new Set(claims.map((claim) => claim.status?.providerID));
  return cloud.instances
    .live()
    .filter((instance) => !claimed.has(instance.providerID))
    .map((instance) => instance.id);
}
