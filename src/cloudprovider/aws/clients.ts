/**
 * The AWS SDK clients the provider uses, created from the standard SDK chain
 * (env, shared config, SSO, web identity, instance metadata) for region and
 * credentials. Nothing here reads or logs a credential.
 */
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { PricingClient } from '@aws-sdk/client-pricing';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';

/** The clients of the AWS provider. */
export interface AwsClients {
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  readonly sqs: SQSClient;
  readonly pricing: PricingClient;
  /** IAM (instance profiles for `spec.role`); a global service, signed for the configured region or us-east-1. */
  readonly iam: IAMClient;
}

/** The Pricing API endpoint region for a region (https://aws.amazon.com/ec2/pricing/ and the AWS Price List API). */
export function pricingRegion(region: string): string {
  if (region.startsWith('ap-')) return 'ap-south-1';
  if (region.startsWith('eu-')) return 'eu-central-1';
  if (region.startsWith('cn-')) return 'cn-northwest-1';
  return 'us-east-1';
}

/**
 * How every client retries: the SDK's own retry strategy, configured once here (there is no second retry loop
 * on top of it). Throttling and transient errors are retried with the SDK's backoff; in `adaptive` mode a
 * client-side rate limiter also slows calls down after throttling, as EC2's API rate limits ask for
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
export interface AwsRetryConfig {
  /** Attempts in all, the first included. @default 4 */
  readonly maxAttempts?: number;
  /** @default 'adaptive' */
  readonly retryMode?: 'standard' | 'adaptive';
  /** A strategy object instead of the mode (tests pass one without backoff delay). */
  readonly retryStrategy?: EC2ClientConfig['retryStrategy'];
}

/** Options of {@link createAwsClients}. */
export interface AwsClientsOptions {
  /** Undefined lets the SDK chain decide (AWS_REGION, profile …). */
  readonly region?: string;
  readonly retry?: AwsRetryConfig;
  /** Passed to every client as is (a request handler or credentials in tests). */
  readonly overrides?: Pick<EC2ClientConfig, 'requestHandler' | 'credentials' | 'endpoint'>;
}

/** The client config shared by every client: the retry strategy, then `overrides`. */
export function awsClientConfig(
  options: AwsClientsOptions = {},
): Pick<EC2ClientConfig, 'maxAttempts' | 'retryMode' | 'retryStrategy' | 'requestHandler' | 'credentials' | 'endpoint'> {
  const retry = options.retry ?? {};
  const strategy =
    retry.retryStrategy === undefined ? { retryMode: retry.retryMode ?? 'adaptive' } : { retryStrategy: retry.retryStrategy };
  return { maxAttempts: retry.maxAttempts ?? 4, ...strategy, ...(options.overrides ?? {}) };
}

/** Creates the clients, each with the retry strategy of {@link awsClientConfig}. */
export function createAwsClients(options: AwsClientsOptions = {}): AwsClients {
  const shared = awsClientConfig(options);
  const config = options.region === undefined ? shared : { ...shared, region: options.region };
  return {
    ec2: new EC2Client(config),
    ssm: new SSMClient(config),
    sqs: new SQSClient(config),
    pricing: new PricingClient({ ...shared, region: pricingRegion(options.region ?? 'us-east-1') }),
    iam: new IAMClient({ ...shared, region: options.region ?? 'us-east-1' }),
  };
}
