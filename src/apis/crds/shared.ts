/**
 * OpenAPI pieces shared by the karpenter.sh CRDs (NodePool, NodeClaim): the
 * schema of requirements and taints (checked in code by `karpd validate`,
 * see requirements.ts and taints.ts), status conditions, and the CRD envelope.
 * Rules follow upstream's CRDs:
 * https://github.com/kubernetes-sigs/karpenter/tree/main/pkg/apis/crds
 */
import { OPERATORS } from '../validation/requirements.js';
import { quantitySchema, type OpenApi } from './openapi.js';

const LABEL_KEY = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\\/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$';
const LABEL_VALUE = '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$';
const WELL_KNOWN_KUBERNETES_LABELS = [
  'beta.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'failure-domain.beta.kubernetes.io/zone',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'node.kubernetes.io/windows-build',
];
const quoted = (items: readonly string[]): string => items.map((item) => `"${item}"`).join(', ');
const DOMAIN = 'find("^([^/]+)")';

/**
 * CEL rules on one label key (`k`): the restricted label domains; for a NodePool (`nodePool`) also the
 * labels Karpenter sets itself (karpenter.sh/nodepool, kubernetes.io/hostname).
 */
export function labelKeyRules(k: string, nodePool: boolean): OpenApi[] {
  const rules: OpenApi[] = [
    {
      message: 'label domain "kubernetes.io" is restricted',
      rule: `${k} in [${quoted(WELL_KNOWN_KUBERNETES_LABELS)}] || ${k}.${DOMAIN}.endsWith("node.kubernetes.io") || ${k}.${DOMAIN}.endsWith("node-restriction.kubernetes.io") || !${k}.${DOMAIN}.endsWith("kubernetes.io")`,
    },
    {
      message: 'label domain "k8s.io" is restricted',
      rule: `${k}.${DOMAIN}.endsWith("kops.k8s.io") || !${k}.${DOMAIN}.endsWith("k8s.io")`,
    },
    {
      message: 'label domain "karpenter.sh" is restricted',
      rule: `${k} in ["karpenter.sh/capacity-type", "karpenter.sh/nodepool"] || !${k}.${DOMAIN}.endsWith("karpenter.sh")`,
    },
  ];
  if (!nodePool) return rules;
  rules.push({ message: 'label "karpenter.sh/nodepool" is restricted', rule: `${k} != "karpenter.sh/nodepool"` });
  rules.push({ message: 'label "kubernetes.io/hostname" is restricted', rule: `${k} != "kubernetes.io/hostname"` });
  return rules;
}

/** `template.metadata.labels` of a NodePool: the same rules over every key. */
export function templateLabelsSchema(): OpenApi {
  return {
    type: 'object',
    maxProperties: 100,
    additionalProperties: { type: 'string', maxLength: 63, pattern: LABEL_VALUE },
    'x-kubernetes-validations': [
      { message: 'labels key must be a valid label key', rule: `self.all(x, x.matches(${JSON.stringify(LABEL_KEY)}))` },
      ...labelKeyRules('x', true).map((r) => ({ message: r.message, rule: `self.all(x, ${String(r.rule)})` })),
    ],
  };
}

/** `requirements`: node selector requirements with minValues, and upstream's rules across them. */
export function requirementsSchema(nodePool: boolean): OpenApi {
  return {
    description: 'Label requirements every node satisfies.',
    type: 'array',
    maxItems: 100,
    items: {
      type: 'object',
      required: ['key', 'operator'],
      properties: {
        key: { type: 'string', maxLength: 316, pattern: LABEL_KEY, 'x-kubernetes-validations': labelKeyRules('self', nodePool) },
        minValues: { type: 'integer', minimum: 1, maximum: 50 },
        operator: { type: 'string', enum: [...OPERATORS] },
        values: { type: 'array', items: { type: 'string', maxLength: 63, pattern: LABEL_VALUE }, 'x-kubernetes-list-type': 'atomic' },
      },
    },
    'x-kubernetes-validations': [
      {
        message: "requirements with operator 'In' must have a value defined",
        rule: "self.all(x, x.operator == 'In' ? x.values.size() != 0 : true)",
      },
      {
        message: "requirements operator 'Gt', 'Lt', 'Gte' or 'Lte' must have a single positive integer value",
        rule: "self.all(x, (x.operator in ['Gt', 'Lt', 'Gte', 'Lte']) ? (x.values.size() == 1 && x.values[0].matches('^[0-9]+$')) : true)",
      },
      {
        message: "requirements with 'minValues' must have at least that many values specified in the 'values' field",
        rule: "self.all(x, (x.operator == 'In' && has(x.minValues)) ? x.values.size() >= x.minValues : true)",
      },
    ],
  };
}

function taint(): OpenApi {
  return {
    type: 'object',
    required: ['effect', 'key'],
    properties: {
      effect: { type: 'string', enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
      key: { type: 'string', minLength: 1, pattern: LABEL_KEY },
      timeAdded: { type: 'string', format: 'date-time' },
      value: { type: 'string', pattern: LABEL_VALUE },
    },
  };
}

/** `taints` / `startupTaints`. */
export function taintsSchema(description: string): OpenApi {
  return { description, type: 'array', items: taint() };
}

/** `status.conditions`: metav1.Condition. */
export function conditionsSchema(): OpenApi {
  return {
    type: 'array',
    items: {
      type: 'object',
      required: ['lastTransitionTime', 'message', 'reason', 'status', 'type'],
      properties: {
        lastTransitionTime: { type: 'string', format: 'date-time' },
        message: { type: 'string', maxLength: 32768 },
        observedGeneration: { type: 'integer', format: 'int64', minimum: 0 },
        reason: { type: 'string', maxLength: 1024 },
        status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
        type: { type: 'string', maxLength: 316 },
      },
    },
  };
}

/** A map of resource quantities. */
export function resourceListSchema(description?: string): OpenApi {
  return { ...(description === undefined ? {} : { description }), type: 'object', additionalProperties: quantitySchema() };
}

/** The root of a CRD's openAPIV3Schema around `spec` and `status`. */
export function rootSchema(description: string, spec: OpenApi, status: OpenApi, required: string[] = ['spec']): OpenApi {
  return {
    description,
    type: 'object',
    required,
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec, status },
  };
}
