/** Test fixtures and expectations (imported only by tests). */
export { deepMerge } from './merge.js';
export type { DeepPartial } from './merge.js';
export { nextName, resetNames } from './names.js';
export { pod, pods, nodePool, node, nodeClaim, daemonSet, FIXTURE_TIME } from './builders.js';
export type { PodOptions, NodeOptions } from './builders.js';
export { instanceType, syntheticInstanceTypes, syntheticInstanceType, SyntheticZones } from './instance-types.js';
export type { InstanceTypeOptions } from './instance-types.js';
export { snapshot, claimOf, targetOf, expectScheduled, expectNotScheduled, claimLabel } from './scheduling.js';
export { FakeClock } from './fake-clock.js';
export { FakeKubeWriter } from './fake-kube-writer.js';
export type { KubeWriteCall, KubeWriteMethod } from './fake-kube-writer.js';
export { RecordingLogger } from './recording-logger.js';
export type { LogLine } from './recording-logger.js';
export {
  DISRUPTION_NOW,
  bindPod,
  daemonSetPod,
  disruptionSnapshot,
  initializedNode,
  mirrorPod,
  podDisruptionBudget,
  type DisruptionSnapshotInput,
  type InitializedNodeOptions,
  type PodDisruptionBudgetOptions,
} from './disruption.js';
