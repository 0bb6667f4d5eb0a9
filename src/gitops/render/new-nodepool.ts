/**
 * The NodePool `karpd new nodepool` writes, as data and as YAML, pure: the
 * design notes' convention for a workload pool — tainted with its own name
 * (`NAME:NoSchedule`), its nodes labelled `NodePool: NAME`, the cluster's
 * EC2NodeClass referenced — with limits and disruption copied from a pool
 * it should be like, or defaults; and the `nodeSelector` / `tolerations` a
 * workload's pod template needs to land on it.
 */
import { Document, isPair, isScalar, isSeq, stringify, visit } from 'yaml';
import type { Disruption, NodePool, NodeSelectorRequirementWithMinValues } from '../../apis/nodepool.js';
import type { ResourceList } from '../../apis/object-meta.js';

/** A Kubernetes DNS label (RFC 1123): what a NodePool name, a taint key and a label value all accept. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The label every pool's nodes carry, selected by the workload's `nodeSelector` (the template pools' convention). */
export const POOL_LABEL = 'NodePool';

/** What the new pool is made from. */
export interface NewNodePoolInput {
  readonly name: string;
  /** The EC2NodeClass of the cluster folder. */
  readonly nodeClass: string;
  /** The pool to copy limits, disruption and expireAfter from; defaults when absent. */
  readonly like?: NodePool;
}

/** Defaults of a new pool without `--like`: small, cautious, cheap when idle. */
export const NEW_NODEPOOL_DEFAULTS = {
  limits: { cpu: '100', memory: '400Gi' } as ResourceList,
  disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '5m', budgets: [{ nodes: '10%' }] } as Disruption,
  expireAfter: '720h',
} as const;

/** Current-generation general-purpose, compute and memory types of up to 16 vCPUs, spot or on-demand (as the `default` pool). */
const DEFAULT_REQUIREMENTS: NodeSelectorRequirementWithMinValues[] = [
  { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
  { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['4'] },
  { key: 'karpenter.k8s.aws/instance-cpu', operator: 'Lte', values: ['16'] },
  { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
  { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
  { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
];

/** The settings taken from `like`, or the defaults; a field `like` leaves out is left out (the API's default applies). */
function copiedSettings(like: NodePool | undefined): { limits?: ResourceList; disruption?: Disruption; expireAfter?: string } {
  if (like === undefined)
    return structuredClone(NEW_NODEPOOL_DEFAULTS) as { limits: ResourceList; disruption: Disruption; expireAfter: string };
  const { limits, disruption } = like.spec;
  const expireAfter = like.spec.template.spec.expireAfter;
  return structuredClone({
    ...(limits !== undefined ? { limits } : {}),
    ...(disruption !== undefined ? { disruption } : {}),
    ...(expireAfter !== undefined ? { expireAfter } : {}),
  });
}

/** The new NodePool object (v1, defaults not applied). */
export function newNodePool(input: NewNodePoolInput): NodePool {
  const { limits, disruption, expireAfter } = copiedSettings(input.like);
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: input.name },
    spec: {
      template: {
        metadata: { labels: { [POOL_LABEL]: input.name } },
        spec: {
          requirements: structuredClone(DEFAULT_REQUIREMENTS),
          taints: [{ key: input.name, effect: 'NoSchedule' }],
          nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: input.nodeClass },
          ...(expireAfter !== undefined ? { expireAfter } : {}),
        },
      },
      ...(disruption !== undefined ? { disruption } : {}),
      ...(limits !== undefined ? { limits } : {}),
    },
  };
}

function header(input: NewNodePoolInput): string[] {
  const origin =
    input.like === undefined
      ? [
          "Limits and disruption are karpd's defaults for a new pool (100 CPUs, 400Gi,",
          'consolidate when empty or underutilised after 5m, at most 10% of nodes at once,',
          'nodes replaced after 720h): raise the limits to what the workload needs.',
        ]
      : [`Limits, disruption and expireAfter are copied from the NodePool ${input.like.metadata.name}.`];
  return [
    `${input.name}: created by \`karpd new nodepool\`.`,
    'Pods select this pool with',
    `  nodeSelector: {${POOL_LABEL}: ${input.name}}`,
    `  tolerations: [{key: ${input.name}, operator: Exists, effect: NoSchedule}]`,
    '',
    ...origin,
    'The requirements allow current-generation c, m and r types of up to 16 vCPUs',
    '(amd64, spot or on-demand): narrow them to the instance types the workload runs on.',
  ];
}

/** `values` lists in flow style with double-quoted items, as the template pools write them (`values: ["m5.large"]`). */
function asTemplateStyle(document: Document): void {
  visit(document, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.value !== 'values' || !isSeq(pair.value)) return;
      pair.value.flow = true;
      for (const item of pair.value.items) if (isScalar(item)) item.type = 'QUOTE_DOUBLE';
    },
  });
}

/** The manifest text: a comment saying where its settings came from, then the object in the template pools' key order. */
export function newNodePoolYaml(input: NewNodePoolInput): string {
  const document = new Document(newNodePool(input));
  asTemplateStyle(document);
  const comment = header(input).map((line) => (line === '' ? '#' : `# ${line}`));
  return `${comment.join('\n')}\n${document.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
}

/** The pod-template fragment (under `spec:`) a workload needs to run on pool `name`. */
export function podSchedulingYaml(name: string): string {
  const fragment = {
    nodeSelector: { [POOL_LABEL]: name },
    tolerations: [{ key: name, operator: 'Exists', effect: 'NoSchedule' }],
  };
  return stringify(fragment, { lineWidth: 0 }).trimEnd();
}
