/**
 * Parses the EventBridge messages of the interruption queue (https://karpenter.sh/docs/concepts/nodeclasses/
 * https://karpenter.sh/docs/concepts/disruption/#interruption): five known kinds dispatched on (version, source, detail-type); an
 * unknown combination is a no-op, a malformed body a parse error. Pure.
 */
import { z } from 'zod';
import { interruptionAction, type InterruptionEvent, type InterruptionKind } from '../types.js';

const envelopeSchema = z.object({
  version: z.string(),
  id: z.string().optional(),
  source: z.string(),
  'detail-type': z.string(),
  time: z.string().optional(),
  region: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

/** The outcome of parsing one message body. */
export type ParsedMessage =
  | { readonly type: 'event'; readonly event: InterruptionEvent }
  | { readonly type: 'noop'; readonly reason: string }
  | { readonly type: 'invalid'; readonly reason: string };

type Envelope = z.infer<typeof envelopeSchema>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function detailInstance(envelope: Envelope): string[] {
  const id = str(envelope.detail?.['instance-id']);
  return id === undefined ? [] : [id];
}

function healthInstances(envelope: Envelope): string[] {
  const entities = envelope.detail?.affectedEntities;
  if (!Array.isArray(entities)) return [];
  return entities.flatMap((entity) => {
    const value = str((entity as Record<string, unknown> | null)?.entityValue);
    return value === undefined ? [] : [value];
  });
}

type Classified = { kind: InterruptionKind; instanceIDs: string[]; detail?: string } | { noop: string };

function classifyEc2(envelope: Envelope): Classified {
  const type = envelope['detail-type'];
  if (type === 'EC2 Spot Instance Interruption Warning')
    return { kind: 'spot_interrupted', instanceIDs: detailInstance(envelope), detail: str(envelope.detail?.['instance-action']) };
  if (type === 'EC2 Instance Rebalance Recommendation') return { kind: 'rebalance_recommendation', instanceIDs: detailInstance(envelope) };
  if (type === 'EC2 Capacity Reservation Instance Interruption Warning')
    return { kind: 'capacity_reservation_interrupted', instanceIDs: detailInstance(envelope) };
  if (type === 'EC2 Instance State-change Notification') {
    const state = str(envelope.detail?.state) ?? '';
    if (state === 'stopping' || state === 'stopped')
      return { kind: 'instance_stopped', instanceIDs: detailInstance(envelope), detail: state };
    if (state === 'shutting-down' || state === 'terminated')
      return { kind: 'instance_terminated', instanceIDs: detailInstance(envelope), detail: state };
    return { noop: `state-change to "${state}" needs no action` };
  }
  return { noop: `unknown detail-type "${type}" from aws.ec2` };
}

function classify(envelope: Envelope): Classified {
  if (envelope.version !== '0') return { noop: `unknown message version "${envelope.version}", expected "0"` };
  if (envelope.source === 'aws.ec2') return classifyEc2(envelope);
  if (envelope.source === 'aws.health' && envelope['detail-type'] === 'AWS Health Event') {
    if (envelope.detail?.service !== 'EC2' || envelope.detail?.eventTypeCategory !== 'scheduledChange')
      return { noop: 'health event is not an EC2 scheduledChange' };
    return { kind: 'scheduled_change', instanceIDs: healthInstances(envelope), detail: str(envelope.detail?.eventTypeCode) };
  }
  return { noop: `unknown source/detail-type "${envelope.source}"/"${envelope['detail-type']}"` };
}

/** Parses one SQS message body; `messageID` is used when the envelope has no id. */
export function parseInterruptionMessage(body: string | undefined, messageID: string, now: Date): ParsedMessage {
  let json: unknown;
  try {
    json = JSON.parse(body ?? '');
  } catch {
    return { type: 'invalid', reason: `message ${messageID} is not JSON` };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      type: 'invalid',
      reason: `message ${messageID} is not an EventBridge envelope: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    };
  }
  const classified = classify(parsed.data);
  if ('noop' in classified) return { type: 'noop', reason: classified.noop };
  if (classified.instanceIDs.length === 0)
    return { type: 'invalid', reason: `message ${messageID} (${classified.kind}) names no instance` };
  const time = parsed.data.time === undefined ? now : new Date(parsed.data.time);
  return {
    type: 'event',
    event: {
      id: parsed.data.id ?? messageID,
      kind: classified.kind,
      action: interruptionAction(classified.kind),
      instanceIDs: classified.instanceIDs,
      time: Number.isNaN(time.getTime()) ? now : time,
      ...(classified.detail === undefined ? {} : { detail: classified.detail }),
    },
  };
}
