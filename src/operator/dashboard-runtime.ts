/**
 * The dashboard's side of a running agent process: one {@link ViewFeed} over every cluster (state cache,
 * provisioner reasons, interruptions, prices from the cloud, GitOps, the log ring) and the dashboard's agent API
 * routes over it. `embedded-stack.ts` starts it for `karpd up`; the routes go on every cluster's route table.
 */
import type { Clock } from '../apis/clock.js';
import type { Logger } from '../apis/logger.js';
import type { CloudProvider } from '../cloudprovider/types.js';
import type { GitOpsService } from '../gitops/decisions/gitops-service.js';
import type { JsonRoute } from '../observe/agent-server.js';
import type { LogRing } from '../observe/log-ring.js';
import { startViewFeed, type FeedCluster, type ViewFeed } from '../observe/view-feed.js';
import type { Agent } from './agent.js';
import { type DashboardCluster, dashboardRoutes } from './dashboard-routes.js';

/** One cluster of the process, as the dashboard reads it. */
export interface DashboardClusterTarget {
  readonly name: string;
  readonly agent: Agent;
  readonly cloud: CloudProvider;
  /** The simulated cloud's controls, when the cloud is simulated (the `i` key). */
  readonly sim?: DashboardCluster['sim'];
}

/** Options of {@link startDashboardRuntime}. */
export interface DashboardRuntimeOptions {
  readonly targets: readonly DashboardClusterTarget[];
  readonly gitops?: GitOpsService;
  readonly logRing?: LogRing;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The running dashboard side: the feed, the log ring, the routes. */
export interface DashboardRuntime {
  readonly feed: ViewFeed;
  readonly logRing?: LogRing;
  /** The dashboard's agent API routes (add them to every cluster's table). */
  readonly routes: Record<string, JsonRoute>;
  stop(): void;
}

/**
 * `routes` with every POST answered as before and then a fresh read of the GitOps state, so an approval made
 * through the dashboard shows in the view at once rather than at the next poll.
 */
export function refreshingAfterActions(
  routes: Record<string, JsonRoute>,
  feed: Pick<ViewFeed, 'refreshGitOps'>,
): Record<string, JsonRoute> {
  return Object.fromEntries(
    Object.entries(routes).map(([key, route]): [string, JsonRoute] => {
      if (!key.startsWith('POST ')) return [key, route];
      return [
        key,
        async (request) => {
          try {
            return await route(request);
          } finally {
            void feed.refreshGitOps();
          }
        },
      ];
    }),
  );
}

/** Starts the feed over `targets` and builds the routes. */
export async function startDashboardRuntime(options: DashboardRuntimeOptions): Promise<DashboardRuntime> {
  const clusters: FeedCluster[] = options.targets.map((target) => ({
    name: target.name,
    cloud: target.sim !== undefined ? 'sim' : 'aws',
    state: target.agent.state,
    pendingReasons: () => target.agent.provisioner.pendingReasons(),
    ...(target.agent.interruption !== undefined ? { interruptions: () => target.agent.interruption?.history() ?? [] } : {}),
    instanceTypes: (pool) => target.cloud.getInstanceTypes(pool),
    disruption: () => target.agent.disruption?.report(),
  }));
  const feed = await startViewFeed({
    clusters,
    ...(options.gitops !== undefined ? { gitops: options.gitops } : {}),
    ...(options.logRing !== undefined ? { logRing: options.logRing } : {}),
    clock: options.clock,
    logger: options.logger,
  });
  const routes = dashboardRoutes({
    feed,
    clusters: options.targets.map((target) => ({
      name: target.name,
      state: target.agent.state,
      ...(target.sim !== undefined ? { sim: target.sim } : {}),
    })),
    ...(options.gitops !== undefined ? { gitops: options.gitops } : {}),
  });
  return {
    feed,
    ...(options.logRing !== undefined ? { logRing: options.logRing } : {}),
    routes,
    stop: () => feed.stop(),
  };
}
