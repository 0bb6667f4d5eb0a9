/**
 * Prunes objects karpd applied once and Git no longer has: NodePools first,
 * then EC2NodeClasses (the reverse of applying). Each object is re-read just
 * before it is deleted and deleted only when it still carries karpd's
 * last-applied record (karpd owns it); the delete is conditional on the uid
 * and resourceVersion read, so an object changed or replaced in between is
 * re-read and checked again. A NotFound counts as deleted.
 *
 * Deletion is `Foreground` by default: a NodePool stays (terminating, which
 * Karpenter and karpd's provisioner never launch for) until the garbage
 * collector has deleted the NodeClaims it owns and their finalizers have
 * drained the nodes, so the prune is visibly in progress until the nodes are
 * gone. The embedded control plane does the same (its garbage collector
 * honours `foregroundDeletion` and `blockOwnerDeletion` on the NodeClaims'
 * owner references). An EC2NodeClass waits by its own finalizer
 * (`karpenter.k8s.aws/termination`) until no NodeClaim uses it.
 *
 * @see https://karpenter.sh/docs/concepts/disruption/#manual-methods
 */
import type { KubeObject } from '../../apis/object-meta.js';
import { decodeLastApplied, LAST_APPLIED_ANNOTATION } from '../diff/last-applied.js';
import type { ObjectRef } from '../diff/object-comparison.js';
import { withConflictRetry } from '../../kube/conflict-retry.js';
import { isNotFoundError, toKubeApiError } from '../../kube/errors.js';
import type { ResourceKind } from '../../kube/resource-kinds.js';
import { objectPath } from '../../kube/resource-kinds.js';
import type { RestClient } from '../../kube/rest-client.js';
import { ApplyError } from './apply-errors.js';
import type { ApplyResult, PruneAction } from './apply-objects.js';
import { applicableKindOf, inApplyOrder } from './applicable-kinds.js';

/** Options of {@link pruneObjects}. */
export interface PruneOptions {
  /** How the objects' dependents (a NodePool's NodeClaims) go. @default 'Foreground' */
  readonly propagationPolicy?: 'Foreground' | 'Background';
}

type PruneResult = ApplyResult<PruneAction>;

async function readLive(rest: RestClient, path: string): Promise<KubeObject | undefined> {
  try {
    return await rest.request<KubeObject>({ method: 'GET', path });
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
}

function refusal(live: KubeObject): string | undefined {
  if (decodeLastApplied(live) !== undefined) return undefined;
  const what = `${live.kind}/${live.metadata.name}`;
  return live.metadata.annotations?.[LAST_APPLIED_ANNOTATION] === undefined
    ? `karpd does not own ${what}: it has no ${LAST_APPLIED_ANNOTATION} annotation (karpd never applied it); delete it by hand if it should go`
    : `karpd cannot tell whether it owns ${what}: its ${LAST_APPLIED_ANNOTATION} annotation is not a readable record; left as it is`;
}

async function pruneOnce(rest: RestClient, kind: ResourceKind, ref: ObjectRef, policy: string): Promise<PruneResult> {
  const path = objectPath(kind, ref.name);
  const live = await readLive(rest, path);
  if (live === undefined) return { kind: kind.kind, name: ref.name, action: 'deleted' };
  const reason = refusal(live);
  if (reason !== undefined) return { kind: kind.kind, name: ref.name, action: 'refused', reason };
  if (live.metadata.deletionTimestamp !== undefined) return { kind: kind.kind, name: ref.name, action: 'deleted' };
  const preconditions = { uid: live.metadata.uid, resourceVersion: live.metadata.resourceVersion };
  const body = { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: policy, preconditions };
  try {
    await rest.request({ method: 'DELETE', path, body });
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
  }
  return { kind: kind.kind, name: ref.name, action: 'deleted' };
}

/**
 * Deletes the karpd-owned objects among `refs`, NodePools before EC2NodeClasses; one result per ref in
 * that order: `deleted` (also when already gone or already terminating), `refused` (not karpd's, with the
 * reason) or `failed` (with the API's answer). One failure does not stop the rest.
 *
 * @throws NotApplicableError when a ref is not a NodePool or EC2NodeClass — before anything is deleted
 */
export async function pruneObjects(rest: RestClient, refs: readonly ObjectRef[], options: PruneOptions = {}): Promise<PruneResult[]> {
  const policy = options.propagationPolicy ?? 'Foreground';
  const kinds = new Map(refs.map((ref) => [ref, applicableKindOf(ref)]));
  const results: PruneResult[] = [];
  for (const ref of inApplyOrder(refs, (item) => kinds.get(item) as ResourceKind, true)) {
    const kind = kinds.get(ref) as ResourceKind;
    try {
      results.push(await withConflictRetry(() => pruneOnce(rest, kind, ref, policy)));
    } catch (error) {
      const cause = toKubeApiError(error, `deleting ${kind.kind} ${ref.name}`);
      results.push({ kind: kind.kind, name: ref.name, action: 'failed', error: new ApplyError(kind.kind, ref.name, 'pruning', cause) });
    }
  }
  return results;
}
