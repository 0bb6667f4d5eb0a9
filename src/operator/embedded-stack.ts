/**
 * The embedded default, assembled: the local GitOps repository, and for each
 * of its `cloud: sim` clusters an embedded control plane, a simulated EC2,
 * the simulated kubelet/scheduler/workloads and an agent; one kubeconfig
 * with a context per cluster. `karpd up` and the end-to-end tests start it
 * through here.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Clock } from '../apis/clock.js';
import { GitSource } from '../gitops/source/git-source.js';
import { startGitOps, type GitOpsRuntime } from './gitops-runtime.js';
import { loadClusterManifests, type ClusterManifests } from '../gitops/source/load-cluster.js';
import { ensureTemplateRepository } from '../gitops/source/template-repository.js';
import { connect } from '../kube/connect.js';
import type { Logger } from '../kube/logger.js';
import type { JsonRoute } from '../observe/agent-server.js';
import type { LogRing } from '../observe/log-ring.js';
import { kubeconfigForClusters, writeKubeconfigDocument, type KubeconfigEntry } from '../sim/control-plane/kubeconfig.js';
import { AutoscalerError } from '../apis/errors.js';
import { generateToken, writeAgentFile } from './agent-file.js';
import type { Agent } from './agent.js';
import { refreshingAfterActions, startDashboardRuntime, type DashboardRuntime } from './dashboard-runtime.js';
import { startSimClusterStack, type SimClusterStack } from './sim-cluster-stack.js';

/** Options of {@link startEmbeddedStack}. */
export interface EmbeddedStackOptions {
  readonly stateDir: string;
  /** Run only this cluster folder of the GitOps repository. @default every `cloud: sim` cluster */
  readonly cluster?: string;
  /** The workload of the first cluster (the others run none). @default 'demo' */
  readonly workload?: 'demo' | 'none';
  /** The template the GitOps repository is created from. @default `<project>/repo-template` */
  readonly templateDir?: string;
  /** Fixed ports of the first cluster (0 = any; the other clusters take any free port). */
  readonly apiPort?: number;
  readonly agentPort?: number;
  /** Simulated instance boot time. @default 8000 */
  readonly bootDelayMs?: number;
  readonly seed?: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often the GitOps repository is fetched (the clusters' `spec.sync.interval` sets how often they re-sync). @default 5000 */
  readonly gitIntervalMs?: number;
  /** Keep each cluster's world in the state folder and continue from it (`karpd up`). @default false */
  readonly persist?: boolean;
  /** The log ring the process logger tees into (the dashboard's Log window). */
  readonly logRing?: LogRing;
  /** How often each agent's disruption controller plans a round (tests shorten it). @default 10000 */
  readonly disruptionIntervalMs?: number;
}

/** Everything `karpd up` runs. */
export interface EmbeddedStack {
  /** The simulated clusters, the first one primary (its agent is agent.json's `url`). */
  readonly clusters: readonly SimClusterStack[];
  /** The first cluster's agent (agent.json's `url`). */
  readonly agent: Agent;
  /** The kubeconfig with one context per cluster (current: the first). */
  readonly kubeconfigPath: string;
  readonly repositoryPath: string;
  /** Whether the first cluster's world was continued from the state folder. */
  readonly restored: boolean;
  /** GitOps sync of every cluster (the Decisions, the audit log). */
  readonly gitops: GitOpsRuntime;
  /** The dashboard's live view model over every cluster (its routes are on every cluster's agent API). */
  readonly dashboard: Pick<DashboardRuntime, 'feed' | 'logRing'>;
  stop(): Promise<void>;
}

/** Thrown when the repository names no simulated cluster to run (or not the one asked for). */
export class NoSimClusterError extends AutoscalerError {
  constructor(message: string) {
    super(message);
    this.name = 'NoSimClusterError';
  }
}

/**
 * The local repository is on the same disk: fetch it every few seconds so a commit is seen at once; each cluster
 * still re-checks its live objects on its own `spec.sync.interval`.
 */
const EMBEDDED_GIT_INTERVAL_MS = 5000;

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** Where a cluster's world is saved: the state folder itself for the first cluster (as before), else `clusters/<name>`. */
export function worldDirOf(stateDir: string, cluster: string, index: number): string {
  return index === 0 ? stateDir : join(stateDir, 'clusters', cluster);
}

/** The `cloud: sim` clusters of the revision exported at `repoDir`, sorted with `sandbox` first. */
async function simClusters(repoDir: string, only: string | undefined): Promise<ClusterManifests[]> {
  const folders = readdirSync(join(repoDir, 'clusters'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => only === undefined || name === only)
    .sort((a, b) => Number(b === 'sandbox') - Number(a === 'sandbox') || a.localeCompare(b));
  const clusters: ClusterManifests[] = [];
  for (const name of folders) {
    const manifests = await loadClusterManifests(repoDir, name).catch(() => undefined);
    if (manifests?.cluster.spec.cloud === 'sim') clusters.push(manifests);
  }
  if (clusters.length === 0)
    throw new NoSimClusterError(
      only === undefined
        ? `the GitOps repository ${repoDir} has no cluster with cloud: sim to run`
        : `cluster "${only}" is not a cloud: sim cluster of ${repoDir}`,
    );
  return clusters;
}

/** Starts the whole embedded default. */
export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<EmbeddedStack> {
  const { logger, clock } = options;
  const repository = await ensureTemplateRepository(
    options.templateDir ?? join(PROJECT_ROOT, 'repo-template'),
    join(options.stateDir, 'gitops'),
  );
  const source = new GitSource({
    url: repository.path,
    ref: { branch: 'main' },
    cacheDir: join(options.stateDir, 'git-cache'),
    intervalMs: options.gitIntervalMs ?? EMBEDDED_GIT_INTERVAL_MS,
    clock,
    logger,
  });
  const first = await source.refresh();
  if (first === undefined)
    throw new NoSimClusterError(`reading the GitOps repository ${repository.path}: ${source.status().error ?? 'no commit on main'}`);
  const desired = await simClusters(first.tree, options.cluster);
  const kubeconfigEntries: KubeconfigEntry[] = [];
  const kubeconfigPath = join(options.stateDir, 'kubeconfig');
  const writeKubeconfig = () =>
    writeKubeconfigDocument(options.stateDir, kubeconfigForClusters(kubeconfigEntries, kubeconfigEntries[0]?.name ?? ''));
  const agentToken = generateToken();
  const routeTables: Record<string, JsonRoute>[] = [];
  const clusters: SimClusterStack[] = [];
  // GitOps starts after the agents (it needs their connections): until it has a revision in force, the approval
  // setting is the one read from Git at startup.
  let gitopsController: GitOpsRuntime['controller'] | undefined;
  try {
    for (const [index, manifests] of desired.entries()) {
      const name = manifests.cluster.metadata.name ?? '';
      const worldDir = worldDirOf(options.stateDir, name, index);
      mkdirSync(worldDir, { recursive: true });
      const routes: Record<string, JsonRoute> = {};
      routeTables.push(routes);
      clusters.push(
        await startSimClusterStack({
          name,
          region: manifests.cluster.spec.region,
          worldDir,
          workload: index === 0 ? (options.workload ?? 'demo') : 'none',
          apiPort: index === 0 ? (options.apiPort ?? 0) : 0,
          agentPort: index === 0 ? (options.agentPort ?? 0) : 0,
          bootDelayMs: options.bootDelayMs ?? 8000,
          seed: (options.seed ?? 1) + index,
          persist: options.persist === true,
          clock,
          logger,
          routes,
          agentToken,
          disruptionApproval: () => gitopsController?.disruptionApproval(name) ?? manifests.cluster.spec.disruption?.approval,
          ...(options.disruptionIntervalMs !== undefined ? { disruptionIntervalMs: options.disruptionIntervalMs } : {}),
          connect: (controlPlane, token) => {
            kubeconfigEntries.push({
              name,
              url: controlPlane.url,
              credentials: { token, certificateAuthority: controlPlane.certificateAuthority },
            });
            writeKubeconfig();
            return connect({ kubeconfigPath, context: name });
          },
        }),
      );
    }
  } catch (error) {
    await Promise.all(clusters.map((cluster) => cluster.stop()));
    await source.stop();
    throw error;
  }
  const primary = clusters[0];
  const gitops = await startGitOps({
    source,
    targets: clusters.map((cluster) => ({ name: cluster.name, rest: cluster.rest, agent: cluster.agent, cloud: cluster.cloud })),
    stateDir: options.stateDir,
    clock,
    logger,
  });
  gitopsController = gitops.controller;
  let dashboard: DashboardRuntime;
  try {
    dashboard = await startDashboardRuntime({
      targets: clusters.map((cluster) => ({ name: cluster.name, agent: cluster.agent, cloud: cluster.cloud, sim: cluster.cloud })),
      gitops: gitops.controller,
      ...(options.logRing !== undefined ? { logRing: options.logRing } : {}),
      clock,
      logger,
    });
  } catch (error) {
    await gitops.stop();
    await Promise.all(clusters.map((cluster) => cluster.stop()));
    await source.stop();
    throw error;
  }
  const gitopsRoutes = refreshingAfterActions(gitops.routes, dashboard.feed);
  for (const table of routeTables) Object.assign(table, gitopsRoutes, dashboard.routes);
  source.start();
  writeAgentFile(options.stateDir, {
    url: primary.agent.server.url,
    token: primary.agent.token,
    apiServer: primary.controlPlane.url,
    kubeconfig: kubeconfigPath,
    gitops: repository.path,
    cluster: primary.name,
    clusters: Object.fromEntries(
      clusters.map((cluster) => [
        cluster.name,
        { url: cluster.agent.server.url, apiServer: cluster.controlPlane.url, context: cluster.name },
      ]),
    ),
    pid: process.pid,
  });
  return {
    clusters,
    agent: primary.agent,
    kubeconfigPath,
    repositoryPath: repository.path,
    restored: primary.restored,
    gitops,
    dashboard: { feed: dashboard.feed, ...(dashboard.logRing !== undefined ? { logRing: dashboard.logRing } : {}) },
    stop: async () => {
      dashboard.stop();
      await gitops.stop();
      await source.stop();
      await Promise.all(clusters.map((cluster) => cluster.stop()));
    },
  };
}
