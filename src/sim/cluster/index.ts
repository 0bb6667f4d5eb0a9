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
export { WorkloadController } from './workloads.js';
export type { WorkloadControllerDeps, BatchProgress } from './workloads.js';
export { BATCH_LABEL, podsToDelete, batchPodsToAdd } from './workload-pods.js';
export type { BatchSpec, Deployment, PodTemplate } from './workload-pods.js';
export { DemoWorkload, DEMO_LABEL, demoDeployment, formatHour } from './demo-workload.js';
export type { DemoWorkloadDeps, DemoWorkloadOptions } from './demo-workload.js';
export {
  DEFAULT_DEMO_SCHEDULE,
  DEMO_NAMESPACES,
  NOTEBOOK_USERS,
  airflowReplicas,
  batchesDue,
  desiredDeployments,
  demoPodDisruptionBudgets,
  notebookSessions,
  simulatedHour,
  sparkBursts,
  trinoSessions,
} from './demo-schedule.js';
export type { DemoScheduleOptions, DesiredDeployment, DemoBatch, NotebookSession, TrinoSession } from './demo-schedule.js';
export { DemoPools } from './demo-templates.js';
