/**
 * The namespace lifecycle controller (https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/): a terminating namespace has
 * every namespaced object in it deleted (finalizers respected) and is
 * removed once it is empty and has no metadata finalizers.
 */
import { guarded, onStoreChange, type ControllerDeps, type StopController } from './controller-deps.js';
import { deleteObject } from './deletion.js';
import { cloneJson } from './object.js';
import type { ResourceType } from './resource-type.js';
import type { CancelTimer } from './clock.js';

/** Options of the namespace controller. */
export interface NamespaceControllerOptions {
  /** Delay before each reconcile of a terminating namespace. @default 0 */
  readonly syncDelayMs?: number;
}

function namespacedStorages(deps: ControllerDeps): ResourceType[] {
  const seen = new Set<string>();
  return deps.registry.all().filter((t) => {
    if (!t.namespaced || t.view !== undefined || seen.has(t.storageKey)) return false;
    seen.add(t.storageKey);
    return true;
  });
}

function reconcile(deps: ControllerDeps, name: string): void {
  const nsEntry = deps.api.store.get('/namespaces', name);
  if (nsEntry === undefined || nsEntry.obj.metadata.deletionTimestamp === undefined) return;
  let remaining = 0;
  for (const type of namespacedStorages(deps)) {
    for (const entry of deps.api.store.list(type.storageKey, name)) {
      remaining++;
      if (entry.obj.metadata.deletionTimestamp !== undefined) continue;
      guarded(deps, 'namespace', () =>
        deleteObject(deps.api, type, name, String(entry.obj.metadata.name), { propagationPolicy: 'Background' }),
      );
    }
  }
  const after = namespacedStorages(deps).reduce((n, t) => n + deps.api.store.list(t.storageKey, name).length, 0);
  if (after > 0 || remaining < 0) return;
  const current = deps.api.store.get('/namespaces', name);
  if (current === undefined || (current.obj.metadata.finalizers ?? []).length > 0) return;
  const final = cloneJson(current.obj);
  final.spec = { ...(final.spec ?? {}), finalizers: [] };
  deps.api.store.commit('/namespaces', name, 'DELETED', final);
}

/** Starts the namespace lifecycle controller. */
export function startNamespaceController(deps: ControllerDeps, options: NamespaceControllerOptions = {}): StopController {
  const pending = new Map<string, CancelTimer>();
  const schedule = (name: string): void => {
    if (pending.has(name)) return;
    pending.set(
      name,
      deps.clock.setTimeout(() => {
        pending.delete(name);
        guarded(deps, 'namespace', () => reconcile(deps, name));
      }, options.syncDelayMs ?? 0),
    );
  };
  const stop = onStoreChange(deps, 'namespace', (event) => {
    const obj = event.entry.obj;
    if (event.storageKey === '/namespaces') {
      if (event.type !== 'DELETED' && obj.metadata.deletionTimestamp !== undefined) schedule(String(obj.metadata.name));
      return;
    }
    const ns = obj.metadata.namespace;
    if (event.type === 'DELETED' && ns && deps.api.store.get('/namespaces', ns)?.obj.metadata.deletionTimestamp !== undefined) schedule(ns);
  });
  return () => {
    stop();
    for (const cancel of pending.values()) cancel();
    pending.clear();
  };
}
