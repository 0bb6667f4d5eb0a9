/**
 * The interruption queue poller (https://karpenter.sh/docs/concepts/disruption/#interruption): long-polls SQS,
 * parses each message, hands events to subscribers, and deletes a message
 * once it is handled, a no-op or unparseable. A handler failure leaves the
 * message on the queue, so SQS delivers it again after the visibility timeout.
 */
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { silentLogger, type Logger } from '../../apis/logger.js';
import type { InterruptionHandler, InterruptionSource } from '../types.js';
import { parseInterruptionMessage } from './interruption-message.js';

/** Options of {@link InterruptionQueue}. */
export interface InterruptionQueueOptions {
  /** The queue name (`--interruption-queue`). */
  readonly queueName: string;
  /** @default 20 */
  readonly waitTimeSeconds?: number;
}

/** Collaborators of {@link InterruptionQueue}. */
export interface InterruptionQueueDeps {
  readonly sqs: SQSClient;
  readonly now: () => Date;
  readonly logger?: Logger;
  /**
   * Called once per instance of a spot interruption warning, before the handlers run: the AWS provider marks the
   * instance's offering (spot, type, zone) unavailable, as upstream's interruption controller does, so the
   * replacement is not launched into the pool being reclaimed. A failure is logged and does not keep the message.
   */
  readonly onSpotInterrupted?: (instanceID: string) => Promise<void>;
}

/** What one poll did. */
export interface PollResult {
  readonly received: number;
  readonly handled: number;
  readonly noop: number;
  readonly invalid: number;
  /** Messages left on the queue because a handler failed. */
  readonly kept: number;
}

/** The SQS interruption queue as an {@link InterruptionSource}. */
export class InterruptionQueue implements InterruptionSource {
  private readonly handlers = new Set<InterruptionHandler>();
  private queueUrl: string | undefined;
  private running = false;
  private readonly logger: Logger;

  /** Polls `sqs` for the named queue. */
  constructor(
    private readonly deps: InterruptionQueueDeps,
    private readonly options: InterruptionQueueOptions,
  ) {
    this.logger = deps.logger ?? silentLogger;
  }

  /** Adds a handler; returns its unsubscribe function. */
  subscribe(handler: InterruptionHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  private async url(): Promise<string> {
    if (this.queueUrl !== undefined) return this.queueUrl;
    const response = await this.deps.sqs.send(new GetQueueUrlCommand({ QueueName: this.options.queueName }));
    if (response.QueueUrl === undefined)
      throw new Error(`resolving interruption queue ${this.options.queueName}: no QueueUrl in the response`);
    this.queueUrl = response.QueueUrl;
    return this.queueUrl;
  }

  /** Receives one batch (up to 10, long poll) and handles it. */
  async pollOnce(): Promise<PollResult> {
    const QueueUrl = await this.url();
    const response = await this.deps.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: this.options.waitTimeSeconds ?? 20,
        VisibilityTimeout: 20,
        MessageSystemAttributeNames: ['SentTimestamp'],
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = response.Messages ?? [];
    const outcomes = await Promise.all(messages.map((message) => this.handle(QueueUrl, message)));
    const count = (outcome: string) => outcomes.filter((o) => o === outcome).length;
    return { received: messages.length, handled: count('handled'), noop: count('noop'), invalid: count('invalid'), kept: count('kept') };
  }

  private async handle(QueueUrl: string, message: Message): Promise<'handled' | 'noop' | 'invalid' | 'kept'> {
    const messageID = message.MessageId ?? '';
    const parsed = parseInterruptionMessage(message.Body, messageID, this.deps.now());
    if (parsed.type === 'invalid')
      this.logger.error({ controller: 'interruption', messageID, reason: parsed.reason }, 'deleting unparseable interruption message');
    if (parsed.type === 'event') {
      if (parsed.event.kind === 'spot_interrupted') await this.markSpotInterrupted(messageID, parsed.event.instanceIDs);
      try {
        for (const handler of [...this.handlers]) await handler(parsed.event);
      } catch (error) {
        this.logger.error(
          { controller: 'interruption', messageID, kind: parsed.event.kind, err: error },
          'handling interruption message failed, leaving it on the queue',
        );
        return 'kept';
      }
    }
    await this.deps.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    return parsed.type === 'event' ? 'handled' : parsed.type;
  }

  private async markSpotInterrupted(messageID: string, instanceIDs: readonly string[]): Promise<void> {
    const mark = this.deps.onSpotInterrupted;
    if (mark === undefined) return;
    for (const instanceID of instanceIDs) {
      try {
        await mark(instanceID);
      } catch (error) {
        this.logger.warn(
          { controller: 'interruption', messageID, instanceID, reason: error instanceof Error ? error.message : String(error) },
          'marking the spot offering unavailable failed',
        );
      }
    }
  }

  /** Polls until {@link stop}; a failed poll is logged and retried after `errorBackoffMs`. */
  async run(
    errorBackoffMs = 5_000,
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ): Promise<void> {
    this.running = true;
    while (this.running) {
      try {
        await this.pollOnce();
      } catch (error) {
        this.logger.error({ controller: 'interruption', err: error }, 'polling the interruption queue failed');
        await sleep(errorBackoffMs);
      }
    }
  }

  /** Stops {@link run} after the current poll. */
  stop(): void {
    this.running = false;
  }
}
