/**
 * Applies desired objects to a cluster: create when missing, otherwise
 * replace the spec (labels and annotations merged, status untouched) with the
 * resourceVersion read, retried on conflict. The sync engine of the GitOps
 * issue builds diffs and approvals on top; this is the write at the end.
 */
import type { KubeObject } from '../../apis/object-meta.js';
import { withConflictRetry } from '../../kube/conflict-retry.js';
import { isNotFoundError, toKubeApiError } from '../../kube/errors.js';
import type { ResourceKind } from '../../kube/resource-kinds.js';
import { Kinds, collectionPath, objectPath } from '../../kube/resource-kinds.js';
import type { RestClient } from '../../kube/rest-client.js';

/** What happened to one object. */
export interface ApplyResult {
  readonly kind: string;
  readonly name: string;
  readonly action: 'created' | 'updated' | 'unchanged';
}

const KINDS_BY_TYPE = new Map<string, ResourceKind>(Object.values(Kinds).map((kind) => [`${kind.apiVersion}/${kind.kind}`, kind]));

function kindOf(object: KubeObject): ResourceKind {
  const kind = KINDS_BY_TYPE.get(`${object.apiVersion}/${object.kind}`);
  if (kind === undefined)
    throw new Error(`applying ${object.kind}/${object.metadata.name}: karpd does not manage ${object.apiVersion} ${object.kind}`);
  return kind;
}

function desiredOver(live: KubeObject & { spec?: unknown }, desired: KubeObject & { spec?: unknown }): KubeObject {
  return {
    ...live,
    metadata: {
      ...live.metadata,
      labels: { ...(live.metadata.labels ?? {}), ...(desired.metadata.labels ?? {}) },
      annotations: { ...(live.metadata.annotations ?? {}), ...(desired.metadata.annotations ?? {}) },
    },
    spec: desired.spec,
  } as KubeObject;
}

/** Applies one object. */
export async function applyObject(rest: RestClient, desired: KubeObject & { spec?: unknown }): Promise<ApplyResult> {
  const kind = kindOf(desired);
  const name = desired.metadata.name ?? '';
  const namespace = desired.metadata.namespace;
  const path = objectPath(kind, name, namespace);
  return withConflictRetry(async () => {
    let live: KubeObject & { spec?: unknown };
    try {
      live = await rest.request({ method: 'GET', path });
    } catch (error) {
      if (!isNotFoundError(error)) throw toKubeApiError(error, `reading ${kind.kind} ${name}`);
      await rest.request({ method: 'POST', path: collectionPath(kind, namespace), body: desired });
      return { kind: kind.kind, name, action: 'created' as const };
    }
    const next = desiredOver(live, desired);
    if (JSON.stringify(next) === JSON.stringify(live)) return { kind: kind.kind, name, action: 'unchanged' as const };
    await rest.request({ method: 'PUT', path, body: next });
    return { kind: kind.kind, name, action: 'updated' as const };
  });
}

/** Applies objects in order: NodeClasses before the NodePools that reference them. */
export async function applyObjects(rest: RestClient, objects: ReadonlyArray<KubeObject & { spec?: unknown }>): Promise<ApplyResult[]> {
  const ordered = [...objects].sort((a, b) => Number(a.kind === 'NodePool') - Number(b.kind === 'NodePool'));
  const results: ApplyResult[] = [];
  for (const object of ordered) results.push(await applyObject(rest, object));
  return results;
}
