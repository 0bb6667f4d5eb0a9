/**
 * Watch streams (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes): newline-delimited JSON events over a chunked
 * response that stays open until `timeoutSeconds` (or an hour), with
 * selector transitions (ADDED/DELETED when an object starts/stops
 * matching), in-stream 410 ERROR for an expired resourceVersion, and
 * Table-shaped events for `kubectl get -w`.
 */
import type { ServerResponse } from 'node:http';
import { findApiError } from './api-error.js';
import type { Clock } from './clock.js';
import { matchesSelectors, type Selectors } from './list-query.js';
import type { KubeObj } from './object.js';
import type { ResourceType } from './resource-type.js';
import type { Store, StoreEvent } from './store.js';
import { buildTable, type IncludeObject } from './table.js';

/** Parameters of one watch. */
export interface WatchRequest {
  readonly type: ResourceType;
  readonly selectors: Selectors;
  /** Undefined, "" or "0": start with synthetic ADDED events for what exists now. */
  readonly resourceVersion?: string;
  readonly timeoutSeconds?: number;
  /** Set when the client asked for Table events. */
  readonly table?: IncludeObject;
  /** `allowWatchBookmarks=true`: send a BOOKMARK with the current resourceVersion every minute. */
  readonly bookmarks?: boolean;
}

/** How often bookmarks are sent to watchers that allow them. */
const BOOKMARK_INTERVAL_MS = 60_000;

function bookmarkLine(type: ResourceType, rv: number): string {
  const apiVersion = type.group === '' ? type.version : `${type.group}/${type.version}`;
  return `${JSON.stringify({ type: 'BOOKMARK', object: { kind: type.kind, apiVersion, metadata: { resourceVersion: String(rv), creationTimestamp: null } } })}\n`;
}

/** Default lifetime of a watch without timeoutSeconds. */
const DEFAULT_WATCH_SECONDS = 3600;

/** How long watch events are batched before being written (a few ms of latency for far fewer socket writes). */
const FLUSH_DELAY_MS = 2;

type Emit = (type: string, entryJson: string, obj: KubeObj) => void;

/** A watcher whose unread output exceeds this is disconnected; it resumes from its last resourceVersion. */
const MAX_UNREAD_BYTES = 64 * 1024 * 1024;

/**
 * Batches the lines written within FLUSH_DELAY_MS into one chunk (order kept,
 * far fewer socket writes under load); calls `tooSlow` when the client stops reading.
 */
function batchedWriter(res: ServerResponse, tooSlow: () => void): { write: (line: string) => void; flush: () => void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0 || res.writableEnded) return;
    res.write(pending.join(''));
    pending = [];
    if (res.writableLength > MAX_UNREAD_BYTES) tooSlow();
  };
  return {
    write: (line) => {
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, FLUSH_DELAY_MS);
      }
    },
    flush,
  };
}

/** Event lines shared by every plain-JSON watcher of the same stored entry (built once, not once per watcher). */
const sharedLines = new WeakMap<KubeObj, Map<string, string>>();

function sharedLine(type: string, entryJson: string, obj: KubeObj): string {
  let lines = sharedLines.get(obj);
  if (lines === undefined) {
    lines = new Map();
    sharedLines.set(obj, lines);
  }
  let line = lines.get(type);
  if (line === undefined) {
    line = `{"type":"${type}","object":${entryJson}}\n`;
    lines.set(type, line);
  }
  return line;
}

function makeEmitter(write: (line: string) => void, request: WatchRequest, clock: Clock): Emit {
  let first = true;
  if (request.table === undefined && request.type.view === undefined) {
    return (type, entryJson, obj) => write(sharedLine(type, entryJson, obj));
  }
  return (type, entryJson, obj) => {
    let objectJson = entryJson;
    if (request.table !== undefined) {
      const view = request.type.view ? request.type.view.fromStorage(obj) : obj;
      objectJson = JSON.stringify(
        buildTable(request.type, [view], { resourceVersion: obj.metadata.resourceVersion }, clock.now(), request.table, first),
      );
      first = false;
    } else if (request.type.view) objectJson = JSON.stringify(request.type.view.fromStorage(obj));
    write(`{"type":"${type}","object":${objectJson}}\n`);
  };
}

function eventTypeFor(event: StoreEvent, selectors: Selectors): string | undefined {
  const now = matchesSelectors(selectors, event.entry.obj);
  const before = event.prev !== undefined && matchesSelectors(selectors, event.prev.obj);
  if (event.type === 'ADDED') return now ? 'ADDED' : undefined;
  if (event.type === 'DELETED') return before || now ? 'DELETED' : undefined;
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  return before ? 'DELETED' : undefined;
}

/** Serves a watch on `res` until timeout or client disconnect; returns a function that ends it. */
export function serveWatch(res: ServerResponse, store: Store, clock: Clock, request: WatchRequest): () => void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const writer = batchedWriter(res, () => end());
  const emit = makeEmitter(writer.write, request, clock);
  const { selectors, type } = request;
  const rv = request.resourceVersion;
  const fromNow = rv === undefined || rv === '' || rv === '0';
  if (fromNow) {
    for (const entry of store.list(type.storageKey, selectors.namespace)) {
      if (matchesSelectors(selectors, entry.obj)) emit('ADDED', entry.json, entry.obj);
    }
  }
  let unsubscribe = (): void => {};
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    unsubscribe();
    clearTimeout(timer);
    if (bookmarks !== undefined) clearInterval(bookmarks);
    writer.flush();
    res.end();
  };
  const timer = setTimeout(end, (request.timeoutSeconds ?? DEFAULT_WATCH_SECONDS) * 1000);
  timer.unref();
  const bookmarks =
    request.bookmarks && request.table === undefined
      ? setInterval(() => writer.write(bookmarkLine(type, store.currentRv())), BOOKMARK_INTERVAL_MS)
      : undefined;
  bookmarks?.unref();
  try {
    unsubscribe = store.watch(type.storageKey, fromNow ? undefined : Number(rv), (event) => {
      const eventType = eventTypeFor(event, selectors);
      if (eventType !== undefined && !ended) emit(eventType, event.entry.json, event.entry.obj);
    });
  } catch (error) {
    const failure = findApiError(error);
    if (failure === undefined) throw error;
    writer.write(`${JSON.stringify({ type: 'ERROR', object: failure.toStatus() })}\n`);
    end();
  }
  res.on('close', end);
  return end;
}
