/**
 * The embedded default, assembled: control plane + kubeconfig, the local
 * GitOps repository and its cluster applied, the simulated EC2, the
 * simulated kubelet/scheduler/workloads and the agent. `karpd up` and the
 * integration tests both start it through here.
 */
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Clock } from '../apis/clock.js';
import type { EC2NodeClass } from '../apis/ec2nodeclass.js';
import { SimCloudProvider } from '../cloudprovider/sim/sim-cloud-provider.js';
import { simNodeClassStatus } from '../cloudprovider/sim/nodeclass.js';
import { applyObjects } from '../gitops/apply/apply-objects.js';
import { loadClusterManifests } from '../gitops/source/load-cluster.js';
import { ensureTemplateRepository } from '../gitops/source/template-repository.js';
import { connect } from '../kube/connect.js';
import type { Logger } from '../kube/logger.js';
import { startControlPlane, type ControlPlane } from '../sim/control-plane/control-plane.js';
import { writeKubeconfig } from '../sim/control-plane/kubeconfig.js';
import { startSimulatedCluster } from '../sim/cluster/index.js';
import { generateToken, writeAgentFile } from './agent-file.js';
import type { StoreSnapshot } from '../sim/control-plane/store.js';
import { startAgent, type Agent } from './agent.js';
import { loadSavedWorld, WorldSaver } from './saved-world.js';
import { simulationRoutes } from './simulation-routes.js';
import { solverPlanner } from './solver-planner.js';

/** Options of {@link startEmbeddedStack}. */
export interface EmbeddedStackOptions {
  readonly stateDir: string;
  /** The cluster folder of the GitOps repository to run. @default 'sandbox' */
  readonly cluster?: string;
  /** @default 'demo' */
  readonly workload?: 'demo' | 'none';
  /** The template the GitOps repository is created from. @default `<project>/repo-template` */
  readonly templateDir?: string;
  /** Fixed ports (0 = any). */
  readonly apiPort?: number;
  readonly agentPort?: number;
  /** Simulated instance boot time. @default 8000 */
  readonly bootDelayMs?: number;
  readonly seed?: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Keep the world in `stateDir/world.json` and continue from it (`karpd up`). @default false */
  readonly persist?: boolean;
}

/** Everything `karpd up` runs. */
export interface EmbeddedStack {
  readonly controlPlane: ControlPlane;
  readonly kubeconfigPath: string;
  readonly repositoryPath: string;
  readonly cloud: SimCloudProvider;
  readonly agent: Agent;
  /** Saves the world while it runs (with `persist`). */
  readonly saver?: WorldSaver;
  /** Whether the world was continued from the state folder. */
  readonly restored: boolean;
  stop(): Promise<void>;
}

const LEADER_LEASES = 'coordination.k8s.io/leases';

/**
 * The saved store without the agent's leader lease: the process that held it
 * is gone (the state-folder lock says so), and the restarted agent should not
 * wait out its lease.
 */
function withoutLeaderLease(store: StoreSnapshot): StoreSnapshot {
  const leases = store.buckets[LEADER_LEASES];
  if (leases === undefined) return store;
  return {
    ...store,
    buckets: { ...store.buckets, [LEADER_LEASES]: leases.filter((lease) => lease.metadata.name !== 'karpd-leader-election') },
  };
}

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** Starts the whole embedded default. */
export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<EmbeddedStack> {
  const { logger, clock } = options;
  const clusterName = options.cluster ?? 'sandbox';
  const apiToken = generateToken();
  const saved = options.persist === true ? loadSavedWorld(options.stateDir) : undefined;
  const snapshot = saved === undefined ? undefined : withoutLeaderLease(saved.store);
  const controlPlane = await startControlPlane({
    port: options.apiPort ?? 0,
    clock,
    logger,
    podTerminationDelayMs: 2000,
    snapshot,
    token: apiToken,
  });
  if (saved !== undefined)
    logger.info(
      { savedAt: saved.savedAt, resourceVersion: saved.store.rv, instances: saved.cloud.instances.length },
      'continuing the saved world',
    );
  const kubeconfigPath = writeKubeconfig(options.stateDir, controlPlane.url, {
    token: apiToken,
    certificateAuthority: controlPlane.certificateAuthority,
  });
  const repository = await ensureTemplateRepository(
    options.templateDir ?? join(PROJECT_ROOT, 'repo-template'),
    join(options.stateDir, 'gitops'),
  );
  const manifests = await loadClusterManifests(repository.path, clusterName);
  for (const problem of manifests.problems)
    logger.warn(
      { file: problem.file, line: problem.line, object: `${problem.kind}/${problem.name}`, field: problem.path },
      problem.message,
    );
  const rest = connect({ kubeconfigPath });
  for (const result of await applyObjects(rest, manifests.objects, { revision: repository.head })) {
    const fields = { kind: result.kind, name: result.name, action: result.action, commit: repository.head.slice(0, 8) };
    if (result.error) logger.warn({ ...fields, reason: result.error.message }, 'applying from git failed');
    else logger.info(fields, 'applied from git');
  }

  let agentRef: Agent | undefined;
  const nodeClasses = (name: string): EC2NodeClass | undefined => agentRef?.state.get('nodeClasses', name);
  const cloud = new SimCloudProvider(
    { clock, logger },
    { region: manifests.cluster.spec.region, clusterName, seed: options.seed ?? 1, bootDelayMs: options.bootDelayMs ?? 8000, nodeClasses },
  );
  if (saved !== undefined) cloud.restore(saved.cloud);
  let demoHour = (): number | undefined => saved?.demoHour;
  const saver = options.persist === true ? startSaver(options, controlPlane, cloud, () => demoHour()) : undefined;
  const agent = await startAgent(
    {
      rest,
      cloud,
      interruptions: cloud,
      planner: solverPlanner(),
      clock,
      logger,
      nodeClassStatus: (nodeClass, now) => simNodeClassStatus(nodeClass, cloud.resolve(nodeClass), now),
    },
    {
      identity: `${hostname()}-${process.pid}`,
      clusterName,
      port: options.agentPort ?? 0,
      routes: simulationRoutes(cloud),
      leaseDurationMs: 15_000,
      token: generateToken(),
    },
  );
  agentRef = agent;
  const demo = saved?.demoHour === undefined ? undefined : { startHour: saved.demoHour };
  const simulation = await startSimulatedCluster({
    rest,
    cloud,
    clock,
    logger,
    workload: options.workload ?? 'demo',
    seed: options.seed ?? 1,
    demo,
  });
  if (simulation.demo !== undefined) demoHour = () => simulation.demo?.hour();
  writeAgentFile(options.stateDir, {
    url: agent.server.url,
    token: agent.token,
    apiServer: controlPlane.url,
    kubeconfig: kubeconfigPath,
    gitops: repository.path,
    cluster: clusterName,
    pid: process.pid,
  });
  return {
    controlPlane,
    kubeconfigPath,
    repositoryPath: repository.path,
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
  options: EmbeddedStackOptions,
  controlPlane: ControlPlane,
  cloud: SimCloudProvider,
  demoHour: () => number | undefined,
): WorldSaver {
  const saver = new WorldSaver({
    stateDir: options.stateDir,
    clock: options.clock,
    logger: options.logger,
    collect: () => ({ store: controlPlane.store.snapshotParts(), cloud: cloud.save(), demoHour: demoHour() }),
  });
  controlPlane.store.onChange(() => saver.markDirty());
  cloud.instances.watch(() => saver.markDirty());
  saver.start();
  return saver;
}
