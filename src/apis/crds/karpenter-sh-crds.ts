/**
 * The NodePool and NodeClaim CRDs (karpenter.sh/v1), generated from the
 * project's schema (nodepool-schema.ts) plus what OpenAPI needs beyond it:
 * descriptions, defaults and upstream's CEL rules
 * (https://github.com/kubernetes-sigs/karpenter/tree/main/pkg/apis/crds).
 * Names, categories, subresources and printer columns follow upstream.
 */
import { NODECLAIM_SPEC_SCHEMA, NODEPOOL_SPEC_SCHEMA } from '../validation/nodepool-schema.js';
import { toOpenApi, type OpenApi, type Overlay } from './openapi.js';
import { conditionsSchema, requirementsSchema, resourceListSchema, rootSchema, taintsSchema, templateLabelsSchema } from './shared.js';

const STARTUP_TAINTS = 'Taints a node has at start-up, removed by a daemon once it is ready.';

/** Rules and schemas shared by NodePool `spec.template.spec` and NodeClaim `spec` (paths relative to it). */
function claimSpecOverlay(prefix: string, nodePool: boolean): Record<string, OpenApi> {
  const at = (path: string): string => (prefix === '' ? path : `${prefix}.${path}`);
  return {
    [at('requirements')]: requirementsSchema(nodePool),
    [at('taints')]: taintsSchema('Taints every node of this pool carries.'),
    [at('startupTaints')]: taintsSchema(STARTUP_TAINTS),
    [at('expireAfter')]: { description: 'How long a node lives before it is replaced, or Never.', default: '720h' },
    [at('terminationGracePeriod')]: { description: 'How long a draining node waits for its pods before it is forcibly terminated.' },
    [at('nodeClassRef')]: { description: 'The provider-specific NodeClass (group, kind, name).' },
  };
}

const NODEPOOL_OVERLAY: Overlay = {
  '': { description: 'The template of the NodeClaims this pool launches, and how they may be disrupted.' },
  ...claimSpecOverlay('template.spec', true),
  'template.spec.nodeClassRef': {
    description: 'The provider-specific NodeClass (group, kind, name).',
    'x-kubernetes-validations': [
      { message: 'nodeClassRef.group is immutable', rule: 'self.group == oldSelf.group' },
      { message: 'nodeClassRef.kind is immutable', rule: 'self.kind == oldSelf.kind' },
    ],
  },
  template: { description: 'The template of the NodeClaims this pool creates.' },
  'template.metadata.labels': templateLabelsSchema(),
  disruption: {
    description: 'How Karpenter may disrupt nodes of this pool.',
    default: { consolidateAfter: '0s' },
    required: ['consolidateAfter'],
  },
  'disruption.consolidationPolicy': { description: 'Which nodes consolidation considers.', default: 'WhenEmptyOrUnderutilized' },
  'disruption.consolidateAfter': { description: 'How long after a pod was added or removed a node may be consolidated, or Never.' },
  'disruption.budgets': {
    description: 'At most how many nodes may be disrupted at once; the most restrictive active budget wins.',
    default: [{ nodes: '10%' }],
    'x-kubernetes-validations': [
      { message: "'schedule' must be set with 'duration'", rule: 'self.all(x, has(x.schedule) == has(x.duration))' },
    ],
  },
  'disruption.budgets[].nodes': { default: '10%' },
  'disruption.budgets[].schedule': {
    pattern: '^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\\s(.+)\\s(.+)\\s(.+)\\s(.+))$',
  },
  limits: { description: 'Bounds on the total capacity this pool may launch.' },
  weight: { description: 'Priority among pools (higher first), 1 to 100.', format: 'int32' },
  replicas: { description: 'A static node count (alpha).', format: 'int64' },
};

const NODECLAIM_OVERLAY: Overlay = {
  '': {
    description: 'What to launch: requirements, resources and the NodeClass. Immutable once created.',
    'x-kubernetes-validations': [{ message: 'spec is immutable', rule: 'self == oldSelf' }],
  },
  ...claimSpecOverlay('', false),
  expireAfter: { description: 'How long a node lives before it is replaced, or Never.' },
  'resources.requests': resourceListSchema('The resources the pods this claim was created for request.'),
};

function nodePoolStatus(): OpenApi {
  return {
    type: 'object',
    properties: {
      conditions: conditionsSchema(),
      nodeClassObservedGeneration: { type: 'integer', format: 'int64' },
      nodes: { type: 'integer', format: 'int64', default: 0 },
      resources: resourceListSchema(),
    },
  };
}

function nodeClaimStatus(): OpenApi {
  return {
    type: 'object',
    properties: {
      allocatable: resourceListSchema(),
      capacity: resourceListSchema(),
      conditions: conditionsSchema(),
      imageID: { type: 'string' },
      lastPodEventTime: { type: 'string', format: 'date-time' },
      nodeName: { type: 'string' },
      providerID: { type: 'string' },
    },
  };
}

const column = (name: string, jsonPath: string, type: string, priority?: number): OpenApi => ({
  jsonPath,
  name,
  ...(priority === undefined ? {} : { priority }),
  type,
});
const READY = '.status.conditions[?(@.type=="Ready")].status';

/** The NodePool CustomResourceDefinition. */
export function nodePoolCrd(): OpenApi {
  return crd('nodepools', 'NodePool', {
    additionalPrinterColumns: [
      column('NodeClass', '.spec.template.spec.nodeClassRef.name', 'string'),
      column('Nodes', '.status.nodes', 'string'),
      column('Ready', READY, 'string'),
      column('Age', '.metadata.creationTimestamp', 'date'),
      column('Weight', '.spec.weight', 'integer', 1),
      column('CPU', '.status.resources.cpu', 'string', 1),
      column('Memory', '.status.resources.memory', 'string', 1),
    ],
    subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.nodes' } },
    schema: {
      openAPIV3Schema: rootSchema(
        'NodePool is the Schema for the NodePools API.',
        toOpenApi(NODEPOOL_SPEC_SCHEMA, NODEPOOL_OVERLAY),
        nodePoolStatus(),
      ),
    },
  });
}

/** The NodeClaim CustomResourceDefinition. */
export function nodeClaimCrd(): OpenApi {
  return crd('nodeclaims', 'NodeClaim', {
    additionalPrinterColumns: [
      column('Type', '.metadata.labels.node\\.kubernetes\\.io/instance-type', 'string'),
      column('Capacity', '.metadata.labels.karpenter\\.sh/capacity-type', 'string'),
      column('Zone', '.metadata.labels.topology\\.kubernetes\\.io/zone', 'string'),
      column('Node', '.status.nodeName', 'string'),
      column('Ready', READY, 'string'),
      column('Age', '.metadata.creationTimestamp', 'date'),
      column('ImageID', '.status.imageID', 'string', 1),
      column('ID', '.status.providerID', 'string', 1),
      column('NodePool', '.metadata.labels.karpenter\\.sh/nodepool', 'string', 1),
      column('NodeClass', '.spec.nodeClassRef.name', 'string', 1),
      column('Drifted', '.status.conditions[?(@.type=="Drifted")].status', 'string', 1),
    ],
    subresources: { status: {} },
    schema: {
      openAPIV3Schema: rootSchema(
        'NodeClaim is the Schema for the NodeClaims API.',
        toOpenApi(NODECLAIM_SPEC_SCHEMA, NODECLAIM_OVERLAY),
        nodeClaimStatus(),
      ),
    },
  });
}

function crd(plural: string, kind: string, version: OpenApi): OpenApi {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.karpenter.sh` },
    spec: {
      group: 'karpenter.sh',
      names: { categories: ['karpenter'], kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope: 'Cluster',
      versions: [{ name: 'v1', served: true, storage: true, ...version }],
    },
  };
}

/** The overlays, for the test that every path they name exists. */
export const KARPENTER_SH_OVERLAYS = { nodePool: NODEPOOL_OVERLAY, nodeClaim: NODECLAIM_OVERLAY } as const;
