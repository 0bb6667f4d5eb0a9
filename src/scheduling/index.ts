/** The pure scheduling core's public API. */
export { type Check, OK, no } from './check.js';
export { normalizeLabelKey, isWellKnownLabel, AllowUndefinedWellKnownLabels, labelTypoHint } from './label-keys.js';
export { Requirement, RequirementParseError, isRequirementParseError } from './requirement.js';
export type { RequirementParts } from './requirement.js';
export { Requirements, AllowAllUndefined } from './requirements.js';
export type { CompatibilityOptions, KeySet } from './requirements.js';
export { tolerates, toleratesTaint, untoleratedTaints, formatTaint, TolerateAllPreferNoSchedule } from './taints.js';
export { podRequests } from './pod-requests.js';
export type { Resources } from './resources.js';
export {
  ResourceNames,
  amountOf,
  fromResourceList,
  toResourceList,
  add,
  subtract,
  max,
  fits,
  exceeded,
  isZero,
  formatResources,
} from './resources.js';
export type { InstanceType, Offering, Overhead } from './instance-type.js';
export { solve } from './solve.js';
export { SolveCache } from './solve-cache.js';
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
} from './snapshot.js';
export { podKey } from './pod-info.js';
export type { PodKey } from './pod-info.js';
export type { PreferencePolicy } from './preferences.js';
export { cheapestOffering, offeringAllowed, instanceTypeRequirements } from './pool-template.js';
export { compileSelector, selectorKey } from './label-selector.js';
export type { LabelMatcher } from './label-selector.js';
export { mulberry32 } from './rng.js';
export type { Rng } from './rng.js';
export { syntheticInstanceTypes, syntheticInstanceType, syntheticPrice, SyntheticZones } from './synthetic-instance-types.js';
