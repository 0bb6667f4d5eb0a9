/**
 * The kubelet's part of graceful pod deletion (https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/): once a bound pod has a
 * deletionTimestamp, it is removed after `terminationDelayMs` of the
 * injected clock (capped by the pod's grace period).
 */
import { guarded, onStoreChange, type ControllerDeps, type StopController } from './controller-deps.js';
import { deleteObject } from './deletion.js';
import type { CancelTimer } from './clock.js';

/** Options of the pod termination controller. */
export interface PodTerminationOptions {
  /** How long the simulated kubelet takes to stop a pod's containers. @default 0 */
  readonly terminationDelayMs?: number;
}

/** Starts the controller that finishes graceful pod deletions. */
export function startPodTerminationController(deps: ControllerDeps, options: PodTerminationOptions = {}): StopController {
  const timers = new Map<string, CancelTimer>();
  const delay = options.terminationDelayMs ?? 0;
  const stop = onStoreChange(deps, 'pod-termination', (event) => {
    if (event.storageKey !== '/pods') return;
    const pod = event.entry.obj;
    const uid = String(pod.metadata.uid);
    if (event.type === 'DELETED') {
      timers.get(uid)?.();
      timers.delete(uid);
      return;
    }
    const grace = pod.metadata.deletionGracePeriodSeconds ?? 0;
    if (pod.metadata.deletionTimestamp === undefined || grace === 0 || timers.has(uid)) return;
    const ns = pod.metadata.namespace;
    const name = String(pod.metadata.name);
    const wait = Math.min(delay, grace * 1000);
    timers.set(
      uid,
      deps.clock.setTimeout(() => {
        timers.delete(uid);
        guarded(deps, 'pod-termination', () => {
          const current = deps.api.store.get('/pods', `${ns}/${name}`);
          if (current === undefined || current.obj.metadata.uid !== uid) return;
          deleteObject(deps.api, deps.registry.core('pods'), ns, name, { gracePeriodSeconds: 0 });
        });
      }, wait),
    );
  });
  return () => {
    stop();
    for (const cancel of timers.values()) cancel();
    timers.clear();
  };
}
