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
export { ResourceNames, amountOf, fromResourceList, toResourceList, add, subtract, max, fits, exceeded, isZero, formatResources } from './resources.js';
export type { InstanceType, Offering, Overhead } from './instance-type.js';
