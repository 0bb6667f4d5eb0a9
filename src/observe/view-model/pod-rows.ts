/**
 * Window 3, Pods: every pod that is not Succeeded/Failed; pending ones (no node, not being deleted) first,
 * oldest first, each with the provisioner's reason and the NodeClaim it waits for; then the rest by
 * `namespace/name`. Rows are reused while the pod, its reason, its claim and its age are unchanged. Pure.
 */
import type { Pod } from '../../apis/core-v1.js';
import type { ClusterIndex } from './cluster-index.js';
import { formatCpu, formatMemory, formatTolerations, line, listOrNone } from './describe-lines.js';
import type { PodFacts } from './object-cache.js';
import type { AgeOf } from './object-facts.js';
import { type Mutable, SortedCache } from './row-memo.js';
import type { ClusterViewInput } from './view-input.js';
import type { DescribeLine, PodRow } from './view-model.js';

/** What the Pods window keeps between builds. */
export class PodMemos {
  readonly sorted = new SortedCache<PodFacts>(comparePods);
}

/** Pending first (oldest first, then by key), then the others by key. */
export function comparePods(a: PodFacts, b: PodFacts): number {
  if (a.pending !== b.pending) return a.pending ? -1 : 1;
  if (a.pending) {
    const at = a.createdMs ?? 0;
    const bt = b.createdMs ?? 0;
    if (at !== bt) return at - bt;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** `node affinity (2 terms), pod anti-affinity (1 required), 1 topology spread` or `<none>`. */
export function affinitySummary(pod: Pod): string {
  const parts: string[] = [];
  const affinity = pod.spec.affinity;
  const nodeTerms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms.length ?? 0;
  const nodePreferred = affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0;
  if (nodeTerms + nodePreferred > 0) parts.push(`node affinity (${nodeTerms} required, ${nodePreferred} preferred)`);
  for (const [name, terms] of [
    ['pod affinity', affinity?.podAffinity],
    ['pod anti-affinity', affinity?.podAntiAffinity],
  ] as const) {
    const required = terms?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0;
    const preferred = terms?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0;
    if (required + preferred > 0) parts.push(`${name} (${required} required, ${preferred} preferred)`);
  }
  const spread = pod.spec.topologySpreadConstraints?.length ?? 0;
  if (spread > 0) parts.push(`${spread} topology spread constraint${spread === 1 ? '' : 's'}`);
  return listOrNone(parts);
}

function describePod(pod: Pod, facts: PodFacts, reason: string | undefined): DescribeLine[] {
  const selector = Object.entries(pod.spec.nodeSelector ?? {}).map(([key, value]) => `${key}=${value}`);
  const requests = facts.requestsError ?? `cpu=${formatCpu(facts.cpu)}, memory=${formatMemory(facts.memory)}`;
  const lines = [
    line('Node selector', listOrNone(selector)),
    line('Tolerations', formatTolerations(pod.spec.tolerations)),
    line('Requests', requests),
    line('Affinity', affinitySummary(pod)),
  ];
  if (reason !== undefined) lines.push(line('Reason', reason));
  return lines;
}

function makeRow(
  facts: PodFacts,
  reason: string | undefined,
  waitingFor: string | undefined,
  age: number,
  describe: readonly DescribeLine[],
): PodRow {
  const row: Mutable<PodRow> = {
    key: facts.key,
    namespace: facts.namespace,
    name: facts.name,
    phase: facts.phase,
    pending: facts.pending,
    cpu: facts.cpu,
    memory: facts.memory,
    ageSeconds: age,
    describe,
  };
  if (reason !== undefined) row.reason = reason;
  if (waitingFor !== undefined) row.waitingFor = waitingFor;
  if (facts.nodeName !== undefined) row.nodeName = facts.nodeName;
  if (facts.owner !== undefined) row.owner = facts.owner;
  return row;
}

/** The Pods window's rows, pending first. */
export function podRows(input: ClusterViewInput, index: ClusterIndex, ageOf: AgeOf, memos: PodMemos): PodRow[] {
  const sorted = memos.sorted.sort(index.pods);
  const rows: PodRow[] = new Array(sorted.length);
  for (let i = 0; i < sorted.length; i += 1) {
    const facts = sorted[i];
    const slot = facts.slot;
    const reason = facts.pending ? input.pendingReasons.get(facts.key) : undefined;
    const waitingFor = facts.pending ? index.waitingFor.get(facts.key) : undefined;
    const age = ageOf(facts.createdMs);
    if (slot.row !== undefined && slot.age === age && slot.reason === reason && slot.waitingFor === waitingFor) {
      rows[i] = slot.row;
      continue;
    }
    if (slot.describe === undefined || slot.describeReason !== reason) {
      slot.describe = describePod(facts.pod, facts, reason);
      slot.describeReason = reason;
    }
    slot.row = makeRow(facts, reason, waitingFor, age, slot.describe);
    slot.age = age;
    slot.reason = reason;
    slot.waitingFor = waitingFor;
    rows[i] = slot.row;
  }
  return rows;
}
