/**
 * The pod side of the simulated kubelet: pods bound to its nodes start
 * (Running, Ready, IPs, start time through the status subresource) after a
 * short delay; pods annotated with {@link RUN_FOR_ANNOTATION} exit 0 that many
 * seconds after they started (phase Succeeded). Pods whose node goes away are
 * deleted at once. One log line per pod that terminates.
 */
import type { Pod } from '../../apis/core-v1.js';
import { unreadablePodReason } from '../../apis/pod-readable.js';
import type { CancelTimer, Clock } from '../../apis/clock.js';
import type { KubeWriter } from '../../kube/kube-writer.js';
import type { Logger } from '../../kube/logger.js';
import type { RestClient } from '../../kube/rest-client.js';
import type { ClusterSnapshot, ClusterState } from '../../state/cluster-state.js';
import { patchPodStatus } from './cluster-api.js';
import { podName } from './node-info.js';
import { runningPodStatus, succeededPodStatus } from './node-template.js';

/** Seconds a pod's containers run before they exit 0 (batch pods); absent = run until deleted. */
export const RUN_FOR_ANNOTATION = 'sim.karpd.io/run-for-seconds';

/** The run time of a pod in milliseconds, if it is a batch pod. */
export function runForMs(pod: Pod): number | undefined {
  const value = pod.metadata.annotations?.[RUN_FOR_ANNOTATION];
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  return Math.round(Number(value) * 1000);
}

/** The node side a pod runner needs: which nodes are ours and their IPs. */
export interface RunnerNode {
  readonly nodeName: string;
  readonly hostIP: string;
  readonly gone: boolean;
}

interface PodRunnerDeps {
  readonly rest: RestClient;
  readonly state: ClusterState;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly writer: KubeWriter;
}

interface Tracked {
  readonly key: string;
  readonly nodeName: string;
  phase: string;
}

/** Starts, completes and cleans up the pods of the simulated kubelet's nodes. */
export class PodRunner {
  private readonly timers = new Map<string, CancelTimer>();
  private readonly tracked = new Map<string, Tracked>();
  /** Pods not started because they cannot be read: uid → the reason logged. */
  private readonly skipped = new Map<string, string>();

  constructor(
    private readonly deps: PodRunnerDeps,
    private readonly options: { readonly podStartDelayMs: number },
  ) {}

  /** Cancels pending starts and completions. */
  stop(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  /** Deletes pods with grace 0 (their node is gone); a pod already gone is fine. */
  async deleteAll(pods: readonly Pod[], reason: string): Promise<void> {
    for (const pod of pods) {
      await this.deps.writer.deletePod(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', 0).catch((error: unknown) => {
        this.deps.logger.warn(
          { component: 'sim-kubelet', pod: podName(pod), reason: `${reason}: ${error instanceof Error ? error.message : String(error)}` },
          'deleting pod failed',
        );
      });
    }
  }

  /** Starts new pods, arms completions, logs pods that terminated. */
  async reconcile(snapshot: ClusterSnapshot, nodes: Iterable<RunnerNode>): Promise<void> {
    const ours = new Map<string, RunnerNode>();
    for (const node of nodes) if (!node.gone) ours.set(node.nodeName, node);
    const present = new Set<string>();
    for (const pod of snapshot.pods) {
      const node = ours.get(pod.spec.nodeName ?? '');
      const uid = pod.metadata.uid ?? podName(pod);
      if (node === undefined) continue;
      present.add(uid);
      this.track(uid, pod);
      if (pod.metadata.deletionTimestamp !== undefined || this.unreadable(uid, pod)) continue;
      const phase = pod.status?.phase ?? 'Pending';
      if (phase === 'Pending') this.arm(`start/${uid}`, this.options.podStartDelayMs, () => this.startPod(uid, pod, node));
      if (phase === 'Running') this.armCompletion(uid, pod);
    }
    const all = new Set(snapshot.pods.map((p) => p.metadata.uid ?? podName(p)));
    for (const [uid, tracked] of this.tracked) {
      if (present.has(uid) || all.has(uid)) continue;
      this.tracked.delete(uid);
      this.skipped.delete(uid);
      for (const prefix of ['start', 'complete']) this.cancel(`${prefix}/${uid}`);
      this.deps.logger.info({ component: 'sim-kubelet', pod: tracked.key, node: tracked.nodeName, phase: tracked.phase }, 'pod terminated');
    }
  }

  /** A pod it cannot read (malformed, stored without validation) is not started; logged once per pod object. */
  private unreadable(uid: string, pod: Pod): boolean {
    const reason = unreadablePodReason(pod);
    if (reason === undefined) return false;
    if (this.skipped.get(uid) !== reason) {
      this.skipped.set(uid, reason);
      this.deps.logger.warn(
        { component: 'sim-kubelet', pod: podName(pod), node: pod.spec?.nodeName, reason },
        'not starting a pod that cannot be read',
      );
    }
    return true;
  }

  private track(uid: string, pod: Pod): void {
    const phase = pod.metadata.deletionTimestamp !== undefined ? 'Terminating' : (pod.status?.phase ?? 'Pending');
    const tracked = this.tracked.get(uid);
    if (tracked === undefined) this.tracked.set(uid, { key: podName(pod), nodeName: pod.spec.nodeName ?? '', phase });
    else tracked.phase = phase;
  }

  private arm(id: string, delayMs: number, fn: () => Promise<void>): void {
    if (this.timers.has(id)) return;
    this.timers.set(
      id,
      this.deps.clock.setTimeout(() => {
        void fn().catch((error: unknown) => {
          this.timers.delete(id);
          this.deps.logger.warn(
            { component: 'sim-kubelet', task: id, reason: error instanceof Error ? error.message : String(error) },
            'pod status update failed',
          );
        });
      }, delayMs),
    );
  }

  private cancel(id: string): void {
    this.timers.get(id)?.();
    this.timers.delete(id);
  }

  private current(_uid: string, pod: Pod): Pod | undefined {
    const now = this.deps.state.get('pods', podName(pod));
    return now?.metadata.uid === pod.metadata.uid && now?.metadata.deletionTimestamp === undefined ? now : undefined;
  }

  private async startPod(uid: string, pod: Pod, node: RunnerNode): Promise<void> {
    const now = this.current(uid, pod);
    if (now === undefined || (now.status?.phase ?? 'Pending') !== 'Pending' || now.spec.nodeName !== node.nodeName) return;
    await patchPodStatus(this.deps.rest, now, runningPodStatus(now, node.hostIP, this.deps.clock.now()));
    this.deps.logger.debug({ component: 'sim-kubelet', pod: podName(now), node: node.nodeName }, 'pod running');
  }

  private armCompletion(uid: string, pod: Pod): void {
    const runFor = runForMs(pod);
    if (runFor === undefined) return;
    const started = Date.parse(pod.status?.startTime ?? '');
    const elapsed = Number.isNaN(started) ? 0 : this.deps.clock.now().getTime() - started;
    this.arm(`complete/${uid}`, Math.max(0, runFor - elapsed), () => this.completePod(uid, pod));
  }

  private async completePod(uid: string, pod: Pod): Promise<void> {
    const now = this.current(uid, pod);
    if (now === undefined || now.status?.phase !== 'Running') return;
    await patchPodStatus(this.deps.rest, now, succeededPodStatus(now, this.deps.clock.now()));
    this.deps.logger.info({ component: 'sim-kubelet', pod: podName(now), node: now.spec.nodeName }, 'pod completed');
  }
}
