/**
 * The AWS SDK clients the provider uses, created from the standard SDK chain
 * (env, shared config, SSO, web identity, instance metadata) for region and
 * credentials. Nothing here reads or logs a credential.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
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

/** The Pricing API endpoint region for a region (aws-provider.md §3). */
export function pricingRegion(region: string): string {
  if (region.startsWith('ap-')) return 'ap-south-1';
  if (region.startsWith('eu-')) return 'eu-central-1';
  if (region.startsWith('cn-')) return 'cn-northwest-1';
  return 'us-east-1';
}

/** Creates the clients; `region` undefined lets the SDK chain decide (AWS_REGION, profile …). */
export function createAwsClients(options: { region?: string } = {}): AwsClients {
  const config = options.region === undefined ? {} : { region: options.region };
  return {
    ec2: new EC2Client(config),
    ssm: new SSMClient(config),
    sqs: new SQSClient(config),
    pricing: new PricingClient({ region: pricingRegion(options.region ?? 'us-east-1') }),
    iam: new IAMClient({ region: options.region ?? 'us-east-1' }),
  };
}
