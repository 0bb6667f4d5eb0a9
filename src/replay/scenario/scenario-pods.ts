/**
 * The Pod objects a scenario's workloads create: namespace and name, `app: <workload>`, the requests, nodeSelector
 * and tolerations of the workload, a zone spread (maxSkew 1, ScheduleAnyway) when `spreadZones`,
 * `karpenter.sh/do-not-disrupt: "true"` when `doNotDisrupt`, and an owner reference — a ReplicaSet for a
 * Deployment's pods, a Job for cronjob and burst pods — so the disruption code (src/disruption/pod-disruption.ts)
 * treats them as evictable, reschedulable pods (karpenter-semantics.md §4.3). Each pod is created Pending and
 * unscheduled; the replay stamps creation times and places it.
 */
import type { Pod, PodSpec } from '../../apis/core-v1.js';
import type { OwnerReference } from '../../apis/object-meta.js';
import { Annotations, Labels } from '../../apis/well-known-labels.js';
import type { Workload } from '../types.js';
import { seededSuffix, seededUid } from './seeded-random.js';

/** The image every scenario container runs: it only has to exist, the replay never starts it. */
export const SCENARIO_IMAGE = 'registry.k8s.io/pause:3.10';

/** The owner of a group of pods: its reference and the labels its pods carry. */
export interface PodOwner {
  readonly reference: OwnerReference;
  readonly labels: Readonly<Record<string, string>>;
}

/** The ReplicaSet a Deployment workload's pods belong to: `<name>-<pod-template-hash>`, the hash fixed per workload. */
export function replicaSetOwner(workload: Workload, seed: number): PodOwner {
  const templateHash = seededSuffix(10, 0, 'pod-template-hash', workload.namespace, workload.name);
  const name = `${workload.name}-${templateHash}`;
  return {
    reference: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name,
      uid: seededUid(seed, workload.namespace, name),
      controller: true,
      blockOwnerDeletion: true,
    },
    labels: { 'pod-template-hash': templateHash },
  };
}

/** The Job `name` of a cronjob firing or a burst. */
export function jobOwner(workload: Workload, name: string, seed: number): PodOwner {
  const uid = seededUid(seed, workload.namespace, 'job', name);
  return {
    reference: { apiVersion: 'batch/v1', kind: 'Job', name, uid, controller: true, blockOwnerDeletion: true },
    labels: { 'batch.kubernetes.io/job-name': name, 'job-name': name, 'batch.kubernetes.io/controller-uid': uid },
  };
}

/**
 * Names pods `<owner>-<5 characters>` as the ReplicaSet and Job controllers do, deterministic from the seed and a
 * counter; a name already used in the workload is drawn again.
 */
export class PodNamer {
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(private readonly seed: number) {}

  /** A fresh name for the next pod of `owner`. */
  next(owner: string): string {
    for (;;) {
      const name = `${owner}-${seededSuffix(5, this.seed, owner, this.counter++)}`;
      if (this.used.has(name)) continue;
      this.used.add(name);
      return name;
    }
  }
}

function podSpec(workload: Workload): PodSpec {
  return {
    ...(workload.nodeSelector === undefined ? {} : { nodeSelector: { ...workload.nodeSelector } }),
    ...(workload.tolerations === undefined
      ? {}
      : { tolerations: workload.tolerations.map((toleration) => ({ ...toleration })) as PodSpec['tolerations'] }),
    ...(workload.spreadZones === true
      ? {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: Labels.zone,
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { app: workload.name } },
            },
          ],
        }
      : {}),
    containers: [
      {
        name: workload.name,
        image: SCENARIO_IMAGE,
        resources: { requests: { cpu: workload.requests.cpu, memory: workload.requests.memory } },
      },
    ],
    terminationGracePeriodSeconds: 30,
  };
}

/** The pod `name` of `workload`, owned by `owner`. */
export function scenarioPod(workload: Workload, owner: PodOwner, name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: workload.namespace,
      labels: { app: workload.name, ...owner.labels },
      ...(workload.doNotDisrupt === true ? { annotations: { [Annotations.doNotDisrupt]: 'true' } } : {}),
      ownerReferences: [{ ...owner.reference }],
    },
    spec: podSpec(workload),
    status: { phase: 'Pending' },
  };
}
