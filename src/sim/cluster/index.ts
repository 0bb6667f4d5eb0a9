/** The simulated cluster of the embedded default: kubelet, kube-scheduler, workloads and the demo workload. */
export { startSimulatedCluster } from './sim-cluster.js';
export type { SimulatedCluster, SimulatedClusterOptions } from './sim-cluster.js';
export { SimKubelet } from './kubelet.js';
export type { SimKubeletDeps, SimKubeletOptions, ManagedNode } from './kubelet.js';
export { SimScheduler } from './scheduler.js';
export type { SimSchedulerDeps, SimSchedulerOptions } from './scheduler.js';
export { planScheduling, filterNode, unschedulableMessage, isPendingForScheduler } from './placement.js';
export type { SchedulingInput, SchedulingPlan, Binding, UnschedulablePod, ScoringStrategy } from './placement.js';
export { RUN_FOR_ANNOTATION } from './kubelet-pods.js';
export { nodeIdentity } from './node-template.js';
