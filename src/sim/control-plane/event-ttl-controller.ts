/**
 * Events expire (real: one hour after their last update), so a long-running
 * simulation does not accumulate them forever. A sweep runs every few
 * minutes of the injected clock.
 */
import type { CancelTimer } from './clock.js';
import { guarded, type ControllerDeps, type StopController } from './controller-deps.js';
import type { KubeObj } from './object.js';

/** Options of the event TTL controller. */
export interface EventTtlOptions {
  /** How long an event lives after its last update. @default 1 hour */
  readonly ttlMs?: number;
  /** How often expired events are swept. @default 5 minutes */
  readonly sweepEveryMs?: number;
}

function lastUpdate(event: KubeObj): number {
  const candidates = [event.lastTimestamp, event.series?.lastObservedTime, event.eventTime, event.metadata.creationTimestamp];
  const times = candidates
    .filter((t): t is string => typeof t === 'string')
    .map((t) => Date.parse(t))
    .filter((t) => !Number.isNaN(t));
  return times.length === 0 ? 0 : Math.max(...times);
}

/** Starts the event TTL sweeper. */
export function startEventTtlController(deps: ControllerDeps, options: EventTtlOptions = {}): StopController {
  const ttl = options.ttlMs ?? 3_600_000;
  const every = options.sweepEveryMs ?? 300_000;
  let cancel: CancelTimer = () => {};
  const sweep = (): void => {
    guarded(deps, 'event-ttl', () => {
      const cutoff = deps.clock.now().getTime() - ttl;
      for (const entry of deps.api.store.list('/events')) {
        if (lastUpdate(entry.obj) >= cutoff) continue;
        const meta = entry.obj.metadata;
        deps.api.store.commit('/events', `${meta.namespace}/${meta.name}`, 'DELETED', { ...entry.obj, metadata: { ...meta } });
      }
    });
    cancel = deps.clock.setTimeout(sweep, every);
  };
  cancel = deps.clock.setTimeout(sweep, every);
  return () => cancel();
}
