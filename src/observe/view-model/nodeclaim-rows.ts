/**
 * Window 2, NodeClaims: one row per claim, ordered by name, with its node's utilisation (requests of the pods
 * on it vs the node's, else the claim's, allocatable), lifecycle state, offering, price, describe lines and what
 * the disruption report says of it (`why`). Rows are reused from the last build while the claim, its node, its
 * load, its age and its report entries (by reference, else by content) are unchanged. Pure.
 */
import type { Node } from '../../apis/core-v1.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { DisruptingClaim } from '../../disruption/report.js';
import type { NodeVerdict } from '../../disruption/types.js';
import { type ClusterIndex, loadOf } from './cluster-index.js';
import { formatConditions, formatResourceList, formatTaints, line, listOrNone } from './describe-lines.js';
import { type AgeOf, capacityTypeOf, instanceIdOf, usage } from './object-facts.js';
import type { DisruptionIndex } from './disruption-index.js';
import { claimDisruption, sameDisruption, whyText } from './nodeclaim-disruption.js';
import { nodeClaimState } from './nodeclaim-state.js';
import { type Mutable, SortedCache } from './row-memo.js';
import type { ClaimFacts, ClaimSlot, PodFacts } from './object-cache.js';
import type { DescribeLine, NodeClaimRow } from './view-model.js';

/** How many of a node's pods its describe lines name. */
export const DESCRIBED_PODS = 10;

function byName(a: ClaimFacts, b: ClaimFacts): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** What the NodeClaims window keeps between builds. */
export class NodeClaimMemos {
  readonly sorted = new SortedCache<ClaimFacts>(byName);
}

function describeClaim(claim: NodeClaim, node: Node | undefined, podKeys: readonly string[], total: number): DescribeLine[] {
  const status = claim.status;
  const more = total > podKeys.length ? ` (+${total - podKeys.length} more)` : '';
  return [
    line('ProviderID', status?.providerID ?? '<none>'),
    line('Image', status?.imageID ?? '<none>'),
    line('Capacity', formatResourceList(status?.capacity ?? node?.status?.capacity)),
    line('Allocatable', formatResourceList(node?.status?.allocatable ?? status?.allocatable)),
    line('Conditions', formatConditions(status?.conditions)),
    line('Taints', formatTaints(node?.spec.taints ?? claim.spec.taints)),
    line('Pods', `${listOrNone(podKeys)}${more}`),
  ];
}

/** The report's entries for one claim (either may be absent). */
export interface ClaimReport {
  readonly verdict?: NodeVerdict;
  readonly disrupting?: DisruptingClaim;
}

function makeRow(facts: ClaimFacts, load: RowLoad, describe: readonly DescribeLine[], report: ClaimReport): NodeClaimRow {
  const { claim, node, offering } = facts;
  const capacityType = capacityTypeOf(offering.capacityType);
  const instanceId = instanceIdOf(claim.status?.providerID ?? node?.spec.providerID);
  const disruption = claimDisruption(report.verdict, report.disrupting);
  const why = whyText(disruption);
  const row: Mutable<NodeClaimRow> = {
    key: facts.name,
    name: facts.name,
    nodePool: facts.pool,
    ageSeconds: load.age,
    state: nodeClaimState(claim, node, report.disrupting !== undefined),
    cpu: usage(load.cpu, load.cpuLimit),
    memory: usage(load.memory, load.memoryLimit),
    pods: load.pods,
    describe,
  };
  if (facts.nodeName !== undefined) row.nodeName = facts.nodeName;
  if (offering.instanceType !== undefined) row.instanceType = offering.instanceType;
  if (capacityType !== undefined) row.capacityType = capacityType;
  if (offering.zone !== undefined) row.zone = offering.zone;
  if (instanceId !== undefined) row.instanceId = instanceId;
  if (load.price !== undefined) row.pricePerHour = load.price;
  if (why !== undefined) row.why = why;
  if (disruption !== undefined) row.disruption = disruption;
  return row;
}

/** What a claim's row read besides the claim and its node. */
export interface RowLoad {
  readonly age: number;
  readonly cpu: number;
  readonly memory: number;
  readonly cpuLimit: number | undefined;
  readonly memoryLimit: number | undefined;
  readonly pods: number;
  readonly price: number | undefined;
}

function sameLoad(a: RowLoad, b: RowLoad): boolean {
  return (
    a.age === b.age &&
    a.cpu === b.cpu &&
    a.memory === b.memory &&
    a.cpuLimit === b.cpuLimit &&
    a.memoryLimit === b.memoryLimit &&
    a.pods === b.pods &&
    a.price === b.price
  );
}

function sameDescribedPods(slot: ClaimSlot, pods: readonly PodFacts[]): boolean {
  const described = slot.describedPods;
  if (described === undefined || slot.describedTotal !== pods.length) return false;
  for (let i = 0; i < described.length; i += 1) if (described[i] !== pods[i]) return false;
  return true;
}

const NO_REPORT: ClaimReport = {};

/**
 * The claim's report entries, updating `slot.report`: the same object while the entries are the same objects (an
 * unchanged report allocates nothing); `slot.row` is dropped when they read differently (a new report object
 * with the same words keeps the row).
 */
function updateReport(disruption: DisruptionIndex, facts: ClaimFacts): ClaimReport {
  const { slot } = facts;
  const verdict = disruption.verdictOf(facts.name, facts.nodeName);
  const disrupting = disruption.disruptingOf(facts.name, facts.nodeName);
  const seen = slot.report;
  if (seen !== undefined && seen.verdict === verdict && seen.disrupting === disrupting) return seen;
  const report: ClaimReport =
    verdict === undefined && disrupting === undefined
      ? NO_REPORT
      : { ...(verdict === undefined ? {} : { verdict }), ...(disrupting === undefined ? {} : { disrupting }) };
  if (seen === undefined || !sameDisruption(seen, report)) slot.row = undefined;
  slot.report = report;
  return report;
}

/** The NodeClaims window's rows, by name; `disruption` is the report's index (verdicts, claims being disrupted). */
export function nodeClaimRows(index: ClusterIndex, ageOf: AgeOf, memos: NodeClaimMemos, disruption: DisruptionIndex): NodeClaimRow[] {
  const sorted = memos.sorted.sort(index.claims);
  const rows: NodeClaimRow[] = new Array(sorted.length);
  for (let i = 0; i < sorted.length; i += 1) {
    const facts = sorted[i];
    const { claim, node, slot } = facts;
    const load = loadOf(index, facts.nodeName);
    const allocatable = index.cache.cpuMemory(node?.status?.allocatable ?? claim.status?.allocatable);
    const pods = load.pods;
    const rowLoad: RowLoad = {
      age: ageOf(facts.createdMs),
      cpu: load.cpu,
      memory: load.memory,
      cpuLimit: allocatable.cpu,
      memoryLimit: allocatable.memory,
      pods: pods.length,
      price: index.priceOf(facts),
    };
    let describe = slot.describe;
    if (describe === undefined || !sameDescribedPods(slot, pods)) {
      const described = pods.slice(0, DESCRIBED_PODS);
      describe = describeClaim(
        claim,
        node,
        described.map((pod) => pod.key),
        pods.length,
      );
      slot.describe = describe;
      slot.describedPods = described;
      slot.describedTotal = pods.length;
      slot.row = undefined;
    }
    const report = updateReport(disruption, facts);
    if (slot.row === undefined || slot.load === undefined || !sameLoad(slot.load, rowLoad)) {
      slot.row = makeRow(facts, rowLoad, describe, report);
      slot.load = rowLoad;
    }
    rows[i] = slot.row;
  }
  return rows;
}
