/**
 * Garbage collection by ownerReferences (https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/, approx): when an owner is
 * finally deleted its dependents are deleted (Background) or released
 * (Orphan); a Foreground deletion waits for its dependents, then drops the
 * `foregroundDeletion` finalizer.
 */
import type { CancelTimer } from './clock.js';
import { guarded, onStoreChange, type ControllerDeps, type StopController } from './controller-deps.js';
import { deleteObject } from './deletion.js';
import { cloneJson, type KubeObj } from './object.js';
import type { ResourceType } from './resource-type.js';
import type { StoreEvent } from './store.js';

interface DependentRef {
  readonly storageKey: string;
  readonly key: string;
}

/** Options of the garbage collector. */
export interface GarbageCollectorOptions {
  /** Delay before dependents are processed. @default 0 */
  readonly delayMs?: number;
}

class OwnerIndex {
  private readonly byOwner = new Map<string, Map<string, DependentRef>>();

  update(event: StoreEvent): void {
    const id = `${event.storageKey}\u0000${event.key}`;
    for (const ref of event.prev?.obj.metadata.ownerReferences ?? []) this.byOwner.get(ref.uid)?.delete(id);
    if (event.type === 'DELETED') return;
    for (const ref of event.entry.obj.metadata.ownerReferences ?? []) {
      const deps = this.byOwner.get(ref.uid) ?? new Map<string, DependentRef>();
      deps.set(id, { storageKey: event.storageKey, key: event.key });
      this.byOwner.set(ref.uid, deps);
    }
  }

  dependents(uid: string): DependentRef[] {
    return [...(this.byOwner.get(uid)?.values() ?? [])];
  }
}

function typeForStorage(deps: ControllerDeps, storageKey: string): ResourceType | undefined {
  return deps.registry.all().find((t) => t.storageKey === storageKey && t.view === undefined);
}

function releaseDependent(deps: ControllerDeps, type: ResourceType, obj: KubeObj, ownerUid: string): void {
  const next = cloneJson(obj);
  next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
  deps.api.update(type, next.metadata.namespace, String(next.metadata.name), next);
}

function processDependents(deps: ControllerDeps, index: OwnerIndex, ownerUid: string, orphan: boolean): number {
  let left = 0;
  for (const ref of index.dependents(ownerUid)) {
    const type = typeForStorage(deps, ref.storageKey);
    const entry = deps.api.store.get(ref.storageKey, ref.key);
    if (type === undefined || entry === undefined) continue;
    left++;
    const obj = entry.obj;
    guarded(deps, 'garbage-collector', () => {
      if (orphan) releaseDependent(deps, type, obj, ownerUid);
      else if (obj.metadata.deletionTimestamp === undefined)
        deleteObject(deps.api, type, obj.metadata.namespace, String(obj.metadata.name), { propagationPolicy: 'Background' });
    });
  }
  return left;
}

function finishForeground(deps: ControllerDeps, index: OwnerIndex, event: StoreEvent): void {
  const obj = event.entry.obj;
  if (processDependents(deps, index, String(obj.metadata.uid), false) > 0) return;
  const type = typeForStorage(deps, event.storageKey);
  const current = deps.api.store.get(event.storageKey, event.key);
  if (type === undefined || current === undefined) return;
  const next = cloneJson(current.obj);
  next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== 'foregroundDeletion');
  deps.api.commitChange(type, next);
}

/** Starts the garbage collector. */
export function startGarbageCollector(deps: ControllerDeps, options: GarbageCollectorOptions = {}): StopController {
  const index = new OwnerIndex();
  const waiting = new Map<string, DependentRef>();
  const timers = new Set<CancelTimer>();
  const later = (fn: () => void): void => {
    const cancel = deps.clock.setTimeout(() => {
      timers.delete(cancel);
      guarded(deps, 'garbage-collector', fn);
    }, options.delayMs ?? 0);
    timers.add(cancel);
  };
  const stop = onStoreChange(deps, 'garbage-collector', (event) => {
    index.update(event);
    const obj = event.entry.obj;
    const uid = String(obj.metadata.uid);
    if (event.type === 'DELETED') {
      const policy = deps.api.deletePolicies.get(uid) ?? 'Background';
      deps.api.deletePolicies.delete(uid);
      waiting.delete(uid);
      if (index.dependents(uid).length > 0) later(() => processDependents(deps, index, uid, policy === 'Orphan'));
      for (const ref of obj.metadata.ownerReferences ?? [])
        if (waiting.has(ref.uid)) later(() => recheckOwner(deps, index, waiting, ref.uid));
    } else if (obj.metadata.deletionTimestamp !== undefined && (obj.metadata.finalizers ?? []).includes('foregroundDeletion')) {
      waiting.set(uid, { storageKey: event.storageKey, key: event.key });
      later(() => finishForeground(deps, index, event));
    }
  });
  return () => {
    stop();
    for (const cancel of timers) cancel();
    timers.clear();
  };
}

function recheckOwner(deps: ControllerDeps, index: OwnerIndex, waiting: Map<string, DependentRef>, ownerUid: string): void {
  const ref = waiting.get(ownerUid);
  const entry = ref === undefined ? undefined : deps.api.store.get(ref.storageKey, ref.key);
  if (ref === undefined || entry === undefined) return;
  finishForeground(deps, index, { type: 'MODIFIED', storageKey: ref.storageKey, key: ref.key, rv: 0, entry });
}
