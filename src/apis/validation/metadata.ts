/**
 * The schema of object metadata and the checks every manifest shares: a
 * name that is a DNS subdomain, string labels and annotations.
 */
import type { PathSegment, ProblemList } from '../problem.js';
import { OBJECT_NAME } from './patterns.js';
import type { FieldSchema, ObjectSchema } from './schema.js';
import { checkSchema, isRecord } from './schema.js';

const ANY: FieldSchema = { type: 'any' };

/** `metadata` of a cluster-scoped object. */
export const METADATA_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['name'],
  fields: {
    name: { type: 'string', minLength: 1, maxLength: 253, pattern: OBJECT_NAME },
    labels: { type: 'map', values: { type: 'string' } },
    annotations: { type: 'map', values: { type: 'string' } },
    namespace: ANY,
    generateName: ANY,
    uid: ANY,
    resourceVersion: ANY,
    generation: ANY,
    creationTimestamp: ANY,
    deletionTimestamp: ANY,
    deletionGracePeriodSeconds: ANY,
    finalizers: ANY,
    ownerReferences: ANY,
    managedFields: ANY,
  },
};

/** Builds the top-level schema of a kind from its spec schema. */
export function topLevelSchema(spec: ObjectSchema, legacy?: Record<string, string>): ObjectSchema {
  return {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    fields: { apiVersion: ANY, kind: ANY, metadata: METADATA_SCHEMA, spec, status: ANY },
    ...(legacy === undefined ? {} : { legacy }),
  };
}

/** Checks the top-level structure of `object` and warns about a namespace on a cluster-scoped kind. */
export function checkTopLevel(object: Record<string, unknown>, schema: ObjectSchema, problems: ProblemList): void {
  checkSchema(object, schema, [], problems);
  const metadata = object.metadata;
  if (isRecord(metadata) && metadata.namespace !== undefined) {
    const at: PathSegment[] = ['metadata', 'namespace'];
    problems.warn(
      at,
      'ignored-namespace',
      `${String(object.kind)} is cluster-scoped: metadata.namespace is ignored`,
      'remove metadata.namespace',
    );
  }
}
