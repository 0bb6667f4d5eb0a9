/** The real AWS CloudProvider, its NodeClass resolution (with IAM instance profiles) and the SQS interruption queue. */
export { AwsCloudProvider } from './aws-cloud-provider.js';
export type { AwsCloudProviderOptions, AwsCloudProviderDeps } from './aws-cloud-provider.js';
export { awsClientConfig, createAwsClients, pricingRegion } from './clients.js';
export type { AwsClientsOptions, AwsRetryConfig } from './clients.js';
export type { AwsClients } from './clients.js';
export { resolveNodeClassStatus, resolveSubnets, resolveSecurityGroups, resolveAmis } from './nodeclass-status.js';
export type { NodeClassResolverDeps } from './nodeclass-status.js';
export { aliasParameters } from './ssm-aliases.js';
export { InstanceProfiles, INSTANCE_PROFILE_RECHECK_MS } from './instance-profiles.js';
export type { InstanceProfileManager, InstanceProfilesDeps, VerifyResult } from './instance-profiles.js';
export { checkInstanceProfile } from './instance-profile-status.js';
export type { InstanceProfileCheck } from './instance-profile-status.js';
export {
  InstanceProfileError,
  InstanceProfileNotFoundError,
  isInstanceProfileError,
  isInstanceProfileNotFoundError,
} from './instance-profile-errors.js';
export type { InstanceProfileFailureReason } from './instance-profile-errors.js';
export { managedInstanceProfileName, instanceProfilePath, instanceProfileTags, roleNameOf, fnv1a64 } from './instance-profile-naming.js';
export type { InstanceProfileScope } from './instance-profile-naming.js';
export { InterruptionQueue } from './interruption-queue.js';
export type { InterruptionQueueDeps, InterruptionQueueOptions, PollResult } from './interruption-queue.js';
export { parseInterruptionMessage } from './interruption-message.js';
export type { ParsedMessage } from './interruption-message.js';
export { AwsPricing } from './pricing.js';
export { AwsInstanceTypes, INSTANCE_TYPES_REFRESH_MS } from './instance-types.js';
export { fromDescribeInstanceType, parseInstanceTypeName } from './instance-type-info.js';
export { createFleetInput, readFleetOutput } from './fleet.js';
export { awsDriftReason, DriftCheckError, isDriftCheckError } from './drift.js';
