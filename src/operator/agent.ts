/**
 * The agent for one cluster: informers → ClusterState, leader election, the
 * controllers (provisioner, NodeClaim lifecycle, termination, NodePool and
 * NodeClass status, NodePool hash, NodeClaim disruption conditions and
 * expiration, disruption, interruption) and the agent HTTP endpoint. The only
 * place that knows intervals and lifetimes; everything is passed in.
 */
import type { Clock } from '../apis/clock.js';
import { withMetrics } from '../cloudprovider/decorators/metrics.js';
import type { CloudProvider, InterruptionSource } from '../cloudprovider/types.js';
import { InterruptionController } from '../controllers/interruption/interruption-controller.js';
import { NodeClassStatusController, type NodeClassStatusResolver } from '../controllers/nodeclass/nodeclass-status-controller.js';
import { NodeClassTerminationController, type NodeClassCleanup } from '../controllers/nodeclass/nodeclass-termination-controller.js';
import { DisruptionConditionsController } from '../controllers/nodeclaim/disruption-conditions-controller.js';
import { ExpirationController } from '../controllers/nodeclaim/expiration-controller.js';
import { NodeClaimLifecycleController, type NodeClaimLifecycleOptions } from '../controllers/nodeclaim/lifecycle-controller.js';
import { NodePoolHashController } from '../controllers/nodeclaim/nodepool-hash-controller.js';
import { NodePoolStatusController } from '../controllers/nodepool/nodepool-status-controller.js';
import type { Planner } from '../controllers/provisioner/planner.js';
import { ProvisionerController } from '../controllers/provisioner/provisioner-controller.js';
import type { ControllerContext } from '../controllers/runtime/controller-context.js';
import { InstanceGarbageCollector } from '../controllers/garbage-collection/instance-gc-controller.js';
import { ClusterMetricsController } from '../controllers/metrics/cluster-metrics-controller.js';
import { startControllerLoop, type ControllerLoop, type Reconciler } from '../controllers/runtime/controller-loop.js';
import { TerminationController } from '../controllers/termination/termination-controller.js';
import { ObjectValidity } from '../controllers/validity/object-validity.js';
import { startClusterInformers } from '../kube/cluster-informers.js';
import { KubeWriter } from '../kube/kube-writer.js';
import { LeaderElector } from '../kube/leader-election.js';
import type { Logger } from '../kube/logger.js';
import type { RestClient } from '../kube/rest-client.js';
import { startAgentServer, type AgentServer, type JsonRoute } from '../observe/agent-server.js';
import { createAgentMetrics, type AgentMetrics } from '../observe/metrics.js';
import type { DisruptionReportSource } from '../disruption/report.js';
import type { DisruptionApproval } from '../apis/cluster.js';
import { DisruptionController } from '../controllers/disruption/disruption-controller.js';
import type { DecisionRepository } from '../gitops/decisions/decision-repository.js';
import { ClusterState } from '../state/cluster-state.js';
import { generateToken } from './agent-file.js';

/** What the agent is built from. */
export interface AgentDeps {
  readonly rest: RestClient;
  readonly cloud: CloudProvider;
  readonly interruptions?: InterruptionSource;
  readonly nodeClassStatus?: NodeClassStatusResolver;
  /** Provider cleanup when a NodeClass is deleted (managed instance profile…). */
  readonly nodeClassCleanup?: NodeClassCleanup;
  readonly planner: Planner;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The cluster's `spec.disruption.approval` now (which node disruptions wait for a person) [none]. */
  readonly disruptionApproval?: () => DisruptionApproval | undefined;
  /** Where node Decisions are kept (needed for disruptions that wait for approval). */
  readonly decisions?: DecisionRepository;
}

/** Agent settings (defaults in brackets). */
export interface AgentOptions {
  /** Leader-election identity [hostname-pid]. */
  readonly identity: string;
  /** Cluster name for logs [`default`]. */
  readonly clusterName?: string;
  /** Agent API port [0 = any]. */
  readonly port?: number;
  /** Agent API address ['127.0.0.1']. */
  readonly host?: string;
  /** Bearer token of the agent API [a fresh random one, see {@link Agent.token}]. */
  readonly token?: string;
  /** Whether /metrics on the agent API needs the token ['public']. */
  readonly metricsAccess?: 'public' | 'token';
  /**
   * A second listener serving only /metrics, /healthz and /readyz, without the token, on an address Prometheus and
   * the kubelet's probes reach (`karpd run`'s `metrics.bindAddress`) [none].
   */
  readonly probeListener?: { readonly host: string; readonly port: number };
  /** Batch window [1 s idle, 10 s max]. */
  readonly batchIdleMs?: number;
  readonly batchMaxMs?: number;
  /** Controller resync interval [1 s]. */
  readonly resyncMs?: number;
  /** How often leaked instances are looked for [2 min]. */
  readonly garbageCollectionMs?: number;
  readonly lifecycle?: NodeClaimLifecycleOptions;
  /** Lease timings [15 s / 2 s]. */
  readonly leaseDurationMs?: number;
  readonly leaseRetryMs?: number;
  /** Extra JSON routes (simulation controls, decisions…). */
  readonly routes?: Record<string, JsonRoute>;
  /** Export process metrics [true]. */
  readonly processMetrics?: boolean;
  /** How often the disruption controller plans a round [10 s]. */
  readonly disruptionIntervalMs?: number;
}

/** A running agent. */
export interface Agent {
  readonly state: ClusterState;
  readonly metrics: AgentMetrics;
  readonly server: AgentServer;
  /** The bearer token the agent API requires (write it to agent.json for the CLI). */
  readonly token: string;
  /** The probes-only listener, when {@link AgentOptions.probeListener} is set. */
  readonly probes?: AgentServer;
  readonly provisioner: ProvisionerController;
  readonly lifecycle: NodeClaimLifecycleController;
  readonly interruption?: InterruptionController;
  /** The disruption controller's latest round: verdicts, budgets, NodeClaims being disrupted. */
  readonly disruption?: DisruptionReportSource;
  readonly elector: LeaderElector;
  /** Resolves once the cache has listed every kind. */
  readonly whenSynced: Promise<void>;
  /** Stops cleanly: waits for in-flight launches and releases leadership. */
  stop(): Promise<void>;
  /**
   * Stops at once without waiting for anything in flight, as a crash would
   * (tests of restart behaviour). The lease is left to expire.
   */
  kill(): Promise<void>;
}

/** Starts the agent. */
export async function startAgent(deps: AgentDeps, options: AgentOptions): Promise<Agent> {
  const state = new ClusterState();
  const metrics = createAgentMetrics({ processMetrics: options.processMetrics ?? true });
  const now = () => deps.clock.now().getTime();
  const kube = new KubeWriter(deps.rest, () => deps.clock.now());
  const ctx: ControllerContext = { state, kube, cloud: deps.cloud, now, logger: deps.logger, metrics };
  // Each controller calls the cloud through its own timing wrapper, so karpenter_cloudprovider_* say who called.
  const ctxFor = (controller: string): ControllerContext => ({
    ...ctx,
    cloud: withMetrics(deps.cloud, { duration: metrics.cloudProviderDuration, errors: metrics.cloudProviderErrors, controller }),
  });
  const informers = startClusterInformers(deps.rest, state, deps.logger);
  const elector = new LeaderElector(deps.rest, {
    identity: options.identity,
    logger: deps.logger,
    now,
    timers: deps.clock,
    leaseDurationMs: options.leaseDurationMs,
    retryPeriodMs: options.leaseRetryMs,
  });
  elector.start();
  const canAct = () => elector.isLeader();
  const lifecycle = new NodeClaimLifecycleController(ctxFor('nodeclaim.lifecycle'), options.lifecycle);
  const validity = new ObjectValidity();
  const reconcilers: Reconciler[] = [
    lifecycle,
    new TerminationController(ctxFor('node.termination')),
    new NodePoolStatusController(ctxFor('nodepool.status'), validity),
    new NodePoolHashController(ctxFor('nodepool.hash')),
  ];
  if (deps.nodeClassStatus !== undefined)
    reconcilers.push(new NodeClassStatusController(ctxFor('nodeclass.status'), deps.nodeClassStatus, validity));
  reconcilers.push(new NodeClassTerminationController(ctxFor('nodeclass.termination'), deps.nodeClassCleanup));
  const loops: ControllerLoop[] = reconcilers.map((reconciler) =>
    startControllerLoop(reconciler, { state, logger: deps.logger, clock: deps.clock, canAct, intervalMs: options.resyncMs ?? 1000 }),
  );
  // Drift is re-checked every 5 min besides every change (upstream nodeclaim.disruption); expiry runs at each
  // claim's expiry (the controller asks for that pass) and once a minute in case a timer was missed.
  for (const [reconciler, intervalMs] of [
    [new DisruptionConditionsController(ctxFor('nodeclaim.disruption')), 300_000],
    [new ExpirationController(ctxFor('nodeclaim.expiration')), 60_000],
  ] as const) {
    loops.push(startControllerLoop(reconciler, { state, logger: deps.logger, clock: deps.clock, canAct, intervalMs }));
  }
  // Disruption: a round every 10 s (upstream's poll period), earlier when a marked command is due for validation;
  // not on every change (a round re-simulates the cluster). Leader only, like every acting controller.
  const disruption = new DisruptionController(ctxFor('disruption'), {
    roundIntervalMs: options.disruptionIntervalMs ?? 10_000,
    cluster: options.clusterName ?? 'default',
    ...(deps.disruptionApproval !== undefined ? { approval: deps.disruptionApproval } : {}),
    ...(deps.decisions !== undefined ? { decisions: deps.decisions } : {}),
  });
  loops.push(
    startControllerLoop(disruption, {
      state,
      logger: deps.logger,
      clock: deps.clock,
      canAct,
      onChange: false,
      intervalMs: options.disruptionIntervalMs ?? 10_000,
    }),
  );
  loops.push(
    startControllerLoop(new ClusterMetricsController(ctxFor('metrics.cluster')), {
      state,
      logger: deps.logger,
      clock: deps.clock,
      onChange: false,
      intervalMs: 5000,
    }),
  );
  loops.push(
    startControllerLoop(new InstanceGarbageCollector(ctxFor('garbagecollection')), {
      state,
      logger: deps.logger,
      clock: deps.clock,
      canAct,
      onChange: false,
      intervalMs: options.garbageCollectionMs ?? 120_000,
    }),
  );
  const provisioner = new ProvisionerController(ctxFor('provisioner'), {
    planner: deps.planner,
    clock: deps.clock,
    canAct,
    validity,
    idleMs: options.batchIdleMs,
    maxMs: options.batchMaxMs,
  });
  provisioner.start();
  const interruption =
    deps.interruptions === undefined ? undefined : new InterruptionController(ctxFor('interruption'), deps.interruptions, { canAct });
  interruption?.start();
  const token = options.token ?? generateToken();
  const ready = () => state.synced();
  const server = await startAgentServer({
    registry: metrics.registry,
    ready,
    host: options.host,
    port: options.port,
    routes: options.routes,
    token,
    metrics: options.metricsAccess,
  });
  const probes =
    options.probeListener === undefined
      ? undefined
      : await startAgentServer({ registry: metrics.registry, ready, ...options.probeListener, probesOnly: true }).catch(
          async (error: unknown) => {
            await server.close();
            throw new Error(`binding the metrics listener ${options.probeListener?.host}:${options.probeListener?.port}`, { cause: error });
          },
        );
  void informers.whenSynced.then(() => {
    metrics.clusterStateSynced.set(1);
    deps.logger.info({ cluster: options.clusterName ?? 'default' }, 'cluster state synced');
  });
  let stopped = false;
  return {
    state,
    metrics,
    server,
    token,
    probes,
    provisioner,
    lifecycle,
    interruption,
    disruption,
    elector,
    whenSynced: informers.whenSynced,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await provisioner.stop();
      interruption?.stop();
      await Promise.all(loops.map((loop) => loop.stop()));
      await lifecycle.settled();
      await elector.stop();
      await informers.stop();
      await server.close();
      await probes?.close();
    },
    kill: async () => {
      if (stopped) return;
      stopped = true;
      elector.abandon();
      void provisioner.stop();
      interruption?.stop();
      for (const loop of loops) void loop.stop();
      await informers.stop();
      await server.close();
      await probes?.close();
    },
  };
}
