import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { InterruptionQueue, parseInterruptionMessage } from '../../../src/cloudprovider/aws/index.js';
import type { InterruptionEvent } from '../../../src/cloudprovider/types.js';

const messages = JSON.parse(readFileSync(new URL('../../fixtures/aws/interruption-messages.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;
const now = new Date('2026-05-01T10:05:00Z');
const parse = (name: string) => parseInterruptionMessage(JSON.stringify(messages[name]), `m-${name}`, now);

describe('parseInterruptionMessage', () => {
  it('maps the five EventBridge kinds onto typed events', () => {
    const kinds = Object.fromEntries(
      ['spot', 'rebalance', 'stateShuttingDown', 'stateStopped', 'health', 'capacityReservation'].map((name) => {
        const parsed = parse(name);
        assert.equal(parsed.type, 'event', name);
        return [name, parsed.type === 'event' ? `${parsed.event.kind}:${parsed.event.action}:${parsed.event.instanceIDs.join(',')}` : ''];
      }),
    );
    assert.deepEqual(kinds, {
      spot: 'spot_interrupted:CordonAndDrain:i-0abc1234def567890',
      rebalance: 'rebalance_recommendation:NoAction:i-0abc1234def567890',
      stateShuttingDown: 'instance_terminated:CordonAndDrain:i-0abc1234def567890',
      stateStopped: 'instance_stopped:CordonAndDrain:i-0abc1234def567890',
      health: 'scheduled_change:CordonAndDrain:i-0abc1234def567890',
      capacityReservation: 'capacity_reservation_interrupted:CordonAndDrain:i-0abc1234def567890',
    });
    const spot = parse('spot');
    assert.equal(spot.type === 'event' && spot.event.time.toISOString(), '2026-05-01T10:00:00.000Z');
  });

  it('treats unknown kinds, running state changes and non-scheduled health events as no-ops, and garbage as invalid', () => {
    assert.equal(parse('unknown').type, 'noop');
    assert.equal(parse('stateRunning').type, 'noop');
    assert.equal(parse('healthIssue').type, 'noop');
    assert.equal(parseInterruptionMessage('not json', 'm-x', now).type, 'invalid');
    assert.equal(parseInterruptionMessage('{"hello":1}', 'm-y', now).type, 'invalid');
  });
});

describe('InterruptionQueue', () => {
  function setup() {
    const sqs = new SQSClient({ region: 'eu-west-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' } });
    const mock = mockClient(sqs);
    mock.on(GetQueueUrlCommand).resolves({ QueueUrl: 'https://sqs.eu-west-2.amazonaws.com/111122223333/test' });
    mock.on(DeleteMessageCommand).resolves({});
    const queue = new InterruptionQueue({ sqs, now: () => now }, { queueName: 'test', waitTimeSeconds: 0 });
    return { mock, queue };
  }
  const body = (name: string, receipt: string) => ({
    MessageId: `m-${name}`,
    ReceiptHandle: receipt,
    Body: typeof messages[name] === 'string' ? (messages[name] as string) : JSON.stringify(messages[name]),
  });

  it('deletes handled, no-op and unparseable messages but keeps one whose handling failed', async () => {
    const { mock, queue } = setup();
    mock.on(ReceiveMessageCommand).resolvesOnce({
      Messages: [
        body('spot', 'r-spot'),
        body('rebalance', 'r-rebalance'),
        body('unknown', 'r-unknown'),
        { MessageId: 'm-bad', ReceiptHandle: 'r-bad', Body: '{oops' },
      ],
    });
    const seen: InterruptionEvent[] = [];
    queue.subscribe((event) => {
      if (event.kind === 'rebalance_recommendation') throw new Error('kube API unavailable');
      seen.push(event);
    });
    const result = await queue.pollOnce();
    assert.deepEqual(result, { received: 4, handled: 1, noop: 1, invalid: 1, kept: 1 });
    assert.deepEqual(
      seen.map((e) => e.kind),
      ['spot_interrupted'],
    );
    const deleted = mock
      .commandCalls(DeleteMessageCommand)
      .map((call) => call.args[0].input.ReceiptHandle)
      .sort();
    assert.deepEqual(deleted, ['r-bad', 'r-spot', 'r-unknown']);
    const receive = mock.commandCalls(ReceiveMessageCommand)[0].args[0].input;
    assert.deepEqual([receive.MaxNumberOfMessages, receive.VisibilityTimeout], [10, 20]);
  });

  it('resolves the queue URL once', async () => {
    const { mock, queue } = setup();
    mock.on(ReceiveMessageCommand).resolves({ Messages: [] });
    assert.equal((await queue.pollOnce()).received, 0);
    assert.equal((await queue.pollOnce()).received, 0);
    assert.equal(mock.commandCalls(GetQueueUrlCommand).length, 1);
  });
});
