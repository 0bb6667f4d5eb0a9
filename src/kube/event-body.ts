/**
 * The body of a new core/v1 Event about an object, as client-go's event
 * recorder writes it: a generated name, the involved object's reference,
 * `count: 1` and both timestamps at the given time, the message cut to 1 KiB.
 */
import type { KubeObject } from '../apis/object-meta.js';

/** What a new Event says, and which component says it. */
export interface NewEvent {
  readonly involved: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  readonly component: string;
}

/** An Event timestamp: RFC 3339 to the second, as Kubernetes writes `firstTimestamp`/`lastTimestamp`. */
export function eventTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The POST body of a new Event in `namespace` (the involved object's, or `default` for cluster-scoped ones). */
export function newEventBody(event: NewEvent, time: string): Record<string, unknown> {
  const { involved } = event;
  const namespace = involved.metadata.namespace ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName: `${involved.metadata.name ?? 'object'}.`, namespace },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name,
      namespace: involved.metadata.namespace,
      uid: involved.metadata.uid,
    },
    type: event.type,
    reason: event.reason,
    message: event.message.slice(0, 1024),
    source: { component: event.component },
    reportingComponent: event.component,
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
  };
}
