/**
 * The pod subresources a real API server adds: `eviction` with PDB checks
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/, from kube-apiserver's eviction storage) and `binding` (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/ (binding)).
 */
import { ApiError, badRequestError, conflictError, internalError, invalidError, successStatus, type StatusObject } from './api-error.js';
import { deleteObject, deleteOptionsFromBody } from './deletion.js';
import { fromLabelSelectorObject, matchesLabels } from './label-selector.js';
import { cloneJson, formatTimestamp, isDict, type Dict, type KubeObj } from './object.js';
import { isPodReady } from './pdb-status.js';
import type { ResourceApi } from './resource-api.js';
import type { Registry } from './registry.js';

function tooManyRequests(message: string, cause: string, retryAfterSeconds?: number): ApiError {
  const details: Dict = { causes: [{ reason: 'DisruptionBudget', message: cause }] };
  if (retryAfterSeconds !== undefined) details.retryAfterSeconds = retryAfterSeconds;
  return new ApiError(429, 'TooManyRequests', message, details);
}

function pdbsFor(api: ResourceApi, registry: Registry, pod: KubeObj): KubeObj[] {
  const pdbType = registry.find('policy', 'v1', 'poddisruptionbudgets');
  if (pdbType === undefined) return [];
  return api
    .list(pdbType, pod.metadata.namespace)
    .items.map((e) => e.obj)
    .filter((pdb) => {
      const selector = fromLabelSelectorObject(pdb.spec?.selector);
      return selector !== undefined && matchesLabels(selector, pod.metadata.labels);
    });
}

function checkBudget(api: ResourceApi, registry: Registry, pod: KubeObj, pdb: KubeObj, dryRun: boolean): void {
  const name = String(pdb.metadata.name);
  const status: Dict = pdb.status ?? {};
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) {
    throw tooManyRequests(
      "Cannot evict pod as it would violate the pod's disruption budget.",
      `The disruption budget ${name} is still being processed by the server.`,
      10,
    );
  }
  const unhealthyOk =
    pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' || (status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0);
  if (!isPodReady(pod) && unhealthyOk) return;
  if ((status.disruptionsAllowed ?? 0) <= 0) {
    throw tooManyRequests(
      "Cannot evict pod as it would violate the pod's disruption budget.",
      `The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
    );
  }
  if (dryRun) return;
  const next = cloneJson(pdb);
  next.status = {
    ...status,
    disruptionsAllowed: status.disruptionsAllowed - 1,
    disruptedPods: { ...(status.disruptedPods ?? {}), [String(pod.metadata.name)]: formatTimestamp(api.clock.now()) },
  };
  const pdbType = registry.find('policy', 'v1', 'poddisruptionbudgets');
  if (pdbType !== undefined) api.update(pdbType, pdb.metadata.namespace, name, next, { subresource: 'status' });
}

/** POST pods/{name}/eviction: deletes the pod unless its PodDisruptionBudget forbids it (429). */
export function evictPod(
  api: ResourceApi,
  registry: Registry,
  namespace: string,
  name: string,
  body: unknown,
  dryRun = false,
): StatusObject {
  if (!isDict(body)) throw badRequestError('the body of an eviction must be an Eviction object');
  const bodyName = body.metadata?.name;
  if (bodyName !== undefined && bodyName !== name) throw badRequestError('name in URL does not match name in Eviction object');
  const podType = registry.core('pods');
  const pod = api.getEntry(podType, namespace, name).obj;
  const fromBody = deleteOptionsFromBody(body.deleteOptions ?? undefined);
  const options = { ...fromBody, dryRun: dryRun || fromBody.dryRun };
  const phase = pod.status?.phase;
  const bypass = phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp !== undefined;
  if (!bypass) {
    const pdbs = pdbsFor(api, registry, pod);
    if (pdbs.length > 1)
      throw internalError('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    if (pdbs.length === 1) checkBudget(api, registry, pod, pdbs[0], options.dryRun === true);
  }
  deleteObject(api, podType, namespace, name, options);
  return successStatus(201);
}

/** POST pods/{name}/binding: sets spec.nodeName and PodScheduled=True in one write. */
export function bindPod(api: ResourceApi, registry: Registry, namespace: string, name: string, body: unknown): StatusObject {
  if (!isDict(body)) throw badRequestError('the body of a binding must be a Binding object');
  const target = body.target?.name;
  if (typeof target !== 'string' || target === '') {
    throw invalidError('Binding', name, [{ field: 'target.name', message: 'Required value' }]);
  }
  const podType = registry.core('pods');
  const pod = cloneJson(api.getEntry(podType, namespace, name).obj);
  if (pod.metadata.deletionTimestamp !== undefined)
    throw conflictError(podType, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  if (pod.spec?.nodeName) throw conflictError(podType, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  pod.spec = { ...(pod.spec ?? {}), nodeName: target };
  const conditions: Dict[] = (pod.status?.conditions ?? []).filter((c: Dict) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: formatTimestamp(api.clock.now()) });
  pod.status = { ...(pod.status ?? {}), conditions };
  api.commitChange(podType, pod);
  return successStatus(201);
}
