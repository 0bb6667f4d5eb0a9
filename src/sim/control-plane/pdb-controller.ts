/**
 * The PDB status controller (https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/): after any write to a pod or PDB,
 * recomputes the status of the PDBs in that namespace and writes it only
 * when it changed. It runs in a microtask, so the status is current before
 * the next request is served.
 */
import { guarded, onStoreChange, type ControllerDeps, type StopController } from './controller-deps.js';
import { cloneJson, jsonEqual } from './object.js';
import { computePdbStatus } from './pdb-status.js';

/** Starts the PDB status controller. */
export function startPdbController(deps: ControllerDeps): StopController {
  const dirty = new Set<string>();
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const namespaces = [...dirty];
    dirty.clear();
    for (const ns of namespaces) guarded(deps, 'pdb', () => reconcileNamespace(deps, ns));
  };
  return onStoreChange(deps, 'pdb', (event) => {
    if (event.storageKey !== '/pods' && event.storageKey !== 'policy/poddisruptionbudgets') return;
    const ns = event.entry.obj.metadata.namespace;
    if (!ns) return;
    dirty.add(ns);
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(flush);
    }
  });
}

function reconcileNamespace(deps: ControllerDeps, namespace: string): void {
  const pdbType = deps.registry.find('policy', 'v1', 'poddisruptionbudgets');
  if (pdbType === undefined) return;
  const pdbs = deps.api.list(pdbType, namespace).items;
  if (pdbs.length === 0) return;
  const pods = deps.api.list(deps.registry.core('pods'), namespace).items.map((e) => e.obj);
  const now = deps.clock.now();
  for (const entry of pdbs) {
    const status = computePdbStatus(entry.obj, pods, now);
    if (jsonEqual(status, entry.obj.status)) continue;
    const next = cloneJson(entry.obj);
    next.status = status;
    deps.api.update(pdbType, namespace, String(next.metadata.name), next, { subresource: 'status' });
  }
}
