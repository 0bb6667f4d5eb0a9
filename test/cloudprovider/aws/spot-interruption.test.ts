/**
 * On AWS a spot interruption warning read from the SQS queue marks the
 * instance's offering (spot, type, zone) unavailable, as the simulated cloud
 * does and as upstream's interruption controller does, so the replacement is
 * not launched into the capacity pool being reclaimed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsCloudProvider, InterruptionQueue } from '../../../src/cloudprovider/aws/index.js';
import type { InterruptionEvent } from '../../../src/cloudprovider/types.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';
import { awsError, mockEc2 } from './mock-ec2.js';

const messages = JSON.parse(readFileSync(new URL('../../fixtures/aws/interruption-messages.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;
const INSTANCE = 'i-0abc1234def567890';

function setup() {
  const ec2 = mockEc2();
  ec2.instances.set(INSTANCE, {
    InstanceId: INSTANCE,
    InstanceType: 'm5.large',
    Placement: { AvailabilityZone: 'eu-west-2b' },
    State: { Name: 'running', Code: 16 },
    InstanceLifecycle: 'spot',
    LaunchTime: new Date('2026-05-01T09:00:00Z'),
    Tags: [{ Key: 'eks:eks-cluster-name', Value: 'test' }],
  });
  const clock = new FakeClock(new Date('2026-05-01T10:05:00Z'));
  const provider = new AwsCloudProvider(
    { clients: { ec2: ec2.ec2, pricing: ec2.pricing }, nodeClasses: () => undefined, clock },
    { region: 'eu-west-2', cluster: { name: 'test' } },
  );
  const sqs = new SQSClient({ region: 'eu-west-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' } });
  const sqsMock = mockClient(sqs);
  sqsMock.on(GetQueueUrlCommand).resolves({ QueueUrl: 'https://sqs.eu-west-2.amazonaws.com/111122223333/test' });
  sqsMock.on(DeleteMessageCommand).resolves({});
  sqsMock
    .on(ReceiveMessageCommand)
    .resolvesOnce({ Messages: [{ MessageId: 'm-spot', ReceiptHandle: 'r-spot', Body: JSON.stringify(messages.spot) }] })
    .resolves({ Messages: [] });
  const logger = new RecordingLogger();
  const queue = new InterruptionQueue(
    { sqs, now: () => clock.now(), logger, onSpotInterrupted: (instanceID) => provider.markSpotInterrupted(instanceID) },
    { queueName: 'test', waitTimeSeconds: 0 },
  );
  const seen: InterruptionEvent[] = [];
  queue.subscribe((event) => void seen.push(event));
  return { ec2, provider, queue, sqsMock, logger, seen };
}

describe('aws spot interruption', () => {
  it('marks the interrupted offering unavailable before the handlers run', async () => {
    const { provider, queue, seen } = setup();
    assert.equal(provider.ice.isUnavailable('spot', 'm5.large', 'eu-west-2b'), false);
    assert.deepEqual(await queue.pollOnce(), { received: 1, handled: 1, noop: 0, invalid: 0, kept: 0 });
    assert.equal(provider.ice.isUnavailable('spot', 'm5.large', 'eu-west-2b'), true);
    assert.equal(provider.ice.isUnavailable('on-demand', 'm5.large', 'eu-west-2b'), false);
    assert.deepEqual(
      seen.map((event) => event.kind),
      ['spot_interrupted'],
    );
  });

  it('still hands the event on and deletes the message when the offering cannot be looked up, logging why', async () => {
    const { ec2, queue, sqsMock, logger, seen } = setup();
    ec2.ec2Mock.on(DescribeInstancesCommand).rejects(awsError('UnauthorizedOperation', 'not allowed to describe instances'));
    assert.equal((await queue.pollOnce()).handled, 1);
    assert.equal(seen.length, 1);
    assert.equal(sqsMock.commandCalls(DeleteMessageCommand).length, 1);
    const warning = logger.problems().find((line) => line.message.startsWith('marking the spot offering unavailable failed'));
    assert.match(String(warning?.fields.reason), /not allowed/);
  });
});
