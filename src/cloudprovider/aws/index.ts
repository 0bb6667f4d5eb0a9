/** The real AWS CloudProvider, its NodeClass resolution and the SQS interruption queue. */
export { AwsCloudProvider } from './aws-cloud-provider.js';
export type { AwsCloudProviderOptions, AwsCloudProviderDeps } from './aws-cloud-provider.js';
export { createAwsClients, pricingRegion } from './clients.js';
export type { AwsClients } from './clients.js';
export { resolveNodeClassStatus, resolveSubnets, resolveSecurityGroups, resolveAmis } from './nodeclass-status.js';
export type { NodeClassResolverDeps } from './nodeclass-status.js';
export { aliasParameters } from './ssm-aliases.js';
export { InterruptionQueue } from './interruption-queue.js';
export type { InterruptionQueueOptions, PollResult } from './interruption-queue.js';
export { parseInterruptionMessage } from './interruption-message.js';
export type { ParsedMessage } from './interruption-message.js';
export { AwsPricing } from './pricing.js';
export { AwsInstanceTypes, INSTANCE_TYPES_REFRESH_MS } from './instance-types.js';
export { fromDescribeInstanceType, parseInstanceTypeName } from './instance-type-info.js';
export { createFleetInput, readFleetOutput } from './fleet.js';
export { awsDriftReason, DriftCheckError, isDriftCheckError } from './drift.js';
export { withRetry } from './retry.js';
export type { RetryOptions } from './retry.js';
