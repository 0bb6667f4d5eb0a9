/**
 * A core/v1 Event recorder that aggregates repeats as client-go's event
 * recorder does (its EventCorrelator): an event with the same involved
 * object, type, reason, message and source as one recorded before does not
 * create a new object, it increments that Event's `count` and moves its
 * `lastTimestamp`, so `kubectl describe` shows "(x12 over 3m)" instead of a
 * dozen lines. Failures are returned, never thrown.
 */
import type { KubeObject } from '../apis/object-meta.js';
import { isNotFoundError, toKubeApiError } from './errors.js';
import { eventTime, newEventBody, type NewEvent } from './event-body.js';
import { Kinds, collectionPath, objectPath } from './resource-kinds.js';
import { PatchTypes, type RestClient } from './rest-client.js';

/** One event to record: `component` is `source.component` / `reportingComponent`, e.g. `default-scheduler`. */
export interface RecordedEvent extends NewEvent {
  readonly involved: KubeObject;
}

interface Aggregate {
  readonly name: string;
  readonly namespace: string;
  count: number;
}

/** Events kept for aggregation (client-go keeps 4096 in its LRU cache too). */
const DEFAULT_CACHE_SIZE = 4096;

/** Records Events through the API, aggregating repeats of the same event into one object. */
export class EventRecorder {
  private readonly cache = new Map<string, Aggregate>();

  constructor(
    private readonly rest: RestClient,
    private readonly now: () => Date,
    private readonly cacheSize = DEFAULT_CACHE_SIZE,
  ) {}

  /** Creates the Event, or increments the count of the same Event recorded before. */
  async record(event: RecordedEvent): Promise<Error | undefined> {
    const key = aggregationKey(event);
    const known = this.cache.get(key);
    const time = eventTime(this.now());
    try {
      if (known !== undefined && (await this.increment(known, time))) {
        this.cache.delete(key);
        this.cache.set(key, known);
        return undefined;
      }
      const created = await this.create(event, time);
      this.remember(key, { name: created.metadata.name ?? '', namespace: created.metadata.namespace ?? namespaceOf(event), count: 1 });
      return undefined;
    } catch (error) {
      return toKubeApiError(error, `recording event ${event.reason}`);
    }
  }

  /** Patches count and lastTimestamp; false when the Event is gone (expired or deleted), so a new one is made. */
  private async increment(known: Aggregate, time: string): Promise<boolean> {
    const count = known.count + 1;
    try {
      await this.rest.request({
        method: 'PATCH',
        path: objectPath(Kinds.event, known.name, known.namespace),
        body: { count, lastTimestamp: time },
        contentType: PatchTypes.merge,
      });
    } catch (error) {
      if (isNotFoundError(error)) return false;
      throw error;
    }
    known.count = count;
    return true;
  }

  private async create(event: RecordedEvent, time: string): Promise<KubeObject> {
    const body = newEventBody(event, time);
    const namespace = namespaceOf(event);
    return this.rest.request<KubeObject>({ method: 'POST', path: collectionPath(Kinds.event, namespace), body });
  }

  private remember(key: string, aggregate: Aggregate): void {
    this.cache.set(key, aggregate);
    if (this.cache.size <= this.cacheSize) return;
    const oldest = this.cache.keys().next().value;
    if (oldest !== undefined) this.cache.delete(oldest);
  }
}

function namespaceOf(event: RecordedEvent): string {
  return event.involved.metadata.namespace ?? 'default';
}

/** What makes two events "the same" (client-go's getEventKey: source, involved object, type, reason, message). */
function aggregationKey(event: RecordedEvent): string {
  const { involved } = event;
  const object = [
    involved.apiVersion,
    involved.kind,
    involved.metadata.namespace ?? '',
    involved.metadata.name ?? '',
    involved.metadata.uid ?? '',
  ];
  return JSON.stringify([event.component, ...object, event.type, event.reason, event.message.slice(0, 1024)]);
}
