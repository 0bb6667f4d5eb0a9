/** Maps a request path to what it addresses: a discovery document or a resource (https://kubernetes.io/docs/reference/using-api/api-concepts/). */
import { badRequestError } from './api-error.js';
import type { Registry } from './registry.js';
import type { ResourceType } from './resource-type.js';

/** A resource request target. */
export interface ResourceTarget {
  readonly kind: 'resource';
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

/** Any request target; `unknown` answers 404. */
export type Target =
  | { readonly kind: 'version' | 'health' | 'api' | 'apis' | 'openapi-root' | 'unknown' }
  | { readonly kind: 'group'; readonly group: string }
  | { readonly kind: 'group-version'; readonly group: string; readonly version: string }
  | { readonly kind: 'openapi-gv'; readonly group: string; readonly version: string }
  | ResourceTarget;

const UNKNOWN: Target = { kind: 'unknown' };

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequestError(`malformed path segment "${segment}": expected valid percent-encoding`);
  }
}

function splitPath(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment);
}

function resourceTarget(registry: Registry, group: string, version: string, rest: string[]): Target {
  if (rest.length === 0) return { kind: 'group-version', group, version };
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const type = registry.find(group, version, rest[2]);
    if (type?.namespaced) {
      if (rest.length > 5) return UNKNOWN;
      return { kind: 'resource', type, namespace: rest[1], name: rest[3], subresource: rest[4] };
    }
  }
  const type = registry.find(group, version, rest[0]);
  if (type === undefined || rest.length > 3) return UNKNOWN;
  if (type.namespaced && rest.length > 1) return UNKNOWN;
  return { kind: 'resource', type, name: rest[1], subresource: rest[2] };
}

function openApiTarget(parts: string[]): Target {
  if (parts.length === 2) return { kind: 'openapi-root' };
  if (parts[2] === 'api' && parts.length === 4) return { kind: 'openapi-gv', group: '', version: parts[3] };
  if (parts[2] === 'apis' && parts.length === 5) return { kind: 'openapi-gv', group: parts[3], version: parts[4] };
  return UNKNOWN;
}

/** Resolves a URL path against the registry. */
export function route(registry: Registry, pathname: string): Target {
  const parts = splitPath(pathname);
  if (parts.length === 1 && parts[0] === 'version') return { kind: 'version' };
  if (parts.length === 1 && ['healthz', 'readyz', 'livez'].includes(parts[0])) return { kind: 'health' };
  if (parts[0] === 'openapi' && parts[1] === 'v3') return openApiTarget(parts);
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'api' };
    if (parts[1] !== 'v1') return UNKNOWN;
    return resourceTarget(registry, '', 'v1', parts.slice(2));
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'apis' };
    if (parts.length === 2) return { kind: 'group', group: parts[1] };
    if (!registry.hasGroupVersion(parts[1], parts[2])) return UNKNOWN;
    return resourceTarget(registry, parts[1], parts[2], parts.slice(3));
  }
  return UNKNOWN;
}
