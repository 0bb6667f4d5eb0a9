/**
 * The pure provisioning decision: pending pods + cluster snapshot → where
 * each pod goes, which NodeClaims to launch, and why the rest must wait.
 * The algorithm lives in src/scheduling; this module is its public face for
 * the provisioner, consolidation and the what-if view.
 */
export { solve } from '../scheduling/solve.js';
export { SolveCache } from '../scheduling/solve-cache.js';
export type {
  SchedulingSnapshot,
  SchedulingNode,
  NodePoolOption,
  SolveOptions,
  SolveResult,
  Placement,
  NewNodeClaim,
  InstanceTypeOption,
  UnschedulablePod,
} from '../scheduling/snapshot.js';
export { podKey } from '../scheduling/pod-info.js';
export type { PodKey } from '../scheduling/pod-info.js';
export { summarizePlan, formatPlanSummary } from './plan-summary.js';
export type { PlanSummary } from './plan-summary.js';
