/**
 * The Decision CRD (karpd.dev/v1alpha1): cluster-scoped, with a status
 * subresource and the printer columns `kubectl get decisions` shows (kind,
 * summary, state, age). Generated from decision-schema.ts plus the overlay
 * below (descriptions, number types, timestamp formats, the embedded object).
 */
import { DECISION_SPEC_SCHEMA, DECISION_STATUS_SCHEMA } from '../validation/decision-schema.js';
import { toOpenApi, type OpenApi, type Overlay } from './openapi.js';
import { rootSchema } from './shared.js';

const PRICE: OpenApi = { type: 'number', minimum: 0, description: 'Projected on-demand and spot cost of the fleet, in $/h.' };
const DATE_TIME: OpenApi = { format: 'date-time' };
const NODE_PRICE: OpenApi = { type: 'number', minimum: 0, description: 'USD per hour.' };

const SPEC_OVERLAY: Overlay = {
  '': { description: 'One change to this cluster: what it changes, why, and what it would cost.' },
  cluster: { description: 'The cluster folder of the GitOps repository.' },
  kind: {
    description:
      'What the Decision changes: a Git change to apply, a config drift to revert, a prune; or nodes: a consolidation, a node drift replacement, an expiry.',
  },
  summary: { description: 'One line, e.g. "apply revision 3f2a91c: update NodePool airflow-worker".' },
  revision: { description: 'The full Git commit the change comes from.' },
  changes: { description: 'The objects the Decision creates, updates or deletes.' },
  'changes[].desired': {
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    description: 'The rendered object from Git to apply (create, update).',
  },
  'changes[].diff': { description: 'The unified diff of this object, live to desired.' },
  'changes[].nodes': { description: 'Nodes the pool still has (prune of a NodePool).' },
  diff: { description: 'Every change diff, joined.' },
  whatIf: { description: 'The scheduler run on the cluster pods under the old and the new pools.' },
  'whatIf.before.pricePerHour': PRICE,
  'whatIf.after.pricePerHour': PRICE,
  disruption: { description: 'The plan of a node Decision: nodes removed and launched, pods evicted, budget left, $/h before and after.' },
  'disruption.remove[].pricePerHour': NODE_PRICE,
  'disruption.launch[].pricePerHour': NODE_PRICE,
  'disruption.priceBefore': NODE_PRICE,
  'disruption.priceAfter': NODE_PRICE,
};

const STATUS_OVERLAY: Overlay = {
  '': { description: 'Where the Decision is in its life: pending, approved, rejected, applied, failed or superseded.' },
  waitingFor: { description: 'Why a pending Decision waits (sync policy manual, a deny window, a prune of a pool with nodes).' },
  heldBy: { description: "Who a pending Decision waits for: a person's approval, or only a sync window." },
  message: { description: 'Final-state detail: the rejection reason, the apply error, the superseding Decision.' },
  decidedAt: DATE_TIME,
  appliedAt: DATE_TIME,
  remindedAt: DATE_TIME,
  'history[].at': DATE_TIME,
};

const column = (name: string, jsonPath: string, type: string): OpenApi => ({ jsonPath, name, type });

/** The Decision CustomResourceDefinition. */
export function decisionCrd(): OpenApi {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'decisions.karpd.dev' },
    spec: {
      group: 'karpd.dev',
      names: {
        categories: ['karpd'],
        kind: 'Decision',
        listKind: 'DecisionList',
        plural: 'decisions',
        shortNames: ['dec'],
        singular: 'decision',
      },
      scope: 'Cluster',
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          additionalPrinterColumns: [
            column('Kind', '.spec.kind', 'string'),
            column('Summary', '.spec.summary', 'string'),
            column('State', '.status.state', 'string'),
            column('Age', '.metadata.creationTimestamp', 'date'),
          ],
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: rootSchema(
              'Decision is one change karpd makes to this cluster, waiting for or carrying its approval.',
              toOpenApi(DECISION_SPEC_SCHEMA, SPEC_OVERLAY),
              toOpenApi(DECISION_STATUS_SCHEMA, STATUS_OVERLAY),
            ),
          },
        },
      ],
    },
  };
}

/** The overlays, for the test that every path they name exists. */
export const DECISION_CRD_OVERLAYS = { spec: SPEC_OVERLAY, status: STATUS_OVERLAY } as const;
