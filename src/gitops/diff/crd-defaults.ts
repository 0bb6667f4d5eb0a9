/**
 * The defaults the API server fills into a NodePool's or EC2NodeClass's spec,
 * read from the very CRD schemas karpd ships (`src/apis/crds`, the files in
 * deploy/crds that the embedded API server and an in-cluster install load), so
 * a desired object defaulted here matches what a server returns for it.
 *
 * Upstream semantics (kube-apiserver structural-schema defaulting, Karpenter's
 * v1 CRDs): a `default:` applies only where the field is absent, and then the
 * defaulted value is itself walked, so `disruption` absent becomes
 * `{ consolidateAfter: 0s }` and then gains `consolidationPolicy:
 * WhenEmptyOrUnderutilized` and `budgets: [{ nodes: 10% }]`; `expireAfter`
 * absent becomes `720h`; each budget without `nodes` gets `10%`; EC2NodeClass
 * `metadataOptions` gets IMDSv2 `required`, endpoint `enabled`, IPv6
 * `disabled`, hop limit 1, field by field. An empty `budgets: []` is present,
 * so it is not defaulted (it means "no budget").
 */
import { ec2NodeClassCrd } from '../../apis/crds/ec2nodeclass-crd.js';
import { nodePoolCrd } from '../../apis/crds/karpenter-sh-crds.js';
import type { OpenApi } from '../../apis/crds/openapi.js';
import { KARPENTER_AWS_V1 } from '../../apis/ec2nodeclass.js';
import { KARPENTER_V1 } from '../../apis/nodepool.js';
import { isJsonObject } from './json-value.js';

function specSchemaOf(crd: OpenApi): OpenApi | undefined {
  const spec = crd.spec as { versions?: Array<{ schema?: { openAPIV3Schema?: { properties?: { spec?: OpenApi } } } }> };
  return spec.versions?.[0]?.schema?.openAPIV3Schema?.properties?.spec;
}

/** The spec schema of each defaulted kind, by `apiVersion/kind`. */
const SPEC_SCHEMAS: ReadonlyMap<string, OpenApi | undefined> = new Map([
  [`${KARPENTER_V1}/NodePool`, specSchemaOf(nodePoolCrd())],
  [`${KARPENTER_AWS_V1}/EC2NodeClass`, specSchemaOf(ec2NodeClassCrd())],
]);

function withDefaults(value: unknown, schema: OpenApi): unknown {
  if (Array.isArray(value)) return isJsonObject(schema.items) ? value.map((item) => withDefaults(item, schema.items as OpenApi)) : value;
  if (!isJsonObject(value) || !isJsonObject(schema.properties)) return value;
  const properties = schema.properties;
  const entries = Object.entries(value);
  for (const [key, fieldSchema] of Object.entries(properties)) {
    if (!isJsonObject(fieldSchema) || fieldSchema.default === undefined || Object.hasOwn(value, key)) continue;
    entries.push([key, structuredClone(fieldSchema.default)]);
  }
  return Object.fromEntries(
    entries.map(([key, field]) => {
      const fieldSchema = Object.hasOwn(properties, key) ? properties[key] : undefined;
      return [key, isJsonObject(fieldSchema) ? withDefaults(field, fieldSchema) : field];
    }),
  );
}

/** Does karpd default (and normalise the values of) objects of this apiVersion and kind? */
export function hasCrdDefaults(apiVersion: unknown, kind: unknown): boolean {
  return SPEC_SCHEMAS.get(`${String(apiVersion)}/${String(kind)}`) !== undefined;
}

/**
 * `spec` with the CRD defaults of `apiVersion`/`kind` filled in, as the API server fills them; `spec` itself
 * when the kind has none or `spec` is not an object. The input is not changed.
 */
export function withCrdDefaults(apiVersion: unknown, kind: unknown, spec: unknown): unknown {
  const schema = SPEC_SCHEMAS.get(`${String(apiVersion)}/${String(kind)}`);
  return schema === undefined ? spec : withDefaults(spec, schema);
}
