/**
 * The structural schema of `karpenter.sh/v1` NodePool and NodeClaim specs (the
 * CRD's OpenAPI part; https://karpenter.sh/docs/concepts/nodepools/). Requirements and
 * taints are checked by their own validators.
 */
import { BUDGET_DURATION, BUDGET_NODES, DURATION, DURATION_OR_NEVER } from './patterns.js';
import type { FieldSchema, ObjectSchema } from './schema.js';

const ANY: FieldSchema = { type: 'any' };
const NON_EMPTY: FieldSchema = { type: 'string', minLength: 1 };

/** `nodeClassRef`: group, kind and name, all required and non-empty. */
export const NODE_CLASS_REF_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['group', 'kind', 'name'],
  fields: {
    group: { type: 'string', minLength: 1, pattern: { regex: /^[^/]*$/, expected: 'an API group without "/" such as karpenter.k8s.aws' } },
    kind: NON_EMPTY,
    name: NON_EMPTY,
  },
  legacy: { apiVersion: 'v1 uses group (e.g. karpenter.k8s.aws) instead of apiVersion' },
};

// `nodes` is not required: upstream's CRD defaults it to 10% (the generated CRD carries that default).
const BUDGET_SCHEMA: ObjectSchema = {
  type: 'object',
  fields: {
    nodes: { type: 'string', pattern: BUDGET_NODES },
    schedule: { type: 'string' },
    duration: { type: 'string', pattern: BUDGET_DURATION },
    reasons: { type: 'array', maxItems: 50, items: { type: 'string', enum: ['Underutilized', 'Empty', 'Drifted'] } },
  },
};

const TEMPLATE_SPEC_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['requirements', 'nodeClassRef'],
  fields: {
    requirements: ANY,
    taints: ANY,
    startupTaints: ANY,
    expireAfter: { type: 'string', pattern: DURATION_OR_NEVER },
    terminationGracePeriod: { type: 'string', pattern: DURATION },
    nodeClassRef: NODE_CLASS_REF_SCHEMA,
  },
  legacy: {
    kubelet: 'v1 moved kubelet settings to the EC2NodeClass (spec.kubelet)',
    resources: 'NodePools do not take resources; use spec.limits',
  },
};

/** `spec` of a NodePool. */
export const NODEPOOL_SPEC_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['template'],
  fields: {
    template: {
      type: 'object',
      required: ['spec'],
      fields: {
        metadata: {
          type: 'object',
          fields: { labels: { type: 'map', values: ANY, maxProperties: 100 }, annotations: { type: 'map', values: { type: 'string' } } },
        },
        spec: TEMPLATE_SPEC_SCHEMA,
      },
    },
    disruption: {
      type: 'object',
      // Upstream's Disruption marks consolidateAfter +required: the CRD defaults the whole stanza to
      // {consolidateAfter: 0s} when it is left out, but a stanza without it is refused ("Required value").
      required: ['consolidateAfter'],
      fields: {
        consolidationPolicy: {
          type: 'string',
          enum: ['WhenEmpty', 'WhenEmptyOrUnderutilized', 'Balanced'],
          legacyValues: { WhenUnderutilized: 'WhenUnderutilized is the v1beta1 name: use WhenEmptyOrUnderutilized' },
        },
        consolidateAfter: { type: 'string', pattern: DURATION_OR_NEVER },
        budgets: { type: 'array', maxItems: 50, items: BUDGET_SCHEMA },
      },
      legacy: { expireAfter: 'v1 moved expireAfter to spec.template.spec.expireAfter' },
    },
    limits: { type: 'map', values: { type: 'quantity' } },
    weight: { type: 'integer', minimum: 1, maximum: 100 },
    replicas: { type: 'integer', minimum: 0 },
  },
  legacy: {
    consolidation:
      'not a Karpenter v1 field: use spec.disruption.consolidationPolicy and consolidateAfter; consolidateAfter: Never turns consolidation off',
    ttlSecondsAfterEmpty: 'not a Karpenter v1 field: use spec.disruption.consolidationPolicy: WhenEmpty with consolidateAfter',
    ttlSecondsUntilExpired: 'not a Karpenter v1 field: use spec.template.spec.expireAfter',
    requirements: 'requirements belong in spec.template.spec.requirements',
    taints: 'taints belong in spec.template.spec.taints',
    nodeClassRef: 'nodeClassRef belongs in spec.template.spec.nodeClassRef',
    expireAfter: 'expireAfter belongs in spec.template.spec.expireAfter',
  },
};

/** `spec` of a NodeClaim. */
export const NODECLAIM_SPEC_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['requirements', 'nodeClassRef'],
  fields: {
    requirements: ANY,
    taints: ANY,
    startupTaints: ANY,
    resources: { type: 'object', fields: { requests: { type: 'map', values: { type: 'quantity' } } } },
    nodeClassRef: NODE_CLASS_REF_SCHEMA,
    expireAfter: { type: 'string', pattern: DURATION_OR_NEVER },
    terminationGracePeriod: { type: 'string', pattern: DURATION },
  },
};
