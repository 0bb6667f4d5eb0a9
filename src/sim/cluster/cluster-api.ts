/**
 * The few API calls the simulated cluster makes that `KubeWriter` does not
 * offer (node creation and status, pod binding and status, plain object
 * creation), written over the kube layer's `RestClient` like a real kubelet
 * or scheduler would send them.
 */
import type { Node, Pod } from '../../apis/core-v1.js';
import type { KubeObject } from '../../apis/object-meta.js';
import { eventTime, newEventBody } from '../../kube/event-body.js';
import { isAlreadyExistsError, isNotFoundError, toKubeApiError } from '../../kube/errors.js';
import { Kinds, collectionPath, objectPath, type ResourceKind } from '../../kube/resource-kinds.js';
import { PatchTypes, type RestClient } from '../../kube/rest-client.js';

/** apps/v1 Deployments (served by the embedded control plane). */
export const DeploymentKind: ResourceKind = { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true };

/** Creates an object; resolves `undefined` when one with that name exists already. */
export async function createObject<T extends KubeObject>(rest: RestClient, kind: ResourceKind, object: T): Promise<T | undefined> {
  const namespace = kind.namespaced ? (object.metadata.namespace ?? 'default') : undefined;
  try {
    return await rest.request<T>({ method: 'POST', path: collectionPath(kind, namespace), body: object });
  } catch (error) {
    if (isAlreadyExistsError(error)) return undefined;
    throw toKubeApiError(error, `creating ${kind.kind.toLowerCase()} ${object.metadata.name ?? object.metadata.generateName ?? ''}`);
  }
}

/** Merge-patches an object (or its `status` subresource); resolves `undefined` when it is gone. */
export async function mergePatch<T>(
  rest: RestClient,
  kind: ResourceKind,
  name: string,
  namespace: string | undefined,
  patch: unknown,
  subresource?: string,
): Promise<T | undefined> {
  try {
    return await rest.request<T>({
      method: 'PATCH',
      path: objectPath(kind, name, namespace, subresource),
      body: patch,
      contentType: PatchTypes.merge,
    });
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw toKubeApiError(
      error,
      `patching ${kind.kind.toLowerCase()} ${namespace ? `${namespace}/` : ''}${name}${subresource ? `/${subresource}` : ''}`,
    );
  }
}

/** Creates a Node and writes its status (the status subresource is the kubelet's to write). */
export async function registerNode(rest: RestClient, node: Node): Promise<{ created: boolean }> {
  const { status, ...withoutStatus } = node;
  const created = await createObject(rest, Kinds.node, withoutStatus as Node);
  await mergePatch(rest, Kinds.node, node.metadata.name ?? '', undefined, { status }, 'status');
  return { created: created !== undefined };
}

/** Merges `status` into a pod's status subresource. */
export async function patchPodStatus(rest: RestClient, pod: Pod, status: unknown): Promise<Pod | undefined> {
  return mergePatch<Pod>(rest, Kinds.pod, pod.metadata.name ?? '', pod.metadata.namespace, { status }, 'status');
}

/** Binds a pod to a node through `pods/binding`, as kube-scheduler does. */
export async function bindPod(rest: RestClient, pod: Pod, nodeName: string): Promise<void> {
  const name = pod.metadata.name ?? '';
  const namespace = pod.metadata.namespace ?? 'default';
  const body = {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name, namespace, uid: pod.metadata.uid },
    target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
  };
  try {
    await rest.request({ method: 'POST', path: objectPath(Kinds.pod, name, namespace, 'binding'), body });
  } catch (error) {
    throw toKubeApiError(error, `binding pod ${namespace}/${name} to node ${nodeName}`);
  }
}

/** Records a core/v1 Event about a pod from a named component (`default-scheduler`, `kubelet`); failures are returned, never thrown. */
export async function recordPodEvent(
  rest: RestClient,
  pod: Pod,
  event: { type: 'Normal' | 'Warning'; reason: string; message: string; component: string; now: Date },
): Promise<Error | undefined> {
  const namespace = pod.metadata.namespace ?? 'default';
  const involved = { apiVersion: 'v1', kind: 'Pod', metadata: { ...pod.metadata, namespace } };
  const body = newEventBody({ ...event, involved }, eventTime(event.now));
  try {
    await rest.request({ method: 'POST', path: collectionPath(Kinds.event, namespace), body });
    return undefined;
  } catch (error) {
    return toKubeApiError(error, `recording event ${event.reason}`);
  }
}
