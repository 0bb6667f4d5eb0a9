/**
 * One real cluster under `karpd run`: its kube context, the AWS provider
 * with NodeClass resolution and (optionally) the SQS interruption queue, and
 * the agent. Nothing from src/sim is loaded here.
 */
import { hostname } from 'node:os';
import type { Clock } from '../apis/clock.js';
import type { Cluster } from '../apis/cluster.js';
import type { EC2NodeClass } from '../apis/ec2nodeclass.js';
import {
  AwsCloudProvider,
  InstanceProfiles,
  InterruptionQueue,
  createAwsClients,
  resolveNodeClassStatus,
} from '../cloudprovider/aws/index.js';
import { connect } from '../kube/connect.js';
import type { Logger } from '../kube/logger.js';
import type { RestClient } from '../kube/rest-client.js';
import type { JsonRoute } from '../observe/agent-server.js';
import { startAgent, type Agent } from './agent.js';
import { KubeDecisionRepository } from '../gitops/decisions/kube-decision-repository.js';
import type { ClusterRunConfig } from './run-config.js';
import { solverPlanner } from './solver-planner.js';

const INSTANCE_TYPES_REFRESH_MS = 12 * 3_600_000;

/** A running real cluster. */
export interface RealCluster {
  readonly agent: Agent;
  readonly rest: RestClient;
  readonly cloud: AwsCloudProvider;
  /** Adds routes to this cluster's agent API (the GitOps routes). */
  addRoutes(routes: Record<string, JsonRoute>): void;
  stop(): Promise<void>;
}

/** Starts the agent for one real cluster (GitOps sync is started over it by the caller). */
export async function startRealCluster(
  config: ClusterRunConfig,
  desired: { cluster: Cluster },
  deps: { clock: Clock; logger: Logger; token?: string },
): Promise<RealCluster> {
  const { clock, logger } = deps;
  const context = config.kubeContext ?? desired.cluster.spec.kubeContext;
  const rest = connect({ ...(config.kubeconfig ? { kubeconfigPath: config.kubeconfig } : {}), ...(context ? { context } : {}) });
  const clients = createAwsClients({ region: desired.cluster.spec.region });
  let agentRef: Agent | undefined;
  const nodeClasses = (name: string): EC2NodeClass | undefined => agentRef?.state.get('nodeClasses', name);
  const cloud = new AwsCloudProvider(
    { clients, nodeClasses, clock, logger },
    {
      region: desired.cluster.spec.region,
      cluster: { name: config.clusterName ?? config.name, endpoint: config.clusterEndpoint, caBundle: config.clusterCABundle },
    },
  );
  await cloud.refresh();
  const cancelRefresh = clock.setInterval(
    () =>
      void cloud
        .refresh()
        .catch((error: unknown) => logger.warn({ cluster: config.name, reason: String(error) }, 'refreshing instance types failed')),
    INSTANCE_TYPES_REFRESH_MS,
  );
  const queue =
    config.interruptionQueue === undefined
      ? undefined
      : new InterruptionQueue(
          // The interruption controller marks the offering from the claim's labels (no DescribeInstances per message).
          { sqs: clients.sqs, now: () => clock.now(), logger },
          { queueName: config.interruptionQueue },
        );
  const instanceProfiles = new InstanceProfiles({
    iam: clients.iam,
    region: desired.cluster.spec.region,
    clusterName: config.clusterName ?? config.name,
    now: () => clock.now(),
    logger,
  });
  const nodeClassCleanup = async (nodeClass: EC2NodeClass): Promise<void> => {
    if (nodeClass.spec.role !== undefined) await instanceProfiles.delete(nodeClass);
  };
  const resolverDeps = {
    ec2: clients.ec2,
    ssm: clients.ssm,
    now: () => clock.now(),
    kubernetesVersion: config.kubernetesVersion,
    instanceProfiles,
  };
  const routes: Record<string, JsonRoute> = {};
  const agent = await startAgent(
    {
      rest,
      cloud,
      interruptions: queue,
      planner: solverPlanner(),
      clock,
      logger,
      nodeClassStatus: (nodeClass) => resolveNodeClassStatus(resolverDeps, nodeClass),
      nodeClassCleanup,
      decisions: new KubeDecisionRepository({ rest, cluster: config.name, clock, logger }),
      disruptionApproval: () => desired.cluster.spec.disruption?.approval,
    },
    {
      identity: `${hostname()}-${process.pid}`,
      clusterName: config.name,
      port: config.port,
      token: deps.token,
      metricsAccess: config.metrics.requireToken ? 'token' : 'public',
      ...(config.metrics.bindAddress !== undefined ? { probeListener: config.metrics.bindAddress } : {}),
      routes,
    },
  );
  agentRef = agent;
  const polling = queue?.run();
  return {
    agent,
    rest,
    cloud,
    addRoutes: (extra) => {
      Object.assign(routes, extra);
    },
    stop: async () => {
      cancelRefresh();
      queue?.stop();
      await polling;
      await agent.stop();
    },
  };
}
