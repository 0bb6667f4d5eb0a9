/**
 * Window 2, NodeClaims: one row per claim, ordered by name, with its node's utilisation (requests of the pods
 * on it vs the node's, else the claim's, allocatable), lifecycle state, offering, price and describe lines.
 * Rows are reused from the last build while the claim, its node, its load and its age are unchanged. Pure.
 */
import type { Node } from '../../apis/core-v1.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { type ClusterIndex, loadOf } from './cluster-index.js';
import { formatConditions, formatResourceList, formatTaints, line, listOrNone } from './describe-lines.js';
import { capacityTypeOf, instanceIdOf, secondsSince, timeMs } from './object-facts.js';
import { type Offering, offeringOf, priceOf } from './offering.js';
import { nodeClaimState } from './nodeclaim-state.js';
import type { RowMemo } from './row-memo.js';
import type { ClusterViewInput } from './view-input.js';
import type { DescribeLine, NodeClaimRow, Usage } from './view-model.js';
import { Labels } from '../../apis/well-known-labels.js';

/** How many of a node's pods its describe lines name. */
export const DESCRIBED_PODS = 10;

/** The memos the NodeClaims window keeps between builds. */
export interface NodeClaimMemos {
  readonly rows: RowMemo<NodeClaimRow>;
  readonly describe: RowMemo<readonly DescribeLine[]>;
}

function usage(used: number, limit: number | undefined): Usage {
  return limit === undefined ? { used } : { used, limit };
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

function makeRow(
  claim: NodeClaim,
  node: Node | undefined,
  offering: Offering,
  facts: RowFacts,
  describe: readonly DescribeLine[],
): NodeClaimRow {
  const name = claim.metadata.name ?? '';
  const nodeName = claim.status?.nodeName ?? node?.metadata.name;
  const capacityType = capacityTypeOf(offering.capacityType);
  const instanceId = instanceIdOf(claim.status?.providerID ?? node?.spec.providerID);
  return {
    key: name,
    name,
    nodePool: claim.metadata.labels?.[Labels.nodePool] ?? '',
    ...(nodeName === undefined ? {} : { nodeName }),
    ...(offering.instanceType === undefined ? {} : { instanceType: offering.instanceType }),
    ...(capacityType === undefined ? {} : { capacityType }),
    ...(offering.zone === undefined ? {} : { zone: offering.zone }),
    ...(instanceId === undefined ? {} : { instanceId }),
    ageSeconds: facts.age,
    state: nodeClaimState(claim, node),
    cpu: usage(facts.cpu, facts.cpuLimit),
    memory: usage(facts.memory, facts.memoryLimit),
    pods: facts.pods,
    ...(facts.price === undefined ? {} : { pricePerHour: facts.price }),
    describe,
  };
}

interface RowFacts {
  readonly age: number;
  readonly cpu: number;
  readonly memory: number;
  readonly cpuLimit?: number;
  readonly memoryLimit?: number;
  readonly pods: number;
  readonly price?: number;
}

/** The NodeClaims window's rows, by name. */
export function nodeClaimRows(input: ClusterViewInput, index: ClusterIndex, nowMs: number, memos: NodeClaimMemos): NodeClaimRow[] {
  const claims = [...input.objects.nodeClaims].sort((a, b) => compareNames(a.metadata.name ?? '', b.metadata.name ?? ''));
  return claims.map((claim) => {
    const node = index.nodeOf(claim);
    const load = loadOf(index, claim.status?.nodeName ?? node?.metadata.name);
    const allocatable = index.cache.cpuMemory(node?.status?.allocatable ?? claim.status?.allocatable);
    const offering = offeringOf(claim, node);
    const price = priceOf(offering, input.price);
    const age = secondsSince(timeMs(claim.metadata.creationTimestamp), nowMs);
    const key = claim.metadata.name ?? '';
    const podKeys = load.pods.slice(0, DESCRIBED_PODS).map((pod) => pod.key);
    const podList = podKeys.join('\n');
    const describe = memos.describe.get(key, [claim, node, podList, load.pods.length], () =>
      describeClaim(claim, node, podKeys, load.pods.length),
    );
    const facts: RowFacts = {
      age,
      cpu: load.cpu,
      memory: load.memory,
      ...(allocatable.cpu === undefined ? {} : { cpuLimit: allocatable.cpu }),
      ...(allocatable.memory === undefined ? {} : { memoryLimit: allocatable.memory }),
      pods: load.pods.length,
      ...(price === undefined ? {} : { price }),
    };
    return memos.rows.get(
      key,
      [
        claim,
        node,
        describe,
        age,
        load.cpu,
        load.memory,
        load.pods.length,
        allocatable.cpu,
        allocatable.memory,
        price,
        offering.instanceType,
        offering.capacityType,
        offering.zone,
      ],
      () => makeRow(claim, node, offering, facts, describe),
    );
  });
}

/** Code-point order (stable across locales). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
