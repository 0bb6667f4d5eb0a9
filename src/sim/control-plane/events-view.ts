/**
 * One storage, two views (real): events.k8s.io/v1 Events are stored as
 * core/v1 Events so `kubectl describe` shows events an agent wrote with the
 * newer API (https://kubernetes.io/docs/reference/kubernetes-api/).
 */
import type { Dict, KubeObj } from './object.js';
import type { StorageView } from './resource-type.js';

const RENAMES: ReadonlyArray<[string, string]> = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];

function rename(obj: Dict, pairs: ReadonlyArray<[string, string]>): Dict {
  const out: Dict = {};
  const map = new Map(pairs);
  for (const [key, value] of Object.entries(obj)) out[map.get(key) ?? key] = value;
  return out;
}

/** The events.k8s.io/v1 view over core/v1 Event storage. */
export const eventsV1View: StorageView = {
  fromStorage(obj: KubeObj): KubeObj {
    const inverse = RENAMES.map(([a, b]) => [b, a] as [string, string]);
    const out = rename(obj, inverse) as KubeObj;
    out.apiVersion = 'events.k8s.io/v1';
    out.kind = 'Event';
    return out;
  },
  toStorage(obj: KubeObj): KubeObj {
    const out = rename(obj, RENAMES) as KubeObj;
    out.apiVersion = 'v1';
    out.kind = 'Event';
    return out;
  },
};
