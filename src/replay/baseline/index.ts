/** The cluster-autoscaler baseline of `karpd replay`: its public API. */
export { runClusterAutoscalerModel } from './cluster-autoscaler.js';
export type { ClusterAutoscalerInput, ClusterAutoscalerOptions, ClusterAutoscalerFigures, NodeGroupSummary } from './cluster-autoscaler.js';
export { buildNodeGroups, groupCapacityType, groupCapacityTypes, poolRequirements } from './node-groups.js';
export type { NodeGroup, NodeGroups, NodeGroupsInput, PreferredCapacityType, SkippedNodePool } from './node-groups.js';
export { DEFAULT_SCALE_DOWN } from './scale-down.js';
export type { ScaleDownOptions } from './scale-down.js';
export { percentile } from './figures.js';
export { podConstraints, admits } from './pod-constraints.js';
export type { PodConstraints } from './pod-constraints.js';
