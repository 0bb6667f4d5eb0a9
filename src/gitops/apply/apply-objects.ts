/**
 * Applies desired objects from Git to a cluster, as `kubectl apply` does,
 * with field manager `karpd`: create when missing; otherwise replace the
 * spec (status untouched), merge labels and annotations three ways against
 * the last-applied record (see `three-way-metadata.ts`) and write with the
 * resourceVersion read, re-read and retried on a conflict. A write that
 * would change nothing is not sent: the merged object is first compared with
 * the live one, then checked with a server-side dry run (which applies the
 * API's defaults), and only a real change is written.
 *
 * Only NodePools and EC2NodeClasses are applied; anything else is refused
 * before anything is written. One object failing does not stop the others:
 * each object gets a result, and the caller decides what a failure means.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../apis/object-meta.js';
import { FIELD_MANAGER } from '../diff/last-applied.js';
import type { DesiredObject } from '../diff/object-comparison.js';
import { withConflictRetry } from '../../kube/conflict-retry.js';
import { isNotFoundError, toKubeApiError } from '../../kube/errors.js';
import type { ResourceKind } from '../../kube/resource-kinds.js';
import { collectionPath, objectPath } from '../../kube/resource-kinds.js';
import type { RestClient } from '../../kube/rest-client.js';
import { ApplyError } from './apply-errors.js';
import { applicableKind, inApplyOrder } from './applicable-kinds.js';
import { forCreate, mergedOver, withRevision } from './three-way-metadata.js';

/** What happened to an object when applying. */
export type ApplyAction = 'created' | 'updated' | 'unchanged' | 'failed';

/** What happened to an object when pruning (`refused`: karpd does not own it, `reason` says why). */
export type PruneAction = 'deleted' | 'refused' | 'failed';

/** The result for one object. */
export interface ApplyResult<A extends string = ApplyAction> {
  readonly kind: string;
  readonly name: string;
  readonly action: A;
  /** For `failed`: which object, doing what, and the API's answer as `cause`. */
  readonly error?: ApplyError;
  /** For `refused`: why nothing was done. */
  readonly reason?: string;
}

/** Options of {@link applyObjects}. */
export interface ApplyOptions {
  /**
   * The Git commit the objects were rendered from, recorded in `karpd.dev/revision` on every object the
   * apply changes (an object left unchanged keeps the revision it was last changed by). @default none: the
   * annotation is removed from the objects written.
   */
  readonly revision?: string;
}

/** Query of every karpd write. */
const WRITE_QUERY = { fieldManager: FIELD_MANAGER };

/** Equal apart from what every write changes by itself (resourceVersion, managedFields). */
function isSameObject(a: KubeObject, b: KubeObject): boolean {
  const strip = (object: KubeObject) => ({
    ...object,
    metadata: { ...object.metadata, resourceVersion: undefined, managedFields: undefined },
  });
  return isDeepStrictEqual(strip(a), strip(b));
}

/** Writes `merged` (with the revision) unless it equals `live` as is, or once the server's defaults are applied (a dry run). */
async function updateOrKeep(rest: RestClient, path: string, live: KubeObject, merged: KubeObject, revision: string | undefined) {
  if (isSameObject(merged, live)) return 'unchanged' as const;
  const wouldBe = await rest.request<KubeObject>({ method: 'PUT', path, query: { ...WRITE_QUERY, dryRun: 'All' }, body: merged });
  if (isSameObject(wouldBe, live)) return 'unchanged' as const;
  await rest.request({ method: 'PUT', path, query: WRITE_QUERY, body: withRevision(merged, revision) });
  return 'updated' as const;
}

async function applyOnce(rest: RestClient, kind: ResourceKind, desired: DesiredObject, revision: string | undefined): Promise<ApplyAction> {
  const name = desired.metadata.name ?? '';
  const path = objectPath(kind, name);
  let live: KubeObject;
  try {
    live = await rest.request<KubeObject>({ method: 'GET', path });
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
    await rest.request({ method: 'POST', path: collectionPath(kind), query: WRITE_QUERY, body: forCreate(desired, revision) });
    return 'created';
  }
  return updateOrKeep(rest, path, live, mergedOver(live, desired), revision);
}

async function applyChecked(rest: RestClient, kind: ResourceKind, desired: DesiredObject, options: ApplyOptions): Promise<ApplyResult> {
  const name = desired.metadata.name ?? '';
  try {
    const action = await withConflictRetry(() => applyOnce(rest, kind, desired, options.revision));
    return { kind: kind.kind, name, action };
  } catch (error) {
    const cause = toKubeApiError(error, `writing ${kind.kind} ${name}`);
    return { kind: kind.kind, name, action: 'failed', error: new ApplyError(kind.kind, name, 'applying', cause) };
  }
}

/**
 * Applies one NodePool or EC2NodeClass; a refused write is a `failed` result, not a throw.
 *
 * @throws NotApplicableError for any other kind (nothing is written)
 */
export async function applyObject(rest: RestClient, desired: DesiredObject, options: ApplyOptions = {}): Promise<ApplyResult> {
  return applyChecked(rest, applicableKind(desired), desired, options);
}

/**
 * Applies objects, EC2NodeClasses before the NodePools that reference them (in the given order within a
 * kind), one result per object in that order. A failed object does not stop the rest (a NodePool whose
 * EC2NodeClass failed is still written: it references the class by name, and Karpenter marks it not
 * ready until the class exists).
 *
 * @throws NotApplicableError when any object is not a NodePool or EC2NodeClass — before anything is written
 */
export async function applyObjects(
  rest: RestClient,
  objects: readonly DesiredObject[],
  options: ApplyOptions = {},
): Promise<ApplyResult[]> {
  const kinds = new Map(objects.map((object) => [object, applicableKind(object)]));
  const results: ApplyResult[] = [];
  for (const object of inApplyOrder(objects, (item) => kinds.get(item) as ResourceKind)) {
    results.push(await applyChecked(rest, kinds.get(object) as ResourceKind, object, options));
  }
  return results;
}
