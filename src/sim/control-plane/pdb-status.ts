/**
 * The PodDisruptionBudget status the disruption controller keeps current
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/). `expectedPods` counts matching pods and ignores the controllers'
 * scale (approx, docs/design/control-plane.md (deviations)).
 */
import { fromLabelSelectorObject, matchesLabels } from './label-selector.js';
import { formatTimestamp, type Dict, type KubeObj } from './object.js';

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: KubeObj): boolean {
  const conditions: Dict[] = pod.status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The pods (in the PDB's namespace) its selector matches; a nil/empty selector matches none. */
export function podsMatching(pdb: KubeObj, pods: readonly KubeObj[]): KubeObj[] {
  const selector = fromLabelSelectorObject(pdb.spec?.selector);
  if (selector === undefined) return [];
  return pods.filter((p) => p.metadata.namespace === pdb.metadata.namespace && matchesLabels(selector, p.metadata.labels));
}

function resolveIntOrPercent(value: unknown, total: number): number {
  if (typeof value === 'number') return value;
  const text = String(value);
  if (text.endsWith('%')) return Math.ceil((Number(text.slice(0, -1)) * total) / 100);
  return Number(text) || 0;
}

/** desiredHealthy from minAvailable or maxUnavailable. */
export function desiredHealthy(pdb: KubeObj, expected: number): number {
  if (pdb.spec?.minAvailable !== undefined) return resolveIntOrPercent(pdb.spec.minAvailable, expected);
  if (pdb.spec?.maxUnavailable !== undefined) return Math.max(0, expected - resolveIntOrPercent(pdb.spec.maxUnavailable, expected));
  return 0;
}

/** The status the controller would write for `pdb` given the namespace's pods. */
export function computePdbStatus(pdb: KubeObj, pods: readonly KubeObj[], now: Date): Dict {
  const matching = podsMatching(pdb, pods);
  const live = new Set(matching.filter((p) => p.metadata.deletionTimestamp === undefined).map((p) => String(p.metadata.name)));
  const disrupted: Record<string, string> = {};
  for (const [name, at] of Object.entries((pdb.status?.disruptedPods ?? {}) as Record<string, string>))
    if (live.has(name)) disrupted[name] = at;
  const currentHealthy = matching.filter((p) => p.metadata.deletionTimestamp === undefined && isPodReady(p)).length;
  const desired = desiredHealthy(pdb, matching.length);
  const allowed = Math.max(0, currentHealthy - desired - Object.keys(disrupted).length);
  const previous: Dict[] = pdb.status?.conditions ?? [];
  const state = allowed > 0 ? 'True' : 'False';
  const old = previous.find((c) => c.type === 'DisruptionAllowed');
  const status: Dict = {
    observedGeneration: pdb.metadata.generation ?? 1,
    disruptionsAllowed: allowed,
    currentHealthy,
    desiredHealthy: desired,
    expectedPods: matching.length,
    conditions: [
      {
        type: 'DisruptionAllowed',
        status: state,
        reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
        message: '',
        observedGeneration: pdb.metadata.generation ?? 1,
        lastTransitionTime: old?.status === state ? old.lastTransitionTime : formatTimestamp(now),
      },
    ],
  };
  if (Object.keys(disrupted).length > 0) status.disruptedPods = disrupted;
  return status;
}
