/**
 * Per-object readings (internal: a field may hold `undefined`, unlike the view's rows, so objects keep one shape) the view needs on every rebuild (a pod's requests and age, a resource list's cpu and
 * memory), computed once per object: ClusterState keeps an unchanged object's identity, so a WeakMap keyed by
 * the object skips re-parsing quantities for everything that did not change. Pure: no clock, no I/O.
 */
import type { Node, Pod } from '../../apis/core-v1.js';
import { NodeClaimConditions, type NodeClaim } from '../../apis/nodeclaim.js';
import type { ResourceList } from '../../apis/object-meta.js';
import { Labels } from '../../apis/well-known-labels.js';
import { podRequests } from '../../scheduling/pod-requests.js';
import { amountOf } from '../../scheduling/resources.js';
import { isConditionTrue, timeMs } from './object-facts.js';
import { type Offering, offeringOf } from './offering.js';
import type { ClaimReport, RowLoad } from './nodeclaim-rows.js';
import type { DescribeLine, NodeClaimRow, PodRow } from './view-model.js';

/** What the view reads from one NodeClaim and its node. */
export interface ClaimFacts {
  readonly claim: NodeClaim;
  readonly node: Node | undefined;
  readonly name: string;
  /** Label `karpenter.sh/nodepool` (empty when missing). */
  readonly pool: string;
  /** The node name its pods are bound to: `status.nodeName`, else the node's name. */
  readonly nodeName?: string;
  readonly offering: Offering;
  /** Launched=True: its instance exists and costs money. */
  readonly launched: boolean;
  readonly drifted: boolean;
  /** Counts for budgets: Initialized=True and not InstanceTerminating=True. */
  readonly countsForBudgets: boolean;
  /** Being disrupted already: the claim or its node is being deleted, or the node is not Ready. */
  readonly disrupting: boolean;
  readonly createdMs?: number;
  /** The NodeClaims window's memo for this claim and node. */
  readonly slot: ClaimSlot;
}

/** The last row built for a claim and what it was built from (mutable; one per claim/node pair and builder). */
export interface ClaimSlot {
  row?: NodeClaimRow;
  load?: RowLoad;
  describe?: readonly DescribeLine[];
  describedPods?: readonly PodFacts[];
  describedTotal?: number;
  /** The disruption report's entries the row was built from. */
  report?: ClaimReport;
}

/** The last row built for a pod and what it was built from (mutable; one per pod object and builder). */
export interface PodSlot {
  row?: PodRow;
  age?: number;
  reason?: string;
  waitingFor?: string;
  describe?: readonly DescribeLine[];
  describeReason?: string;
}

/** What the view reads from one pod. */
export interface PodFacts {
  /** The pod these were read from. */
  readonly pod: Pod;
  /** `namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly phase: string;
  /** Succeeded or Failed: left out of the view and of every sum. */
  readonly terminal: boolean;
  readonly nodeName?: string;
  readonly deleting: boolean;
  /** No node and not being deleted. */
  readonly pending: boolean;
  readonly createdMs?: number;
  /** Effective requests in millicores and bytes (0 when a quantity cannot be read). */
  readonly cpu: number;
  readonly memory: number;
  /** The requests could not be read: the text of the error. */
  readonly requestsError?: string;
  /** `Kind/name` of the controlling owner (else the first). */
  readonly owner?: string;
  /** The Pods window's memo for this pod. */
  readonly slot: PodSlot;
}

/** CPU (millicores) and memory (bytes) of a resource list; a field is undefined when missing or unreadable. */
export interface CpuMemory {
  readonly cpu?: number;
  readonly memory?: number;
}

const EMPTY: CpuMemory = {};

function readAmount(name: string, list: ResourceList, key: string): number | undefined {
  const value = list[key];
  if (value === undefined) return undefined;
  try {
    return amountOf(name, String(value));
  } catch {
    return undefined;
  }
}

function ownerOf(pod: Pod): string | undefined {
  const owners = pod.metadata.ownerReferences;
  if (owners === undefined || owners.length === 0) return undefined;
  const owner = owners.find((reference) => reference.controller === true) ?? owners[0];
  return `${owner.kind}/${owner.name}`;
}

function readPod(pod: Pod): PodFacts {
  const namespace = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  const phase = pod.status?.phase ?? 'Pending';
  const nodeName = pod.spec.nodeName === undefined || pod.spec.nodeName === '' ? undefined : pod.spec.nodeName;
  const deleting = pod.metadata.deletionTimestamp !== undefined;
  let cpu = 0;
  let memory = 0;
  let requestsError: string | undefined;
  try {
    const requests = podRequests(pod);
    cpu = requests.cpu ?? 0;
    memory = requests.memory ?? 0;
  } catch (error) {
    requestsError = error instanceof Error ? error.message : String(error);
  }
  const owner = ownerOf(pod);
  const createdMs = timeMs(pod.metadata.creationTimestamp);
  return {
    pod,
    key: `${namespace}/${name}`,
    namespace,
    name,
    phase,
    terminal: phase === 'Succeeded' || phase === 'Failed',
    nodeName,
    deleting,
    pending: nodeName === undefined && !deleting,
    createdMs,
    cpu,
    memory,
    requestsError,
    owner,
    slot: { row: undefined, age: undefined, reason: undefined, waitingFor: undefined, describe: undefined, describeReason: undefined },
  };
}

/** Remembers each object's readings for as long as the object lives. */
export class ObjectCache {
  private readonly pods = new WeakMap<Pod, PodFacts>();
  private readonly lists = new WeakMap<ResourceList, CpuMemory>();
  private readonly claims = new WeakMap<NodeClaim, ClaimFacts>();

  /** The claim's readings with `node` (recomputed when the claim or its node is a different object). */
  claim(claim: NodeClaim, node: Node | undefined): ClaimFacts {
    const seen = this.claims.get(claim);
    if (seen !== undefined && seen.node === node) return seen;
    const conditions = claim.status?.conditions;
    const nodeName = claim.status?.nodeName ?? node?.metadata.name;
    const createdMs = timeMs(claim.metadata.creationTimestamp);
    const facts: ClaimFacts = {
      claim,
      node,
      name: claim.metadata.name ?? '',
      pool: claim.metadata.labels?.[Labels.nodePool] ?? '',
      nodeName,
      offering: offeringOf(claim, node),
      launched: isConditionTrue(conditions, NodeClaimConditions.launched),
      drifted: isConditionTrue(conditions, NodeClaimConditions.drifted),
      countsForBudgets:
        isConditionTrue(conditions, NodeClaimConditions.initialized) &&
        !isConditionTrue(conditions, NodeClaimConditions.instanceTerminating),
      disrupting:
        claim.metadata.deletionTimestamp !== undefined ||
        node?.metadata.deletionTimestamp !== undefined ||
        (node !== undefined && !isConditionTrue(node.status?.conditions, 'Ready')),
      createdMs,
      slot: {
        row: undefined,
        load: undefined,
        describe: undefined,
        describedPods: undefined,
        describedTotal: undefined,
        report: undefined,
      },
    };
    this.claims.set(claim, facts);
    return facts;
  }

  /** The pod's readings (computed on first sight of this object). */
  pod(pod: Pod): PodFacts {
    let facts = this.pods.get(pod);
    if (facts === undefined) {
      facts = readPod(pod);
      this.pods.set(pod, facts);
    }
    return facts;
  }

  /** CPU and memory of a resource list (computed on first sight of this list object). */
  cpuMemory(list: ResourceList | undefined): CpuMemory {
    if (list === undefined) return EMPTY;
    let amounts = this.lists.get(list);
    if (amounts === undefined) {
      const cpu = readAmount('cpu', list, 'cpu');
      const memory = readAmount('memory', list, 'memory');
      amounts = { cpu, memory };
      this.lists.set(list, amounts);
    }
    return amounts;
  }
}
