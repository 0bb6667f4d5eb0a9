/**
 * Pure decisions of the workload controller: the pod a template stamps out,
 * which pods to remove when scaling down (as the ReplicaSet controller ranks
 * them), the status a Deployment reports, and how many batch pods to add.
 */
import type { Pod, PodSpec } from '../../apis/core-v1.js';
import type { KubeObject, OwnerReference } from '../../apis/object-meta.js';
import { hexHash } from '../../cloudprovider/sim/seeded.js';
import { isTerminal } from './node-info.js';

/** A pod template (`spec.template` of a Deployment, or a batch). */
export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

/** The apps/v1 Deployment fields the workload controller reads and writes. */
export interface Deployment extends KubeObject {
  spec: { replicas?: number; selector?: { matchLabels?: Record<string, string> }; template: PodTemplate; paused?: boolean };
  status?: { observedGeneration?: number; replicas?: number; readyReplicas?: number; availableReplicas?: number; updatedReplicas?: number };
}

/** A Job-like batch: `completions` pods that each run `runForSeconds`, at most `parallelism` at a time. */
export interface BatchSpec {
  readonly name: string;
  readonly namespace: string;
  readonly completions: number;
  /** @default completions */
  readonly parallelism?: number;
  readonly runForSeconds: number;
  readonly template: PodTemplate;
}

/** The label every batch pod carries, valued with its batch name. */
export const BATCH_LABEL = 'sim.karpd.io/batch';

/** The pod name `<owner>-<5 hex digits>`, deterministic from the seed, the owner and a counter. */
export function workloadPodName(owner: string, seed: number, ownerUid: string, counter: number): string {
  return `${owner}-${hexHash(seed, 5, ownerUid, counter)}`;
}

/** A pod stamped from a template, owned by `owner` when given. */
export function podFromTemplate(
  template: PodTemplate,
  meta: { name: string; namespace: string; owner?: OwnerReference; labels?: Record<string, string>; annotations?: Record<string, string> },
): Pod {
  const labels = { ...(template.metadata?.labels ?? {}), ...(meta.labels ?? {}) };
  const annotations = { ...(template.metadata?.annotations ?? {}), ...(meta.annotations ?? {}) };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      labels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ...(meta.owner !== undefined ? { ownerReferences: [meta.owner] } : {}),
    },
    spec: structuredClone(template.spec),
  };
}

/** The owner reference a Deployment's pods carry. */
export function deploymentOwner(deployment: Deployment): OwnerReference {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: deployment.metadata.name ?? '',
    uid: deployment.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Is this pod controlled by the object with this uid? */
export function isOwnedBy(pod: Pod, uid: string | undefined): boolean {
  const refs: unknown = pod.metadata.ownerReferences;
  return uid !== undefined && Array.isArray(refs) && refs.some((ref) => ref?.uid === uid && ref?.controller === true);
}

/** A pod that counts as a replica: not finished, not being deleted. */
export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && pod.metadata.deletionTimestamp === undefined;
}

/** Ready=True; a pod whose conditions cannot be read (malformed, stored without validation) is not ready. */
function isReady(pod: Pod): boolean {
  const conditions: unknown = pod.status?.conditions;
  return Array.isArray(conditions) && conditions.some((c) => c?.type === 'Ready' && c?.status === 'True');
}

function deletionRank(pod: Pod): number {
  if (!pod.spec.nodeName) return 0;
  if ((pod.status?.phase ?? 'Pending') === 'Pending') return 1;
  return isReady(pod) ? 3 : 2;
}

/** The `count` pods to delete when scaling down: unscheduled, then pending, then not ready, then the newest. */
export function podsToDelete(active: readonly Pod[], count: number): Pod[] {
  const ranked = [...active].sort(
    (a, b) =>
      deletionRank(a) - deletionRank(b) ||
      (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
  return ranked.slice(0, Math.max(0, count));
}

/** The status a Deployment reports for its active pods. */
export function deploymentStatus(deployment: Deployment, active: readonly Pod[]): NonNullable<Deployment['status']> {
  const ready = active.filter(isReady).length;
  return {
    observedGeneration: deployment.metadata.generation ?? 1,
    replicas: active.length,
    updatedReplicas: active.length,
    readyReplicas: ready,
    availableReplicas: ready,
  };
}

/** Has the status changed in any field the controller writes? */
export function statusDiffers(a: Deployment['status'], b: NonNullable<Deployment['status']>): boolean {
  return (Object.keys(b) as Array<keyof typeof b>).some((key) => a?.[key] !== b[key]);
}

/** How many pods a batch should add now. */
export function batchPodsToAdd(spec: BatchSpec, succeeded: number, active: number): number {
  const remaining = spec.completions - succeeded - active;
  const room = (spec.parallelism ?? spec.completions) - active;
  return Math.max(0, Math.min(remaining, room));
}
