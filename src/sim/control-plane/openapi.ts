/**
 * Minimal OpenAPI v3 (https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-interface-definition): enough for `kubectl apply -f` to delegate
 * validation to the server (one PATCH operation per kind carrying its GVK
 * and a `fieldValidation` parameter) and for `kubectl explain` on CRDs.
 * Strategic merge patch is deliberately not advertised.
 */
import type { Dict } from './object.js';
import type { Registry } from './registry.js';
import { groupVersion, type ResourceType } from './resource-type.js';

function basePath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** `GET /openapi/v3`: one entry per group-version, with the registry hash. */
export function openApiRoot(registry: Registry): Dict {
  const hash = registry.hash();
  const paths: Dict = {};
  const seen = new Set<string>();
  for (const type of registry.all()) {
    const path = basePath(type.group, type.version);
    if (seen.has(path)) continue;
    seen.add(path);
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths };
}

function schemaName(type: ResourceType): string {
  const reversed = type.group === '' ? 'io.k8s.api.core' : type.group.split('.').reverse().join('.');
  return `${reversed}.${type.version}.${type.kind}`;
}

function schemaFor(type: ResourceType): Dict {
  const gvk = [{ group: type.group, version: type.version, kind: type.kind }];
  if (type.schema !== undefined) return { ...type.schema, 'x-kubernetes-group-version-kind': gvk };
  const plain = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  return {
    type: 'object',
    description: `${type.kind} (schema not published by the embedded control plane)`,
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: plain, status: plain },
    'x-kubernetes-group-version-kind': gvk,
  };
}

function patchOperation(type: ResourceType): Dict {
  const content = { schema: { type: 'object' } };
  return {
    'x-kubernetes-group-version-kind': { group: type.group, version: type.version, kind: type.kind },
    'x-kubernetes-action': 'patch',
    parameters: [
      { name: 'fieldValidation', in: 'query', schema: { type: 'string' } },
      { name: 'dryRun', in: 'query', schema: { type: 'string' } },
    ],
    requestBody: {
      content: { 'application/json-patch+json': content, 'application/merge-patch+json': content, 'application/apply-patch+yaml': content },
    },
    responses: { '200': { description: 'OK' } },
  };
}

/** `GET /openapi/v3/{api/v1|apis/g/v}`, or undefined when not served. */
export function openApiGroupVersion(registry: Registry, group: string, version: string): Dict | undefined {
  const types = registry.all().filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const paths: Dict = {};
  const schemas: Dict = {};
  for (const type of types) {
    const prefix = `/${basePath(group, version)}${type.namespaced ? '/namespaces/{namespace}' : ''}/${type.resource}/{name}`;
    paths[prefix] = { patch: patchOperation(type) };
    schemas[schemaName(type)] = schemaFor(type);
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas },
    'x-karpd-group-version': groupVersion({ group, version }),
  };
}
