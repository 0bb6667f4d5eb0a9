/**
 * The structural schema of karpd's `karpd.dev/v1alpha1` Decision (spec and
 * status), the one source of the generated CRD (`src/apis/crds/decision-crd.ts`)
 * and of `validateDecision`. The bounds keep one Decision well below the API
 * server's object size limit (1.5 MiB in etcd) while leaving room for long diffs.
 */
import type { FieldSchema, ObjectSchema } from './schema.js';

/** The bounds of a Decision's text fields, shared with the code that builds Decisions (it truncates to them). */
export const DecisionLimits = {
  /** `spec.diff` and each `spec.changes[].diff`: 256 KiB of unified diff. */
  diff: 262_144,
  summary: 1024,
  /** `spec.changes`: one per object a revision touches. */
  changes: 500,
  /** `status.message`, the rejection reason or apply error. */
  message: 32_768,
  /** `status.waitingFor`, one line. */
  waitingFor: 1024,
  /** `status.history`: every step of the Decision's life. */
  history: 200,
  /** `spec.whatIf.newlyUnschedulable`. */
  unschedulablePods: 1000,
  /** Reasons, notes and history messages. */
  reason: 4096,
  /** Kubernetes object names (`metadata.name`, `supersededBy`, a change's object). */
  name: 253,
  /** A cluster folder name: a DNS label. */
  cluster: 63,
  /** A Git revision (SHA-1 or SHA-256 hex, or a ref). */
  revision: 256,
  /** Who decided: an OS user or a token name. */
  actor: 253,
  /** `spec.disruption.remove`: the nodes one node Decision removes (multi-node takes at most 100, emptiness more). */
  disruptionNodes: 1000,
  /** `spec.disruption.launch`: the replacements (consolidation launches at most one, drift a few). */
  disruptionLaunches: 100,
  /** `spec.disruption.evictedPods`, `pdbsAtRisk`, `budgets` and a launch's `instanceTypes`. */
  disruptionList: 100,
} as const;

const STATES = ['pending', 'approved', 'rejected', 'applied', 'failed', 'superseded'] as const;
const TIMESTAMP: FieldSchema = { type: 'string', maxLength: 64 };
const COUNT: FieldSchema = { type: 'integer', minimum: 0 };
/** A number the FieldSchema walker does not check; the CRD overlay types it (`number`, minimum 0). */
const NUMBER: FieldSchema = { type: 'any' };

const text = (maxLength: number, minLength?: number): FieldSchema => ({
  type: 'string',
  maxLength,
  ...(minLength === undefined ? {} : { minLength }),
});

const CHANGE_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['action', 'kind', 'name', 'diff'],
  fields: {
    action: { type: 'string', enum: ['create', 'update', 'delete'] },
    kind: text(63, 1),
    name: text(DecisionLimits.name, 1),
    desired: { type: 'any' },
    diff: text(DecisionLimits.diff),
    nodes: COUNT,
  },
};

const FLEET_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['nodes', 'instanceMix', 'pricePerHour', 'unschedulablePods'],
  fields: {
    nodes: COUNT,
    instanceMix: { type: 'map', values: COUNT, maxProperties: 500 },
    pricePerHour: NUMBER,
    unschedulablePods: COUNT,
    pricesIncomplete: { type: 'boolean' },
  },
};

const WHAT_IF_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['before', 'after', 'newlyUnschedulable', 'driftedNodes', 'pods'],
  fields: {
    before: FLEET_SCHEMA,
    after: FLEET_SCHEMA,
    newlyUnschedulable: {
      type: 'array',
      maxItems: DecisionLimits.unschedulablePods,
      items: {
        type: 'object',
        required: ['pod', 'reason'],
        fields: { pod: text(DecisionLimits.name * 2), reason: text(DecisionLimits.reason) },
      },
    },
    driftedNodes: COUNT,
    pods: COUNT,
    note: text(DecisionLimits.reason),
  },
};

const DISRUPTION_SCHEMA: ObjectSchema = {
  type: 'object',
  required: [
    'method',
    'reason',
    'action',
    'remove',
    'launch',
    'evictedPods',
    'evictedPodsTotal',
    'pdbsAtRisk',
    'budgets',
    'priceBefore',
    'priceAfter',
  ],
  fields: {
    method: text(63, 1),
    reason: text(63, 1),
    action: { type: 'string', enum: ['delete', 'replace'] },
    remove: {
      type: 'array',
      maxItems: DecisionLimits.disruptionNodes,
      items: {
        type: 'object',
        required: ['name', 'nodeClaim', 'nodePool', 'pods'],
        fields: {
          name: text(DecisionLimits.name, 1),
          nodeClaim: text(DecisionLimits.name),
          nodePool: text(DecisionLimits.name),
          instanceType: text(DecisionLimits.name),
          capacityType: text(63),
          zone: text(DecisionLimits.name),
          pricePerHour: NUMBER,
          pods: COUNT,
        },
      },
    },
    launch: {
      type: 'array',
      maxItems: DecisionLimits.disruptionLaunches,
      items: {
        type: 'object',
        required: ['nodePool', 'instanceTypes', 'capacityType', 'pricePerHour'],
        fields: {
          nodePool: text(DecisionLimits.name),
          instanceTypes: { type: 'array', maxItems: DecisionLimits.disruptionList, items: text(DecisionLimits.name) },
          capacityType: text(63),
          pricePerHour: NUMBER,
        },
      },
    },
    evictedPods: { type: 'array', maxItems: DecisionLimits.disruptionList, items: text(DecisionLimits.name * 2) },
    evictedPodsTotal: COUNT,
    pdbsAtRisk: { type: 'array', maxItems: DecisionLimits.disruptionList, items: text(DecisionLimits.name * 2) },
    budgets: {
      type: 'array',
      maxItems: DecisionLimits.disruptionList,
      items: {
        type: 'object',
        required: ['nodePool', 'reason', 'remaining'],
        fields: { nodePool: text(DecisionLimits.name), reason: text(63), remaining: COUNT },
      },
    },
    priceBefore: NUMBER,
    priceAfter: NUMBER,
  },
};

/** `spec` of a Decision. */
export const DECISION_SPEC_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['cluster', 'kind', 'summary', 'revision', 'changes', 'diff'],
  fields: {
    cluster: text(DecisionLimits.cluster, 1),
    kind: { type: 'string', enum: ['git-change', 'config-drift', 'prune', 'consolidation', 'node-drift', 'expiry'] },
    summary: text(DecisionLimits.summary, 1),
    revision: text(DecisionLimits.revision),
    changes: { type: 'array', maxItems: DecisionLimits.changes, items: CHANGE_SCHEMA },
    diff: text(DecisionLimits.diff),
    whatIf: WHAT_IF_SCHEMA,
    disruption: DISRUPTION_SCHEMA,
  },
};

const HISTORY_ENTRY_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['state', 'at', 'by'],
  fields: {
    state: { type: 'string', enum: STATES },
    at: TIMESTAMP,
    by: text(DecisionLimits.actor, 1),
    message: text(DecisionLimits.reason),
  },
};

/** `status` of a Decision. */
export const DECISION_STATUS_SCHEMA: ObjectSchema = {
  type: 'object',
  required: ['state', 'history'],
  fields: {
    state: { type: 'string', enum: STATES },
    waitingFor: text(DecisionLimits.waitingFor),
    heldBy: { type: 'string', enum: ['person', 'window'] },
    message: text(DecisionLimits.message),
    decidedBy: text(DecisionLimits.actor),
    decidedAt: TIMESTAMP,
    appliedAt: TIMESTAMP,
    supersededBy: text(DecisionLimits.name),
    remindedAt: TIMESTAMP,
    history: { type: 'array', maxItems: DecisionLimits.history, items: HISTORY_ENTRY_SCHEMA },
  },
};
