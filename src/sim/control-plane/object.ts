/**
 * The loose JSON shape the API server stores and serves. Objects arrive from
 * clients as untyped JSON, so fields below `metadata` are plain records.
 */

import type { ObjectMeta } from '../../apis/object-meta.js';

/** An arbitrary JSON object (request bodies, specs, statuses). */
// biome-ignore lint/suspicious/noExplicitAny: untyped client JSON, checked field by field
export type Dict = Record<string, any>;

/** Object metadata as stored: the API's ObjectMeta, plus whatever else a client sent. */
export interface ObjMeta extends Dict, ObjectMeta {}

/** A Kubernetes object as the server stores it. */
export interface KubeObj extends Dict {
  apiVersion?: string;
  kind?: string;
  metadata: ObjMeta;
}

/** True for a plain JSON object (not an array, not null). */
export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy through JSON (the stored form is always JSON-safe). */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Deep equality of two JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (!isDict(a) || !isDict(b)) return false;
  const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
  return keysA.length === keysB.length && keysA.every((k) => jsonEqual(a[k], b[k]));
}

/** `namespace/name` for namespaced objects, `name` otherwise: the store key. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** RFC 3339 to the second, UTC, as Kubernetes writes timestamps. */
export function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** MicroTime: six fractional digits, UTC. */
export function formatMicroTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}
