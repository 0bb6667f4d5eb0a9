/**
 * One simulated cluster of the embedded default: its own control plane
 * (HTTPS, bearer token), simulated EC2, simulated kubelet/scheduler/workloads
 * and the agent, its world saved in its own folder. `embedded-stack.ts`
 * starts one per `cloud: sim` cluster of the GitOps repository.
 */
import { hostname } from 'node:os';
import type { Clock } from '../apis/clock.js';
import type { EC2NodeClass } from '../apis/ec2nodeclass.js';
import { simNodeClassStatus } from '../cloudprovider/sim/nodeclass.js';
import { SimCloudProvider } from '../cloudprovider/sim/sim-cloud-provider.js';
import type { Logger } from '../kube/logger.js';
import type { RestClient } from '../kube/rest-client.js';
import type { JsonRoute } from '../observe/agent-server.js';
import { startSimulatedCluster } from '../sim/cluster/index.js';
import { startControlPlane, type ControlPlane } from '../sim/control-plane/control-plane.js';
import type { StoreSnapshot } from '../sim/control-plane/store.js';
import { generateToken } from './agent-file.js';
import { startAgent, type Agent } from './agent.js';
import type { DisruptionApproval } from '../apis/cluster.js';
import { KubeDecisionRepository } from '../gitops/decisions/kube-decision-repository.js';
import { loadSavedWorld, WorldSaver } from './saved-world.js';
import { simulationRoutes } from './simulation-routes.js';
import { solverPlanner } from './solver-planner.js';

/** Options of {@link startSimClusterStack}. */
export interface SimClusterStackOptions {
  /** The cluster folder's name. */
  readonly name: string;
  readonly region: string;
  /** Where this cluster's world is saved (with `persist`). */
  readonly worldDir: string;
  readonly workload: 'demo' | 'none';
  readonly apiPort: number;
  readonly agentPort: number;
  readonly bootDelayMs: number;
  readonly seed: number;
  readonly persist: boolean;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Connects to this cluster's control plane (the composition root writes the kubeconfig, so kubectl and the
   * agent use the same file).
   */
  readonly connect: (controlPlane: ControlPlane, apiToken: string) => RestClient;
  /** This agent's API routes: the simulation controls are added here; the caller adds the GitOps routes (now or later). */
  readonly routes: Record<string, JsonRoute>;
  /** The bearer token of the agent API (one for every cluster of the process, so the CLI needs one). */
  readonly agentToken: string;
  /** Runs before the agent starts (the first GitOps sync). */
  readonly beforeAgent?: (rest: RestClient) => Promise<void>;
  /** The cluster's `spec.disruption.approval` now, as the GitOps runtime knows its Cluster object [none]. */
  readonly disruptionApproval?: () => DisruptionApproval | undefined;
  /** How often the agent's disruption controller plans a round [the agent's default, 10 s]. */
  readonly disruptionIntervalMs?: number;
}

/** One running simulated cluster. */
export interface SimClusterStack {
  readonly name: string;
  readonly controlPlane: ControlPlane;
  readonly apiToken: string;
  readonly rest: RestClient;
  readonly cloud: SimCloudProvider;
  readonly agent: Agent;
  readonly saver?: WorldSaver;
  /** Whether the world was continued from its folder. */
  readonly restored: boolean;
  stop(): Promise<void>;
}

const LEADER_LEASES = 'coordination.k8s.io/leases';

/**
 * The saved store without the agent's leader lease: the process that held it is gone (the state-folder lock
 * says so), and the restarted agent should not wait out its lease.
 */
function withoutLeaderLease(store: StoreSnapshot): StoreSnapshot {
  const leases = store.buckets[LEADER_LEASES];
  if (leases === undefined) return store;
  return {
    ...store,
    buckets: { ...store.buckets, [LEADER_LEASES]: leases.filter((lease) => lease.metadata.name !== 'karpd-leader-election') },
  };
}

/** Starts one simulated cluster. */
export async function startSimClusterStack(options: SimClusterStackOptions): Promise<SimClusterStack> {
  const { logger, clock, name } = options;
  const apiToken = generateToken();
  const saved = options.persist ? loadSavedWorld(options.worldDir) : undefined;
  const snapshot = saved === undefined ? undefined : withoutLeaderLease(saved.store);
  const controlPlane = await startControlPlane({
    port: options.apiPort,
    clock,
    logger,
    podTerminationDelayMs: 2000,
    snapshot,
    token: apiToken,
  });
  if (saved !== undefined)
    logger.info(
      { cluster: name, savedAt: saved.savedAt, resourceVersion: saved.store.rv, instances: saved.cloud.instances.length },
      'continuing the saved world',
    );
  const rest = options.connect(controlPlane, apiToken);
  try {
    await options.beforeAgent?.(rest);
  } catch (error) {
    await controlPlane.close();
    throw error;
  }
  let agentRef: Agent | undefined;
  const nodeClasses = (nodeClass: string): EC2NodeClass | undefined => agentRef?.state.get('nodeClasses', nodeClass);
  const cloud = new SimCloudProvider(
    { clock, logger },
    { region: options.region, clusterName: name, seed: options.seed, bootDelayMs: options.bootDelayMs, nodeClasses },
  );
  if (saved !== undefined) cloud.restore(saved.cloud);
  let demoHour = (): number | undefined => saved?.demoHour;
  const saver = options.persist ? startSaver(options, controlPlane, cloud, () => demoHour()) : undefined;
  Object.assign(options.routes, simulationRoutes(cloud));
  const agent = await startAgent(
    {
      rest,
      cloud,
      interruptions: cloud,
      planner: solverPlanner(),
      clock,
      logger,
      nodeClassStatus: (nodeClass, now) => simNodeClassStatus(nodeClass, cloud.resolve(nodeClass), now),
      decisions: new KubeDecisionRepository({ rest, cluster: name, clock, logger }),
      ...(options.disruptionApproval !== undefined ? { disruptionApproval: options.disruptionApproval } : {}),
    },
    {
      identity: `${hostname()}-${process.pid}`,
      clusterName: name,
      port: options.agentPort,
      routes: options.routes,
      leaseDurationMs: 15_000,
      token: options.agentToken,
      ...(options.disruptionIntervalMs !== undefined ? { disruptionIntervalMs: options.disruptionIntervalMs } : {}),
    },
  ).catch(async (error: unknown) => {
    await saver?.stop();
    await controlPlane.close();
    throw error;
  });
  agentRef = agent;
  const demo = saved?.demoHour === undefined ? undefined : { startHour: saved.demoHour };
  const simulation = await startSimulatedCluster({ rest, cloud, clock, logger, workload: options.workload, seed: options.seed, demo });
  if (simulation.demo !== undefined) demoHour = () => simulation.demo?.hour();
  return {
    name,
    controlPlane,
    apiToken,
    rest,
    cloud,
    agent,
    saver,
    restored: saved !== undefined,
    stop: async () => {
      await simulation.stop();
      await agent.stop();
      await saver?.stop();
      await controlPlane.close();
    },
  };
}

function startSaver(
  options: SimClusterStackOptions,
  controlPlane: ControlPlane,
  cloud: SimCloudProvider,
  demoHour: () => number | undefined,
): WorldSaver {
  const saver = new WorldSaver({
    stateDir: options.worldDir,
    clock: options.clock,
    logger: options.logger,
    collect: () => ({ store: controlPlane.store.snapshotParts(), cloud: cloud.save(), demoHour: demoHour() }),
  });
  controlPlane.store.onChange(() => saver.markDirty());
  cloud.instances.watch(() => saver.markDirty());
  saver.start();
  return saver;
}
