/**
 * Retrying is the AWS SDK's job, configured once where the clients are built
 * (clients.ts): a throttled call is retried by the SDK's strategy a bounded
 * number of times, with no second retry loop in the provider on top of it.
 * aws-sdk-client-mock replaces `send` and so skips the SDK's retry middleware;
 * these tests use real clients with an in-memory HTTP handler instead.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { AwsCloudProvider, awsClientConfig, createAwsClients } from '../../../src/cloudprovider/aws/index.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';

const THROTTLED =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>RequestLimitExceeded</Code>' +
  '<Message>Request limit exceeded.</Message></Error></Errors><RequestID>r-1</RequestID></Response>';
const NO_INSTANCES =
  '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">' +
  '<requestId>r-2</requestId><reservationSet/></DescribeInstancesResponse>';

/** An HTTP handler answering EC2 calls: `throttled` times RequestLimitExceeded (503), then an empty DescribeInstances. */
function ec2Handler(throttled: number) {
  const calls: string[] = [];
  const handler = {
    async handle(request: { body?: unknown }) {
      calls.push(String(request.body ?? ''));
      const fail = calls.length <= throttled;
      const body = fail ? THROTTLED : NO_INSTANCES;
      return {
        response: { statusCode: fail ? 503 : 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(body)]) },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
    destroy() {},
  };
  return { handler, calls };
}

function provider(throttled: number, maxAttempts: number) {
  const { handler, calls } = ec2Handler(throttled);
  const clients = createAwsClients({
    region: 'eu-west-2',
    retry: { maxAttempts, retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => 0) },
    overrides: { requestHandler: handler as never, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } },
  });
  const aws = new AwsCloudProvider(
    { clients, nodeClasses: () => undefined, clock: new FakeClock(new Date('2026-05-01T10:00:00Z')) },
    { region: 'eu-west-2', cluster: { name: 'test' } },
  );
  return { aws, calls };
}

describe('aws sdk retries', () => {
  it('retries a throttled call exactly up to maxAttempts, then surfaces the throttling error', async () => {
    const { aws, calls } = provider(100, 3);
    await assert.rejects(aws.list(), (error: unknown) => (error as { name?: string }).name === 'RequestLimitExceeded');
    assert.equal(calls.length, 3);
    assert.ok(calls.every((body) => body.includes('Action=DescribeInstances')));
  });

  it('succeeds when throttling stops within the attempts, with no extra call', async () => {
    const { aws, calls } = provider(2, 4);
    assert.deepEqual(await aws.list(), []);
    assert.equal(calls.length, 3);
  });

  it('configures every client with 4 attempts in adaptive mode by default', () => {
    assert.deepEqual(awsClientConfig(), { maxAttempts: 4, retryMode: 'adaptive' });
    const clients = createAwsClients({ region: 'eu-west-2' });
    for (const client of Object.values(clients)) assert.equal(client.config.retryMode, 'adaptive');
  });
});
