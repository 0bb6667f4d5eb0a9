/**
 * The three-way comparison of a cluster's NodePools and EC2NodeClasses:
 * desired (rendered from Git), live (read from the cluster) and last-applied
 * (the annotation karpd leaves when it applies, as `kubectl apply` does), all
 * normalised first. Like Argo CD's sync status with Flux's inventory for
 * pruning: it tells a Git change from config drift (someone edited the live
 * object behind Git's back) and an object karpd applied and Git dropped
 * (`extra`, to prune) from one karpd never owned (`unmanaged`, left alone).
 */
import type { KubeObject } from '../../apis/object-meta.js';
import { decodeLastApplied, LAST_APPLIED_ANNOTATION } from './last-applied.js';
import { canonicalJson } from './json-value.js';
import { normaliseObject } from './normalise-object.js';
import type { CompareCluster, ComparisonStatus, DesiredObject, ObjectComparison } from './object-comparison.js';
import { unifiedDiff } from './unified-diff.js';

/** The kinds compared, in the order they are listed (and applied): node classes before the pools using them. */
export const COMPARED_KINDS: readonly string[] = ['EC2NodeClass', 'NodePool'];

interface Sides {
  desired?: DesiredObject;
  live?: KubeObject;
}

const keyOf = (kind: string, name: string): string => `${kind}/${name}`;

function collect(input: Parameters<CompareCluster>[0]): Map<string, Sides & { kind: string; name: string }> {
  const byKey = new Map<string, Sides & { kind: string; name: string }>();
  const add = (object: KubeObject, side: keyof Sides): void => {
    const name = object.metadata?.name;
    if (!COMPARED_KINDS.includes(object.kind) || typeof name !== 'string') return;
    const key = keyOf(object.kind, name);
    const entry = byKey.get(key) ?? { kind: object.kind, name };
    // Duplicates are refused by the validator before this; here the last one wins.
    byKey.set(key, { ...entry, [side]: object });
  };
  for (const object of input.desired) add(object, 'desired');
  for (const object of input.live) add(object, 'live');
  return byKey;
}

const same = (a: KubeObject, b: KubeObject): boolean => canonicalJson(a) === canonicalJson(b);

/** The status of an object both in Git and in the cluster, from the normalised three sides. */
function statusOfBoth(desired: KubeObject, live: KubeObject, lastApplied: KubeObject | undefined): ComparisonStatus {
  if (same(desired, live)) return 'in-sync';
  if (lastApplied === undefined) return 'git-changed';
  if (same(lastApplied, desired)) return 'live-drifted';
  if (same(lastApplied, live)) return 'git-changed';
  return 'both-changed';
}

function compareBoth(ref: { kind: string; name: string }, desired: DesiredObject, live: KubeObject): ObjectComparison {
  const label = keyOf(ref.kind, ref.name);
  const lastApplied = decodeLastApplied(live);
  const normalDesired = normaliseObject(desired);
  const normalLive = normaliseObject(live);
  const normalLastApplied = lastApplied === undefined ? undefined : normaliseObject(lastApplied);
  const status = statusOfBoth(normalDesired, normalLive, normalLastApplied);
  const drifted = status === 'live-drifted' || status === 'both-changed';
  return {
    ...ref,
    status,
    desired,
    live,
    ...(lastApplied === undefined ? {} : { lastApplied }),
    diff: status === 'in-sync' ? '' : unifiedDiff(normalLive, normalDesired, label),
    ...(drifted ? { driftDiff: unifiedDiff(normalLastApplied, normalLive, label, { before: 'last-applied', after: 'live' }) } : {}),
  };
}

function compareOne(entry: Sides & { kind: string; name: string }): ObjectComparison {
  const ref = { kind: entry.kind, name: entry.name };
  const label = keyOf(ref.kind, ref.name);
  const { desired, live } = entry;
  if (desired !== undefined && live !== undefined) return compareBoth(ref, desired, live);
  if (desired !== undefined) return { ...ref, status: 'missing', desired, diff: unifiedDiff(undefined, normaliseObject(desired), label) };
  const owned = live?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION] !== undefined;
  const lastApplied = live === undefined ? undefined : decodeLastApplied(live);
  return {
    ...ref,
    status: owned ? 'extra' : 'unmanaged',
    ...(live === undefined ? {} : { live }),
    ...(lastApplied === undefined ? {} : { lastApplied }),
    // An unmanaged object is left alone, so nothing would change; pruning an extra one removes all of it.
    diff: owned && live !== undefined ? unifiedDiff(normaliseObject(live), undefined, label) : '',
  };
}

function byKindThenName(a: ObjectComparison, b: ObjectComparison): number {
  const kind = COMPARED_KINDS.indexOf(a.kind) - COMPARED_KINDS.indexOf(b.kind);
  if (kind !== 0) return kind;
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

/**
 * Compares every desired and live NodePool and EC2NodeClass by kind and name (other kinds are ignored);
 * sorted EC2NodeClasses first, then by name. `diff` is live → desired (normalised); `driftDiff`, for
 * `live-drifted` and `both-changed`, is last-applied → live.
 */
export const compareCluster: CompareCluster = (input) => [...collect(input).values()].map(compareOne).sort(byKindThenName);
