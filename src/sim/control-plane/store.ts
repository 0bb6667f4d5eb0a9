/**
 * The in-memory object store: one global resourceVersion, a map of objects
 * per storage key, a bounded per-key event history and synchronous watch
 * fan-out in resourceVersion order (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes). {@link Store.snapshotJson} and
 * {@link Store.restore} carry it across a restart (see store-persistence.ts).
 */
import { expiredError } from './api-error.js';
import type { KubeObj } from './object.js';

/** A stored object with its serialized form (objects are never mutated once stored). */
export interface StoredEntry {
  readonly obj: KubeObj;
  readonly json: string;
}

/** The type of a watch event. */
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change to the store. `prev` is the state before (absent for ADDED). */
export interface StoreEvent {
  readonly type: EventType;
  readonly storageKey: string;
  readonly key: string;
  readonly rv: number;
  readonly entry: StoredEntry;
  readonly prev?: StoredEntry;
}

/** Receives the events of one storage key, in resourceVersion order. */
export type StoreWatcher = (event: StoreEvent) => void;

interface NamespaceIndex {
  readonly keys: Set<string>;
  sorted?: string[];
}

/** A secondary index: the value an object is filed under (undefined: not indexed). */
export type IndexFunction = (obj: KubeObj) => string | undefined;

interface SecondaryIndex {
  readonly fn: IndexFunction;
  readonly byValue: Map<string, Set<string>>;
}

interface Bucket {
  readonly items: Map<string, StoredEntry>;
  /** Secondary indexes by name (e.g. pods by `spec.nodeName`). */
  readonly indexes: Map<string, SecondaryIndex>;
  /** Keys per namespace, so a namespaced list does not scan every object. */
  readonly namespaces: Map<string, NamespaceIndex>;
  history: StoreEvent[];
  evictedMaxRv: number;
  readonly watchers: Set<StoreWatcher>;
  sortedKeys?: string[];
}

/** A saved store: the last resourceVersion and every object per storage key. */
export interface StoreSnapshot {
  readonly rv: number;
  readonly buckets: Readonly<Record<string, readonly KubeObj[]>>;
}

/** {@link Store.snapshotParts}: a snapshot whose objects are still JSON text, per storage key. */
export interface StoreSnapshotParts {
  readonly rv: number;
  readonly buckets: readonly (readonly [string, readonly string[]])[];
}

/** Options of the store. */
export interface StoreOptions {
  /** Events retained per storage key for watch resumption. @default 10000 */
  readonly historyLimit?: number;
}

/** The object store shared by every resource type. */
export class Store {
  private rv = 0;
  /** The resourceVersion a snapshot was restored at: no watch can resume from before it. */
  private restoredRv = 0;
  private readonly buckets = new Map<string, Bucket>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly historyLimit: number;

  constructor(options: StoreOptions = {}) {
    this.historyLimit = options.historyLimit ?? 10_000;
  }

  /** The latest resourceVersion issued. */
  currentRv(): number {
    return this.rv;
  }

  private bucket(storageKey: string): Bucket {
    let bucket = this.buckets.get(storageKey);
    if (bucket === undefined) {
      bucket = {
        items: new Map(),
        indexes: new Map(),
        namespaces: new Map(),
        history: [],
        evictedMaxRv: this.restoredRv,
        watchers: new Set(),
      };
      this.buckets.set(storageKey, bucket);
    }
    return bucket;
  }

  /** The stored entry at `key`, if any. */
  get(storageKey: string, key: string): StoredEntry | undefined {
    return this.bucket(storageKey).items.get(key);
  }

  /** How many objects a storage key holds. */
  size(storageKey: string): number {
    return this.bucket(storageKey).items.size;
  }

  /** Entries sorted by key, optionally only those in `namespace`. */
  list(storageKey: string, namespace?: string): StoredEntry[] {
    const bucket = this.bucket(storageKey);
    if (namespace) {
      const index = bucket.namespaces.get(namespace);
      if (index === undefined) return [];
      index.sorted ??= [...index.keys].sort();
      return index.sorted.map((k) => bucket.items.get(k) as StoredEntry);
    }
    bucket.sortedKeys ??= [...bucket.items.keys()].sort();
    return bucket.sortedKeys.map((k) => bucket.items.get(k) as StoredEntry);
  }

  /** Adds a secondary index to a storage key (before objects are stored). */
  addIndex(storageKey: string, name: string, fn: IndexFunction): void {
    this.bucket(storageKey).indexes.set(name, { fn, byValue: new Map() });
  }

  /** Entries whose index `name` has `value`, sorted by key; undefined when there is no such index. */
  listIndexed(storageKey: string, name: string, value: string): StoredEntry[] | undefined {
    const bucket = this.bucket(storageKey);
    const index = bucket.indexes.get(name);
    if (index === undefined) return undefined;
    return [...(index.byValue.get(value) ?? [])].sort().map((k) => bucket.items.get(k) as StoredEntry);
  }

  private updateIndexes(bucket: Bucket, key: string, prev: KubeObj | undefined, next: KubeObj | undefined): void {
    for (const index of bucket.indexes.values()) {
      const before = prev === undefined ? undefined : index.fn(prev);
      const after = next === undefined ? undefined : index.fn(next);
      if (before === after) continue;
      if (before !== undefined) index.byValue.get(before)?.delete(key);
      if (after === undefined) continue;
      const keys = index.byValue.get(after) ?? new Set<string>();
      keys.add(key);
      index.byValue.set(after, keys);
    }
  }

  private reindex(bucket: Bucket, key: string, namespace: string | undefined, type: EventType): void {
    if (type === 'MODIFIED') return;
    bucket.sortedKeys = undefined;
    if (!namespace) return;
    let index = bucket.namespaces.get(namespace);
    if (index === undefined) {
      index = { keys: new Set() };
      bucket.namespaces.set(namespace, index);
    }
    if (type === 'DELETED') index.keys.delete(key);
    else index.keys.add(key);
    index.sorted = undefined;
    if (index.keys.size === 0) bucket.namespaces.delete(namespace);
  }

  /**
   * Writes `obj` (its resourceVersion is set here) and fans the event out to
   * watchers, then to listeners. DELETED removes the key.
   */
  commit(storageKey: string, key: string, type: EventType, obj: KubeObj): StoredEntry {
    const bucket = this.bucket(storageKey);
    const prev = bucket.items.get(key);
    this.rv += 1;
    obj.metadata.resourceVersion = String(this.rv);
    const entry: StoredEntry = { obj, json: JSON.stringify(obj) };
    if (type === 'DELETED') bucket.items.delete(key);
    else bucket.items.set(key, entry);
    this.reindex(bucket, key, obj.metadata.namespace, prev === undefined && type === 'MODIFIED' ? 'ADDED' : type);
    if (bucket.indexes.size > 0) this.updateIndexes(bucket, key, prev?.obj, type === 'DELETED' ? undefined : obj);
    const event: StoreEvent = { type, storageKey, key, rv: this.rv, entry, prev };
    this.remember(bucket, event);
    for (const watcher of bucket.watchers) watcher(event);
    for (const listener of this.listeners) listener(event);
    return entry;
  }

  private remember(bucket: Bucket, event: StoreEvent): void {
    bucket.history.push(event);
    if (bucket.history.length > this.historyLimit * 1.25) {
      const drop = bucket.history.length - this.historyLimit;
      bucket.evictedMaxRv = bucket.history[drop - 1].rv;
      bucket.history = bucket.history.slice(drop);
    }
  }

  /**
   * Subscribes to a storage key. With `fromRv`, first replays (synchronously)
   * every retained event after it; throws 410 Expired when that point is
   * older than the retained history. Returns the unsubscribe function.
   */
  watch(storageKey: string, fromRv: number | undefined, watcher: StoreWatcher): () => void {
    const bucket = this.bucket(storageKey);
    if (fromRv !== undefined) {
      if (fromRv < bucket.evictedMaxRv) {
        throw expiredError(`too old resource version: ${fromRv} (${bucket.evictedMaxRv})`);
      }
      for (const event of bucket.history) if (event.rv > fromRv) watcher(event);
    }
    bucket.watchers.add(watcher);
    return () => bucket.watchers.delete(watcher);
  }

  /** Whether `rv` is still inside `storageKey`'s retained history (continue tokens). */
  isRetained(storageKey: string, rv: number): boolean {
    return rv >= this.bucket(storageKey).evictedMaxRv;
  }

  /** Number of watchers on a storage key. */
  watcherCount(storageKey: string): number {
    return this.bucket(storageKey).watchers.size;
  }

  /** Registers a listener for every change of every key (controllers); returns the unsubscribe function. */
  onChange(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The store at this instant for saving: the last resourceVersion and, per
   * storage key, the serialized form every entry already keeps. Only
   * references are copied (entries are never mutated once stored), so this is
   * cheap on the hot path and stays consistent while the caller writes it out.
   */
  snapshotParts(): StoreSnapshotParts {
    const buckets: [string, string[]][] = [];
    for (const [storageKey, bucket] of this.buckets) {
      if (bucket.items.size === 0) continue;
      const items: string[] = [];
      for (const entry of bucket.items.values()) items.push(entry.json);
      buckets.push([storageKey, items]);
    }
    return { rv: this.rv, buckets };
  }

  /** The whole store as the JSON of a {@link StoreSnapshot}. */
  snapshotJson(): string {
    const { rv, buckets } = this.snapshotParts();
    return `{"rv":${rv},"buckets":{${buckets.map(([key, items]) => `${JSON.stringify(key)}:[${items.join(',')}]`).join(',')}}}`;
  }

  /**
   * Loads a snapshot into an empty store, keeping every object's
   * resourceVersion, and tells listeners (not watchers) of each object as
   * ADDED, the way an informer's first list does. The watch history starts
   * empty: a watch from an older resourceVersion gets 410 and re-lists.
   */
  restore(snapshot: StoreSnapshot): void {
    if (this.rv !== 0 || [...this.buckets.values()].some((bucket) => bucket.items.size > 0))
      throw new Error('Store.restore needs an empty store');
    this.rv = snapshot.rv;
    this.restoredRv = snapshot.rv;
    for (const bucket of this.buckets.values()) bucket.evictedMaxRv = snapshot.rv;
    for (const [storageKey, objects] of Object.entries(snapshot.buckets)) {
      const bucket = this.bucket(storageKey);
      for (const obj of objects) this.load(storageKey, bucket, obj);
    }
  }

  private load(storageKey: string, bucket: Bucket, obj: KubeObj): void {
    const namespace = obj.metadata.namespace;
    const key = namespace ? `${namespace}/${obj.metadata.name}` : String(obj.metadata.name);
    const entry: StoredEntry = { obj, json: JSON.stringify(obj) };
    bucket.items.set(key, entry);
    this.reindex(bucket, key, namespace, 'ADDED');
    if (bucket.indexes.size > 0) this.updateIndexes(bucket, key, undefined, obj);
    const event: StoreEvent = { type: 'ADDED', storageKey, key, rv: Number(obj.metadata.resourceVersion ?? 0), entry };
    for (const listener of this.listeners) listener(event);
  }

  /** Every storage key that has been used. */
  storageKeys(): string[] {
    return [...this.buckets.keys()];
  }
}
