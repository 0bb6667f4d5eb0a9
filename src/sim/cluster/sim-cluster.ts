/**
 * The simulated cluster the embedded default runs next to karpd: its own
 * informers and ClusterState (independent of the agent's), the simulated
 * kubelet of every `sim` instance, the simulated kube-scheduler, the workload
 * controller and, optionally, the data-platform demo workload.
 */
import type { Clock } from '../../apis/clock.js';
import type { SimCloudProvider } from '../../cloudprovider/sim/sim-cloud-provider.js';
import { startClusterInformers } from '../../kube/cluster-informers.js';
import type { Logger } from '../../kube/logger.js';
import type { RestClient } from '../../kube/rest-client.js';
import { ClusterState } from '../../state/cluster-state.js';
import { KubeWriter } from '../../kube/kube-writer.js';
import { DemoWorkload, type DemoWorkloadOptions } from './demo-workload.js';
import { SimKubelet, type SimKubeletOptions } from './kubelet.js';
import { SimScheduler, type SimSchedulerOptions } from './scheduler.js';
import { WorkloadController } from './workloads.js';

/** What {@link startSimulatedCluster} needs. */
export interface SimulatedClusterOptions {
  /** A client of the (embedded) API server. */
  readonly rest: RestClient;
  /** The simulated EC2 whose instances become nodes. */
  readonly cloud: SimCloudProvider;
  readonly clock: Clock;
  readonly logger: Logger;
  /** `demo`: run the data-platform demo workload; `none`: only what others create. @default 'none' */
  readonly workload?: 'demo' | 'none';
  /** Seed of the demo workload. @default 1 */
  readonly seed?: number;
  /** Kubelet timing. */
  readonly kubelet?: SimKubeletOptions;
  /** Scheduler options. */
  readonly scheduler?: SimSchedulerOptions;
  /** Demo timing (day length, start hour, tick); the seed comes from `seed`. */
  readonly demo?: Omit<DemoWorkloadOptions, 'seed'>;
}

/** A running simulated cluster. */
export interface SimulatedCluster {
  /** The simulation's own cache of the cluster. */
  readonly state: ClusterState;
  readonly kubelet: SimKubelet;
  readonly scheduler: SimScheduler;
  /** Keeps Deployments' replicas and runs batches (always on). */
  readonly workloads: WorkloadController;
  /** The demo driver when `workload: 'demo'`. */
  readonly demo?: DemoWorkload;
  /** Stops every part (objects in the API stay). */
  stop(): Promise<void>;
}

/** Starts the simulated kubelet, scheduler and workloads; resolves once its cache has synced and everything runs. */
export async function startSimulatedCluster(options: SimulatedClusterOptions): Promise<SimulatedCluster> {
  const { rest, cloud, clock } = options;
  const logger = options.logger;
  const state = new ClusterState();
  const informers = startClusterInformers(rest, state, logger);
  await informers.whenSynced;
  const kubelet = new SimKubelet({ rest, cloud, state, clock, logger }, options.kubelet);
  const scheduler = new SimScheduler({ rest, state, clock, logger }, options.scheduler);
  const workloads = new WorkloadController(
    { rest, state, clock, logger, writer: new KubeWriter(rest, () => clock.now()) },
    { seed: options.seed ?? 1 },
  );
  kubelet.start();
  scheduler.start();
  await workloads.start();
  const demo =
    options.workload === 'demo'
      ? new DemoWorkload({ rest, workloads, clock, logger }, { ...options.demo, seed: options.seed ?? 1 })
      : undefined;
  await demo?.start();
  logger.info({ component: 'sim-cluster', workload: options.workload ?? 'none', seed: options.seed ?? 1 }, 'simulated cluster started');
  return {
    state,
    kubelet,
    scheduler,
    workloads,
    ...(demo !== undefined ? { demo } : {}),
    stop: async () => {
      await demo?.stop();
      await workloads.stop();
      await scheduler.stop();
      await kubelet.stop();
      await informers.stop();
    },
  };
}
