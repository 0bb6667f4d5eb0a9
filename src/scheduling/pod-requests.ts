/**
 * A pod's effective resource requests, by Kubernetes' rule: the larger of the
 * containers' sum (plus restartable "sidecar" init containers, which keep
 * running) and the peak of the init phase, plus the pod overhead. A container
 * that states a limit but no request for a resource requests its limit, as
 * API defaulting would have written it.
 */
import type { Container, Pod } from '../apis/core-v1.js';
import { type Resources, add, fromResourceList, max } from './resources.js';

function containerRequests(container: Container): Resources {
  const requests = fromResourceList(container.resources?.requests);
  const limits = container.resources?.limits;
  if (limits === undefined) return requests;
  const limited = fromResourceList(limits);
  const out: Record<string, number> = { ...requests };
  for (const name in limited) if (!(name in out)) out[name] = limited[name];
  return out;
}

/** The requests of the init phase and the sidecars that keep running next to the main containers. */
function initRequests(initContainers: readonly Container[]): { peak: Resources; sidecars: Resources } {
  let sidecars: Resources = {};
  let peak: Resources = {};
  for (const container of initContainers) {
    const requests = containerRequests(container);
    if (container.restartPolicy === 'Always') {
      sidecars = add(sidecars, requests);
      peak = max(peak, sidecars);
    } else {
      peak = max(peak, add(requests, sidecars));
    }
  }
  return { peak, sidecars };
}

/** The pod's effective requests: max(Σ containers + sidecars, init peak) + overhead (no implicit `pods`). */
export function podRequests(pod: Pod): Resources {
  let total = add(...pod.spec.containers.map(containerRequests));
  const init = pod.spec.initContainers;
  if (init !== undefined && init.length > 0) {
    const { peak, sidecars } = initRequests(init);
    total = max(add(total, sidecars), peak);
  }
  const overhead = pod.spec.overhead;
  return overhead === undefined ? total : add(total, fromResourceList(overhead));
}
