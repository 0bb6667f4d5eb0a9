/**
 * The agent's Prometheus metrics, named as upstream Karpenter names them
 * (https://karpenter.sh/docs/reference/metrics/) so existing dashboards and alerts keep working.
 * Each agent owns one registry (no global state), served at `/metrics`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Options of {@link createAgentMetrics}. */
export interface AgentMetricsOptions {
  /** Also export Node's process metrics (CPU, heap, event loop). @default true */
  processMetrics?: boolean;
}

/** Creates the registry and every metric the controllers update. */
export function createAgentMetrics(options: AgentMetricsOptions = {}) {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'karpd_' });
  const registers = [registry];
  return {
    registry,
    nodeClaimsCreated: new Counter({
      name: 'karpenter_nodeclaims_created_total',
      help: 'NodeClaims created, by reason and NodePool.',
      labelNames: ['reason', 'nodepool', 'min_values_relaxed'],
      registers,
    }),
    nodeClaimsTerminated: new Counter({
      name: 'karpenter_nodeclaims_terminated_total',
      help: 'NodeClaims terminated, by NodePool.',
      labelNames: ['nodepool', 'capacity_type'],
      registers,
    }),
    nodeClaimsDisrupted: new Counter({
      name: 'karpenter_nodeclaims_disrupted_total',
      help: 'NodeClaims disrupted, by reason.',
      labelNames: ['reason', 'nodepool', 'capacity_type'],
      registers,
    }),
    disruptionDecisions: new Counter({
      name: 'karpenter_disruption_decisions_total',
      help: 'Disruption commands carried out, by decision (delete, replace), reason and consolidation type.',
      labelNames: ['decision', 'reason', 'consolidation_type'],
      registers,
    }),
    disruptionEligibleNodes: new Gauge({
      name: 'karpenter_disruption_eligible_nodes',
      help: 'Nodes a disruption method may disrupt, by reason, as of the last round.',
      labelNames: ['reason'],
      registers,
    }),
    disruptionBudgetsAllowed: new Gauge({
      name: 'karpenter_disruption_budgets_allowed_disruptions',
      help: 'Nodes the disruption budgets of a NodePool still allow to be disrupted, by reason.',
      labelNames: ['nodepool', 'reason'],
      registers,
    }),
    nodePoolsAllowedDisruptions: new Gauge({
      name: 'karpenter_nodepools_allowed_disruptions',
      help: 'Nodes a NodePool allows to be disrupted at once, by reason.',
      labelNames: ['nodepool', 'reason'],
      registers,
    }),
    consolidationMoves: new Counter({
      name: 'karpenter_disruption_consolidation_moves_total',
      help: "Consolidation moves the Balanced policy scored, by the scored pool and decision: approved when carried out, rejected when a node's refusal is new.",
      labelNames: ['nodepool', 'decision'],
      registers,
    }),
    consolidationScore: new Histogram({
      name: 'karpenter_disruption_consolidation_score',
      help: 'Balanced policy scores of the moves counted in karpenter_disruption_consolidation_moves_total, but for moves that evict no pod (scored +Inf).',
      labelNames: ['nodepool', 'decision'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    }),
    nodesCreated: new Counter({ name: 'karpenter_nodes_created_total', help: 'Nodes registered.', labelNames: ['nodepool'], registers }),
    nodesTerminated: new Counter({
      name: 'karpenter_nodes_terminated_total',
      help: 'Nodes terminated.',
      labelNames: ['nodepool'],
      registers,
    }),
    nodesAllocatable: new Gauge({
      name: 'karpenter_nodes_allocatable',
      help: 'Allocatable resources of nodes karpd manages.',
      labelNames: ['node_name', 'nodepool', 'resource_type', 'instance_type', 'capacity_type', 'zone'],
      registers,
    }),
    podsState: new Gauge({
      name: 'karpenter_pods_state',
      help: 'Pods by phase and node.',
      labelNames: ['name', 'namespace', 'node', 'nodepool', 'phase'],
      registers,
    }),
    podsEvictionRequests: new Counter({
      name: 'karpenter_pods_eviction_requests_total',
      help: 'Eviction requests sent, by answer code.',
      labelNames: ['code'],
      registers,
    }),
    schedulingDuration: new Histogram({
      name: 'karpenter_scheduler_scheduling_duration_seconds',
      help: 'Duration of scheduling simulations.',
      labelNames: ['controller'],
      buckets: DURATION_BUCKETS,
      registers,
    }),
    provisionerSchedulingDuration: new Histogram({
      name: 'karpenter_provisioner_scheduling_duration_seconds',
      help: "Duration of the provisioner's scheduling simulation (pre-v1 name, kept for old dashboards).",
      buckets: DURATION_BUCKETS,
      registers,
    }),
    unschedulablePods: new Gauge({
      name: 'karpenter_scheduler_unschedulable_pods_count',
      help: 'Pods the last scheduling round could not place.',
      labelNames: ['controller'],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'karpenter_scheduler_queue_depth',
      help: 'Pods in the last scheduling round.',
      labelNames: ['controller'],
      registers,
    }),
    clusterStateSynced: new Gauge({
      name: 'karpenter_cluster_state_synced',
      help: '1 when the cluster state cache has listed every kind.',
      registers,
    }),
    clusterStateNodeCount: new Gauge({ name: 'karpenter_cluster_state_node_count', help: 'State nodes in the cache.', registers }),
    nodePoolUsage: new Gauge({
      name: 'karpenter_nodepools_usage',
      help: 'Resources used by each NodePool.',
      labelNames: ['nodepool', 'resource_type'],
      registers,
    }),
    nodePoolLimit: new Gauge({
      name: 'karpenter_nodepools_limit',
      help: 'Limits of each NodePool.',
      labelNames: ['nodepool', 'resource_type'],
      registers,
    }),
    interruptionReceivedMessages: new Counter({
      name: 'karpenter_interruption_received_messages_total',
      help: 'Interruption messages received, by message type (a redelivered message counts again).',
      labelNames: ['message_type'],
      registers,
    }),
    interruptionDeletedMessages: new Counter({
      name: 'karpenter_interruption_deleted_messages_total',
      help: 'Interruption messages handled and deleted from the queue.',
      registers,
    }),
    interruptionMessageQueueDuration: new Histogram({
      name: 'karpenter_interruption_message_queue_duration_seconds',
      help: 'Time from the cloud sending an interruption message to karpd handling it.',
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300],
      registers,
    }),
    cloudProviderDuration: new Histogram({
      name: 'karpenter_cloudprovider_duration_seconds',
      help: 'Duration of cloud provider calls.',
      labelNames: ['controller', 'method', 'provider', 'error'],
      buckets: DURATION_BUCKETS,
      registers,
    }),
    cloudProviderErrors: new Counter({
      name: 'karpenter_cloudprovider_errors_total',
      help: 'Failed cloud provider calls.',
      labelNames: ['controller', 'method', 'provider', 'error'],
      registers,
    }),
  };
}

/** The agent's metrics. */
export type AgentMetrics = ReturnType<typeof createAgentMetrics>;
