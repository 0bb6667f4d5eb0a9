/**
 * The scheduler's working view of one node: its labels, allocatable
 * resources, and the pods it holds (bound or assumed), updated as a
 * scheduling pass places pods.
 */
import type { Node, Pod } from '../../apis/core-v1.js';
import { podRequests } from '../../scheduling/pod-requests.js';
import { add, fromResourceList, type Resources } from '../../scheduling/resources.js';

/** One node as a scheduling pass sees it. */
export interface NodeInfo {
  readonly node: Node;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly allocatable: Resources;
  /** Sum of the requests of the pods on it. */
  requested: Resources;
  /** Non-terminal pods on it (bound or assumed by this pass). */
  readonly pods: Pod[];
}

/** Has the pod finished (Succeeded or Failed)? Finished pods hold no resources. */
export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Is the node's Ready condition True? */
export function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

/** `namespace/name` of a pod. */
export function podName(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

/** Builds the node views from the nodes and every pod bound to one of them. */
export function buildNodeInfos(nodes: readonly Node[], pods: readonly Pod[]): Map<string, NodeInfo> {
  const infos = new Map<string, NodeInfo>();
  for (const node of nodes) {
    const name = node.metadata.name ?? '';
    infos.set(name, {
      node,
      name,
      labels: node.metadata.labels ?? {},
      allocatable: fromResourceList(node.status?.allocatable),
      requested: {},
      pods: [],
    });
  }
  for (const pod of pods) {
    const info = infos.get(pod.spec.nodeName ?? '');
    if (info !== undefined && !isTerminal(pod)) placeOn(info, pod);
  }
  return infos;
}

const requestCache = new WeakMap<Pod, Resources>();

/** The pod's effective requests, parsed once per pod object. */
export function requestsOf(pod: Pod): Resources {
  let requests = requestCache.get(pod);
  if (requests === undefined) {
    requests = podRequests(pod);
    requestCache.set(pod, requests);
  }
  return requests;
}

/** Records a pod on a node (used for bound pods and for pods this pass assumes). */
export function placeOn(info: NodeInfo, pod: Pod, requests: Resources = requestsOf(pod)): void {
  info.pods.push(pod);
  info.requested = add(info.requested, requests);
}
